"""`remi-admin register import`: the legal-representative register, from CSV file to table."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from chalicelib.identifiers import format_ssin, is_valid_ssin, mask_ssin
from chalicelib.services import onboarding
from chalicelib.store.models import Enterprise, LegalRepresentative, RemiItem, enterprise_key, legal_representative_key
from remi_admin.cli import cli
from tests.support.people import new_person

GEEL = "0409667028"
MOL = "0876211391"
LIER = "0207501014"


def stored(model, key):
    try:
        return model.get(*key, consistent_read=True)
    except model.DoesNotExist:
        return None


def representatives(enterprise_number):
    items = RemiItem.query(enterprise_key(enterprise_number)[0], RemiItem.sk.startswith("LEGAL_REPRESENTATIVE#"),
                           consistent_read=True)
    return sorted(item.ssin for item in items if isinstance(item, LegalRepresentative))


def run_import(tmp_path, content, *options, encoding="utf-8"):
    path = tmp_path / "register.csv"
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding=encoding)
    return CliRunner().invoke(cli, ["register", "import", str(path), *options])


@pytest.fixture
def people():
    return [new_person("Lies", "Janssens"), new_person("Jan", "Claes"), new_person("Eva", "Elders")]


@pytest.fixture
def good_file(people):
    lies, jan, eva = people
    return (
        "enterprise_number,enterprise_name,address,legal_representative_ssin\n"
        f'0409.667.028,OCMW Geel,"Kerkstraat 1, 2440 Geel",{format_ssin(lies.ssin)}\n'
        f'0409.667.028,OCMW Geel,"Kerkstraat 1, 2440 Geel",{jan.ssin}\n'
        f'BE0876211391,OCMW Mol,"Markt 2, 2400 Mol",{eva.ssin}\n'
    )


# A valid file


def test_import_valid_file_exits_0(aws, tmp_path, good_file):
    result = run_import(tmp_path, good_file)
    assert result.exit_code == 0, result.output


def test_import_prints_counts(aws, tmp_path, good_file):
    result = run_import(tmp_path, good_file)
    assert "Imported 2 enterprises and 3 legal representatives from 3 rows." in result.output


def test_import_writes_enterprise_with_name_and_address(aws, tmp_path, good_file):
    run_import(tmp_path, good_file)
    enterprise = stored(Enterprise, enterprise_key(GEEL))
    assert (enterprise.name, enterprise.address) == ("OCMW Geel", "Kerkstraat 1, 2440 Geel")


def test_import_writes_every_representative_of_enterprise(aws, tmp_path, good_file, people):
    run_import(tmp_path, good_file)
    assert representatives(GEEL) == sorted([people[0].ssin, people[1].ssin])


def test_import_stores_canonical_numbers(aws, tmp_path, good_file, people):
    run_import(tmp_path, good_file)
    assert representatives(MOL) == [people[2].ssin]


def test_import_twice_gives_same_items(aws, tmp_path, good_file):
    run_import(tmp_path, good_file)
    run_import(tmp_path, good_file)
    assert (len(representatives(GEEL)), len(representatives(MOL))) == (2, 1)


def test_import_twice_exits_0(aws, tmp_path, good_file):
    run_import(tmp_path, good_file)
    assert run_import(tmp_path, good_file).exit_code == 0


def test_import_never_prints_ssin(aws, tmp_path, good_file, people):
    output = run_import(tmp_path, good_file).output
    assert not any(person.ssin in output or format_ssin(person.ssin) in output for person in people)


def test_import_without_header_reads_fixed_columns(aws, tmp_path, good_file, people):
    body = good_file.split("\n", 1)[1]
    run_import(tmp_path, body)
    assert representatives(MOL) == [people[2].ssin]


def test_import_semicolon_file_with_dutch_header(aws, tmp_path, people):
    lies = people[0]
    content = ("Ondernemingsnummer;Benaming;Adres;INSZ\n"
               f"0409.667.028;OCMW Geel;Kerkstraat 1, 2440 Geel;{format_ssin(lies.ssin)}\n")
    run_import(tmp_path, content)
    assert stored(Enterprise, enterprise_key(GEEL)).address == "Kerkstraat 1, 2440 Geel"


def test_import_french_header_in_other_order(aws, tmp_path, people):
    lies = people[0]
    content = ("NISS;Numéro d'entreprise;Adresse;Dénomination\n"
               f"{lies.ssin};0409667028;Grand-Place 1, 2440 Geel;CPAS de Geel\n")
    run_import(tmp_path, content)
    assert stored(Enterprise, enterprise_key(GEEL)).name == "CPAS de Geel"


def test_import_windows_1252_file(aws, tmp_path, people):
    content = ("numéro d'entreprise;dénomination;adresse;niss\n"
               f"0409667028;CPAS Liège-Geel;Rue de l'Église 1, 4000 Liège;{people[0].ssin}\n")
    run_import(tmp_path, content.encode("cp1252"))
    assert stored(Enterprise, enterprise_key(GEEL)).name == "CPAS Liège-Geel"


def test_import_utf8_file_with_byte_order_mark(aws, tmp_path, good_file):
    result = run_import(tmp_path, good_file.encode("utf-8-sig"))
    assert result.exit_code == 0, result.output


def test_import_ignores_unknown_columns(aws, tmp_path, people):
    content = ("ondernemingsnummer;naam;adres;insz;functie\n"
               f"0409667028;OCMW Geel;Kerkstraat 1;{people[0].ssin};voorzitter\n")
    result = run_import(tmp_path, content)
    assert "Ignoring column 'functie'" in result.output


def test_import_skips_blank_lines(aws, tmp_path, good_file):
    result = run_import(tmp_path, good_file.replace("\n", "\n\n", 1))
    assert result.exit_code == 0, result.output


def test_import_reports_repeated_row(aws, tmp_path, good_file):
    lines = good_file.splitlines()
    result = run_import(tmp_path, "\n".join(lines + [lines[1]]) + "\n")
    assert "Skipped lines 5" in result.output


def test_import_allows_empty_address(aws, tmp_path, people):
    run_import(tmp_path, f"0409667028,OCMW Geel,,{people[0].ssin}\n")
    assert stored(Enterprise, enterprise_key(GEEL)).address is None


def test_dry_run_writes_nothing(aws, tmp_path, good_file):
    run_import(tmp_path, good_file, "--dry-run")
    assert stored(Enterprise, enterprise_key(GEEL)) is None


def test_dry_run_prints_what_it_would_import(aws, tmp_path, good_file):
    result = run_import(tmp_path, good_file, "--dry-run")
    assert "Would import 2 enterprises and 3 legal representatives" in result.output


# Invalid rows: nothing is imported


def corrupted(ssin):
    """The SSIN with other check digits that make it invalid."""
    return next(candidate for candidate in (f"{ssin[:9]}{(int(ssin[9:]) + step) % 100:02d}" for step in range(1, 100))
                if not is_valid_ssin(candidate))


def bad_file(people):
    lies, jan, eva = people
    return (
        "enterprise_number,enterprise_name,address,legal_representative_ssin\n"
        f"0409667028,OCMW Geel,Kerkstraat 1,{lies.ssin}\n"          # line 2: fine
        f"0409667029,OCMW Geel,Kerkstraat 1,{jan.ssin}\n"           # line 3: check digits
        f"0876211391,OCMW Mol,Markt 2,{corrupted(eva.ssin)}\n"      # line 4: SSIN check digits
        f"0207501014,,Kerkstraat 9,{eva.ssin}\n"                    # line 5: no name
        f"0409667028,OCMW Gheel,Kerkstraat 1,{eva.ssin}\n"          # line 6: other name
    )


def test_import_with_bad_rows_exits_1(aws, tmp_path, people):
    assert run_import(tmp_path, bad_file(people)).exit_code == 1


def test_import_with_bad_rows_writes_nothing(aws, tmp_path, people):
    run_import(tmp_path, bad_file(people))
    assert stored(Enterprise, enterprise_key(GEEL)) is None


def test_import_with_bad_rows_skips_valid_rows(aws, tmp_path, people):
    run_import(tmp_path, bad_file(people))
    assert stored(LegalRepresentative, legal_representative_key(GEEL, people[0].ssin)) is None


@pytest.mark.parametrize("line, column", [
    (3, "enterprise_number"),
    (4, "legal_representative_ssin"),
    (5, "enterprise_name"),
    (6, "enterprise_name"),
])
def test_import_reports_bad_row_by_line_and_column(aws, tmp_path, people, line, column):
    result = run_import(tmp_path, bad_file(people))
    assert f"line {line}, column {column}:" in result.output


def test_import_reports_inconsistent_name_with_first_line(aws, tmp_path, people):
    result = run_import(tmp_path, bad_file(people))
    assert "'OCMW Gheel' here but 'OCMW Geel' on line 2" in result.output


def test_import_reports_inconsistent_address(aws, tmp_path, people):
    content = (f"0409667028,OCMW Geel,Kerkstraat 1,{people[0].ssin}\n"
               f"0409667028,OCMW Geel,Kerkstraat 2,{people[1].ssin}\n")
    result = run_import(tmp_path, content)
    assert "line 2, column address:" in result.output


def test_import_with_bad_rows_prints_no_ssin(aws, tmp_path, people):
    output = run_import(tmp_path, bad_file(people)).output
    wrong = corrupted(people[2].ssin)
    assert not any(text in output for person in people for text in (person.ssin, format_ssin(person.ssin)))
    assert wrong not in output


def test_import_with_bad_rows_says_nothing_imported(aws, tmp_path, people):
    result = run_import(tmp_path, bad_file(people))
    assert "Nothing imported: 4 problems in 5 rows." in result.output


def test_import_row_with_missing_field_is_reported(aws, tmp_path, people):
    result = run_import(tmp_path, f"0409667028,OCMW Geel,Kerkstraat 1, 2440 Geel,{people[0].ssin}\n")
    assert "line 1: expected 4 fields" in result.output


def test_import_row_with_missing_field_exits_1(aws, tmp_path, people):
    result = run_import(tmp_path, f"0409667028;OCMW Geel;{people[0].ssin}\n0409667028;OCMW Geel;x;y\n")
    assert result.exit_code == 1


def test_import_header_without_ssin_column_exits_1(aws, tmp_path, people):
    result = run_import(tmp_path, "ondernemingsnummer;naam;adres\n0409667028;OCMW Geel;Kerkstraat 1\n")
    assert "the header has no column for legal_representative_ssin" in result.output


def test_import_header_without_ssin_column_reports_only_header(aws, tmp_path):
    result = run_import(tmp_path, "ondernemingsnummer;naam;adres\n0409667028;OCMW Geel;Kerkstraat 1\n")
    assert "Nothing imported: 1 problem in 0 rows." in result.output


def test_import_empty_file_exits_1(aws, tmp_path):
    result = run_import(tmp_path, "enterprise_number,enterprise_name,address,legal_representative_ssin\n")
    assert result.exit_code == 1


def test_import_missing_ssin_is_reported(aws, tmp_path):
    result = run_import(tmp_path, "0409667028,OCMW Geel,Kerkstraat 1,\n")
    assert "line 1, column legal_representative_ssin: the SSIN is empty" in result.output


# --replace


def test_replace_removes_representative_no_longer_listed(aws, tmp_path, good_file, people):
    run_import(tmp_path, good_file)
    without_jan = "\n".join(line for line in good_file.splitlines() if people[1].ssin not in line) + "\n"
    run_import(tmp_path, without_jan, "--replace")
    assert representatives(GEEL) == [people[0].ssin]


def test_replace_prints_removed_representative_masked(aws, tmp_path, good_file, people):
    run_import(tmp_path, good_file)
    without_jan = "\n".join(line for line in good_file.splitlines() if people[1].ssin not in line) + "\n"
    result = run_import(tmp_path, without_jan, "--replace")
    assert f"Removed legal representative {mask_ssin(people[1].ssin)} of enterprise 0409.667.028." in result.output


def test_replace_keeps_enterprises_not_in_file(aws, tmp_path, good_file, people):
    run_import(tmp_path, good_file)
    only_geel = "\n".join(line for line in good_file.splitlines() if "Mol" not in line) + "\n"
    run_import(tmp_path, only_geel, "--replace")
    assert representatives(MOL) == [people[2].ssin]


def test_import_without_replace_keeps_unlisted_representative(aws, tmp_path, good_file, people):
    run_import(tmp_path, good_file)
    without_jan = "\n".join(line for line in good_file.splitlines() if people[1].ssin not in line) + "\n"
    run_import(tmp_path, without_jan)
    assert len(representatives(GEEL)) == 2


def test_replace_dry_run_removes_nothing(aws, tmp_path, good_file, people):
    run_import(tmp_path, good_file)
    without_jan = "\n".join(line for line in good_file.splitlines() if people[1].ssin not in line) + "\n"
    result = run_import(tmp_path, without_jan, "--replace", "--dry-run")
    assert len(representatives(GEEL)) == 2
    assert "remove 1 legal representative." in result.output


# The register feeds registration


def test_imported_representative_can_register_organisation(client, fas, tmp_path, good_file, people):
    run_import(tmp_path, good_file)
    body = {"enterprise_number": "0409.667.028", "email": "directie@ocmw-geel.example", "phone": "014 56 60 00",
            "main_access_manager": "self", "terms_confirmed": True}
    response = client.http.post("/v1/organisations", headers=fas.headers(people[1]), body=json.dumps(body))
    assert response.json_body["name"] == "OCMW Geel"


def test_removed_representative_cannot_register_organisation(client, fas, tmp_path, good_file, people):
    run_import(tmp_path, good_file)
    without_jan = "\n".join(line for line in good_file.splitlines() if people[1].ssin not in line) + "\n"
    run_import(tmp_path, without_jan, "--replace")
    body = {"enterprise_number": GEEL, "email": "directie@ocmw-geel.example", "phone": "014 56 60 00",
            "main_access_manager": "self", "terms_confirmed": True}
    response = client.http.post("/v1/organisations", headers=fas.headers(people[1]), body=json.dumps(body))
    assert response.json_body["code"] == "not_legal_representative"


def test_service_import_rejects_file_without_writing(aws, people):
    rows = [onboarding.RegisterRow(2, GEEL, "OCMW Geel", "Kerkstraat 1", people[0].ssin),
            onboarding.RegisterRow(3, LIER, "OCMW Lier", "Markt 1", "12345678901")]
    report = onboarding.import_register(rows)
    assert (report.written, stored(Enterprise, enterprise_key(GEEL))) == (False, None)
