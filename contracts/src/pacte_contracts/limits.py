"""Input limits: the one place that bounds what a request may carry (docs/security.md, "Input limits").

Every command model is built from the field types of `pacte_contracts.types`, which apply these
bounds while a request is read: a route's body and path, each record of `/v1/batch` and each line
of an attendance sheet are refused as malformed (`invalid`, the faulty field named) before any work.
Query and path parameters use the same types. Beyond these bounds a value is not a matter for the
rules (a negative amount, hours over the daily cap, an unknown code are: SCENARIO.md's later stages)
but nonsense or an attack: 10,000-character ids, years 0 and 9999, 2^62 cents, 1e308 hours. Each
bound is far from anything a programme holds, so that no rule's own refusal is ever pre-empted.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Final

#: Ids (tender, lot, order, session, plan, milestone, trainee, trainer...): 1-64 characters, an ASCII
#: letter or digit first, then also `.`, `_`, `:`, `~` or `-` (URL-safe). Ids name resources in URL paths: no `/`, no
#: space, no control character, nothing a path or a log line would read otherwise.
MAX_ID_LENGTH: Final = 64
ID_PATTERN: Final = r"[A-Za-z0-9][A-Za-z0-9._:~-]{0,63}"
ID_RE: Final = re.compile(ID_PATTERN)

#: Reference codes (axis, reason, status...): at most 64 characters; their values are rules.
MAX_CODE_LENGTH: Final = 64

#: Free text (a title, a description, a reason, a comment): at most 2,000 characters, valid Unicode,
#: no control character but tab, line feed and carriage return.
MAX_TEXT_LENGTH: Final = 2000
CONTROL_CHARACTERS: Final = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")

#: Calendar dates, periods and years: from 1900-01-01 to 2199-12-31. A programme and everything it
#: dates (sessions, milestones, outcomes) lies well inside; a date a day past the end still exists.
FIRST_DATE: Final = date(1900, 1, 1)
LAST_DATE: Final = date(2199, 12, 31)

#: Money, per amount: ±10^12 cents (10 billion euros). A million such amounts still add up in a bigint.
MAX_CENTS: Final = 10**12

#: Hours of one declaration (a day's presence, a trainer's day, hours per day): ±1,000. The daily
#: caps (10 h per trainer, the session's hours) are rules, far below.
MAX_HOURS: Final = 1000

#: Whole numbers (counts, capacities, scores, months, amendment numbers): ±10^9.
MAX_COUNT: Final = 10**9

#: Other numbers (a target's threshold): ±10^9, at most 6 decimals.
MAX_NUMBER: Final = 10**9
MAX_NUMBER_DECIMALS: Final = 6

#: Items of one list or mapping of a command (planned days, milestones, members, diagnosis entries).
MAX_ITEMS: Final = 1000

#: JSON bodies nest at most 32 levels (commands nest 4); deeper is refused before it is decoded.
MAX_JSON_DEPTH: Final = 32

#: A cell of an uploaded CSV sheet: at most 200 characters (a line is refused, not the sheet).
MAX_CSV_CELL: Final = 200

#: The text of a back-office sign-in form's fields (user name, password).
MAX_CREDENTIAL_LENGTH: Final = 256
