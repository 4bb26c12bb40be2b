"""CSV text in and out for the routing table: header, delimiter, BOM, formula-injection escape.

Knows nothing about routing rows: :func:`decode` turns a file's bytes into text,
:func:`read_records` gives each data record as ``(line, {column: cell})`` plus the problems of
the file's shape (not UTF-8, header, cell count, no rows at all); :func:`write_records` writes
an escaped CSV. Problems never carry a cell's text (it may be personal data pasted by
mistake): only a line, a column name and a stable code.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Sequence
from enum import StrEnum

from pydantic import BaseModel, ConfigDict

from fieldapp.domain.errors import ErrorCode

_FORMULA = re.compile(r"^'*[=+\-@\t\r]")  # a cell that gets a quote on export
_QUOTED = re.compile(r"^'+[=+\-@\t\r]")  # a cell that got one
_REPLACEMENT = "\ufffd"  # what bytes that were not UTF-8 decode to


class CsvProblemCode(StrEnum):
    """Stable codes of :class:`CsvProblem`. Add, never rename."""

    MISSING_COLUMN = "routing.missing_column"
    UNKNOWN_COLUMN = "routing.unknown_column"
    DUPLICATE_COLUMN = "routing.duplicate_column"
    CELL_COUNT = "routing.cell_count"
    MALFORMED_CSV = "routing.malformed_csv"
    TOO_MANY_ROWS = "routing.too_many_rows"
    UNKNOWN_TARGET = "routing.unknown_target"
    ADVICE_ONLY_TARGET = "routing.advice_only_target"
    BAD_POSTCODE = "routing.bad_postcode"
    BAD_HOUSE_RANGE = "routing.bad_house_range"
    EMPTY_AREA = "routing.empty_area"
    BAD_AREA = "routing.bad_area"
    BSN_IN_AREA = ErrorCode.BSN_IN_TEXT.value
    BAD_RECIPIENT = "routing.bad_recipient"
    OVERLAP = "routing.overlap"
    UNKNOWN_TEAM = "routing.unknown_team"
    NOT_UTF8 = "routing.not_utf8"
    EMPTY_TABLE = "routing.empty_table"
    TEAM_OF_OTHER_TARGET = "routing.team_of_other_target"
    NUL_IN_CELL = ErrorCode.NUL_IN_TEXT.value


class CsvProblem(BaseModel):
    """Where a CSV is wrong: 1-based file line, column name and a :class:`CsvProblemCode` value.

    ``column`` is ``""`` for a whole-row problem (cell count, overlap, too many rows, malformed
    CSV) and ``"#7"`` (the 1-based position, never the text) for an unknown header cell.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    line: int
    column: str
    code: str


def problem(line: int, column: str, code: CsvProblemCode) -> CsvProblem:
    return CsvProblem(line=line, column=column, code=code.value)


def escape_cell(cell: str) -> str:
    """OWASP: a cell starting with ``= + - @``, tab or CR gets a leading ``'``.

    So does a cell of quotes followed by one of those, which makes :func:`unescape_cell` an
    exact inverse while ``'s-Hertogenbosch`` is left alone in both directions.
    """
    return "'" + cell if _FORMULA.match(cell) else cell


def unescape_cell(cell: str) -> str:
    return cell[1:] if _QUOTED.match(cell) else cell


def decode(data: bytes) -> str:
    """A file's text: UTF-8, with or without a BOM (Excel's "CSV UTF-8" writes one).

    Never raises: bytes that are not UTF-8 (Latin-1, UTF-16) become U+FFFD, which
    :func:`read_records` reports as ``routing.not_utf8`` at its line.
    """
    return data.decode("utf-8-sig", errors="replace")


def _not_utf8(text: str) -> CsvProblem | None:
    """U+FFFD anywhere (bytes that were not UTF-8), or a NUL before the first line end (a
    UTF-16 or UTF-32 file read as UTF-8: every other byte of its header is NUL)."""
    header_end = min((i for i in (text.find("\n"), text.find("\r")) if i >= 0), default=len(text))
    at = text.find(_REPLACEMENT)
    if at < 0 and "\x00" in text[:header_end]:
        at = text.index("\x00")
    if at < 0:
        return None
    line = 1 + text.count("\n", 0, at) + text.count("\r", 0, at) - text.count("\r\n", 0, at)
    return problem(line, "", CsvProblemCode.NOT_UTF8)


def write_records(columns: Sequence[str], records: Iterable[Sequence[str]]) -> str:
    """A comma-delimited CSV (CRLF line ends, minimal quoting) with escaped cells."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(columns)
    for record in records:
        writer.writerow(escape_cell(cell) for cell in record)
    return out.getvalue()


def _header(
    cells: Sequence[str], columns: Sequence[str], line: int
) -> tuple[dict[str, int], list[CsvProblem]]:
    positions: dict[str, int] = {}
    problems: list[CsvProblem] = []
    for index, cell in enumerate(cells):
        name = cell.strip().lower()
        if name not in columns:
            problems.append(problem(line, f"#{index + 1}", CsvProblemCode.UNKNOWN_COLUMN))
        elif name in positions:
            problems.append(problem(line, name, CsvProblemCode.DUPLICATE_COLUMN))
        else:
            positions[name] = index
    problems += [
        problem(line, n, CsvProblemCode.MISSING_COLUMN) for n in columns if n not in positions
    ]
    return positions, problems


def read_records(
    text: str, columns: Sequence[str], max_rows: int
) -> tuple[list[tuple[int, dict[str, str]]], list[CsvProblem]]:
    """The data records of ``text`` with the 1-based file line each starts on.

    The first non-blank record is the header: every name of ``columns`` exactly once, in any
    order and case, nothing else (else no records are read). The delimiter is ``;`` (Dutch
    Excel) or ``,``, whichever the header line holds more of. A BOM is dropped, blank records
    (also ``;;;;;``) are skipped, cells are stripped and :func:`unescape_cell`-ed. More than
    ``max_rows`` records stop reading with ``too_many_rows``; a header without any record is
    ``empty_table`` (at the header's line). Text that is not what a UTF-8 file decodes to
    (see :func:`_not_utf8`) is only ``not_utf8``, at the first line where it shows.
    """
    text = text.removeprefix("\ufeff")
    not_utf8 = _not_utf8(text)
    if not_utf8 is not None:
        return [], [not_utf8]
    first = next((part for part in text.splitlines() if part.strip()), "")
    delimiter = ";" if first.count(";") > first.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    records: list[tuple[int, dict[str, str]]] = []
    problems: list[CsvProblem] = []
    positions: dict[str, int] | None = None
    width = count = 0
    line = header_line = 1
    try:
        for cells in reader:
            start, line = line, reader.line_num + 1
            if not any(cell.strip() for cell in cells):
                continue
            if positions is None:
                positions, problems = _header(cells, columns, start)
                if problems:
                    return [], problems
                width, header_line = len(cells), start
                continue
            count += 1
            if count > max_rows:
                problems.append(problem(start, "", CsvProblemCode.TOO_MANY_ROWS))
                break
            if len(cells) != width:
                problems.append(problem(start, "", CsvProblemCode.CELL_COUNT))
            else:
                cell = {name: unescape_cell(cells[i].strip()) for name, i in positions.items()}
                records.append((start, cell))
    except csv.Error:
        problems.append(problem(line, "", CsvProblemCode.MALFORMED_CSV))
    if positions is None:
        return [], problems + _header([], columns, 1)[1]
    if count == 0 and not problems:
        problems.append(problem(header_line, "", CsvProblemCode.EMPTY_TABLE))
    return records, problems
