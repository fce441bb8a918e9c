"""Messages of the vendor area: activation codes, app links, vendor clients and tokens.

Keys starting with `oauth_` are the `error_description` of the token and revocation
endpoints. RFC 6749 section 5.2 allows only printable ASCII there, without `"` and `\\`, so
their French and German texts are written without accents (ae, oe, ue, ss in German).
"""

MESSAGES: dict[str, dict[str, str]] = {
    # --- activation codes (staff member, FAS login) ---
    "no_active_role": {
        "nl": "U hebt geen actieve REMI-rol bij dit OCMW. Vraag een toegangsbeheerder van uw OCMW om u een rol toe te kennen.",
        "fr": "Vous n'avez pas de rôle REMI actif auprès de ce CPAS. Demandez à un gestionnaire d'accès de votre CPAS de vous attribuer un rôle.",
        "de": "Sie haben bei diesem ÖSHZ keine aktive REMI-Rolle. Bitten Sie einen Zugangsverwalter Ihres ÖSHZ, Ihnen eine Rolle zuzuweisen.",
        "en": "You have no active REMI role at this OCMW. Ask an access manager of your OCMW to assign you a role.",
    },
    "contract_not_signed": {
        "nl": "Uw OCMW heeft het REMI-contract nog niet ondertekend. Codes voor externe applicaties zijn beschikbaar zodra het OCMW het contract ondertekend heeft.",
        "fr": "Votre CPAS n'a pas encore signé le contrat REMI. Les codes pour applications externes seront disponibles dès que le CPAS aura signé le contrat.",
        "de": "Ihr ÖSHZ hat den REMI-Vertrag noch nicht unterzeichnet. Codes für externe Anwendungen gibt es, sobald das ÖSHZ den Vertrag unterzeichnet hat.",
        "en": "Your OCMW has not signed the REMI contract yet. Codes for external applications become available once the OCMW has signed the contract.",
    },
    "contract_ended": {
        "nl": "Het REMI-contract van uw OCMW is afgelopen. Neem contact op met uw OCMW om het te verlengen.",
        "fr": "Le contrat REMI de votre CPAS a pris fin. Contactez votre CPAS pour le prolonger.",
        "de": "Der REMI-Vertrag Ihres ÖSHZ ist beendet. Wenden Sie sich an Ihr ÖSHZ, um ihn zu verlängern.",
        "en": "Your OCMW's REMI contract has ended. Contact your OCMW to renew it.",
    },
    "activation_code_conflict": {
        "nl": "Er werd tegelijk een andere code voor u aangemaakt of gebruikt. Vraag opnieuw een code.",
        "fr": "Un autre code a été créé ou utilisé pour vous au même moment. Demandez un nouveau code.",
        "de": "Gleichzeitig wurde ein anderer Code für Sie erstellt oder verwendet. Fordern Sie erneut einen Code an.",
        "en": "Another code was created or used for you at the same moment. Request a code again.",
    },
    # --- app links ---
    "app_link_not_found": {
        "nl": "Deze koppeling met een externe applicatie bestaat niet. Vernieuw de lijst van koppelingen.",
        "fr": "Cette liaison avec une application externe n'existe pas. Actualisez la liste des liaisons.",
        "de": "Diese Verknüpfung mit einer externen Anwendung gibt es nicht. Laden Sie die Liste der Verknüpfungen neu.",
        "en": "This link with an external application does not exist. Reload the list of links.",
    },
    "app_link_not_active": {
        "nl": "Deze koppeling is al ingetrokken of verlopen. Er is niets meer in te trekken.",
        "fr": "Cette liaison est déjà révoquée ou expirée. Il n'y a plus rien à révoquer.",
        "de": "Diese Verknüpfung ist bereits widerrufen oder abgelaufen. Es gibt nichts mehr zu widerrufen.",
        "en": "This link is already revoked or expired. There is nothing left to revoke.",
    },
    # --- vendor clients (operators) ---
    "vendor_not_found": {
        "nl": "Er is geen softwareleverancier met client-id {client_id}. Controleer de id met `remi-admin vendor list`.",
        "fr": "Aucun fournisseur n'a le client-id {client_id}. Vérifiez l'id avec `remi-admin vendor list`.",
        "de": "Es gibt keinen Softwareanbieter mit der Client-ID {client_id}. Prüfen Sie die ID mit `remi-admin vendor list`.",
        "en": "No vendor has client id {client_id}. Check the id with `remi-admin vendor list`.",
    },
    "vendor_already_active": {
        "nl": "Softwareleverancier {client_id} is al actief.",
        "fr": "Le fournisseur {client_id} est déjà actif.",
        "de": "Der Softwareanbieter {client_id} ist bereits aktiv.",
        "en": "Vendor {client_id} is already active.",
    },
    "vendor_already_disabled": {
        "nl": "Softwareleverancier {client_id} is al uitgeschakeld.",
        "fr": "Le fournisseur {client_id} est déjà désactivé.",
        "de": "Der Softwareanbieter {client_id} ist bereits deaktiviert.",
        "en": "Vendor {client_id} is already disabled.",
    },
    # --- the vendor API (REMI access token) ---
    "access_token_invalid": {
        "nl": "Het toegangstoken is geen geldig REMI-toegangstoken. Vraag een nieuw token aan bij /v1/oauth/token.",
        "fr": "Le jeton d'accès n'est pas un jeton d'accès REMI valide. Demandez un nouveau jeton à /v1/oauth/token.",
        "de": "Das Zugriffstoken ist kein gültiges REMI-Zugriffstoken. Fordern Sie ein neues Token bei /v1/oauth/token an.",
        "en": "The access token is not a valid REMI access token. Request a new token from /v1/oauth/token.",
    },
    "access_token_expired": {
        "nl": "Het toegangstoken is verlopen. Vraag een nieuw token aan met het refresh token.",
        "fr": "Le jeton d'accès a expiré. Demandez un nouveau jeton avec le jeton de rafraîchissement.",
        "de": "Das Zugriffstoken ist abgelaufen. Fordern Sie mit dem Refresh-Token ein neues an.",
        "en": "The access token has expired. Request a new one with the refresh token.",
    },
    "app_link_inactive": {
        "nl": "De koppeling van dit token is ingetrokken of verlopen. De medewerker moet een nieuwe activeringscode aanvragen.",
        "fr": "La liaison de ce jeton est révoquée ou expirée. Le collaborateur doit demander un nouveau code d'activation.",
        "de": "Die Verknüpfung dieses Tokens ist widerrufen oder abgelaufen. Der Mitarbeiter muss einen neuen Aktivierungscode anfordern.",
        "en": "The link behind this token is revoked or expired. The staff member must request a new activation code.",
    },
    "vendor_client_disabled": {
        "nl": "De client van deze softwareleverancier is uitgeschakeld. Neem contact op met het REMI-team.",
        "fr": "Le client de ce fournisseur est désactivé. Contactez l'équipe REMI.",
        "de": "Der Client dieses Softwareanbieters ist deaktiviert. Wenden Sie sich an das REMI-Team.",
        "en": "This vendor's client is disabled. Contact the REMI team.",
    },
    "linked_contract_not_active": {
        "nl": "Het OCMW van deze koppeling heeft geen lopend REMI-contract. De koppeling werkt weer zodra het contract loopt.",
        "fr": "Le CPAS de cette liaison n'a pas de contrat REMI en cours. La liaison fonctionnera à nouveau dès que le contrat sera en cours.",
        "de": "Das ÖSHZ dieser Verknüpfung hat keinen laufenden REMI-Vertrag. Die Verknüpfung funktioniert wieder, sobald der Vertrag läuft.",
        "en": "The OCMW of this link has no REMI contract in force. The link works again once the contract is in force.",
    },
    "linked_person_no_active_role": {
        "nl": "De medewerker van deze koppeling heeft geen actieve REMI-rol meer bij dit OCMW. Een toegangsbeheerder moet de rol opnieuw toekennen.",
        "fr": "Le collaborateur de cette liaison n'a plus de rôle REMI actif auprès de ce CPAS. Un gestionnaire d'accès doit lui réattribuer le rôle.",
        "de": "Der Mitarbeiter dieser Verknüpfung hat bei diesem ÖSHZ keine aktive REMI-Rolle mehr. Ein Zugangsverwalter muss die Rolle erneut zuweisen.",
        "en": "The staff member of this link no longer has an active REMI role at this OCMW. An access manager must assign the role again.",
    },
    "signing_unavailable": {
        "nl": "De sleutel van REMI-toegangstokens is tijdelijk niet bereikbaar. Probeer het over enkele minuten opnieuw.",
        "fr": "La clé des jetons d'accès REMI est temporairement inaccessible. Réessayez dans quelques minutes.",
        "de": "Der Schlüssel der REMI-Zugriffstoken ist vorübergehend nicht erreichbar. Versuchen Sie es in einigen Minuten erneut.",
        "en": "The key of REMI access tokens is temporarily unreachable. Try again in a few minutes.",
    },
    # --- token and revocation endpoints: error_description, printable ASCII only ---
    "oauth_body_invalid": {
        "nl": "De body is geen geldig formulier. Stuur application/x-www-form-urlencoded in UTF-8.",
        "fr": "Le corps n'est pas un formulaire valide. Envoyez application/x-www-form-urlencoded en UTF-8.",
        "de": "Der Body ist kein gueltiges Formular. Senden Sie application/x-www-form-urlencoded in UTF-8.",
        "en": "The body is not a valid form. Send application/x-www-form-urlencoded in UTF-8.",
    },
    "oauth_parameter_repeated": {
        "nl": "Een parameter komt meer dan eens voor. Stuur elke parameter hoogstens een keer.",
        "fr": "Un parametre apparait plus d'une fois. Envoyez chaque parametre une seule fois.",
        "de": "Ein Parameter kommt mehrfach vor. Senden Sie jeden Parameter hoechstens einmal.",
        "en": "A parameter appears more than once. Send each parameter at most once.",
    },
    "oauth_grant_type_missing": {
        "nl": "De parameter grant_type ontbreekt.",
        "fr": "Le parametre grant_type est manquant.",
        "de": "Der Parameter grant_type fehlt.",
        "en": "The parameter grant_type is missing.",
    },
    "oauth_grant_type_unsupported": {
        "nl": "Dit grant_type wordt niet ondersteund. Gebruik urn:remi:params:oauth:grant-type:activation-code of refresh_token.",
        "fr": "Ce grant_type n'est pas pris en charge. Utilisez urn:remi:params:oauth:grant-type:activation-code ou refresh_token.",
        "de": "Dieser grant_type wird nicht unterstuetzt. Verwenden Sie urn:remi:params:oauth:grant-type:activation-code oder refresh_token.",
        "en": "This grant_type is not supported. Use urn:remi:params:oauth:grant-type:activation-code or refresh_token.",
    },
    "oauth_code_missing": {
        "nl": "De parameter code ontbreekt. Stuur de activeringscode die de medewerker kopieerde.",
        "fr": "Le parametre code est manquant. Envoyez le code d'activation copie par le collaborateur.",
        "de": "Der Parameter code fehlt. Senden Sie den Aktivierungscode, den der Mitarbeiter kopiert hat.",
        "en": "The parameter code is missing. Send the activation code the staff member copied.",
    },
    "oauth_refresh_token_missing": {
        "nl": "De parameter refresh_token ontbreekt.",
        "fr": "Le parametre refresh_token est manquant.",
        "de": "Der Parameter refresh_token fehlt.",
        "en": "The parameter refresh_token is missing.",
    },
    "oauth_token_missing": {
        "nl": "De parameter token ontbreekt.",
        "fr": "Le parametre token est manquant.",
        "de": "Der Parameter token fehlt.",
        "en": "The parameter token is missing.",
    },
    "oauth_client_authentication_failed": {
        "nl": "Clientauthenticatie mislukt. Stuur een geldige client-id en client-secret met HTTP Basic.",
        "fr": "Echec de l'authentification du client. Envoyez un client-id et un client-secret valides avec HTTP Basic.",
        "de": "Client-Authentifizierung fehlgeschlagen. Senden Sie eine gueltige Client-ID und ein gueltiges Client-Secret mit HTTP Basic.",
        "en": "Client authentication failed. Send a valid client id and client secret with HTTP Basic.",
    },
    "oauth_client_authentication_multiple": {
        "nl": "De client authenticeert zich op twee manieren. Gebruik ofwel HTTP Basic ofwel client_id en client_secret in de body.",
        "fr": "Le client s'authentifie de deux manieres. Utilisez soit HTTP Basic, soit client_id et client_secret dans le corps.",
        "de": "Der Client authentifiziert sich auf zwei Arten. Verwenden Sie entweder HTTP Basic oder client_id und client_secret im Body.",
        "en": "The client authenticates in two ways. Use either HTTP Basic or client_id and client_secret in the body.",
    },
    "oauth_client_disabled": {
        "nl": "Deze client is uitgeschakeld. Neem contact op met het REMI-team.",
        "fr": "Ce client est desactive. Contactez l'equipe REMI.",
        "de": "Dieser Client ist deaktiviert. Wenden Sie sich an das REMI-Team.",
        "en": "This client is disabled. Contact the REMI team.",
    },
    "oauth_rate_limited": {
        "nl": "Te veel mislukte aanvragen voor deze client. Probeer opnieuw na het aantal seconden in Retry-After.",
        "fr": "Trop de requetes echouees pour ce client. Reessayez apres le nombre de secondes indique dans Retry-After.",
        "de": "Zu viele fehlgeschlagene Anfragen fuer diesen Client. Versuchen Sie es nach den Sekunden in Retry-After erneut.",
        "en": "Too many failed requests for this client. Try again after the number of seconds in Retry-After.",
    },
    "oauth_signing_unavailable": {
        "nl": "Tokens kunnen tijdelijk niet ondertekend worden. De code blijft geldig; probeer het over enkele seconden opnieuw.",
        "fr": "Les jetons ne peuvent temporairement pas etre signes. Le code reste valable ; reessayez dans quelques secondes.",
        "de": "Token koennen voruebergehend nicht signiert werden. Der Code bleibt gueltig; versuchen Sie es in einigen Sekunden erneut.",
        "en": "Tokens cannot be signed at the moment. The code stays valid; try again in a few seconds.",
    },
    "oauth_code_invalid": {
        "nl": "Deze activeringscode is ongeldig of al gebruikt. Laat de medewerker een nieuwe code aanvragen.",
        "fr": "Ce code d'activation est invalide ou deja utilise. Demandez au collaborateur un nouveau code.",
        "de": "Dieser Aktivierungscode ist ungueltig oder bereits verwendet. Lassen Sie den Mitarbeiter einen neuen Code anfordern.",
        "en": "This activation code is invalid or already used. Have the staff member request a new code.",
    },
    "oauth_code_used": {
        "nl": "Deze activeringscode werd al gebruikt. Uit voorzorg is de koppeling die ermee gemaakt werd ingetrokken; de medewerker moet een nieuwe code aanvragen.",
        "fr": "Ce code d'activation a deja ete utilise. Par precaution, la liaison creee avec ce code est revoquee ; le collaborateur doit demander un nouveau code.",
        "de": "Dieser Aktivierungscode wurde bereits verwendet. Vorsorglich ist die damit erstellte Verknuepfung widerrufen; der Mitarbeiter muss einen neuen Code anfordern.",
        "en": "This activation code was already used. As a precaution, the link made with it is revoked; the staff member must request a new code.",
    },
    "oauth_code_replaced": {
        "nl": "Er werd intussen een nieuwere activeringscode aangevraagd. Gebruik de laatst getoonde code.",
        "fr": "Un code d'activation plus recent a ete demande entre-temps. Utilisez le dernier code affiche.",
        "de": "Inzwischen wurde ein neuerer Aktivierungscode angefordert. Verwenden Sie den zuletzt angezeigten Code.",
        "en": "A newer activation code was requested since. Use the code shown last.",
    },
    "oauth_code_expired": {
        "nl": "Deze activeringscode is verlopen. Laat de medewerker een nieuwe code aanvragen.",
        "fr": "Ce code d'activation a expire. Demandez au collaborateur un nouveau code.",
        "de": "Dieser Aktivierungscode ist abgelaufen. Lassen Sie den Mitarbeiter einen neuen Code anfordern.",
        "en": "This activation code has expired. Have the staff member request a new code.",
    },
    "oauth_contract_not_active": {
        "nl": "Het OCMW heeft geen lopend REMI-contract. Koppelingen werken pas zodra het contract ondertekend is en loopt.",
        "fr": "Le CPAS n'a pas de contrat REMI en cours. Les liaisons ne fonctionnent que lorsque le contrat est signe et en cours.",
        "de": "Das OeSHZ hat keinen laufenden REMI-Vertrag. Verknuepfungen funktionieren erst, wenn der Vertrag unterzeichnet ist und laeuft.",
        "en": "The OCMW has no REMI contract in force. Links only work while a signed contract is in force.",
    },
    "oauth_role_not_active": {
        "nl": "De medewerker heeft geen actieve REMI-rol meer bij dit OCMW. Een toegangsbeheerder moet de rol opnieuw toekennen.",
        "fr": "Le collaborateur n'a plus de role REMI actif aupres de ce CPAS. Un gestionnaire d'acces doit lui reattribuer le role.",
        "de": "Der Mitarbeiter hat bei diesem OeSHZ keine aktive REMI-Rolle mehr. Ein Zugangsverwalter muss die Rolle erneut zuweisen.",
        "en": "The staff member no longer has an active REMI role at this OCMW. An access manager must assign the role again.",
    },
    "oauth_refresh_token_invalid": {
        "nl": "Dit refresh token is ongeldig. Gebruik het refresh token uit het laatste antwoord of laat de medewerker een nieuwe code aanvragen.",
        "fr": "Ce jeton de rafraichissement est invalide. Utilisez celui de la derniere reponse ou demandez au collaborateur un nouveau code.",
        "de": "Dieses Refresh-Token ist ungueltig. Verwenden Sie das aus der letzten Antwort oder lassen Sie den Mitarbeiter einen neuen Code anfordern.",
        "en": "This refresh token is invalid. Use the refresh token from the last response, or have the staff member request a new code.",
    },
    "oauth_refresh_token_reused": {
        "nl": "Dit refresh token werd al gebruikt. Uit voorzorg is de koppeling ingetrokken; de medewerker moet een nieuwe code aanvragen.",
        "fr": "Ce jeton de rafraichissement a deja ete utilise. Par precaution, la liaison est revoquee ; le collaborateur doit demander un nouveau code.",
        "de": "Dieses Refresh-Token wurde bereits verwendet. Vorsorglich ist die Verknuepfung widerrufen; der Mitarbeiter muss einen neuen Code anfordern.",
        "en": "This refresh token was already used. As a precaution, the link is revoked; the staff member must request a new code.",
    },
    "oauth_grant_other_client": {
        "nl": "Dit refresh token werd aan een andere client uitgegeven.",
        "fr": "Ce jeton de rafraichissement a ete emis pour un autre client.",
        "de": "Dieses Refresh-Token wurde fuer einen anderen Client ausgestellt.",
        "en": "This refresh token was issued to another client.",
    },
    "oauth_link_not_active": {
        "nl": "De koppeling van dit refresh token is ingetrokken of verlopen. De medewerker moet een nieuwe code aanvragen.",
        "fr": "La liaison de ce jeton de rafraichissement est revoquee ou expiree. Le collaborateur doit demander un nouveau code.",
        "de": "Die Verknuepfung dieses Refresh-Tokens ist widerrufen oder abgelaufen. Der Mitarbeiter muss einen neuen Code anfordern.",
        "en": "The link of this refresh token is revoked or expired. The staff member must request a new code.",
    },
}
