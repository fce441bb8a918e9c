"""Unit tests for chalicelib.identifiers: Belgian enterprise numbers and SSINs."""

from __future__ import annotations

import re
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st
from stdnum.be import nn, vat

from chalicelib.identifiers import (
    InvalidIdentifier,
    find_ssins,
    format_enterprise_number,
    format_ssin,
    generate_ssin,
    is_valid_enterprise_number,
    is_valid_ssin,
    mask_ssin,
    parse_enterprise_number,
    parse_ssin,
)

# Check digits computed here, independently of the module under test.


def enterprise_check_digits(base: str) -> str:
    return f"{97 - int(base) % 97:02d}"


def ssin_check_digits(first_nine: str, *, born_from_2000: bool) -> str:
    prefixed = "2" + first_nine if born_from_2000 else first_nine
    return f"{97 - int(prefixed) % 97:02d}"


def build_ssin(birth_date: date, serial: int, month_offset: int = 0) -> str:
    """Build an SSIN whose month is raised by 0, or by 20 or 40 for a BIS number."""
    first_nine = f"{birth_date:%y}{birth_date.month + month_offset:02d}{birth_date:%d}{serial:03d}"
    return first_nine + ssin_check_digits(first_nine, born_from_2000=birth_date.year >= 2000)


def single_digit_changes(number: str) -> list[str]:
    return [
        number[:position] + digit + number[position + 1 :]
        for position in range(len(number))
        for digit in "0123456789"
        if digit != number[position]
    ]


def adjacent_swaps(number: str) -> list[str]:
    return [
        number[:position] + number[position + 1] + number[position] + number[position + 2 :]
        for position in range(len(number) - 1)
        if number[position] != number[position + 1]
    ]


birth_dates = st.dates(min_value=date(1900, 1, 1), max_value=date.today())
serials = st.integers(min_value=1, max_value=997)
month_offsets = st.sampled_from([0, 20, 40])
ssins = st.builds(build_ssin, birth_dates, serials, month_offsets)
enterprise_bases = st.integers(min_value=0, max_value=19_999_999).map(lambda base: f"{base:08d}")
enterprise_numbers = enterprise_bases.map(lambda base: base + enterprise_check_digits(base))


# Enterprise numbers: examples


@pytest.mark.parametrize(
    "value",
    [
        "0409.667.028",
        "0409667028",
        "BE0409667028",
        "BE 0409.667.028",
        " 0409 667 028 ",
        "409667028",
        "be0409667028",
        "BE409667028",
    ],
)
def test_enterprise_number_accepted_forms(value: str) -> None:
    assert parse_enterprise_number(value) == "0409667028"
    assert is_valid_enterprise_number(value)


def test_enterprise_number_display_form() -> None:
    assert format_enterprise_number("0409667028") == "0409.667.028"
    assert format_enterprise_number("BE 409667028") == "0409.667.028"


def test_enterprise_number_first_digit_one_accepted() -> None:
    base = "10000000"
    number = base + enterprise_check_digits(base)

    assert parse_enterprise_number(number) == number


def test_enterprise_number_first_digit_two_rejected() -> None:
    # Valid mod-97 check digits, so only the first-digit rule can reject it.
    base = "24096670"
    number = base + enterprise_check_digits(base)

    with pytest.raises(InvalidIdentifier) as raised:
        parse_enterprise_number(number)

    assert raised.value.failed_check == "component"
    assert not is_valid_enterprise_number(number)


@pytest.mark.parametrize("value", ["04096670", "04096670280", "0409.667", "BE 0409.667.0288"])
def test_enterprise_number_wrong_length_rejected(value: str) -> None:
    with pytest.raises(InvalidIdentifier) as raised:
        parse_enterprise_number(value)

    assert raised.value.failed_check == "length"


# stdnum checks for digits before it checks the length, so an empty value is a format error.
@pytest.mark.parametrize(
    "value", ["04O9667028", "0409.667.02A", "NL0409667028", "0409_667_028", "", "BE"]
)
def test_enterprise_number_bad_format_rejected(value: str) -> None:
    with pytest.raises(InvalidIdentifier) as raised:
        parse_enterprise_number(value)

    assert raised.value.failed_check == "format"


def test_enterprise_number_wrong_check_digits_rejected() -> None:
    with pytest.raises(InvalidIdentifier) as raised:
        parse_enterprise_number("0409.667.029")

    assert raised.value.failed_check == "checksum"


@pytest.mark.parametrize(
    ("lenient", "exact"),
    [
        ("0409669800", "0409669897"),  # first 8 digits mod 97 == 0
        ("0409669798", "0409669701"),  # first 8 digits mod 97 == 96
        ("0409669699", "0409669602"),  # first 8 digits mod 97 == 95
    ],
)
def test_enterprise_number_check_digits_exact(lenient: str, exact: str) -> None:
    # stdnum.be.vat 2.2 accepts both numbers of each pair, because it only requires
    # (first 8 digits + check digits) % 97 == 0.
    assert vat.is_valid(lenient)
    assert vat.is_valid(exact)

    assert not is_valid_enterprise_number(lenient)
    assert parse_enterprise_number(exact) == exact


@pytest.mark.parametrize("value", [None, 409667028, b"0409667028"])
def test_enterprise_number_non_string_rejected(value: object) -> None:
    with pytest.raises(InvalidIdentifier) as raised:
        parse_enterprise_number(value)  # type: ignore[arg-type]

    assert raised.value.failed_check == "format"
    assert not is_valid_enterprise_number(value)


def test_enterprise_number_error_attributes() -> None:
    with pytest.raises(InvalidIdentifier) as raised:
        parse_enterprise_number("0409.667.029")

    assert isinstance(raised.value, ValueError)
    assert raised.value.kind == "enterprise_number"
    assert raised.value.code == "enterprise_number_invalid"
    assert "0409.667.029" in str(raised.value)


def test_enterprise_number_format_rejects_invalid() -> None:
    with pytest.raises(InvalidIdentifier):
        format_enterprise_number("0409667029")


# Enterprise numbers: properties


@given(enterprise_numbers)
def test_enterprise_number_round_trip(number: str) -> None:
    display = format_enterprise_number(number)

    assert parse_enterprise_number(number) == number
    assert parse_enterprise_number(display) == number
    assert parse_enterprise_number("BE " + display) == number
    assert re.fullmatch(r"[01][0-9]{3}\.[0-9]{3}\.[0-9]{3}", display)


@given(enterprise_numbers.filter(lambda number: number.startswith("0")))
def test_enterprise_number_old_form_round_trip(number: str) -> None:
    assert parse_enterprise_number(number[1:]) == number


@given(enterprise_numbers)
def test_enterprise_number_format_stable(number: str) -> None:
    display = format_enterprise_number(number)

    assert format_enterprise_number(display) == display
    assert format_enterprise_number("BE" + number) == display
    assert format_enterprise_number(f" {number[:4]} {number[4:7]} {number[7:]} ") == display


@given(enterprise_numbers)
def test_enterprise_number_digit_change_detected(number: str) -> None:
    # 97 is prime and larger than any single-digit difference, so a change of
    # d * 10**k (d in -9..9, d != 0) in the first 8 digits always changes the due
    # check digits. Only one pair of check digits (01..97) is valid for each base.
    for corrupted in single_digit_changes(number):
        assert not is_valid_enterprise_number(corrupted), corrupted


@given(enterprise_numbers)
def test_enterprise_number_adjacent_swap_detected(number: str) -> None:
    # Swapping digits a and b at weights 10**(k+1) and 10**k changes the value by
    # 9 * (a - b) * 10**k, which 97 never divides. That is also true for a swap
    # across the border between the first 8 digits and the check digits.
    for corrupted in adjacent_swaps(number):
        assert not is_valid_enterprise_number(corrupted), corrupted


# SSINs: examples


@pytest.mark.parametrize(
    "value", ["85.07.30-033.28", "85073003328", "85 07 30 033 28", " 850730-03328 "]
)
def test_ssin_accepted_forms(value: str) -> None:
    assert parse_ssin(value) == "85073003328"
    assert is_valid_ssin(value)


def test_ssin_born_before_2000() -> None:
    # 97 - (850730033 mod 97) == 28
    assert ssin_check_digits("850730033", born_from_2000=False) == "28"
    assert parse_ssin("85.07.30-033.28") == "85073003328"


def test_ssin_born_from_2000() -> None:
    # 97 - (2170730033 mod 97) == 84, while the before-2000 rule gives 55.
    assert ssin_check_digits("170730033", born_from_2000=True) == "84"
    assert ssin_check_digits("170730033", born_from_2000=False) == "55"
    assert parse_ssin("17.07.30-033.84") == "17073003384"


def test_ssin_before_2000_rule_for_recent_year() -> None:
    # A person born in 1917 has the same YYMMDD as one born in 2017.
    number = "170730033" + ssin_check_digits("170730033", born_from_2000=False)

    assert parse_ssin(number) == number


def test_ssin_from_2000_rule_needs_past_year() -> None:
    # stdnum.be.nn tries the from-2000 rule only while 20YY is not after this year.
    number = "990730033" + ssin_check_digits("990730033", born_from_2000=True)

    assert not is_valid_ssin(number)


@pytest.mark.parametrize(
    ("number", "description"),
    [
        ("85273003371", "BIS, month + 20, sex unknown"),
        ("85473003317", "BIS, month + 40, sex known"),
        ("01490700185", "BIS, month + 40, born 2001"),
        ("85203003322", "BIS, month + 20, month unknown"),
    ],
)
def test_ssin_bis_numbers_accepted(number: str, description: str) -> None:
    assert number[9:] == ssin_check_digits(number[:9], born_from_2000=number.startswith("01"))
    assert parse_ssin(number) == number, description


@pytest.mark.parametrize(
    ("first_nine", "description"),
    [
        ("850030033", "month 00"),
        ("850700033", "day 00"),
        ("000001001", "birth date unknown, 1900-00-01"),
    ],
)
def test_ssin_partly_unknown_birth_date_accepted(first_nine: str, description: str) -> None:
    number = first_nine + ssin_check_digits(first_nine, born_from_2000=False)

    assert parse_ssin(number) == number, description


@pytest.mark.parametrize("month", ["13", "19", "33", "39", "53", "60", "72", "99"])
def test_ssin_month_out_of_range_rejected(month: str) -> None:
    first_nine = f"85{month}30033"
    number = first_nine + ssin_check_digits(first_nine, born_from_2000=False)

    with pytest.raises(InvalidIdentifier) as raised:
        parse_ssin(number)

    assert raised.value.failed_check == "component"


@pytest.mark.parametrize("value", ["8507300332", "850730033288", "85.07.30-033"])
def test_ssin_wrong_length_rejected(value: str) -> None:
    with pytest.raises(InvalidIdentifier) as raised:
        parse_ssin(value)

    assert raised.value.failed_check == "length"


@pytest.mark.parametrize(
    "value", ["85O73003328", "85.07.30/033.28", "BE85073003328", "00000000000", ""]
)
def test_ssin_bad_format_rejected(value: str) -> None:
    with pytest.raises(InvalidIdentifier) as raised:
        parse_ssin(value)

    assert raised.value.failed_check == "format"


def test_ssin_wrong_check_digits_rejected() -> None:
    with pytest.raises(InvalidIdentifier) as raised:
        parse_ssin("85.07.30-033.29")

    assert raised.value.failed_check == "checksum"
    assert raised.value.kind == "ssin"
    assert raised.value.code == "ssin_invalid"


@pytest.mark.parametrize(
    "value",
    ["85.07.30-033.29", "85073003320", "8507300332", "85133003370", "85O73003328", "850730033288"],
)
def test_ssin_error_message_omits_number(value: str) -> None:
    with pytest.raises(InvalidIdentifier) as raised:
        parse_ssin(value)

    message = str(raised.value)
    assert "850730" not in message
    assert "85.07.30" not in message
    assert "033" not in message


def test_ssin_non_string_rejected() -> None:
    assert not is_valid_ssin(None)
    assert not is_valid_ssin(85073003328)


def test_ssin_display_form() -> None:
    assert format_ssin("85073003328") == "85.07.30-033.28"
    assert format_ssin(" 85 07 30 033 28") == "85.07.30-033.28"


def test_ssin_masked_form() -> None:
    assert mask_ssin("85073003328") == "85.07.30-xxx.xx"
    assert mask_ssin("85.07.30-033.28") == "85.07.30-xxx.xx"
    assert mask_ssin("85473003317") == "85.47.30-xxx.xx"


def test_ssin_mask_rejects_invalid() -> None:
    with pytest.raises(InvalidIdentifier):
        mask_ssin("85073003329")


def test_ssin_corruption_can_switch_century() -> None:
    # Born 1919, serial 134: the before-2000 rule gives 14. Changing the 9 to a 3
    # gives 13.08.07-134.14, whose from-2000 check digits are 14 too, so it is a
    # valid number for a birth in 2013.
    assert ssin_check_digits("130807134", born_from_2000=True) == "14"
    assert parse_ssin("19080713414") == "19080713414"
    assert parse_ssin("13080713414") == "13080713414"

    # Born 2020-12-17, serial 969: swapping the day's digits gives day 71, which
    # stdnum reads as an unknown day, and the before-2000 check digits are 24.
    assert ssin_check_digits("201271969", born_from_2000=False) == "24"
    assert parse_ssin("20121796924") == "20121796924"
    assert parse_ssin("20127196924") == "20127196924"


# find_ssins


def test_find_ssins_formatted_and_raw() -> None:
    text = (
        "login ok for 85.07.30-033.28 at 10:02; "
        "retry for ssin=17073003384, rejected id 85073003329 and 12345678901"
    )

    assert find_ssins(text) == ["85073003328", "17073003384"]


def test_find_ssins_keeps_repeats_in_order() -> None:
    text = "17073003384 then 85 07 30 033 28 then 85073003328"

    assert find_ssins(text) == ["17073003384", "85073003328", "85073003328"]


def test_find_ssins_ignores_longer_digit_runs() -> None:
    assert find_ssins("order 985073003328 and 850730033281") == []
    assert find_ssins("iban BE68 5390 0754 7034, account 850730033289") == []


def test_find_ssins_overlapping_candidates() -> None:
    # "12 850730033" is a rejected candidate that ends inside the valid "850730033 28".
    assert not is_valid_ssin("12850730033")

    assert find_ssins("ids 12 850730033 28") == ["85073003328"]


def test_find_ssins_no_candidates() -> None:
    assert find_ssins("") == []
    assert find_ssins("enterprise 0409.667.028, BE0409667028") == []


@given(ssins)
def test_find_ssins_generated(number: str) -> None:
    text = f"user {format_ssin(number)} signed in; raw={number}."

    assert find_ssins(text) == [number, number]


# generate_ssin


@given(birth_dates, serials)
def test_generate_ssin_valid(birth_date: date, serial: int) -> None:
    number = generate_ssin(birth_date, serial)

    assert number == build_ssin(birth_date, serial)
    assert parse_ssin(number) == number
    assert nn.get_birth_date(number) == birth_date


def test_generate_ssin_sex_from_serial() -> None:
    assert nn.get_gender(generate_ssin(date(1985, 7, 30), 33)) == "M"
    assert nn.get_gender(generate_ssin(date(1985, 7, 30), 34)) == "F"


def test_generate_ssin_known_values() -> None:
    assert generate_ssin(date(1985, 7, 30), 33) == "85073003328"
    assert generate_ssin(date(2017, 7, 30), 33) == "17073003384"


@pytest.mark.parametrize("serial", [0, 998, -1, 1000])
def test_generate_ssin_serial_out_of_range(serial: int) -> None:
    with pytest.raises(ValueError, match="serial"):
        generate_ssin(date(1985, 7, 30), serial)


@pytest.mark.parametrize("birth_date", [date(1899, 12, 31), date(date.today().year + 1, 1, 1)])
def test_generate_ssin_birth_date_out_of_range(birth_date: date) -> None:
    with pytest.raises(ValueError, match="birth date"):
        generate_ssin(birth_date, 1)


# SSINs: properties


@given(ssins)
def test_ssin_round_trip(number: str) -> None:
    display = format_ssin(number)

    assert parse_ssin(number) == number
    assert parse_ssin(display) == number
    assert re.fullmatch(r"[0-9]{2}\.[0-9]{2}\.[0-9]{2}-[0-9]{3}\.[0-9]{2}", display)


@given(ssins)
def test_ssin_format_stable(number: str) -> None:
    display = format_ssin(number)

    assert format_ssin(display) == display
    assert format_ssin(display.replace(".", " ").replace("-", " ")) == display
    assert mask_ssin(display) == mask_ssin(number)
    assert mask_ssin(number) == display[:9] + "xxx.xx"


def other_century_accepts(number: str, original_born_from_2000: bool) -> bool:
    check_digits = ssin_check_digits(number[:9], born_from_2000=not original_born_from_2000)
    return number[9:] == check_digits


def assert_corruption_detected(
    original: str, original_born_from_2000: bool, corrupted: str
) -> None:
    same_rule_digits = ssin_check_digits(corrupted[:9], born_from_2000=original_born_from_2000)

    # Under the original's own century rule this is the plain mod-97 argument
    # of the enterprise-number tests, so the corruption never passes.
    assert corrupted[9:] != same_rule_digits, (original, corrupted)

    # parse_ssin also accepts the other century's rule, because YY does not give
    # the century. A corruption that happens to meet that rule stays valid, as
    # test_ssin_corruption_can_switch_century shows, so only those pass here.
    if is_valid_ssin(corrupted):
        assert other_century_accepts(corrupted, original_born_from_2000), (original, corrupted)


@given(birth_dates, serials, month_offsets)
def test_ssin_digit_change_detected(birth_date: date, serial: int, month_offset: int) -> None:
    original = build_ssin(birth_date, serial, month_offset)
    born_from_2000 = birth_date.year >= 2000

    for corrupted in single_digit_changes(original):
        assert_corruption_detected(original, born_from_2000, corrupted)


@given(birth_dates, serials, month_offsets)
def test_ssin_adjacent_swap_detected(birth_date: date, serial: int, month_offset: int) -> None:
    original = build_ssin(birth_date, serial, month_offset)
    born_from_2000 = birth_date.year >= 2000

    for corrupted in adjacent_swaps(original):
        assert_corruption_detected(original, born_from_2000, corrupted)
