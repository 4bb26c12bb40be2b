"""The routing table: postcode + house number -> area -> team, from a coordinator's CSV.

Covers resolution (a postcode split over two teams by house number; full postcode beats
4-digit area beats "*"), every CSV problem code with its file line, delimiters and BOM, the
formula-injection escape and its exact round trip, overlaps, and that problems never repeat
a cell's text. Property tests compare against naive oracles written here.
"""

from __future__ import annotations

import csv
import inspect
import io

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from fieldapp.domain.bsn import contains_bsn
from fieldapp.domain.client import Address
from fieldapp.domain.targets import ADVICE_ONLY, Target
from sync_server.routing.csv_codec import escape_cell, unescape_cell
from sync_server.routing.table import (
    CSV_COLUMNS,
    MAX_ROWS,
    CsvProblem,
    CsvProblemCode,
    RoutingRow,
    diff,
    find_overlaps,
    parse_csv,
    resolve,
    sort_rows,
    to_csv,
)

HEADER = ",".join(CSV_COLUMNS)
ROUTING_TARGETS = tuple(target for target in Target if target not in ADVICE_ONLY)
FULL_POSTCODES = ("1091 AB", "1091 AC", "1092 AA")
POSTCODE_KEYS = (*FULL_POSTCODES, "1091", "1092", "*")
CANARY = "Canary Jansen 06-98765432"
FORMULA_STARTS = ("=", "+", "-", "@")


def row(
    postcode: str,
    house_from: int | None,
    house_to: int | None,
    recipient_id: str,
    *,
    target: Target = Target.BUURTTEAM,
    area: str = "Oost - Dapperbuurt",
) -> RoutingRow:
    return RoutingRow(
        target=target,
        postcode=postcode,
        house_from=house_from,
        house_to=house_to,
        area=area,
        recipient_id=recipient_id,
    )


def codes(problems: list[CsvProblem]) -> list[tuple[int, str, str]]:
    return [(item.line, item.column, item.code) for item in problems]


SPLIT = [
    row("1091 AB", 1, 20, "buurtteam:oost-1"),
    row("1091 AB", 21, 99, "buurtteam:oost-2", area="Oost - Oosterparkbuurt"),
]


# --- resolve -------------------------------------------------------------------------------


def test_one_postcode_two_teams_split_by_house_number() -> None:
    assert SPLIT[0] == resolve(SPLIT, Target.BUURTTEAM, "1091 AB", 1)
    assert SPLIT[0] == resolve(SPLIT, Target.BUURTTEAM, "1091 AB", 20)
    assert SPLIT[1] == resolve(SPLIT, Target.BUURTTEAM, "1091 AB", 21)
    assert SPLIT[1] == resolve(SPLIT, Target.BUURTTEAM, "1091ab", 99)
    assert resolve(SPLIT, Target.BUURTTEAM, "1091 AB", 100) is None


def test_full_postcode_beats_area_beats_star() -> None:
    star = row("*", None, None, "buurtteam:centraal")
    area = row("1091", None, None, "buurtteam:oost")
    full = row("1091 AB", 1, 20, "buurtteam:oost-1")
    table = [star, area, full]
    for rows in (table, table[::-1]):
        assert resolve(rows, Target.BUURTTEAM, "1091 AB", 20) == full
        # the full postcode's range does not hold 21: fall back to the 4-digit area
        assert resolve(rows, Target.BUURTTEAM, "1091 AB", 21) == area
        assert resolve(rows, Target.BUURTTEAM, "1091 XY", 5) == area
        assert resolve(rows, Target.BUURTTEAM, "2000 AA", 5) == star


def test_no_match_is_none() -> None:
    assert resolve([], Target.BUURTTEAM, "1091 AB", 1) is None
    assert resolve(SPLIT, Target.SCHULDHULP, "1091 AB", 1) is None
    assert resolve(SPLIT, Target.BUURTTEAM, "1091 AC", 1) is None
    assert resolve(SPLIT, Target.BUURTTEAM, "1092 AB", 1) is None


def test_open_house_bounds() -> None:
    rows = [row("1091 AB", None, 10, "buurtteam:a"), row("1091 AB", 11, None, "buurtteam:b")]
    assert resolve(rows, Target.BUURTTEAM, "1091 AB", 1) == rows[0]
    assert resolve(rows, Target.BUURTTEAM, "1091 AB", 10) == rows[0]
    assert resolve(rows, Target.BUURTTEAM, "1091 AB", 11) == rows[1]
    assert resolve(rows, Target.BUURTTEAM, "1091 AB", 99999) == rows[1]


@pytest.mark.parametrize("postcode", ["1091", "*", "0091 AB", "1091 A", "", "1091 ABC"])
def test_resolve_needs_a_full_postcode(postcode: str) -> None:
    with pytest.raises(ValueError, match=r"routing\.bad_postcode"):
        resolve(SPLIT, Target.BUURTTEAM, postcode, 1)


# --- the row model -------------------------------------------------------------------------


@pytest.mark.parametrize("target", sorted(ADVICE_ONLY))
def test_advice_only_targets_are_refused(target: Target) -> None:
    with pytest.raises(ValidationError) as caught:
        row("1091 AB", 1, 20, "buurtteam:oost-1", target=target)
    assert [error["type"] for error in caught.value.errors()] == ["routing.advice_only_target"]
    text = f"{target.value},1091 AB,1,20,Oost,buurtteam:oost-1"
    rows, problems = parse_csv(f"{HEADER}\n{text}\n")
    assert rows == []
    assert codes(problems) == [(2, "target", "routing.advice_only_target")]


@pytest.mark.parametrize(
    ("spelling", "key"),
    [("1091ab", "1091 AB"), (" 1091 ab ", "1091 AB"), ("1091  AB", "1091 AB"), ("1091", "1091")],
)
def test_postcode_keys_are_normalised(spelling: str, key: str) -> None:
    assert row(spelling, None, None, "buurtteam:x").postcode == key


@given(
    digits=st.integers(1000, 9999),
    letters=st.text(alphabet="abcdeXYZ", min_size=2, max_size=2),
    space=st.sampled_from(["", " "]),
)
def test_full_postcodes_normalise_like_an_address(digits: int, letters: str, space: str) -> None:
    spelling = f"{digits}{space}{letters}"
    address = Address(postcode=spelling, house_number=1)
    assert row(spelling, None, None, "buurtteam:x").postcode == address.postcode


# --- CSV problems, each with its line ----------------------------------------------------

BAD_ROWS = [
    ("kapper,1091 AB,1,20,Oost,buurtteam:x", "target", "routing.unknown_target"),
    ("gp,1091 AB,1,20,Oost,buurtteam:x", "target", "routing.advice_only_target"),
    ("buurtteam,1091 A,1,20,Oost,buurtteam:x", "postcode", "routing.bad_postcode"),
    ("buurtteam,0091 AB,1,20,Oost,buurtteam:x", "postcode", "routing.bad_postcode"),
    ("buurtteam,109,1,20,Oost,buurtteam:x", "postcode", "routing.bad_postcode"),
    ("buurtteam,1091 AB,een,20,Oost,buurtteam:x", "house_from", "routing.bad_house_range"),
    ("buurtteam,1091 AB,0,20,Oost,buurtteam:x", "house_from", "routing.bad_house_range"),
    ("buurtteam,1091 AB,-1,20,Oost,buurtteam:x", "house_from", "routing.bad_house_range"),
    ("buurtteam,1091 AB,1,100000,Oost,buurtteam:x", "house_to", "routing.bad_house_range"),
    ("buurtteam,1091 AB,1,2.5,Oost,buurtteam:x", "house_to", "routing.bad_house_range"),
    ("buurtteam,1091 AB,21,20,Oost,buurtteam:x", "house_to", "routing.bad_house_range"),
    ("buurtteam,1091 AB,1,20,,buurtteam:x", "area", "routing.empty_area"),
    ("buurtteam,1091 AB,1,20,   ,buurtteam:x", "area", "routing.empty_area"),
    (f"buurtteam,1091 AB,1,20,{'x' * 81},buurtteam:x", "area", "routing.bad_area"),
    ('buurtteam,1091 AB,1,20,"Oost\nWest",buurtteam:x', "area", "routing.bad_area"),
    ("buurtteam,1091 AB,1,20,Oost 111222333,buurtteam:x", "area", "domain.bsn_in_text"),
    ("buurtteam,1091 AB,1,20,Oost,Buurtteam:X", "recipient_id", "routing.bad_recipient"),
    ("buurtteam,1091 AB,1,20,Oost,bt", "recipient_id", "routing.bad_recipient"),
    ("buurtteam,1091 AB,1,20,Oost,buurt team", "recipient_id", "routing.bad_recipient"),
    (f"buurtteam,1091 AB,1,20,Oost,{'a' * 121}", "recipient_id", "routing.bad_recipient"),
    ("buurtteam,1091 AB,1,20,Oost", "", "routing.cell_count"),
    ("buurtteam,1091 AB,1,20,Oost,buurtteam:x,extra", "", "routing.cell_count"),
]


@pytest.mark.parametrize(("bad", "column", "code"), BAD_ROWS)
def test_each_row_problem_has_its_line_and_column(bad: str, column: str, code: str) -> None:
    text = "\n".join(
        [
            HEADER,
            "buurtteam,1091 AB,1,20,Oost,buurtteam:oost-1",  # line 2
            "",  # line 3: blank, skipped but counted
            'buurtteam,1092 AA,,,"Oost\r\nWest",buurtteam:x',  # lines 4-5: one record
            bad,  # line 6
            "schuldhulp,*,,,Amsterdam,schuldhulp:amsterdam",
        ]
    )
    rows, problems = parse_csv(text)
    expected = [(4, "area", "routing.bad_area"), (6, column, code)]
    assert codes(problems) == expected
    assert [item.recipient_id for item in rows] == ["buurtteam:oost-1", "schuldhulp:amsterdam"]
    assert {item.code for item in problems} <= {code.value for code in CsvProblemCode}


def test_every_problem_of_a_row_is_reported() -> None:
    _, problems = parse_csv(f"{HEADER}\nkapper,99,x,,,Nope\n")
    assert codes(problems) == [
        (2, "target", "routing.unknown_target"),
        (2, "postcode", "routing.bad_postcode"),
        (2, "house_from", "routing.bad_house_range"),
        (2, "area", "routing.empty_area"),
        (2, "recipient_id", "routing.bad_recipient"),
    ]


def test_overlaps_are_reported_at_the_later_rows_line() -> None:
    text = "\n".join(
        [
            HEADER,
            "buurtteam,1091 AB,1,20,Oost,buurtteam:oost-1",
            "buurtteam,1091ab,21,,Oost,buurtteam:oost-2",  # touches, does not overlap
            "schuldhulp,1091 AB,1,20,Oost,schuldhulp:amsterdam",  # other target: fine
            "buurtteam,1091,1,20,Oost,buurtteam:oost",  # other postcode key: fine
            "",
            "buurtteam,1091 AB,20,20,Oost,buurtteam:oost-3",  # line 7: overlaps line 2
            "buurtteam,1091 AB,1,20,Oost,buurtteam:oost-1",  # line 8: a duplicate of line 2
        ]
    )
    rows, problems = parse_csv(text)
    assert len(rows) == 6
    assert codes(problems) == [(7, "", "routing.overlap"), (8, "", "routing.overlap")]


def test_find_overlaps_line_numbers() -> None:
    rows = [*SPLIT, row("1091 AB", 15, 25, "buurtteam:x")]
    assert codes(find_overlaps(rows)) == [(4, "", "routing.overlap")]  # index 2 -> line 4
    assert codes(find_overlaps(rows, lines=[10, 12, 17])) == [(17, "", "routing.overlap")]
    assert find_overlaps(SPLIT) == []
    with pytest.raises(ValueError, match="one entry per row"):
        find_overlaps(rows, lines=[2, 3])


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("target,postcode,house_from,area,recipient_id", [(1, "house_to", "missing_column")]),
        (f"{HEADER},opmerking", [(1, "#7", "unknown_column")]),
        (f"{HEADER},Target", [(1, "target", "duplicate_column")]),
        (f"{HEADER},", [(1, "#7", "unknown_column")]),
    ],
)
def test_header_problems(header: str, expected: list[tuple[int, str, str]]) -> None:
    rows, problems = parse_csv(f"\n{header}\nbuurtteam,1091 AB,1,20,Oost,buurtteam:x\n")
    assert rows == []
    assert codes(problems) == [(line + 1, c, f"routing.{code}") for line, c, code in expected]


@pytest.mark.parametrize("text", ["", "\ufeff", "\n\n", ";;;;;\r\n"])
def test_an_empty_file_misses_every_column(text: str) -> None:
    assert parse_csv(text) == (
        [],
        [CsvProblem(line=1, column=c, code="routing.missing_column") for c in CSV_COLUMNS],
    )


def test_header_order_and_case_are_free() -> None:
    text = (
        "Recipient_ID;AREA;house_to;house_from;Postcode;target\n"
        "buurtteam:x;Oost;20;1;1091ab;buurtteam"
    )
    rows, problems = parse_csv(text)
    assert problems == []
    assert rows == [row("1091 AB", 1, 20, "buurtteam:x", area="Oost")]


def test_too_many_rows() -> None:
    assert MAX_ROWS == 100_000
    assert inspect.signature(parse_csv).parameters["max_rows"].default == MAX_ROWS
    lines = [f"buurtteam,1091 AB,{n},{n},Oost,buurtteam:x" for n in range(1, 5)]
    rows, problems = parse_csv("\n".join([HEADER, *lines[:3], "", lines[3]]), max_rows=3)
    assert len(rows) == 3
    assert codes(problems) == [(6, "", "routing.too_many_rows")]
    assert parse_csv("\n".join([HEADER, *lines[:3]]), max_rows=3)[1] == []


def test_malformed_csv() -> None:
    text = f"{HEADER}\nbuurtteam,1091 AB,1,20,Oost,buurtteam:x\nbuurtteam,{'9' * 200_000}\n"
    rows, problems = parse_csv(text)
    assert len(rows) == 1
    assert codes(problems) == [(3, "", "routing.malformed_csv")]


# --- delimiters, BOM, blank lines --------------------------------------------------------

EXPECTED = [
    row("1091 AB", 1, 20, "buurtteam:oost-1", area="Oost - Dapperbuurt"),
    row("1091 AB", 21, None, "buurtteam:oost-2", area="Oost, Oosterpark"),
]


@pytest.mark.parametrize(
    "text",
    [
        f"{HEADER}\n"
        "buurtteam,1091AB,1,20,Oost - Dapperbuurt,buurtteam:oost-1\n"
        'buurtteam,1091 ab,21,,"Oost, Oosterpark",buurtteam:oost-2\n',
        "target;postcode;house_from;house_to;area;recipient_id\r\n"
        "buurtteam;1091AB;1;20;Oost - Dapperbuurt;buurtteam:oost-1\r\n"
        ";;;;;\r\n"
        "buurtteam;1091 ab;21;;Oost, Oosterpark;buurtteam:oost-2\r\n",
        "\ufefftarget;postcode;house_from;house_to;area;recipient_id\r\n"
        "buurtteam; 1091 AB ; 1 ; 20 ; Oost - Dapperbuurt ;buurtteam:oost-1\r\n"
        "\r\n"
        'buurtteam;1091AB;21;;"Oost, Oosterpark";buurtteam:oost-2',
        "\ufeff\n\n" + HEADER.upper() + "\n\n"
        "BUURTTEAM,1091AB,1,20,Oost - Dapperbuurt,buurtteam:oost-1\n"
        'buurtteam,1091AB,21,,"Oost, Oosterpark",buurtteam:oost-2\n\n',
    ],
    ids=["comma", "semicolon-excel", "bom-semicolon", "blank-lines-uppercase"],
)
def test_delimiters_bom_and_blank_lines(text: str) -> None:
    assert parse_csv(text) == (EXPECTED, [])


def test_bom_does_not_spoil_the_first_column_name() -> None:
    rows, problems = parse_csv("\ufeff" + HEADER + "\nbuurtteam,1091 AB,,,Oost,buurtteam:x")
    assert problems == []
    assert rows == [row("1091 AB", None, None, "buurtteam:x", area="Oost")]


# --- export and formula injection ---------------------------------------------------------


def _cells(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text, newline="")))


def test_formula_cells_are_exported_with_a_quote_and_round_trip() -> None:
    rows = [
        row("1091 AB", 1, 1, "buurtteam:a", area='=HYPERLINK("http://x","klik")'),
        row("1091 AB", 2, 2, "buurtteam:b", area="+31 20 123"),
        row("1091 AB", 3, 3, "buurtteam:c", area="-Oost"),
        row("1091 AB", 4, 4, "buurtteam:d", area="@SUM(A1)"),
        row("1091 AB", 5, 5, "-buurtteam:e", area="'s-Hertogenbosch"),
        row("1091 AB", 6, 6, "buurtteam:f", area="'=already quoted"),
    ]
    text = to_csv(rows)
    cells = _cells(text)
    assert cells[0] == list(CSV_COLUMNS)
    areas = [line[4] for line in cells[1:]]
    assert areas == [
        '\'=HYPERLINK("http://x","klik")',
        "'+31 20 123",
        "'-Oost",
        "'@SUM(A1)",
        "'s-Hertogenbosch",
        "''=already quoted",
    ]
    assert cells[5][5] == "'-buurtteam:e"
    for line in cells:
        for cell in line:
            assert not cell.startswith((*FORMULA_STARTS, "\t", "\r"))
    assert parse_csv(text) == (rows, [])


@given(st.text())
def test_escape_is_safe_and_exactly_undone(cell: str) -> None:
    escaped = escape_cell(cell)
    assert not escaped.startswith((*FORMULA_STARTS, "\t", "\r"))
    assert unescape_cell(escaped) == cell


def test_export_is_sorted_and_deterministic() -> None:
    rows = [
        row("1091 AB", 21, 99, "buurtteam:oost-2"),
        row("*", None, None, "schuldhulp:amsterdam", target=Target.SCHULDHULP),
        row("1091", None, None, "buurtteam:oost"),
        row("1091 AB", 1, 20, "buurtteam:oost-1"),
        row("*", None, None, "buurtteam:centraal"),
    ]
    text = to_csv(rows)
    assert text == to_csv(rows[::-1])
    assert text.endswith("\r\n")
    assert [line[5] for line in _cells(text)[1:]] == [
        "buurtteam:centraal",
        "buurtteam:oost",
        "buurtteam:oost-1",
        "buurtteam:oost-2",
        "schuldhulp:amsterdam",
    ]


# --- canary: problems never repeat a cell -------------------------------------------------


def test_problems_never_contain_the_cell_text() -> None:
    canary = CANARY
    # a header cell with a canary: an unknown column, reported by position only
    header_problems = parse_csv(f"{HEADER},{canary}\nbuurtteam,1091 AB,1,2,a,bbb,{canary}")[1]
    cells = [
        f"{canary},1091 AB,1,20,Oost,buurtteam:x",
        f"buurtteam,{canary},1,20,Oost,buurtteam:x",
        f"buurtteam,1091 AB,{canary},20,Oost,buurtteam:x",
        f"buurtteam,1091 AB,1,{canary},Oost,buurtteam:x",
        f"buurtteam,1091 AB,1,20,{canary * 5},buurtteam:x",
        f"buurtteam,1091 AB,1,20,{canary} 111222333,buurtteam:x",
        f"buurtteam,1091 AB,1,20,Oost,{canary}",
        f"buurtteam,{canary}",
        f"buurtteam,1091 AB,1,20,{canary},buurtteam:x",
        f"buurtteam,1091 AB,1,20,{canary},buurtteam:x",  # an overlap
    ]
    row_problems = parse_csv("\n".join([HEADER, *cells]))[1]
    assert len(header_problems) == 1
    assert len(row_problems) == 9
    for problems in (header_problems, row_problems):
        for item in problems:
            assert canary not in repr(item)
            assert canary not in item.model_dump_json()
            assert "Jansen" not in str(item.model_dump())
    with pytest.raises(ValidationError) as caught:
        row(canary, 1, 20, canary, area=canary * 5)
    assert "Jansen" not in str(caught.value)


# --- diff ----------------------------------------------------------------------------------


def test_diff_for_a_coordinators_preview() -> None:
    old = [*SPLIT, row("1092 AA", None, None, "buurtteam:oost")]
    changed = row("1091 AB", 21, 99, "buurtteam:oost-3", area="Oost - Oosterparkbuurt")
    new = [row("*", None, None, "buurtteam:centraal"), SPLIT[0], changed]
    result = diff(old, new)
    assert result.added == (new[0], changed)
    assert result.removed == (SPLIT[1], old[2])
    assert diff(new, new).added == diff(new, new).removed == ()


# --- properties ------------------------------------------------------------------------------

_AREA_TEXT = st.text(
    alphabet=st.one_of(
        st.sampled_from("aZé ,;\"'=+-@1"),
        st.characters(categories=("L", "N", "P", "S", "Zs")),
    ),
    max_size=20,
)
_AREAS = st.builds(
    lambda prefix, body: (prefix + body).strip(),
    st.sampled_from(["", *FORMULA_STARTS, "'", "'=", "''+", "'s-"]),
    _AREA_TEXT,
).filter(lambda area: bool(area) and not contains_bsn(area))
_RECIPIENTS = st.text(alphabet="az09:_-", min_size=3, max_size=12)


@st.composite
def _ranges(draw: st.DrawFn) -> tuple[int | None, int | None]:
    low = draw(st.one_of(st.none(), st.integers(1, 60)))
    high = draw(st.one_of(st.none(), st.integers(low or 1, 60), st.just(99_999)))
    return low, high


@st.composite
def _rows(draw: st.DrawFn) -> RoutingRow:
    low, high = draw(_ranges())
    return RoutingRow(
        target=draw(st.sampled_from(ROUTING_TARGETS[:3])),
        postcode=draw(st.sampled_from(POSTCODE_KEYS)),
        house_from=low,
        house_to=high,
        area=draw(_AREAS),
        recipient_id=draw(_RECIPIENTS),
    )


def _bounds(item: RoutingRow) -> tuple[int, int]:
    return (item.house_from or 1, 99_999 if item.house_to is None else item.house_to)


def _overlap(a: RoutingRow, b: RoutingRow) -> bool:
    (a_low, a_high), (b_low, b_high) = _bounds(a), _bounds(b)
    same_key = (a.target, a.postcode) == (b.target, b.postcode)
    return same_key and a_low <= b_high and b_low <= a_high


def _non_overlapping(rows: list[RoutingRow]) -> list[RoutingRow]:
    kept: list[RoutingRow] = []
    for item in rows:
        if not any(_overlap(item, other) for other in kept):
            kept.append(item)
    return kept


TABLES = st.lists(_rows(), max_size=20).map(_non_overlapping)


@settings(max_examples=100, deadline=None)
@given(TABLES)
def test_csv_round_trip_is_lossless(rows: list[RoutingRow]) -> None:
    if not rows:  # an export of an empty table is not a table to import
        assert codes(parse_csv(to_csv(rows))[1]) == [(1, "", "routing.empty_table")]
        return
    assert parse_csv(to_csv(rows)) == (sort_rows(rows), [])


@st.composite
def _small_rows(draw: st.DrawFn) -> RoutingRow:
    """Few keys and house numbers 1..8: ranges collide, touch and nest often."""
    low = draw(st.one_of(st.none(), st.integers(1, 8)))
    high = draw(st.one_of(st.none(), st.integers(low or 1, 8)))
    target = draw(st.sampled_from(ROUTING_TARGETS[:2]))
    return row(draw(st.sampled_from(("1091 AB", "1091"))), low, high, "abc", target=target)


@pytest.mark.parametrize(
    ("ranges", "expected"),
    [
        ([(5, 10), (1, 5)], [3]),  # touches the earlier start
        ([(1, 5), (5, 10)], [3]),  # touches the earlier end
        ([(1, 4), (5, 10)], []),  # adjacent: no overlap
        ([(1, 10), (5, 20), (1, 3)], [3, 4]),  # the union of earlier ranges counts
        ([(5, 10), (1, 6), (8, 8)], [3, 4]),
        ([(1, 2), (7, 8), (4, 5), (3, 6)], [5]),  # bridges two earlier ranges
        ([(1, 2), (7, 8), (3, 6), (2, 2)], [5]),
        ([(None, 5), (6, None), (99_999, 99_999)], [4]),
        ([(None, None), (30, 40)], [3]),
    ],
)
def test_find_overlaps_cases(
    ranges: list[tuple[int | None, int | None]], expected: list[int]
) -> None:
    rows = [row("1091 AB", low, high, "abc") for low, high in ranges]
    assert [item.line for item in find_overlaps(rows)] == expected


@settings(max_examples=200, deadline=None)
@given(st.lists(_small_rows(), max_size=10))
def test_find_overlaps_matches_a_pairwise_oracle(rows: list[RoutingRow]) -> None:
    expected = [
        index + 2
        for index, item in enumerate(rows)
        if any(_overlap(item, earlier) for earlier in rows[:index])
    ]
    problems = find_overlaps(rows)
    assert [item.line for item in problems] == expected
    assert {(item.column, item.code) for item in problems} <= {("", "routing.overlap")}


def _rank(key: str, postcode: str) -> int:
    return {postcode: 2, postcode[:4]: 1, "*": 0}.get(key, -1)


@settings(max_examples=150, deadline=None)
@given(
    rows=TABLES,
    target=st.sampled_from(ROUTING_TARGETS[:3]),
    postcode=st.sampled_from(FULL_POSTCODES),
    house_number=st.one_of(st.integers(1, 70), st.just(99_999)),
)
def test_resolve_returns_the_most_specific_containing_row(
    rows: list[RoutingRow], target: Target, postcode: str, house_number: int
) -> None:
    containing = [
        item
        for item in rows
        if item.target is target
        and _rank(item.postcode, postcode) >= 0
        and _bounds(item)[0] <= house_number <= _bounds(item)[1]
    ]
    found = resolve(rows, target, postcode, house_number)
    if not containing:
        assert found is None
        return
    assert found is not None
    assert found in containing
    assert all(
        _rank(item.postcode, postcode) <= _rank(found.postcode, postcode) for item in containing
    )
    best = [item for item in containing if item.postcode == found.postcode]
    assert best == [found]  # non-overlapping: exactly one row per specificity contains it
