"""The routing table: (target, postcode, house range) -> area and receiving team.

One Dutch postcode can span two neighbourhoods, so a row names a postcode key (a full
postcode ``"1091 AB"``, its four-digit area ``"1091"`` or ``"*"``) plus an inclusive house
range. A coordinator maintains the table as CSV; :func:`parse_csv` reports problems as
:class:`CsvProblem` (line, column, stable code), never with the cell's text: a cell may hold
personal data pasted by mistake. Pure: stdlib, pydantic and ``fieldapp.domain`` only.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from pydantic import BaseModel, ConfigDict, ValidationError, ValidationInfo, field_validator
from pydantic_core import PydanticCustomError

from fieldapp.domain.bsn import contains_bsn
from fieldapp.domain.routing import HOUSE_MAX, HOUSE_MIN, HouseRange, best_route
from fieldapp.domain.targets import ADVICE_ONLY, Target
from sync_server.routing.csv_codec import (
    CsvProblem,
    CsvProblemCode,
    problem,
    read_records,
    write_records,
)

__all__ = [
    "CSV_COLUMNS",
    "MAX_ROWS",
    "CsvProblem",
    "CsvProblemCode",
    "RoutingDiff",
    "RoutingRow",
    "diff",
    "find_overlaps",
    "normalise_postcode_key",
    "parse_csv",
    "resolve",
    "sort_rows",
    "to_csv",
]

CSV_COLUMNS = ("target", "postcode", "house_from", "house_to", "area", "recipient_id")
MAX_ROWS = 100_000
_FULL = re.compile(r"^([1-9][0-9]{3})\s*([A-Z]{2})$")
_AREA4 = re.compile(r"^[1-9][0-9]{3}$")
_HOUSE = re.compile(r"^[0-9]{1,9}$")
_RECIPIENT = re.compile(r"^[a-z0-9:_-]{3,120}$")
_AREA_MAX = 80
_BAD_CHAR = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff]")  # Cc Zl Zp Cs
_CODES = frozenset(code.value for code in CsvProblemCode)


def _refuse(code: CsvProblemCode) -> PydanticCustomError:
    return PydanticCustomError(code.value, "invalid routing cell ({code})", {"code": code.value})


def normalise_postcode_key(value: object) -> str:
    """``"1091ab"`` -> ``"1091 AB"``; ``"1091"`` and ``"*"`` stay; anything else is refused."""
    text = str(value).strip().upper()
    if text == "*" or _AREA4.match(text):
        return text
    match = _FULL.match(text)
    if match is None:
        raise _refuse(CsvProblemCode.BAD_POSTCODE)
    return f"{match.group(1)} {match.group(2)}"


class RoutingRow(HouseRange, BaseModel):
    """One row of the table. ``house_from``/``house_to`` are inclusive; ``None`` is open."""

    model_config = ConfigDict(frozen=True, extra="forbid", hide_input_in_errors=True)

    target: Target
    postcode: str
    house_from: int | None = None
    house_to: int | None = None
    area: str
    recipient_id: str

    @field_validator("target", mode="before")
    @classmethod
    def _target(cls, value: object) -> Target:
        try:
            target = Target(str(value).strip().lower())
        except ValueError:
            raise _refuse(CsvProblemCode.UNKNOWN_TARGET) from None
        if target in ADVICE_ONLY:
            raise _refuse(CsvProblemCode.ADVICE_ONLY_TARGET)
        return target

    @field_validator("postcode", mode="before")
    @classmethod
    def _postcode(cls, value: object) -> str:
        return normalise_postcode_key(value)

    @field_validator("house_from", "house_to", mode="before")
    @classmethod
    def _house(cls, value: object, info: ValidationInfo) -> int | None:
        if value is None or (isinstance(value, str) and not value.strip()):
            return None
        if isinstance(value, str) and _HOUSE.match(value.strip()):
            value = int(value.strip())
        if type(value) is not int or not HOUSE_MIN <= value <= HOUSE_MAX:
            raise _refuse(CsvProblemCode.BAD_HOUSE_RANGE)
        low = info.data.get("house_from")
        if info.field_name == "house_to" and low is not None and value < low:
            raise _refuse(CsvProblemCode.BAD_HOUSE_RANGE)
        return value

    @field_validator("area", mode="before")
    @classmethod
    def _area(cls, value: object) -> str:
        text = str(value).strip()
        if not text:
            raise _refuse(CsvProblemCode.EMPTY_AREA)
        if len(text) > _AREA_MAX or _BAD_CHAR.search(text):
            raise _refuse(CsvProblemCode.BAD_AREA)
        if contains_bsn(text):
            raise _refuse(CsvProblemCode.BSN_IN_AREA)
        return text

    @field_validator("recipient_id", mode="before")
    @classmethod
    def _recipient(cls, value: object) -> str:
        text = str(value).strip()
        if not _RECIPIENT.match(text):
            raise _refuse(CsvProblemCode.BAD_RECIPIENT)
        return text


@dataclass(frozen=True)
class RoutingDiff:
    added: tuple[RoutingRow, ...]
    removed: tuple[RoutingRow, ...]


def sort_key(row: RoutingRow) -> tuple[str, str, int, int, str, str]:
    return (row.target.value, row.postcode, row.low, row.high, row.recipient_id, row.area)


def sort_rows(rows: Sequence[RoutingRow]) -> list[RoutingRow]:
    """The deterministic order :func:`to_csv` writes."""
    return sorted(rows, key=sort_key)


def find_overlaps(
    rows: Sequence[RoutingRow], lines: Sequence[int] | None = None
) -> list[CsvProblem]:
    """Rows with the same target and postcode key whose house ranges intersect (ambiguous).

    Each row that intersects any *earlier* row of ``rows`` is reported once, at its line:
    ``lines[i]`` when given (``parse_csv`` passes the file lines), otherwise ``i + 2`` (a
    header on line 1, one row per line). O(n log n) plus list inserts.
    """
    if lines is not None and len(lines) != len(rows):
        raise ValueError("lines must have one entry per row")
    seen: dict[tuple[Target, str], tuple[list[int], list[int]]] = {}
    problems: list[CsvProblem] = []
    for index, row in enumerate(rows):
        starts, ends = seen.setdefault((row.target, row.postcode), ([], []))
        # starts/ends: the union of earlier ranges as sorted, disjoint intervals.
        first = bisect_left(ends, row.low)  # first interval ending at or after our start
        after = bisect_right(starts, row.high)  # intervals from here start after our end
        if first < after:
            line = lines[index] if lines is not None else index + 2
            problems.append(problem(line, "", CsvProblemCode.OVERLAP))
        low = min([row.low, *starts[first:after]])
        high = max([row.high, *ends[first:after]])
        starts[first:after] = [low]
        ends[first:after] = [high]
    return problems


def resolve(
    rows: Sequence[RoutingRow], target: Target, postcode: str, house_number: int
) -> RoutingRow | None:
    """The most specific row containing the address: full postcode, then 4-digit area, then "*".

    ``postcode`` must be a full postcode (any spelling); a non-postcode raises ``ValueError``.
    In an overlapping table (which :func:`find_overlaps` refuses) the first row wins.
    """
    try:
        full = normalise_postcode_key(postcode)
    except PydanticCustomError:
        raise ValueError(CsvProblemCode.BAD_POSTCODE.value) from None
    if not _FULL.match(full):
        raise ValueError(CsvProblemCode.BAD_POSTCODE.value)
    return best_route(rows, target, full, house_number)


def diff(old: Sequence[RoutingRow], new: Sequence[RoutingRow]) -> RoutingDiff:
    """Rows only in ``new`` (added) and only in ``old`` (removed), in :func:`sort_rows` order."""
    old_set, new_set = set(old), set(new)
    return RoutingDiff(
        added=tuple(sort_rows([row for row in new_set if row not in old_set])),
        removed=tuple(sort_rows([row for row in old_set if row not in new_set])),
    )


def to_csv(rows: Sequence[RoutingRow]) -> str:
    """Header plus rows in :func:`sort_rows` order, comma-delimited, CRLF line ends.

    Cells that a spreadsheet would run as a formula get a leading ``'`` (see
    :func:`~sync_server.routing.csv_codec.escape_cell`); :func:`parse_csv` removes exactly it.
    """
    return write_records(
        CSV_COLUMNS,
        (
            (
                row.target.value,
                row.postcode,
                "" if row.house_from is None else str(row.house_from),
                "" if row.house_to is None else str(row.house_to),
                row.area,
                row.recipient_id,
            )
            for row in sort_rows(rows)
        ),
    )


def _team_problem(row: RoutingRow, teams: Mapping[str, Target] | None) -> CsvProblemCode | None:
    if teams is None:
        return None
    if row.recipient_id not in teams:
        return CsvProblemCode.UNKNOWN_TEAM
    if teams[row.recipient_id] != row.target:
        return CsvProblemCode.TEAM_OF_OTHER_TARGET
    return None


def parse_csv(
    text: str, *, max_rows: int = MAX_ROWS, teams: Mapping[str, Target] | None = None
) -> tuple[list[RoutingRow], list[CsvProblem]]:
    """Rows and problems of a coordinator's CSV; import only when ``problems`` is empty.

    Shape (header, ``;`` or ``,``, BOM, blank lines, escape) as in
    :func:`~sync_server.routing.csv_codec.read_records`; postcodes in any spelling are
    normalised and empty house cells are open bounds. Every problem has the 1-based file line
    its record starts on; problems are sorted by line. Valid rows come back in file order even
    when others have problems; overlaps among them are reported by :func:`find_overlaps` with
    their file lines (the later row of a pair is the one reported). A cell with a NUL
    character is ``domain.nul_in_text`` at its column. With ``teams`` (recipient id -> the
    target the team serves), a row naming another recipient is ``routing.unknown_team`` and a
    row whose team serves another target than the row's is ``routing.team_of_other_target``.
    """
    records, problems = read_records(text, CSV_COLUMNS, max_rows)
    rows: list[RoutingRow] = []
    lines: list[int] = []
    for line, cells in records:
        with_nul = [name for name in CSV_COLUMNS if "\x00" in cells[name]]
        if with_nul:
            problems += [problem(line, name, CsvProblemCode.NUL_IN_CELL) for name in with_nul]
            continue
        try:
            rows.append(RoutingRow.model_validate(cells))
        except ValidationError as error:
            for item in error.errors():
                code = (
                    item["type"] if item["type"] in _CODES else CsvProblemCode.MALFORMED_CSV.value
                )
                column = str(item["loc"][0]) if item["loc"] else ""
                problems.append(CsvProblem(line=line, column=column, code=code))
        else:
            lines.append(line)
            team_problem = _team_problem(rows[-1], teams)
            if team_problem is not None:
                problems.append(problem(line, "recipient_id", team_problem))
    problems += find_overlaps(rows, lines)
    return rows, sorted(problems, key=lambda item: item.line)
