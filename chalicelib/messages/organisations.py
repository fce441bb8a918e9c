"""Messages of the organisations area: key -> {"nl", "fr", "de", "en"}.

Refusals of registration, main access manager replacement and access manager changes,
the names of manager levels and CSAM domains, and the next steps shown after registration.
"""

MESSAGES: dict[str, dict[str, str]] = {
    # Refusals
    "enterprise_not_in_register": {
        "nl": "Ondernemingsnummer {enterprise_number} staat niet in het register van wettelijke vertegenwoordigers van REMI. Controleer het nummer in KBO Public Search; klopt het, contacteer dan de REMI-helpdesk.",
        "fr": "Le numéro d'entreprise {enterprise_number} ne figure pas dans le registre des représentants légaux de REMI. Vérifiez le numéro dans la BCE Public Search ; s'il est correct, contactez le helpdesk REMI.",
        "de": "Die Unternehmensnummer {enterprise_number} steht nicht im Register der gesetzlichen Vertreter von REMI. Prüfen Sie die Nummer in der ZDU Public Search; ist sie richtig, wenden Sie sich an den REMI-Helpdesk.",
        "en": "Enterprise number {enterprise_number} is not in REMI's register of legal representatives. Check the number in KBO Public Search; if it is correct, contact the REMI helpdesk.",
    },
    "not_legal_representative": {
        "nl": "U bent geen wettelijke vertegenwoordiger van onderneming {enterprise_number}. Alleen een wettelijke vertegenwoordiger die in de KBO gekend is, mag het OCMW registreren of de hoofdtoegangsbeheerder aanstellen; controleer uw functie in KBO Public Search.",
        "fr": "Vous n'êtes pas représentant légal de l'entreprise {enterprise_number}. Seul un représentant légal connu de la BCE peut enregistrer le CPAS ou désigner le gestionnaire d'accès principal ; vérifiez votre fonction dans la BCE Public Search.",
        "de": "Sie sind kein gesetzlicher Vertreter des Unternehmens {enterprise_number}. Nur ein in der ZDU bekannter gesetzlicher Vertreter darf das ÖSHZ registrieren oder den Hauptzugangsverwalter bestimmen; prüfen Sie Ihre Funktion in der ZDU Public Search.",
        "en": "You are not a legal representative of enterprise {enterprise_number}. Only a legal representative known in the KBO may register the OCMW or appoint its main access manager; check your function in KBO Public Search.",
    },
    "terms_not_confirmed": {
        "nl": "Bevestig dat de gegevens correct zijn en dat u de regels voor de bescherming van persoonsgegevens (AVG) naleeft, door terms_confirmed op true te zetten.",
        "fr": "Confirmez que les données sont correctes et que vous respectez les règles de protection des données personnelles (RGPD), en mettant terms_confirmed à true.",
        "de": "Bestätigen Sie, dass die Angaben richtig sind und Sie die Datenschutzregeln (DSGVO) einhalten, indem Sie terms_confirmed auf true setzen.",
        "en": "Confirm that the data is correct and that you comply with the data-protection rules (GDPR) by setting terms_confirmed to true.",
    },
    "organisation_already_registered": {
        "nl": "Onderneming {enterprise_number} is al geregistreerd. Wilt u een andere hoofdtoegangsbeheerder, vervang die dan in plaats van opnieuw te registreren.",
        "fr": "L'entreprise {enterprise_number} est déjà enregistrée. Pour changer de gestionnaire d'accès principal, remplacez-le au lieu d'enregistrer à nouveau.",
        "de": "Das Unternehmen {enterprise_number} ist bereits registriert. Für einen anderen Hauptzugangsverwalter ersetzen Sie ihn, statt erneut zu registrieren.",
        "en": "Enterprise {enterprise_number} is already registered. To change the main access manager, replace it instead of registering again.",
    },
    "organisation_not_registered": {
        "nl": "Onderneming {enterprise_number} is nog niet geregistreerd bij REMI. Een wettelijke vertegenwoordiger moet het OCMW eerst registreren.",
        "fr": "L'entreprise {enterprise_number} n'est pas encore enregistrée dans REMI. Un représentant légal doit d'abord enregistrer le CPAS.",
        "de": "Das Unternehmen {enterprise_number} ist noch nicht bei REMI registriert. Ein gesetzlicher Vertreter muss das ÖSHZ zuerst registrieren.",
        "en": "Enterprise {enterprise_number} is not registered with REMI yet. A legal representative must register the OCMW first.",
    },
    "main_access_manager_changed": {
        "nl": "De hoofdtoegangsbeheerder werd intussen door iemand anders gewijzigd. Laad de gegevens opnieuw en probeer het nog eens.",
        "fr": "Le gestionnaire d'accès principal a été modifié entre-temps par quelqu'un d'autre. Rechargez les données et réessayez.",
        "de": "Der Hauptzugangsverwalter wurde inzwischen von jemand anderem geändert. Laden Sie die Daten neu und versuchen Sie es erneut.",
        "en": "Someone else changed the main access manager in the meantime. Reload the data and try again.",
    },
    "access_manager_exists": {
        "nl": "Deze persoon is al toegangsbeheerder voor dit domein bij dit OCMW.",
        "fr": "Cette personne est déjà gestionnaire d'accès pour ce domaine auprès de ce CPAS.",
        "de": "Diese Person ist bei diesem ÖSHZ bereits Zugangsverwalter für diesen Bereich.",
        "en": "This person is already an access manager for this domain at this OCMW.",
    },
    "access_manager_not_found": {
        "nl": "Deze toegangsbeheerder bestaat niet (meer) bij dit OCMW. Laad de lijst van toegangsbeheerders opnieuw.",
        "fr": "Ce gestionnaire d'accès n'existe pas (ou plus) auprès de ce CPAS. Rechargez la liste des gestionnaires d'accès.",
        "de": "Dieser Zugangsverwalter existiert bei diesem ÖSHZ nicht (mehr). Laden Sie die Liste der Zugangsverwalter neu.",
        "en": "This access manager does not exist at this OCMW (any more). Reload the list of access managers.",
    },
    "main_access_manager_not_removable": {
        "nl": "De hoofdtoegangsbeheerder kan niet verwijderd worden. Een wettelijke vertegenwoordiger kan wel een andere hoofdtoegangsbeheerder aanstellen.",
        "fr": "Le gestionnaire d'accès principal ne peut pas être supprimé. Un représentant légal peut en revanche désigner un autre gestionnaire d'accès principal.",
        "de": "Der Hauptzugangsverwalter kann nicht entfernt werden. Ein gesetzlicher Vertreter kann jedoch einen anderen Hauptzugangsverwalter bestimmen.",
        "en": "The main access manager cannot be removed. A legal representative can appoint another main access manager instead.",
    },
    # Manager levels
    "access_manager_level_main": {
        "nl": "Hoofdtoegangsbeheerder",
        "fr": "Gestionnaire d'accès principal",
        "de": "Hauptzugangsverwalter",
        "en": "Main access manager",
    },
    "access_manager_level_co_main": {
        "nl": "Co-hoofdtoegangsbeheerder",
        "fr": "Co-gestionnaire d'accès principal",
        "de": "Co-Hauptzugangsverwalter",
        "en": "Co-main access manager",
    },
    "access_manager_level_domain": {
        "nl": "Toegangsbeheerder",
        "fr": "Gestionnaire d'accès",
        "de": "Zugangsverwalter",
        "en": "Access manager",
    },
    # CSAM domains
    "csam_domain_all": {
        "nl": "Alle domeinen",
        "fr": "Tous les domaines",
        "de": "Alle Bereiche",
        "en": "All domains",
    },
    "csam_domain_social_security": {
        "nl": "Sociale Zekerheid",
        "fr": "Sécurité sociale",
        "de": "Soziale Sicherheit",
        "en": "Social security",
    },
    "csam_domain_ehealth": {
        "nl": "eHealth",
        "fr": "eHealth",
        "de": "eHealth",
        "en": "eHealth",
    },
    "csam_domain_finance": {
        "nl": "Financiën",
        "fr": "Finances",
        "de": "Finanzen",
        "en": "Finance",
    },
    "csam_domain_mobility": {
        "nl": "Mobiliteit",
        "fr": "Mobilité",
        "de": "Mobilität",
        "en": "Mobility",
    },
    "csam_domain_employer_nsso": {
        "nl": "Werkgever RSZ",
        "fr": "Employeur ONSS",
        "de": "Arbeitgeber LSS",
        "en": "Employer (NSSO)",
    },
    "csam_domain_flemish_government": {
        "nl": "Vlaamse overheid",
        "fr": "Autorité flamande",
        "de": "Flämische Regierung",
        "en": "Flemish government",
    },
    "csam_domain_walloon_region": {
        "nl": "Waals Gewest",
        "fr": "Région wallonne",
        "de": "Wallonische Region",
        "en": "Walloon Region",
    },
    "csam_domain_brussels_region": {
        "nl": "Brussels Hoofdstedelijk Gewest",
        "fr": "Région de Bruxelles-Capitale",
        "de": "Region Brüssel-Hauptstadt",
        "en": "Brussels-Capital Region",
    },
    # Next steps after registration or replacement of the main access manager
    "next_step_appoint_access_managers": {
        "nl": "Optioneel: stel een toegangsbeheerder voor het domein Sociale Zekerheid aan, als iemand anders de REMI-toegang van de medewerkers zal beheren.",
        "fr": "Facultatif : désignez un gestionnaire d'accès du domaine Sécurité sociale si quelqu'un d'autre gérera l'accès des collaborateurs à REMI.",
        "de": "Optional: Bestimmen Sie einen Zugangsverwalter für den Bereich Soziale Sicherheit, wenn jemand anderes den REMI-Zugang der Mitarbeiter verwalten wird.",
        "en": "Optional: appoint an access manager for the social_security domain if someone else will manage the staff's access to REMI.",
    },
    "next_step_invite_staff": {
        "nl": "Nodig de medewerkers uit en ken hun een REMI-rol toe: maatschappelijk assistent, diensthoofd of DPO.",
        "fr": "Invitez les collaborateurs et attribuez-leur un rôle REMI : assistant social, chef de service ou DPO.",
        "de": "Laden Sie die Mitarbeiter ein und weisen Sie ihnen eine REMI-Rolle zu: Sozialarbeiter, Dienstleiter oder DSB.",
        "en": "Invite the staff and give them a REMI role: social worker, department head or DPO.",
    },
    "next_step_inform_main_access_manager": {
        "nl": "Laat {name} weten dat hij of zij hoofdtoegangsbeheerder is. Na aanmelden bij REMI kan die toegangsbeheerders aanstellen en medewerkers uitnodigen.",
        "fr": "Informez {name} de sa désignation comme gestionnaire d'accès principal. Après connexion à REMI, cette personne peut désigner des gestionnaires d'accès et inviter les collaborateurs.",
        "de": "Teilen Sie {name} mit, dass er oder sie Hauptzugangsverwalter ist. Nach der Anmeldung bei REMI kann diese Person Zugangsverwalter bestimmen und Mitarbeiter einladen.",
        "en": "Let {name} know that they are the main access manager. After logging in to REMI, they can appoint access managers and invite staff.",
    },
    "next_step_contract": {
        "nl": "Het REMI-team registreert het ondertekende contract. Pas daarna kunnen medewerkers externe applicaties aan hun REMI-account koppelen.",
        "fr": "L'équipe REMI enregistre le contrat signé. Ce n'est qu'ensuite que les collaborateurs peuvent lier des applications externes à leur compte REMI.",
        "de": "Das REMI-Team erfasst den unterzeichneten Vertrag. Erst danach können Mitarbeiter externe Anwendungen mit ihrem REMI-Konto verknüpfen.",
        "en": "The REMI team records the signed contract. Only then can staff link vendor applications to their REMI account.",
    },
}
