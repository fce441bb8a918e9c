"""Register validation, CSV reading and contract states, without any I/O."""

from __future__ import annotations

from datetime import date

import pytest

from chalicelib.identifiers import format_ssin, generate_ssin
from chalicelib.services.onboarding import RegisterRow, contract_state, describe_problem, validate_register
from chalicelib.store.models import Organisation
from remi_admin.register import decode, detect_delimiter, normalize_header, parse_register

LIES = generate_ssin(date(1985, 7, 30), 33)
JAN = generate_ssin(date(2001, 2, 3), 12)
GEEL = "0409667028"
MOL = "0876211391"


def row(line, number=GEEL, name="OCMW Geel", address="Kerkstraat 1, 2440 Geel", ssin=LIES):
    return RegisterRow(line, number, name, address, ssin)


# validate_register


def test_valid_rows_have_no_problems():
    _, report = validate_register([row(2), row(3, ssin=JAN), row(4, MOL, "OCMW Mol", "Markt 2")])
    assert report.problems == []


def test_rows_are_grouped_by_enterprise():
    entries, _ = validate_register([row(2), row(3, ssin=JAN), row(4, MOL, "OCMW Mol", "Markt 2")])
    assert {entry.enterprise_number: len(entry.representatives) for entry in entries} == {GEEL: 2, MOL: 1}


def test_numbers_are_stored_in_canonical_form():
    entries, _ = validate_register([row(2, number="BE 0409.667.028", ssin=format_ssin(LIES))])
    assert (entries[0].enterprise_number, list(entries[0].representatives)) == (GEEL, [LIES])


def test_whitespace_in_name_is_collapsed():
    entries, _ = validate_register([row(2, name="  OCMW   Geel ")])
    assert entries[0].name == "OCMW Geel"


def test_same_enterprise_with_differently_spaced_name_is_consistent():
    _, report = validate_register([row(2), row(3, name="OCMW  Geel", ssin=JAN)])
    assert report.problems == []


def test_empty_address_is_stored_as_none():
    entries, _ = validate_register([row(2, address="  ")])
    assert entries[0].address is None


def test_invalid_enterprise_number_is_reported_on_its_line():
    _, report = validate_register([row(2), row(7, number="0409667029")])
    assert [(problem.line, problem.column) for problem in report.problems] == [(7, "enterprise_number")]


def test_invalid_ssin_is_reported_without_the_number():
    wrong = LIES[:-2] + "00"
    _, report = validate_register([row(2, ssin=wrong)])
    assert wrong not in report.problems[0].reason


def test_empty_name_is_reported():
    _, report = validate_register([row(2, name=" ")])
    assert report.problems[0].column == "enterprise_name"


def test_empty_ssin_is_reported():
    _, report = validate_register([row(2, ssin="")])
    assert report.problems[0].reason == "the SSIN is empty"


def test_row_with_several_problems_reports_each():
    _, report = validate_register([row(2, number="12", name="", ssin="1")])
    assert [problem.column for problem in report.problems] == [
        "enterprise_number", "enterprise_name", "legal_representative_ssin"]


def test_other_name_for_same_enterprise_is_reported():
    _, report = validate_register([row(2), row(3, name="OCMW Gheel", ssin=JAN)])
    assert [(problem.line, problem.column) for problem in report.problems] == [(3, "enterprise_name")]


def test_other_address_for_same_enterprise_is_reported():
    _, report = validate_register([row(2), row(3, address="Markt 1", ssin=JAN)])
    assert [(problem.line, problem.column) for problem in report.problems] == [(3, "address")]


def test_repeated_row_is_a_duplicate_not_a_problem():
    _, report = validate_register([row(2), row(3)])
    assert (report.problems, report.duplicate_lines) == ([], [3])


def test_no_rows_is_a_problem():
    _, report = validate_register([])
    assert report.problems[0].reason == "the file has no data rows"


def test_problem_description_names_line_and_column():
    _, report = validate_register([row(4, name="")])
    assert describe_problem(report.problems[0]) == "line 4, column enterprise_name: the enterprise name is empty"


# Reading the CSV file


@pytest.mark.parametrize("header, expected", [
    ("Ondernemingsnummer", "ondernemingsnummer"),
    ("Numéro d'entreprise", "numero_d_entreprise"),
    ("  NISS ", "niss"),
    ("legal-representative SSIN", "legal_representative_ssin"),
    ("Dénomination", "denomination"),
])
def test_normalize_header(header, expected):
    assert normalize_header(header) == expected


def test_semicolon_is_detected():
    assert detect_delimiter("0409667028;OCMW Geel;Kerkstraat 1, 2440 Geel;85073003328\n") == ";"


def test_comma_is_detected_with_quoted_address():
    assert detect_delimiter('0409667028,OCMW Geel,"Kerkstraat 1; 2440 Geel",85073003328\n') == ","


def test_decode_drops_byte_order_mark():
    assert decode("naam".encode("utf-8-sig")) == "naam"


def test_decode_falls_back_to_windows_1252():
    assert decode("Liège".encode("cp1252")) == "Liège"


def test_parse_without_header_uses_fixed_columns():
    parsed = parse_register(f"0409667028,OCMW Geel,Kerkstraat 1,{LIES}\n")
    assert parsed.rows == [RegisterRow(1, GEEL, "OCMW Geel", "Kerkstraat 1", LIES)]


def test_parse_header_in_any_order():
    parsed = parse_register(f"INSZ;Adres;Naam;KBO-nummer\n{LIES};Markt 2;OCMW Mol;{MOL}\n")
    assert parsed.rows == [RegisterRow(2, MOL, "OCMW Mol", "Markt 2", LIES)]


def test_parse_counts_lines_past_blank_lines():
    parsed = parse_register(f"\n\n0409667028,OCMW Geel,Kerkstraat 1,{LIES}\n")
    assert parsed.rows[0].line == 3


def test_parse_reports_wrong_field_count_by_line():
    parsed = parse_register(f"0409667028,OCMW Geel,Kerkstraat 1,{LIES}\n0409667028,OCMW Geel,{JAN}\n")
    assert [(problem.line, problem.reason.split(" (")[0]) for problem in parsed.problems] == [
        (2, "expected 4 fields")]


def test_parse_reports_column_named_twice():
    parsed = parse_register("kbo;ondernemingsnummer;naam;adres;insz\n")
    assert parsed.problems[0].reason == "the header names column enterprise_number twice"


def test_parse_lists_ignored_columns():
    parsed = parse_register(f"kbo;naam;adres;insz;functie\n{GEEL};OCMW Geel;Kerkstraat 1;{LIES};voorzitter\n")
    assert parsed.ignored_columns == ["functie"]


def test_parse_reads_quoted_address_with_comma():
    parsed = parse_register(f'{GEEL},OCMW Geel,"Kerkstraat 1, 2440 Geel",{LIES}\n')
    assert parsed.rows[0].address == "Kerkstraat 1, 2440 Geel"


# Contract state


def organisation(signed_on=None, ends_on=None):
    return Organisation("ORG#" + GEEL, "ORGANISATION", enterprise_number=GEEL, name="OCMW Geel",
                        contract_signed_on=signed_on, contract_ends_on=ends_on)


@pytest.mark.parametrize("signed_on, ends_on, expected", [
    (None, None, "not_signed"),
    (date(2026, 4, 1), None, "not_yet_active"),
    (date(2026, 3, 31), None, "active"),
    (date(2025, 1, 1), date(2026, 3, 31), "active"),
    (date(2025, 1, 1), date(2026, 3, 30), "ended"),
])
def test_contract_state_on_31_march_2026(signed_on, ends_on, expected):
    assert contract_state(organisation(signed_on, ends_on), today=date(2026, 3, 31)) == expected
