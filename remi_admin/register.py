"""remi-admin commands: the legal-representative register.

`remi-admin register import FILE.csv` reads a CSV extract of the KBO with one row per legal
representative: enterprise number, enterprise name, address and the representative's SSIN.
An enterprise with several representatives has several rows, each with the same name and
address. The file may use `,` or `;` between fields (Belgian Excel writes `;`), may be
UTF-8 (with or without a byte order mark) or Windows-1252, and may start with a header row.

Without a header row the columns are, in this order: enterprise number, enterprise name,
address, SSIN. A header row may name them in English, Dutch or French, in any order, with
any capitals, accents, spaces or dashes. Columns with other names are ignored. The names
are:

- enterprise number: enterprise_number, ondernemingsnummer, kbo_nummer, kbo_nr, kbo,
  numero_d_entreprise (numéro d'entreprise), numero_entreprise, numero_bce, bce
- enterprise name: enterprise_name, naam, benaming, naam_onderneming, nom, denomination,
  nom_de_l_entreprise, nom_entreprise
- address: address, adres, adresse
- SSIN: legal_representative_ssin, ssin, insz, rijksregisternummer,
  insz_wettelijke_vertegenwoordiger, niss, niss_representant_legal,
  numero_de_registre_national
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import click

from chalicelib.services.onboarding import RegisterRow, RowProblem

COLUMNS: tuple[str, ...] = ("enterprise_number", "enterprise_name", "address", "legal_representative_ssin")

HEADER_NAMES: dict[str, tuple[str, ...]] = {
    "enterprise_number": (
        "enterprise_number", "ondernemingsnummer", "kbo_nummer", "kbo_nr", "kbo",
        "numero_d_entreprise", "numero_entreprise", "numero_bce", "bce",
    ),
    "enterprise_name": (
        "enterprise_name", "naam", "benaming", "naam_onderneming", "nom", "denomination",
        "nom_de_l_entreprise", "nom_entreprise",
    ),
    "address": ("address", "adres", "adresse"),
    "legal_representative_ssin": (
        "legal_representative_ssin", "ssin", "insz", "rijksregisternummer",
        "insz_wettelijke_vertegenwoordiger", "niss", "niss_representant_legal",
        "numero_de_registre_national",
    ),
}
_COLUMN_BY_HEADER = {name: column for column, names in HEADER_NAMES.items() for name in names}
_NOT_A_WORD = re.compile(r"[^a-z0-9]+")
DELIMITERS = (",", ";")


@dataclass
class ParsedFile:
    """The rows read from a register file, and what made lines unreadable."""

    rows: list[RegisterRow] = field(default_factory=list)
    problems: list[RowProblem] = field(default_factory=list)
    ignored_columns: list[str] = field(default_factory=list)
    has_header: bool = False


def normalize_header(name: str) -> str:
    """`Numéro d'entreprise` -> `numero_d_entreprise`: no accents, lowercase, `_` between words."""
    decomposed = unicodedata.normalize("NFKD", name)
    ascii_only = "".join(character for character in decomposed if not unicodedata.combining(character))
    return _NOT_A_WORD.sub("_", ascii_only.lower()).strip("_")


def decode(data: bytes, encoding: str | None = None) -> str:
    """Decode the file with the given encoding, else UTF-8 (dropping a byte order mark), else Windows-1252."""
    if encoding:
        return data.decode(encoding)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252")


def detect_delimiter(text: str) -> str:
    """`,` or `;`: whichever splits the first non-empty line into more fields."""
    first_line = next((line for line in text.splitlines() if line.strip()), "")
    return max(DELIMITERS, key=lambda delimiter: len(next(csv.reader([first_line], delimiter=delimiter))))


def parse_register(text: str, delimiter: str | None = None) -> ParsedFile:
    """Read register rows from CSV text; see the module docstring for the accepted layouts."""
    parsed = ParsedFile()
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter or detect_delimiter(text))
    positions: dict[str, int] | None = None

    for record in reader:
        line = reader.line_num
        if not any(cell.strip() for cell in record):
            continue
        if positions is None:
            positions = _header_positions(record, line, parsed)
            if parsed.problems:
                # Without every column there is no way to read the rows that follow.
                return parsed
            if parsed.has_header:
                continue
        row = _row(record, line, positions, parsed)
        if row is not None:
            parsed.rows.append(row)
    return parsed


def _header_positions(record: list[str], line: int, parsed: ParsedFile) -> dict[str, int]:
    """Map columns to positions from a header row, or in the fixed order when the first row contains data."""
    names = [normalize_header(cell) for cell in record]
    if not any(name in _COLUMN_BY_HEADER for name in names):
        return {column: position for position, column in enumerate(COLUMNS)}

    parsed.has_header = True
    positions: dict[str, int] = {}
    for position, (cell, name) in enumerate(zip(record, names)):
        column = _COLUMN_BY_HEADER.get(name)
        if column is None:
            parsed.ignored_columns.append(cell.strip())
        elif column in positions:
            parsed.problems.append(RowProblem(line, column, f"the header names column {column} twice"))
        else:
            positions[column] = position
    for column in COLUMNS:
        if column not in positions:
            parsed.problems.append(RowProblem(line, column, f"the header has no column for {column}"))
    return positions


def _row(record: list[str], line: int, positions: dict[str, int], parsed: ParsedFile) -> RegisterRow | None:
    if not parsed.has_header and len(record) != len(COLUMNS):
        parsed.problems.append(RowProblem(
            line, "", f"expected {len(COLUMNS)} fields ({', '.join(COLUMNS)}) but found {len(record)}; "
            "put an address that contains the separator between double quotes"))
        return None
    if parsed.has_header and len(record) <= max(positions.values(), default=0):
        parsed.problems.append(RowProblem(
            line, "", f"expected at least {max(positions.values()) + 1} fields as in the header but found {len(record)}"))
        return None
    return RegisterRow(line=line, **{column: record[positions[column]].strip() for column in COLUMNS})


@click.group("register")
def register() -> None:
    """Manage the legal-representative register: who may register which enterprise."""


@register.command("import")
@click.argument("csv_file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--replace", is_flag=True,
              help="Also remove stored legal representatives of the file's enterprises that the file no longer lists.")
@click.option("--dry-run", is_flag=True, help="Validate and count, but write nothing.")
@click.option("--delimiter", type=click.Choice(DELIMITERS), default=None,
              help="Field separator; by default whichever of , and ; splits the first line into more fields.")
@click.option("--encoding", default=None,
              help="Text encoding, e.g. utf-8 or cp1252; by default UTF-8, else Windows-1252.")
def import_command(csv_file: Path, replace: bool, dry_run: bool, delimiter: str | None, encoding: str | None) -> None:
    """Import the legal-representative register from CSV_FILE.

    The file has one row per legal representative: enterprise number, enterprise name,
    address and SSIN, in that order. Under a header row the columns may come in any order,
    named in English (enterprise_number, enterprise_name, address,
    legal_representative_ssin), Dutch (ondernemingsnummer, benaming or naam, adres, insz or
    rijksregisternummer) or French (numéro d'entreprise, dénomination or nom, adresse, niss).

    Every row is checked first; when any row is invalid, the command lists each problem by
    line number, imports nothing and exits with status 1. Running it again with the same
    file changes nothing but the import time.
    """
    from chalicelib.identifiers import format_enterprise_number
    from chalicelib.services import onboarding
    from chalicelib.store import connection

    try:
        text = decode(csv_file.read_bytes(), encoding)
    except (UnicodeDecodeError, LookupError) as error:
        raise click.ClickException(f"cannot read {csv_file} as {encoding or 'UTF-8 or Windows-1252'}: {error}")
    parsed = parse_register(text, delimiter)
    for column in parsed.ignored_columns:
        click.echo(f"Ignoring column {column!r}: it is not one of the register's columns.")

    if parsed.problems:
        # The rows that could be read are checked too, so one run lists every problem.
        row_problems = onboarding.validate_register(parsed.rows)[1].problems if parsed.rows else []
        _fail(parsed.problems + row_problems, len(parsed.rows))

    connection.bind()
    report = onboarding.import_register(parsed.rows, replace=replace, dry_run=dry_run)
    if not report.valid:
        _fail(report.problems, report.rows)

    if report.duplicate_lines:
        lines = ", ".join(str(line) for line in report.duplicate_lines)
        click.echo(f"Skipped lines {lines}: each repeats an earlier row of the same enterprise and SSIN.")
    verb = "Would remove" if dry_run else "Removed"
    for enterprise_number, masked_ssin in report.removed:
        click.echo(f"{verb} legal representative {masked_ssin} of enterprise {format_enterprise_number(enterprise_number)}.")
    summary = (f"{_count(report.enterprises, 'enterprise')} and "
               f"{_count(report.representatives, 'legal representative')} from {_count(report.rows, 'row')}")
    removed = _count(report.removed_representatives, "legal representative")
    if dry_run:
        click.echo(f"Dry run, nothing written. Would import {summary} and remove {removed}.")
    else:
        click.echo(f"Imported {summary}. Removed {removed}.")


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}" if number == 1 else f"{number} {noun}s"


def _fail(problems: list[RowProblem], row_count: int) -> None:
    from chalicelib.services.onboarding import describe_problem

    for problem in sorted(problems, key=lambda problem: problem.line):
        click.echo(describe_problem(problem), err=True)
    click.echo(f"Nothing imported: {_count(len(problems), 'problem')} in {_count(row_count, 'row')}. "
               "Fix them and run the import again.", err=True)
    raise click.exceptions.Exit(1)


COMMANDS: list[click.Command] = [register]
