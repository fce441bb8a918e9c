"""Test persons with valid SSINs, and the FAS ID tokens that name them."""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from datetime import date

from chalicelib.identifiers import generate_ssin

_serials = itertools.count(1)


@dataclass(frozen=True)
class Person:
    ssin: str
    given_name: str
    surname: str
    email: str
    language: str = "nl"


def new_person(given_name: str = "An", surname: str = "Peeters", language: str = "nl", born: date | None = None) -> Person:
    """A person with a fresh, valid SSIN; each call gives another number."""
    serial = next(_serials)
    birth = born or date(1980 + serial % 30, 1 + serial % 12, 1 + serial % 28)
    ssin = generate_ssin(birth, 1 + (serial * 7) % 997)
    email = f"{given_name}.{surname}.{serial}@ocmw.example".lower()
    return Person(ssin=ssin, given_name=given_name, surname=surname, email=email, language=language)
