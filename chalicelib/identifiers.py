"""Belgian enterprise numbers and SSINs: parse, validate, format, mask and find.

An enterprise number (ondernemingsnummer, numéro d'entreprise) identifies an
organisation in the Crossroads Bank for Enterprises (KBO/BCE). An SSIN (INSZ,
NISS) identifies a person: it is either a national register number or a BIS
number. The checks build on python-stdnum 2.2 (`stdnum.be.vat`, `stdnum.be.nn`
and `stdnum.be.bis`). This module adds a stricter enterprise check-digit rule,
display and masked forms, a scanner for SSINs in free text and a generator for
test data.

The `format_*` and `mask_*` functions accept every form that the matching
`parse_*` function accepts, and raise `InvalidIdentifier` for invalid input.
Error messages never contain an SSIN, so they are safe to log.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Literal

from stdnum import exceptions as stdnum_errors
from stdnum.be import bis, nn, vat

IdentifierKind = Literal["enterprise_number", "ssin"]
FailedCheck = Literal["format", "length", "component", "checksum"]

ENTERPRISE_NUMBER: IdentifierKind = "enterprise_number"
SSIN: IdentifierKind = "ssin"

# Maximum number of characters of a rejected enterprise number that an error message repeats.
_MAX_ECHOED_CHARS = 40

# Candidate SSINs in free text: digit groups 2-2-2-3-2, each gap empty or holding
# one '.', '-' or ' '. The lookbehind and the inner lookahead keep candidates out
# of longer digit runs. The outer lookahead lets candidates overlap, so a rejected
# candidate cannot hide a valid SSIN that shares some of its digits.
_SSIN_CANDIDATE = re.compile(
    r"(?<![0-9])"
    r"(?=([0-9]{2}[.\- ]?[0-9]{2}[.\- ]?[0-9]{2}[.\- ]?[0-9]{3}[.\- ]?[0-9]{2})(?![0-9]))"
)
_SSIN_SEPARATORS = str.maketrans("", "", ".- ")


class InvalidIdentifier(ValueError):
    """An enterprise number or SSIN that failed validation.

    `kind` is "enterprise_number" or "ssin". `code` is the stable error code
    ("enterprise_number_invalid" or "ssin_invalid"). `failed_check` names the
    check that failed: "format", "length", "component" (first digit of an
    enterprise number, birth month of an SSIN) or "checksum".
    """

    def __init__(self, kind: IdentifierKind, failed_check: FailedCheck, message: str) -> None:
        super().__init__(message)
        self.kind: IdentifierKind = kind
        self.code = f"{kind}_invalid"
        self.failed_check: FailedCheck = failed_check


def _failed_check(error: stdnum_errors.ValidationError) -> FailedCheck:
    # InvalidLength is a subclass of InvalidFormat, so it has to be tested first.
    if isinstance(error, stdnum_errors.InvalidLength):
        return "length"
    if isinstance(error, stdnum_errors.InvalidComponent):
        return "component"
    if isinstance(error, stdnum_errors.InvalidChecksum):
        return "checksum"
    return "format"


# Enterprise numbers


def _enterprise_check_digits(base: str) -> int:
    return 97 - int(base) % 97


def _enterprise_number_error(value: object, failed_check: FailedCheck) -> InvalidIdentifier:
    if not isinstance(value, str):
        return InvalidIdentifier(
            ENTERPRISE_NUMBER,
            "format",
            f"Invalid enterprise number: expected a string, got {type(value).__name__}.",
        )

    echoed = value if len(value) <= _MAX_ECHOED_CHARS else value[:_MAX_ECHOED_CHARS] + "..."
    prefix = f"Invalid enterprise number {echoed!r}"
    if failed_check == "length":
        digit_count = len(vat.compact(value))
        detail = f"expected 10 digits, or 9 in the old form, but got {digit_count}."
    elif failed_check == "component":
        detail = "the first of the 10 digits must be 0 or 1."
    elif failed_check == "checksum":
        detail = (
            "the last two digits must equal 97 minus (the first 8 digits modulo 97). "
            "Check the number for a typing error."
        )
    else:
        detail = (
            "expected digits, optionally with a BE prefix, dots and spaces, as in 0409.667.028."
        )
    return InvalidIdentifier(ENTERPRISE_NUMBER, failed_check, f"{prefix}: {detail}")


def parse_enterprise_number(value: str) -> str:
    """Validate a Belgian enterprise number (KBO/BCE) and return its canonical 10 digits.

    Accepted forms: "0409.667.028", "0409667028", "BE0409667028", "BE 0409.667.028",
    " 0409 667 028 " and the old 9-digit form "409667028", which gets a leading 0.
    stdnum.be.vat.compact does this cleaning, and also accepts lowercase "be",
    dashes, slashes and a "(0)" prefix. A valid number has 10 digits, its first
    digit is 0 or 1, and its last two digits equal 97 - (first 8 digits mod 97).

    Raises InvalidIdentifier with kind "enterprise_number" for anything else.
    """
    if not isinstance(value, str):
        raise _enterprise_number_error(value, "format")

    try:
        number = vat.validate(value)
    except stdnum_errors.ValidationError as error:
        raise _enterprise_number_error(value, _failed_check(error)) from error

    # stdnum.be.vat 2.2 only requires (first 8 digits + last 2 digits) % 97 == 0.
    # That also accepts check digits 00 where 97 is due, 98 where 01 is due and 99
    # where 02 is due, so the rule is applied again here in its exact form.
    if int(number[8:]) != _enterprise_check_digits(number[:8]):
        raise _enterprise_number_error(value, "checksum")
    return number


def is_valid_enterprise_number(value: object) -> bool:
    """Return whether `value` is a string that parse_enterprise_number accepts."""
    try:
        parse_enterprise_number(value)  # type: ignore[arg-type]
    except InvalidIdentifier:
        return False
    return True


def format_enterprise_number(canonical: str) -> str:
    """Format an enterprise number for display as "0409.667.028" (4, 3 and 3 digits)."""
    number = parse_enterprise_number(canonical)
    return f"{number[:4]}.{number[4:7]}.{number[7:]}"


# SSINs: national register numbers and BIS numbers


def _ssin_check_digits(first_nine: str, *, born_from_2000: bool) -> int:
    prefixed = "2" + first_nine if born_from_2000 else first_nine
    return 97 - int(prefixed) % 97


def _ssin_error(value: object, failed_check: FailedCheck) -> InvalidIdentifier:
    # The message must never repeat the value, because an SSIN is personal data.
    if not isinstance(value, str):
        detail = f"expected a string, got {type(value).__name__}."
    elif failed_check == "length":
        detail = f"expected 11 digits but got {len(nn.compact(value))}."
    elif failed_check == "component":
        detail = (
            "the birth month must be 00 to 12 for a national register number, "
            "or 20 to 32 or 40 to 52 for a BIS number."
        )
    elif failed_check == "checksum":
        detail = (
            "the last two digits match neither the check digits for a birth "
            "before 2000 nor those for a birth from 2000 on. Check the number for a typing error."
        )
    else:
        detail = (
            "expected 11 digits, optionally with dots, dashes and spaces, as in YY.MM.DD-XXX.CC."
        )
    return InvalidIdentifier(SSIN, failed_check, f"Invalid SSIN: {detail}")


def parse_ssin(value: str) -> str:
    """Validate an SSIN (INSZ/NISS) and return its canonical 11 digits YYMMDDSSSCC.

    The rules are those of stdnum.be.nn (national register numbers) and
    stdnum.be.bis (BIS numbers) in python-stdnum 2.2:

    - Dots, dashes and spaces are ignored, as in "85.07.30-033.28".
    - CC = 97 - (YYMMDDSSS mod 97) for a birth before 2000, and
      97 - (2YYMMDDSSS mod 97) for a birth from 2000 on. YY does not give the
      century, so either rule is accepted. The from-2000 rule is only tried
      while 20YY is not after the current year.
    - MM is 01-12 in a national register number. A BIS number adds 20 when
      the sex was unknown at registration and 40 when it was known. MM 00 (or
      20, 40) means the month is unknown or the day's serials ran out. DD 00
      means the day is unknown.

    NOTE: stdnum also accepts a day past the end of its month, such as 85.07.99,
    and treats that day as unknown. This module accepts it too.

    Raises InvalidIdentifier with kind "ssin". Its message never contains the value.
    """
    if not isinstance(value, str):
        raise _ssin_error(value, "format")

    try:
        return nn.validate(value)
    except stdnum_errors.ValidationError:
        pass
    try:
        return bis.validate(value)
    except stdnum_errors.ValidationError as error:
        # Both modules share compact() and the checksum, and bis.validate checks
        # them before the month range, so its error names the right failed check
        # for national register numbers too.
        raise _ssin_error(value, _failed_check(error)) from error


def is_valid_ssin(value: object) -> bool:
    """Return whether `value` is a string that parse_ssin accepts."""
    try:
        parse_ssin(value)  # type: ignore[arg-type]
    except InvalidIdentifier:
        return False
    return True


def format_ssin(canonical: str) -> str:
    """Format an SSIN for display as "YY.MM.DD-SSS.CC", for example "85.07.30-033.28"."""
    return nn.format(parse_ssin(canonical))


def mask_ssin(canonical: str) -> str:
    """Format an SSIN for people who may not see it in full: "YY.MM.DD-xxx.xx".

    Only the birth-date part stays visible, with the +20 or +40 month of a BIS
    number unchanged. The serial and check digits become lowercase "x", so
    "85.07.30-033.28" becomes "85.07.30-xxx.xx".
    """
    number = parse_ssin(canonical)
    return f"{number[0:2]}.{number[2:4]}.{number[4:6]}-xxx.xx"


def find_ssins(text: str) -> list[str]:
    """Find every valid SSIN in `text` and return them in canonical form.

    A candidate is 11 digits, either run together or in the groups 2-2-2-3-2
    with one '.', '-' or ' ' in any gap ("85073003328", "85.07.30-033.28",
    "85 07 30 033 28"), and with no digit right before or after it. The list has
    one entry per valid candidate, in order of appearance, repeats included.

    NOTE: about 1 in 97 random 11-digit runs with a plausible birth date passes
    the check, so an order number or other id in the text can show up as an SSIN.
    """
    found: list[str] = []
    for match in _SSIN_CANDIDATE.finditer(text):
        candidate = match.group(1).translate(_SSIN_SEPARATORS)
        if is_valid_ssin(candidate):
            found.append(candidate)
    return found


def generate_ssin(birth_date: date, serial: int) -> str:
    """Build a valid national register number (not a BIS number) for demo data and tests.

    `serial` is the birth-day counter SSS in 1..997. Odd serials are given to
    men and even ones to women. The check digits follow the before-2000 or
    from-2000 rule of parse_ssin according to the birth year.

    Raises ValueError for a serial outside 1..997, or for a birth date before
    1900-01-01 or after today. parse_ssin would read a number for 18YY as a
    birth in 19YY, and it rejects a from-2000 number whose year is still to come.
    """
    if not 1 <= serial <= 997:
        raise ValueError(f"SSIN serial must be in 1..997, got {serial}.")
    if not date(1900, 1, 1) <= birth_date <= date.today():
        raise ValueError(
            f"SSIN birth date must be from 1900-01-01 to today, got {birth_date.isoformat()}."
        )

    first_nine = f"{birth_date:%y%m%d}{serial:03d}"
    check_digits = _ssin_check_digits(first_nine, born_from_2000=birth_date.year >= 2000)
    return f"{first_nine}{check_digits:02d}"
