"""Messages about FAS ID tokens, REMI vendor tokens and who the caller is."""

MESSAGES: dict[str, dict[str, str]] = {
    "token_missing": {
        "nl": "Dit verzoek bevat geen aanmeldingstoken. Meld u aan en probeer het opnieuw.",
        "fr": "Cette requête ne contient pas de jeton de connexion. Connectez-vous et réessayez.",
        "de": "Diese Anfrage enthält kein Anmeldetoken. Melden Sie sich an und versuchen Sie es erneut.",
        "en": "This request has no login token. Log in and try again.",
    },
    "token_malformed": {
        "nl": "Het aanmeldingstoken is geen geldig token. Meld u opnieuw aan.",
        "fr": "Le jeton de connexion n'est pas un jeton valide. Reconnectez-vous.",
        "de": "Das Anmeldetoken ist kein gültiges Token. Melden Sie sich erneut an.",
        "en": "The login token is not a valid token. Log in again.",
    },
    "token_algorithm_not_allowed": {
        "nl": "Het aanmeldingstoken is ondertekend met een algoritme dat niet aanvaard wordt. "
        "Meld u opnieuw aan.",
        "fr": "Le jeton de connexion est signé avec un algorithme qui n'est pas accepté. "
        "Reconnectez-vous.",
        "de": "Das Anmeldetoken ist mit einem nicht zugelassenen Algorithmus signiert. "
        "Melden Sie sich erneut an.",
        "en": "The login token is signed with an algorithm that is not accepted. Log in again.",
    },
    "token_crit_unsupported": {
        "nl": "Het aanmeldingstoken vereist extensies (crit-header) die niet ondersteund worden. "
        "Meld u opnieuw aan.",
        "fr": "Le jeton de connexion exige des extensions (en-tête crit) qui ne sont pas prises "
        "en charge. Reconnectez-vous.",
        "de": "Das Anmeldetoken verlangt Erweiterungen (crit-Header), die nicht unterstützt werden. "
        "Melden Sie sich erneut an.",
        "en": "The login token requires extensions (crit header) that are not supported. "
        "Log in again.",
    },
    "token_type_not_allowed": {
        "nl": "Een toegangstoken van een toepassing wordt hier niet aanvaard. "
        "Meld u opnieuw aan om een aanmeldingstoken te krijgen.",
        "fr": "Un jeton d'accès d'application n'est pas accepté ici. "
        "Reconnectez-vous pour obtenir un jeton de connexion.",
        "de": "Ein Zugriffstoken einer Anwendung wird hier nicht akzeptiert. "
        "Melden Sie sich erneut an, um ein Anmeldetoken zu erhalten.",
        "en": "An application access token is not accepted here. "
        "Log in again to get a login token.",
    },
    "token_key_unknown": {
        "nl": "De sleutel waarmee het aanmeldingstoken ondertekend is, is niet bekend. "
        "Meld u opnieuw aan. Blijft het probleem bestaan, probeer het dan over enkele minuten opnieuw.",
        "fr": "La clé qui a signé le jeton de connexion est inconnue. Reconnectez-vous. "
        "Si le problème persiste, réessayez dans quelques minutes.",
        "de": "Der Schlüssel, mit dem das Anmeldetoken signiert wurde, ist unbekannt. "
        "Melden Sie sich erneut an. Besteht das Problem weiter, versuchen Sie es in einigen "
        "Minuten erneut.",
        "en": "The key that signed the login token is not known. Log in again. "
        "If the problem persists, try again in a few minutes.",
    },
    "token_signature_invalid": {
        "nl": "De handtekening van het aanmeldingstoken is ongeldig. Meld u opnieuw aan.",
        "fr": "La signature du jeton de connexion n'est pas valide. Reconnectez-vous.",
        "de": "Die Signatur des Anmeldetokens ist ungültig. Melden Sie sich erneut an.",
        "en": "The signature of the login token is invalid. Log in again.",
    },
    "token_expired": {
        "nl": "Uw aanmelding is verlopen. Meld u opnieuw aan.",
        "fr": "Votre connexion a expiré. Reconnectez-vous.",
        "de": "Ihre Anmeldung ist abgelaufen. Melden Sie sich erneut an.",
        "en": "Your login has expired. Log in again.",
    },
    "token_not_yet_valid": {
        "nl": "Het aanmeldingstoken is nog niet geldig. Wacht een minuut en meld u opnieuw aan.",
        "fr": "Le jeton de connexion n'est pas encore valide. Attendez une minute et reconnectez-vous.",
        "de": "Das Anmeldetoken ist noch nicht gültig. Warten Sie eine Minute und melden Sie sich "
        "erneut an.",
        "en": "The login token is not valid yet. Wait a minute and log in again.",
    },
    "token_issuer_invalid": {
        "nl": "Het aanmeldingstoken is niet uitgegeven door de federale authenticatiedienst (FAS) "
        "die REMI aanvaardt. Meld u opnieuw aan via FAS.",
        "fr": "Le jeton de connexion n'a pas été émis par le service fédéral d'authentification "
        "(FAS) qu'accepte REMI. Reconnectez-vous via le FAS.",
        "de": "Das Anmeldetoken wurde nicht von dem föderalen Authentifizierungsdienst (FAS) "
        "ausgestellt, den REMI akzeptiert. Melden Sie sich erneut über den FAS an.",
        "en": "The login token was not issued by the federal authentication service (FAS) "
        "that REMI accepts. Log in again through FAS.",
    },
    "token_audience_invalid": {
        "nl": "Het aanmeldingstoken is uitgegeven voor een andere toepassing dan REMI. "
        "Meld u opnieuw aan via REMI.",
        "fr": "Le jeton de connexion a été émis pour une autre application que REMI. "
        "Reconnectez-vous via REMI.",
        "de": "Das Anmeldetoken wurde für eine andere Anwendung als REMI ausgestellt. "
        "Melden Sie sich erneut über REMI an.",
        "en": "The login token was issued for another application than REMI. "
        "Log in again through REMI.",
    },
    "token_claim_missing": {
        "nl": "Het aanmeldingstoken bevat de verplichte claim {claim} niet. Meld u opnieuw aan.",
        "fr": "Le jeton de connexion ne contient pas la revendication obligatoire {claim}. "
        "Reconnectez-vous.",
        "de": "Das Anmeldetoken enthält den erforderlichen Claim {claim} nicht. "
        "Melden Sie sich erneut an.",
        "en": "The login token does not contain the required claim {claim}. Log in again.",
    },
    "token_acr_insufficient": {
        "nl": "Deze aanmeldingsmethode is niet veilig genoeg voor REMI. Meld u opnieuw aan met "
        "een sterkere methode, zoals uw eID-kaart of itsme.",
        "fr": "Ce moyen de connexion n'est pas assez sûr pour REMI. Reconnectez-vous avec un "
        "moyen plus fort, comme votre carte eID ou itsme.",
        "de": "Diese Anmeldemethode ist für REMI nicht sicher genug. Melden Sie sich erneut mit "
        "einer stärkeren Methode an, etwa mit Ihrem eID-Ausweis oder itsme.",
        "en": "This login method is not secure enough for REMI. Log in again with a stronger "
        "method, such as your eID card or itsme.",
    },
    "token_identity_invalid": {
        "nl": "Het aanmeldingstoken bevat geen geldig rijksregisternummer. Meld u opnieuw aan. "
        "Blijft het probleem bestaan, neem dan contact op met de helpdesk van de federale "
        "authenticatiedienst (FAS).",
        "fr": "Le jeton de connexion ne contient pas de numéro de registre national valide. "
        "Reconnectez-vous. Si le problème persiste, contactez le service d'assistance du "
        "service fédéral d'authentification (FAS).",
        "de": "Das Anmeldetoken enthält keine gültige Nationalregisternummer. Melden Sie sich "
        "erneut an. Besteht das Problem weiter, wenden Sie sich an den Helpdesk des föderalen "
        "Authentifizierungsdienstes (FAS).",
        "en": "The login token does not contain a valid national register number. Log in again. "
        "If the problem persists, contact the helpdesk of the federal authentication service (FAS).",
    },
    "identity_provider_unavailable": {
        "nl": "De federale authenticatiedienst (FAS) is niet bereikbaar, waardoor uw aanmelding "
        "niet gecontroleerd kan worden. Probeer het over enkele minuten opnieuw.",
        "fr": "Le service fédéral d'authentification (FAS) est injoignable, votre connexion ne "
        "peut donc pas être vérifiée. Réessayez dans quelques minutes.",
        "de": "Der föderale Authentifizierungsdienst (FAS) ist nicht erreichbar, daher kann Ihre "
        "Anmeldung nicht geprüft werden. Versuchen Sie es in einigen Minuten erneut.",
        "en": "The federal authentication service (FAS) cannot be reached, so your login cannot "
        "be checked. Try again in a few minutes.",
    },
}
