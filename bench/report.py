"""The table the benchmark prints: one row per measurement, with its ratio, target and result."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable

from bench.timing import Spread


@dataclass(frozen=True)
class Row:
    """One line of the report.

    `ratio` is the ratio of wall times and `cpu_ratio` that of CPU times; both are None for
    rows that only count requests. `result` is `pass` or `miss` of the wall-time ratio (or of
    the request counts) against the target. It is informational and never changes the exit
    status.
    """

    measurement: str
    ratio: Spread | None
    cpu_ratio: Spread | None
    target: str
    result: str
    detail: str
    requests: str


def within(ratio: Spread, maximum: float) -> str:
    return "pass" if ratio.median <= maximum else "miss"


def near_one(ratio: Spread, tolerance: float = 0.2) -> str:
    """Return `pass` when the median ratio is within `tolerance` of 1, else `miss`."""
    return "pass" if abs(ratio.median - 1.0) <= tolerance else "miss"


def milliseconds(seconds: float) -> str:
    return f"{seconds * 1000:.2f} ms"


def format_operations(shapes: Iterable[tuple[tuple[str, int], ...]]) -> str:
    """Format request shapes as `Query 1 + BatchGetItem 1`, joined by ` | ` when rounds differed."""
    texts = []
    for shape in shapes:
        texts.append(" + ".join(f"{operation} {number}" for operation, number in shape) or "none")
    return " | ".join(texts)


def _ratio_text(ratio: Spread | None) -> str:
    if ratio is None:
        return "-"
    return f"{ratio.median:.2f}x"


def _spread_text(ratio: Spread | None) -> str:
    if ratio is None:
        return "-"
    return f"{ratio.low:.2f}-{ratio.high:.2f}"


def render(rows: list[Row]) -> str:
    """Format the rows as a fixed-width table, with the detail and request counts under each row."""
    header = ("measurement", "ratio", "p25-p75", "CPU ratio", "p25-p75", "target", "result")
    cells = [
        (row.measurement, _ratio_text(row.ratio), _spread_text(row.ratio), _ratio_text(row.cpu_ratio),
         _spread_text(row.cpu_ratio), row.target, row.result)
        for row in rows
    ]
    widths = [max(len(header[column]), *(len(cell[column]) for cell in cells)) for column in range(len(header))]

    def line(values: tuple[str, ...]) -> str:
        return "  ".join(value.ljust(width) for value, width in zip(values, widths)).rstrip()

    output = [line(header), line(tuple("-" * width for width in widths))]
    for row, cell in zip(rows, cells):
        output.append(line(cell))
        if row.detail:
            output.append(f"    {row.detail}")
        if row.requests:
            output.append(f"    requests: {row.requests}")
    return "\n".join(output)
