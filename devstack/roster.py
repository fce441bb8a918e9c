"""The demo OCMW and its people, with fixed, valid numbers so the README's examples work.

The SSINs are made up but pass the mod-97 check; they belong to no real person.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class DemoPerson:
    key: str
    ssin: str
    given_name: str
    surname: str
    email: str
    language: str
    description: str


DEMO_ENTERPRISE_NUMBER = "0212345668"
DEMO_ENTERPRISE_NAME = "OCMW Demodorp"
DEMO_ENTERPRISE_ADDRESS = "Marktplein 1, 2440 Demodorp"
DEMO_ORGANISATION_EMAIL = "directie@ocmw-demodorp.example"
DEMO_ORGANISATION_PHONE = "+32 14 00 00 00"

PEOPLE: dict[str, DemoPerson] = {
    person.key: person
    for person in (
        DemoPerson("legal-representative", "68041210125", "Lieve", "Janssens", "lieve.janssens@ocmw-demodorp.example", "nl",
                   "legal representative of OCMW Demodorp and OCMW Voorbeeldstad in the register"),
        DemoPerson("main-access-manager", "75090320384", "Marc", "Claes", "marc.claes@ocmw-demodorp.example", "nl",
                   "main access manager, appointed by the legal representative"),
        DemoPerson("access-manager", "82112130588", "Sofie", "Maes", "sofie.maes@ocmw-demodorp.example", "nl",
                   "access manager of the social_security domain"),
        DemoPerson("ehealth-manager", "79063041102", "Els", "Goossens", "els.goossens@ocmw-demodorp.example", "fr",
                   "access manager of the ehealth domain only: REMI refuses her"),
        DemoPerson("social-worker", "90021404779", "Tom", "Wouters", "tom.wouters@ocmw-demodorp.example", "nl",
                   "staff member without a role yet: invite him"),
        DemoPerson("outsider", "01051701248", "Noor", "El Amrani", "noor.elamrani@example.org", "en",
                   "known to no OCMW"),
    )
}


def person(key: str) -> DemoPerson:
    try:
        return PEOPLE[key]
    except KeyError:
        raise KeyError(f"unknown demo person {key!r}; choose one of: {', '.join(PEOPLE)}") from None
