"""Messages of the invitations area: key -> {"nl", "fr", "de", "en"}.

This area covers invitations, their acceptance, role assignments, the CSV export of an
organisation's users and the audit trail.
"""

MESSAGES: dict[str, dict[str, str]] = {
    # Who may do what
    "organisation_not_found": {
        "nl": "Dit OCMW is niet geregistreerd bij REMI. Laat de wettelijke vertegenwoordiger het eerst registreren.",
        "fr": "Ce CPAS n'est pas enregistré auprès de REMI. Demandez d'abord au représentant légal de l'enregistrer.",
        "de": "Dieses ÖSHZ ist bei REMI nicht registriert. Lassen Sie es zuerst vom gesetzlichen Vertreter registrieren.",
        "en": "This OCMW is not registered with REMI. Ask its legal representative to register it first.",
    },
    "access_manager_required": {
        "nl": "Alleen een toegangsbeheerder van het domein Sociale Zekerheid of een hoofdtoegangsbeheerder van dit OCMW mag dit doen.",
        "fr": "Seul un gestionnaire d'accès du domaine Sécurité sociale ou un gestionnaire d'accès principal de ce CPAS peut le faire.",
        "de": "Nur ein Zugangsverwalter des Bereichs Soziale Sicherheit oder ein Hauptzugangsverwalter dieses ÖSHZ darf dies tun.",
        "en": "Only an access manager of the social_security domain or a main access manager of this OCMW may do this.",
    },
    "assignments_read_forbidden": {
        "nl": "Alleen toegangsbeheerders, de DPO en diensthoofden mogen de roltoekenningen van dit OCMW zien.",
        "fr": "Seuls les gestionnaires d'accès, le DPO et les chefs de service peuvent voir les attributions de rôle de ce CPAS.",
        "de": "Nur Zugangsverwalter, der DSB und Dienstleiter dürfen die Rollenzuweisungen dieses ÖSHZ sehen.",
        "en": "Only access managers, the DPO and department heads may see this OCMW's role assignments.",
    },
    "audit_trail_forbidden": {
        "nl": "Alleen de hoofdtoegangsbeheerders en de DPO van dit OCMW mogen het auditspoor lezen.",
        "fr": "Seuls les gestionnaires d'accès principaux et le DPO de ce CPAS peuvent lire la piste d'audit.",
        "de": "Nur die Hauptzugangsverwalter und der DSB dieses ÖSHZ dürfen das Prüfprotokoll lesen.",
        "en": "Only the main access managers and the DPO of this OCMW may read the audit trail.",
    },

    # Creating and reissuing invitations
    "invitation_roles_invalid": {
        "nl": "Kies minstens één rol uit: {roles}.",
        "fr": "Choisissez au moins un rôle parmi : {roles}.",
        "de": "Wählen Sie mindestens eine Rolle aus: {roles}.",
        "en": "Choose at least one role from: {roles}.",
    },
    "valid_from_in_past": {
        "nl": "De datum in het veld {field} ligt in het verleden. Kies vandaag of een latere datum.",
        "fr": "La date du champ {field} est passée. Choisissez aujourd'hui ou une date ultérieure.",
        "de": "Das Datum im Feld {field} liegt in der Vergangenheit. Wählen Sie heute oder ein späteres Datum.",
        "en": "The date in the field {field} is in the past. Choose today or a later date.",
    },
    "valid_until_in_past": {
        "nl": "De datum in het veld {field} ligt in het verleden. Kies vandaag of een latere datum, of laat het veld leeg voor onbeperkt.",
        "fr": "La date du champ {field} est passée. Choisissez aujourd'hui ou une date ultérieure, ou laissez le champ vide pour une durée illimitée.",
        "de": "Das Datum im Feld {field} liegt in der Vergangenheit. Wählen Sie heute oder ein späteres Datum, oder lassen Sie das Feld für unbegrenzt leer.",
        "en": "The date in the field {field} is in the past. Choose today or a later date, or leave it empty for unlimited.",
    },
    "valid_until_before_valid_from": {
        "nl": "De einddatum (valid_until) ligt vóór de begindatum (valid_from). Kies een einddatum op of na de begindatum.",
        "fr": "La date de fin (valid_until) précède la date de début (valid_from). Choisissez une date de fin égale ou postérieure.",
        "de": "Das Enddatum (valid_until) liegt vor dem Anfangsdatum (valid_from). Wählen Sie ein Enddatum am oder nach dem Anfangsdatum.",
        "en": "The end date (valid_until) is before the start date (valid_from). Choose an end date on or after the start date.",
    },
    "expires_on_out_of_range": {
        "nl": "De vervaldatum van de uitnodiging moet tussen {first} en {last} liggen (maximaal 1 jaar).",
        "fr": "La date d'expiration de l'invitation doit être comprise entre le {first} et le {last} (1 an maximum).",
        "de": "Das Ablaufdatum der Einladung muss zwischen {first} und {last} liegen (höchstens 1 Jahr).",
        "en": "The invitation's expiry date must be between {first} and {last} (at most one year).",
    },
    "invitees_too_many": {
        "nl": "Een uitnodiging kan hoogstens {max} personen noemen. Maak meerdere uitnodigingen.",
        "fr": "Une invitation peut nommer au maximum {max} personnes. Créez plusieurs invitations.",
        "de": "Eine Einladung kann höchstens {max} Personen nennen. Erstellen Sie mehrere Einladungen.",
        "en": "An invitation can name at most {max} people. Create several invitations.",
    },
    "invitee_ssin_duplicate": {
        "nl": "Hetzelfde INSZ-nummer staat meer dan eens in de lijst van personen. Noem elke persoon één keer.",
        "fr": "Le même NISS figure plusieurs fois dans la liste des personnes. Nommez chaque personne une seule fois.",
        "de": "Dieselbe INSZ-Nummer steht mehrmals in der Personenliste. Nennen Sie jede Person nur einmal.",
        "en": "The same SSIN appears more than once in the list of people. Name each person once.",
    },
    "invitees_ssin_mixed": {
        "nl": "Geef een INSZ-nummer op voor alle personen of voor geen enkele: een uitnodiging met INSZ-nummers kan alleen door die personen aanvaard worden.",
        "fr": "Indiquez un NISS pour toutes les personnes ou pour aucune : une invitation avec des NISS ne peut être acceptée que par ces personnes.",
        "de": "Geben Sie für alle Personen eine INSZ-Nummer an oder für keine: Eine Einladung mit INSZ-Nummern kann nur von diesen Personen angenommen werden.",
        "en": "Give an SSIN for every person or for none: an invitation that names SSINs can only be accepted by those people.",
    },
    "max_uses_invalid": {
        "nl": "Het veld max_uses moet een geheel getal van 1 tot {max} zijn, of null voor onbeperkt gebruik tot de vervaldatum.",
        "fr": "Le champ max_uses doit être un nombre entier de 1 à {max}, ou null pour un usage illimité jusqu'à l'expiration.",
        "de": "Das Feld max_uses muss eine ganze Zahl von 1 bis {max} sein, oder null für unbegrenzte Nutzung bis zum Ablauf.",
        "en": "The field max_uses must be a whole number from 1 to {max}, or null for unlimited use until expiry.",
    },
    "text_field_too_long": {
        "nl": "Het veld {field} is te lang: hoogstens {max} tekens.",
        "fr": "Le champ {field} est trop long : {max} caractères au maximum.",
        "de": "Das Feld {field} ist zu lang: höchstens {max} Zeichen.",
        "en": "The field {field} is too long: at most {max} characters.",
    },
    "reissue_validity_over": {
        "nl": "De geldigheidsduur van deze opgeslagen uitnodiging eindigde op {valid_until}. Geef een nieuwe valid_from en valid_until mee.",
        "fr": "La période de validité de cette invitation enregistrée a pris fin le {valid_until}. Indiquez de nouveaux valid_from et valid_until.",
        "de": "Der Gültigkeitszeitraum dieser gespeicherten Einladung endete am {valid_until}. Geben Sie neue Werte für valid_from und valid_until an.",
        "en": "The validity period of this saved invitation ended on {valid_until}. Send a new valid_from and valid_until.",
    },

    # Managing invitations
    "invitation_not_found": {
        "nl": "Deze uitnodiging bestaat niet. Controleer of u de volledige link hebt geopend, of vraag uw toegangsbeheerder om een nieuwe.",
        "fr": "Cette invitation n'existe pas. Vérifiez que vous avez ouvert le lien complet, ou demandez-en un nouveau à votre gestionnaire d'accès.",
        "de": "Diese Einladung gibt es nicht. Prüfen Sie, ob Sie den vollständigen Link geöffnet haben, oder bitten Sie Ihren Zugangsverwalter um einen neuen.",
        "en": "This invitation does not exist. Check that you opened the whole link, or ask your access manager for a new one.",
    },
    "invitation_not_saved": {
        "nl": "Alleen een opgeslagen uitnodiging kan opnieuw uitgegeven worden. Maak een nieuwe uitnodiging.",
        "fr": "Seule une invitation enregistrée peut être réémise. Créez une nouvelle invitation.",
        "de": "Nur eine gespeicherte Einladung kann neu ausgestellt werden. Erstellen Sie eine neue Einladung.",
        "en": "Only a saved invitation can be reissued. Create a new invitation.",
    },
    "invitation_changed": {
        "nl": "De uitnodiging werd intussen gewijzigd. Laad ze opnieuw en probeer nog eens.",
        "fr": "L'invitation a été modifiée entre-temps. Rechargez-la et réessayez.",
        "de": "Die Einladung wurde inzwischen geändert. Laden Sie sie neu und versuchen Sie es erneut.",
        "en": "The invitation changed in the meantime. Reload it and try again.",
    },

    # Opening and accepting a link
    "invitation_revoked": {
        "nl": "Deze uitnodiging werd ingetrokken. Vraag uw toegangsbeheerder om een nieuwe.",
        "fr": "Cette invitation a été révoquée. Demandez-en une nouvelle à votre gestionnaire d'accès.",
        "de": "Diese Einladung wurde widerrufen. Bitten Sie Ihren Zugangsverwalter um eine neue.",
        "en": "This invitation was revoked. Ask your access manager for a new one.",
    },
    "invitation_expired": {
        "nl": "Deze uitnodiging is vervallen. Vraag uw toegangsbeheerder om een nieuwe.",
        "fr": "Cette invitation a expiré. Demandez-en une nouvelle à votre gestionnaire d'accès.",
        "de": "Diese Einladung ist abgelaufen. Bitten Sie Ihren Zugangsverwalter um eine neue.",
        "en": "This invitation has expired. Ask your access manager for a new one.",
    },
    "invitation_used_up": {
        "nl": "Deze uitnodiging werd al zo vaak aanvaard als toegestaan. Vraag uw toegangsbeheerder om een nieuwe.",
        "fr": "Cette invitation a déjà été acceptée le nombre de fois autorisé. Demandez-en une nouvelle à votre gestionnaire d'accès.",
        "de": "Diese Einladung wurde bereits so oft angenommen wie erlaubt. Bitten Sie Ihren Zugangsverwalter um eine neue.",
        "en": "This invitation has been accepted as many times as allowed. Ask your access manager for a new one.",
    },
    "invitation_for_other_person": {
        "nl": "Deze uitnodiging is voor iemand anders bestemd. Meld u aan met uw eigen eID of itsme, of vraag uw toegangsbeheerder om een uitnodiging op uw naam.",
        "fr": "Cette invitation est destinée à une autre personne. Connectez-vous avec votre propre eID ou itsme, ou demandez à votre gestionnaire d'accès une invitation à votre nom.",
        "de": "Diese Einladung ist für eine andere Person bestimmt. Melden Sie sich mit Ihrer eigenen eID oder itsme an, oder bitten Sie Ihren Zugangsverwalter um eine Einladung auf Ihren Namen.",
        "en": "This invitation is meant for someone else. Log in with your own eID or itsme, or ask your access manager for an invitation in your name.",
    },
    "invitation_validity_over": {
        "nl": "De geldigheidsduur van de rollen in deze uitnodiging is voorbij. Vraag uw toegangsbeheerder om een nieuwe uitnodiging.",
        "fr": "La période de validité des rôles de cette invitation est terminée. Demandez une nouvelle invitation à votre gestionnaire d'accès.",
        "de": "Der Gültigkeitszeitraum der Rollen in dieser Einladung ist vorbei. Bitten Sie Ihren Zugangsverwalter um eine neue Einladung.",
        "en": "The validity period of the roles in this invitation is over. Ask your access manager for a new invitation.",
    },

    # Role assignments
    "assignment_not_found": {
        "nl": "Deze roltoekenning bestaat niet bij dit OCMW. Laad de lijst opnieuw.",
        "fr": "Cette attribution de rôle n'existe pas dans ce CPAS. Rechargez la liste.",
        "de": "Diese Rollenzuweisung gibt es bei diesem ÖSHZ nicht. Laden Sie die Liste neu.",
        "en": "This role assignment does not exist at this OCMW. Reload the list.",
    },
    "assignment_not_pending": {
        "nl": "Deze roltoekenning wacht niet op goedkeuring; alleen wachtende roltoekenningen kunnen goedgekeurd of afgewezen worden.",
        "fr": "Cette attribution de rôle n'attend pas d'approbation ; seules les attributions en attente peuvent être approuvées ou refusées.",
        "de": "Diese Rollenzuweisung wartet nicht auf Genehmigung; nur wartende Zuweisungen können genehmigt oder abgelehnt werden.",
        "en": "This role assignment is not waiting for approval; only pending assignments can be approved or rejected.",
    },
    "assignment_expired": {
        "nl": "Deze roltoekenning is vervallen. Stuur de persoon een nieuwe uitnodiging.",
        "fr": "Cette attribution de rôle a expiré. Envoyez une nouvelle invitation à la personne.",
        "de": "Diese Rollenzuweisung ist abgelaufen. Senden Sie der Person eine neue Einladung.",
        "en": "This role assignment has expired. Send the person a new invitation.",
    },
    "assignment_ended": {
        "nl": "Deze roltoekenning is al beëindigd of afgewezen en kan niet meer gewijzigd worden. Stuur de persoon een nieuwe uitnodiging.",
        "fr": "Cette attribution de rôle est déjà terminée ou refusée et ne peut plus être modifiée. Envoyez une nouvelle invitation à la personne.",
        "de": "Diese Rollenzuweisung ist bereits beendet oder abgelehnt und kann nicht mehr geändert werden. Senden Sie der Person eine neue Einladung.",
        "en": "This role assignment has already ended or was rejected and can no longer be changed. Send the person a new invitation.",
    },
    "assignment_changed": {
        "nl": "De roltoekenning werd intussen gewijzigd. Laad ze opnieuw en probeer nog eens.",
        "fr": "L'attribution de rôle a été modifiée entre-temps. Rechargez-la et réessayez.",
        "de": "Die Rollenzuweisung wurde inzwischen geändert. Laden Sie sie neu und versuchen Sie es erneut.",
        "en": "The role assignment changed in the meantime. Reload it and try again.",
    },

    # Lists
    "list_cursor_invalid": {
        "nl": "De parameter cursor is ongeldig. Gebruik de waarde next uit het vorige antwoord, of laat cursor weg voor de eerste pagina.",
        "fr": "Le paramètre cursor est invalide. Utilisez la valeur next de la réponse précédente, ou omettez cursor pour la première page.",
        "de": "Der Parameter cursor ist ungültig. Verwenden Sie den Wert next aus der vorigen Antwort, oder lassen Sie cursor für die erste Seite weg.",
        "en": "The cursor parameter is invalid. Use the next value from the previous response, or leave out cursor for the first page.",
    },
    "list_limit_invalid": {
        "nl": "De parameter limit moet een geheel getal van 1 tot {max} zijn.",
        "fr": "Le paramètre limit doit être un nombre entier de 1 à {max}.",
        "de": "Der Parameter limit muss eine ganze Zahl von 1 bis {max} sein.",
        "en": "The limit parameter must be a whole number from 1 to {max}.",
    },
    "list_filter_invalid": {
        "nl": "De parameter {field} is ongeldig. Toegestane waarden: {allowed}.",
        "fr": "Le paramètre {field} est invalide. Valeurs autorisées : {allowed}.",
        "de": "Der Parameter {field} ist ungültig. Erlaubte Werte: {allowed}.",
        "en": "The {field} parameter is invalid. Allowed values: {allowed}.",
    },

    # The CSV export of an organisation's users
    "csv_ssin": {"nl": "INSZ", "fr": "NISS", "de": "INSZ", "en": "SSIN"},
    "csv_surname": {"nl": "Naam", "fr": "Nom", "de": "Name", "en": "Surname"},
    "csv_given_name": {"nl": "Voornaam", "fr": "Prénom", "de": "Vorname", "en": "Given name"},
    "csv_email": {"nl": "E-mailadres", "fr": "Adresse e-mail", "de": "E-Mail-Adresse", "en": "E-mail address"},
    "csv_role": {"nl": "Rol", "fr": "Rôle", "de": "Rolle", "en": "Role"},
    "csv_status": {"nl": "Status", "fr": "Statut", "de": "Status", "en": "Status"},
    "csv_valid_from": {"nl": "Geldig van", "fr": "Valable du", "de": "Gültig ab", "en": "Valid from"},
    "csv_valid_until": {"nl": "Geldig tot en met", "fr": "Valable jusqu'au", "de": "Gültig bis einschließlich", "en": "Valid until"},
    "csv_unlimited": {"nl": "onbeperkt", "fr": "illimité", "de": "unbegrenzt", "en": "unlimited"},
    "assignment_status_pending_approval": {
        "nl": "Wacht op goedkeuring", "fr": "En attente d'approbation", "de": "Wartet auf Genehmigung", "en": "Pending approval",
    },
    "assignment_status_active": {"nl": "Actief", "fr": "Actif", "de": "Aktiv", "en": "Active"},
    "assignment_status_not_yet_valid": {
        "nl": "Nog niet geldig", "fr": "Pas encore valable", "de": "Noch nicht gültig", "en": "Not yet valid",
    },
    "assignment_status_expired": {"nl": "Vervallen", "fr": "Expiré", "de": "Abgelaufen", "en": "Expired"},
    "assignment_status_rejected": {"nl": "Afgewezen", "fr": "Refusé", "de": "Abgelehnt", "en": "Rejected"},
    "assignment_status_stopped": {"nl": "Stopgezet", "fr": "Arrêté", "de": "Beendet", "en": "Stopped"},
}
