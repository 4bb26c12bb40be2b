"""Words for the routing page: the problem codes a coordinator cannot read on their own.

The service reports each problem as a code with its line and column
(:class:`~sync_server.routing.csv_codec.CsvProblem`); the page shows the text here
(a gettext msgid, ``%(line)d`` and ``%(column)s`` filled in) and, for other codes, the code
with its line and column. No text repeats a cell of the CSV.
"""

from __future__ import annotations

from collections.abc import Mapping

from fieldapp.i18n.translator import N_
from sync_server.routing.csv_codec import CsvProblemCode

PROBLEM_TEXTS: Mapping[str, str] = {
    CsvProblemCode.NOT_UTF8.value: N_(
        "Line %(line)d: this text did not come from a UTF-8 file. Save the file as UTF-8 "
        "(in Excel: “CSV UTF-8”), open it again and paste the table once more."
    ),
    CsvProblemCode.EMPTY_TABLE.value: N_(
        "The table has a header (line %(line)d) but no rows. An empty routing table is never "
        "used: every referral would become undeliverable."
    ),
    CsvProblemCode.TEAM_OF_OTHER_TARGET.value: N_(
        "Line %(line)d: the team in ‘recipient_id’ does not serve the target of this row. "
        "Name a team of that target."
    ),
    CsvProblemCode.NUL_IN_CELL.value: N_(
        "Line %(line)d, column %(column)s: the cell holds an invisible NUL character. Type it "
        "again."
    ),
}
"""Codes with their own message on the routing page."""
