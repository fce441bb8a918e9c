"""Messages of the status area: the login status check's diagnoses, and contracts.

A diagnosis with code `X` has its text under the key `diagnosis_X`, so diagnosis codes
never clash with the error codes of other areas. Placeholders: `{organisation}` is the
OCMW's name, `{role}` the localized role name, `{date}` a localized calendar date and
`{organisations}` a list of OCMW names.
"""

MESSAGES: dict[str, dict[str, str]] = {
    # Diagnoses of GET /v1/me/status.
    "diagnosis_no_organisation": {
        "nl": "REMI vindt geen OCMW waar u een rol hebt. Vraag de toegangsbeheerder van uw OCMW om "
        "een uitnodigingslink, open die en aanvaard de uitnodiging. Een uitnodiging die u nog niet "
        "aanvaard hebt, is voor REMI niet zichtbaar.",
        "fr": "REMI ne trouve aucun CPAS où vous avez un rôle. Demandez au gestionnaire d'accès de "
        "votre CPAS un lien d'invitation, ouvrez-le et acceptez l'invitation. Une invitation que vous "
        "n'avez pas encore acceptée n'est pas visible pour REMI.",
        "de": "REMI findet kein ÖSHZ, bei dem Sie eine Rolle haben. Bitten Sie den Zugangsverwalter "
        "Ihres ÖSHZ um einen Einladungslink, öffnen Sie ihn und nehmen Sie die Einladung an. Eine "
        "Einladung, die Sie noch nicht angenommen haben, ist für REMI nicht sichtbar.",
        "en": "REMI finds no OCMW where you hold a role. Ask the access manager of your OCMW for an "
        "invitation link, open it and accept the invitation. REMI cannot see an invitation that you "
        "have not accepted yet.",
    },
    "diagnosis_organisation_not_registered": {
        "nl": "{organisation} is nog niet geregistreerd in REMI. De wettelijke vertegenwoordiger "
        "moet eerst een hoofdtoegangsbeheerder aanstellen.",
        "fr": "{organisation} n'est pas encore enregistré dans REMI. Le représentant légal doit "
        "d'abord désigner un gestionnaire d'accès principal.",
        "de": "{organisation} ist in REMI noch nicht registriert. Der gesetzliche Vertreter muss "
        "zuerst einen Hauptzugangsverwalter bestellen.",
        "en": "{organisation} is not registered in REMI yet. Its legal representative must first "
        "appoint a main access manager.",
    },
    "diagnosis_role_at_other_organisation": {
        "nl": "U hebt geen rol bij {organisation}, wel bij {organisations}. Kies het OCMW waar u "
        "een rol hebt, of vraag de toegangsbeheerder van {organisation} om een uitnodigingslink.",
        "fr": "Vous n'avez pas de rôle auprès de {organisation}, mais bien auprès de "
        "{organisations}. Choisissez le CPAS où vous avez un rôle, ou demandez un lien "
        "d'invitation au gestionnaire d'accès de {organisation}.",
        "de": "Sie haben keine Rolle bei {organisation}, aber bei {organisations}. Wählen Sie das "
        "ÖSHZ, bei dem Sie eine Rolle haben, oder bitten Sie den Zugangsverwalter von "
        "{organisation} um einen Einladungslink.",
        "en": "You hold no role at {organisation}, but you do at {organisations}. Choose the OCMW "
        "where you hold a role, or ask the access manager of {organisation} for an invitation link.",
    },
    "diagnosis_pending_approval": {
        "nl": "U hebt de uitnodiging voor de rol {role} bij {organisation} aanvaard, maar een "
        "toegangsbeheerder moet ze nog goedkeuren. Vraag uw toegangsbeheerder om uw roltoekenning "
        "goed te keuren.",
        "fr": "Vous avez accepté l'invitation pour le rôle {role} auprès de {organisation}, mais un "
        "gestionnaire d'accès doit encore l'approuver. Demandez à votre gestionnaire d'accès "
        "d'approuver votre attribution de rôle.",
        "de": "Sie haben die Einladung für die Rolle {role} bei {organisation} angenommen, aber ein "
        "Zugangsverwalter muss sie noch genehmigen. Bitten Sie Ihren Zugangsverwalter, Ihre "
        "Rollenzuweisung zu genehmigen.",
        "en": "You accepted the invitation for the role {role} at {organisation}, but an access "
        "manager still has to approve it. Ask your access manager to approve your role assignment.",
    },
    "diagnosis_pending_approval_expired": {
        "nl": "Uw aanvaarding van de rol {role} bij {organisation} werd niet op tijd goedgekeurd en "
        "is vervallen. Vraag uw toegangsbeheerder om een nieuwe uitnodigingslink.",
        "fr": "Votre acceptation du rôle {role} auprès de {organisation} n'a pas été approuvée à "
        "temps et a expiré. Demandez un nouveau lien d'invitation à votre gestionnaire d'accès.",
        "de": "Ihre Annahme der Rolle {role} bei {organisation} wurde nicht rechtzeitig genehmigt "
        "und ist verfallen. Bitten Sie Ihren Zugangsverwalter um einen neuen Einladungslink.",
        "en": "Your acceptance of the role {role} at {organisation} was not approved in time and has "
        "expired. Ask your access manager for a new invitation link.",
    },
    "diagnosis_role_expired": {
        "nl": "Uw rol {role} bij {organisation} was geldig tot en met {date}. Vraag uw "
        "toegangsbeheerder om een nieuwe uitnodigingslink.",
        "fr": "Votre rôle {role} auprès de {organisation} était valable jusqu'au {date} inclus. "
        "Demandez un nouveau lien d'invitation à votre gestionnaire d'accès.",
        "de": "Ihre Rolle {role} bei {organisation} war bis einschließlich {date} gültig. Bitten "
        "Sie Ihren Zugangsverwalter um einen neuen Einladungslink.",
        "en": "Your role {role} at {organisation} was valid up to and including {date}. Ask your "
        "access manager for a new invitation link.",
    },
    "diagnosis_role_not_yet_valid": {
        "nl": "Uw rol {role} bij {organisation} begint op {date}. Vanaf die dag ziet u het groene "
        "vinkje; tot dan hoeft u niets te doen.",
        "fr": "Votre rôle {role} auprès de {organisation} commence le {date}. À partir de ce jour, "
        "vous verrez la coche verte ; d'ici là, vous n'avez rien à faire.",
        "de": "Ihre Rolle {role} bei {organisation} beginnt am {date}. Ab diesem Tag sehen Sie das "
        "grüne Häkchen; bis dahin müssen Sie nichts tun.",
        "en": "Your role {role} at {organisation} starts on {date}. From that day you will see the "
        "green check; until then there is nothing to do.",
    },
    "diagnosis_role_stopped": {
        "nl": "Een toegangsbeheerder van {organisation} heeft uw rol {role} stopgezet. Hebt u de "
        "rol opnieuw nodig, vraag dan uw toegangsbeheerder om een nieuwe uitnodigingslink.",
        "fr": "Un gestionnaire d'accès de {organisation} a arrêté votre rôle {role}. Si vous en "
        "avez de nouveau besoin, demandez un nouveau lien d'invitation à votre gestionnaire d'accès.",
        "de": "Ein Zugangsverwalter von {organisation} hat Ihre Rolle {role} beendet. Wenn Sie die "
        "Rolle wieder brauchen, bitten Sie Ihren Zugangsverwalter um einen neuen Einladungslink.",
        "en": "An access manager of {organisation} stopped your role {role}. If you need the role "
        "again, ask your access manager for a new invitation link.",
    },
    "diagnosis_role_rejected": {
        "nl": "Een toegangsbeheerder van {organisation} heeft uw aanvaarding van de rol {role} "
        "geweigerd. Vraag uw toegangsbeheerder waarom, of om een nieuwe uitnodigingslink.",
        "fr": "Un gestionnaire d'accès de {organisation} a refusé votre acceptation du rôle {role}. "
        "Demandez la raison ou un nouveau lien d'invitation à votre gestionnaire d'accès.",
        "de": "Ein Zugangsverwalter von {organisation} hat Ihre Annahme der Rolle {role} abgelehnt. "
        "Fragen Sie Ihren Zugangsverwalter nach dem Grund oder nach einem neuen Einladungslink.",
        "en": "An access manager of {organisation} rejected your acceptance of the role {role}. Ask "
        "your access manager for the reason or for a new invitation link.",
    },
    "diagnosis_access_manager_other_domain_only": {
        "nl": "U bent bij {organisation} toegangsbeheerder van een ander domein dan Sociale "
        "Zekerheid. Alleen het domein Sociale Zekerheid geeft REMI-rollen; vraag een "
        "toegangsbeheerder van dat domein om een uitnodigingslink voor een REMI-rol.",
        "fr": "Auprès de {organisation}, vous êtes gestionnaire d'accès d'un autre domaine que "
        "Sécurité sociale. Seul le domaine Sécurité sociale donne des rôles REMI ; demandez un lien "
        "d'invitation pour un rôle REMI à un gestionnaire d'accès de ce domaine.",
        "de": "Bei {organisation} sind Sie Zugangsverwalter eines anderen Bereichs als Soziale "
        "Sicherheit. Nur der Bereich Soziale Sicherheit vergibt REMI-Rollen; bitten Sie einen "
        "Zugangsverwalter dieses Bereichs um einen Einladungslink für eine REMI-Rolle.",
        "en": "At {organisation} you are an access manager of a domain other than Social Security. "
        "Only the Social Security domain grants REMI roles; ask an access manager of that domain for "
        "an invitation link to a REMI role.",
    },
    "diagnosis_manager_without_role": {
        "nl": "U beheert de toegang voor {organisation}, maar toegang beheren is niet hetzelfde als "
        "een REMI-rol hebben. Maak een uitnodiging voor een REMI-rol voor uzelf en aanvaard ze, of "
        "vraag een andere toegangsbeheerder om een uitnodigingslink.",
        "fr": "Vous gérez les accès de {organisation}, mais gérer les accès n'est pas la même chose "
        "qu'avoir un rôle REMI. Créez une invitation à un rôle REMI pour vous-même et acceptez-la, ou "
        "demandez un lien d'invitation à un autre gestionnaire d'accès.",
        "de": "Sie verwalten die Zugänge von {organisation}, aber Zugänge verwalten ist nicht "
        "dasselbe wie eine REMI-Rolle haben. Erstellen Sie eine Einladung zu einer REMI-Rolle für "
        "sich selbst und nehmen Sie sie an, oder bitten Sie einen anderen Zugangsverwalter um einen "
        "Einladungslink.",
        "en": "You manage access for {organisation}, but managing access is not the same as holding "
        "a REMI role. Create an invitation to a REMI role for yourself and accept it, or ask another "
        "access manager for an invitation link.",
    },
    "diagnosis_contract_not_signed": {
        "nl": "Uw toegang tot {organisation} is correct ingesteld. U kunt REMI gebruiken vanaf de "
        "officiële start, zodra {organisation} het REMI-contract heeft ondertekend.",
        "fr": "Votre accès à {organisation} est correctement configuré. Vous pourrez utiliser REMI "
        "dès le lancement officiel, une fois que {organisation} aura signé le contrat REMI.",
        "de": "Ihr Zugang zu {organisation} ist korrekt eingerichtet. Sie können REMI ab dem "
        "offiziellen Start nutzen, sobald {organisation} den REMI-Vertrag unterzeichnet hat.",
        "en": "Your access to {organisation} is set up correctly. You can use REMI from the official "
        "start, once {organisation} has signed the REMI contract.",
    },
    "diagnosis_contract_ended": {
        "nl": "Het REMI-contract van {organisation} liep tot en met {date}. Uw rol is in orde, maar "
        "REMI kan pas weer gebruikt worden wanneer {organisation} een nieuw contract ondertekent.",
        "fr": "Le contrat REMI de {organisation} courait jusqu'au {date} inclus. Votre rôle est en "
        "ordre, mais REMI ne pourra de nouveau être utilisé que lorsque {organisation} signera un "
        "nouveau contrat.",
        "de": "Der REMI-Vertrag von {organisation} lief bis einschließlich {date}. Ihre Rolle ist in "
        "Ordnung, aber REMI kann erst wieder genutzt werden, wenn {organisation} einen neuen Vertrag "
        "unterzeichnet.",
        "en": "The REMI contract of {organisation} ran up to and including {date}. Your role is in "
        "order, but REMI can only be used again once {organisation} signs a new contract.",
    },
    # Errors of contract recording (remi-admin contract ...).
    "contract_organisation_not_found": {
        "nl": "Er is geen OCMW met ondernemingsnummer {enterprise_number} geregistreerd in REMI. "
        "Controleer het nummer; een OCMW moet eerst geregistreerd zijn.",
        "fr": "Aucun CPAS portant le numéro d'entreprise {enterprise_number} n'est enregistré dans "
        "REMI. Vérifiez le numéro ; un CPAS doit d'abord être enregistré.",
        "de": "In REMI ist kein ÖSHZ mit der Unternehmensnummer {enterprise_number} registriert. "
        "Prüfen Sie die Nummer; ein ÖSHZ muss zuerst registriert sein.",
        "en": "No OCMW with enterprise number {enterprise_number} is registered in REMI. Check the "
        "number; an OCMW has to be registered first.",
    },
    "contract_dates_invalid": {
        "nl": "De einddatum {ends_on} van het contract ligt vóór de ondertekeningsdatum {signed_on}. "
        "Geef een einddatum op of na de ondertekening.",
        "fr": "La date de fin {ends_on} du contrat précède la date de signature {signed_on}. "
        "Indiquez une date de fin égale ou postérieure à la signature.",
        "de": "Das Enddatum {ends_on} des Vertrags liegt vor dem Unterzeichnungsdatum {signed_on}. "
        "Geben Sie ein Enddatum am oder nach dem Unterzeichnungstag an.",
        "en": "The contract's end date {ends_on} is before its signing date {signed_on}. Give an end "
        "date on or after the signing date.",
    },
    "contract_not_recorded": {
        "nl": "Voor {enterprise_number} is geen ondertekend contract geregistreerd, dus er is niets "
        "te beëindigen. Registreer eerst het contract.",
        "fr": "Aucun contrat signé n'est enregistré pour {enterprise_number} : il n'y a rien à "
        "terminer. Enregistrez d'abord le contrat.",
        "de": "Für {enterprise_number} ist kein unterzeichneter Vertrag erfasst, es gibt also nichts "
        "zu beenden. Erfassen Sie zuerst den Vertrag.",
        "en": "No signed contract is recorded for {enterprise_number}, so there is nothing to end. "
        "Record the contract first.",
    },
    "contract_changed_concurrently": {
        "nl": "Het contract van {enterprise_number} werd intussen door iemand anders gewijzigd. "
        "Bekijk de huidige toestand en probeer het opnieuw.",
        "fr": "Le contrat de {enterprise_number} a été modifié entre-temps par quelqu'un d'autre. "
        "Consultez l'état actuel et réessayez.",
        "de": "Der Vertrag von {enterprise_number} wurde inzwischen von jemand anderem geändert. "
        "Prüfen Sie den aktuellen Stand und versuchen Sie es erneut.",
        "en": "Someone else changed the contract of {enterprise_number} in the meantime. Check the "
        "current state and try again.",
    },
}
