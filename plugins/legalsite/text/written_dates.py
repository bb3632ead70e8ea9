"""Calendar dates written in digits, which are neither phone numbers nor hours.

A policy's "Effective date: 2025-01-01" looks like a phone number to a cheap
digit-run hint and like a "9-5" time range to the hours hint. phonenumbers and
the hours reader both reject it in the end, but only after the page has been
parsed and the date's paragraph read by the slow matchers. Passing over dates
in the hints keeps pages whose only numbers are dates on the fast path.
"""

from __future__ import annotations

import datetime as dt
import re

# One run of digits and date separators, with the same separator twice.
_NUMERIC_DATE = re.compile(r"(\d{1,4})([-/.])(\d{1,2})\2(\d{1,4})")
_RUN_CHARS = frozenset("0123456789-/.")


def is_calendar_date(run: str) -> bool:
    """Tell whether ``run`` is a whole, real calendar date written in digits.

    Year first ("2025-01-01", "2024/1/5") or last, day or month first
    ("15.01.2024", "01/15/2024", "1/5/24"). Impossible ones ("12-34-5678") are
    not dates, so a number written that way is still read.

    >>> is_calendar_date("2025-01-01"), is_calendar_date("604.270.4998")
    (True, False)
    """
    found = _NUMERIC_DATE.fullmatch(run)
    if found is None:
        return False
    first, _, middle, last = found.groups()
    a, b, c = int(first), int(middle), int(last)
    if len(first) == 4:
        return len(last) <= 2 and 1 <= b <= 12 and 1 <= c <= 31
    if len(first) == 3 or len(last) not in (2, 4):
        return False
    day_month = 1 <= a <= 31 and 1 <= b <= 12
    month_day = 1 <= a <= 12 and 1 <= b <= 31
    return day_month or month_day


def date_run_at(text: str, at: int) -> tuple[int, int] | None:
    """Where the calendar date that the digit at ``at`` belongs to starts and ends.

    None when that digit is in no date. The run is every digit and date
    separator around ``at``; a full stop that ends a sentence ("took effect on
    2025-01-01.") is not part of it.
    """
    start = at
    while start > 0 and text[start - 1] in _RUN_CHARS:
        start -= 1
    end = at
    while end < len(text) and text[end] in _RUN_CHARS:
        end += 1
    run = text[start:end]
    start += len(run) - len(run.lstrip("-/."))
    end -= len(run) - len(run.rstrip("-/."))
    return (start, end) if is_calendar_date(text[start:end]) else None


def search_outside_dates(pattern: re.Pattern[str], text: str) -> bool:
    """Tell whether ``pattern`` matches ``text`` at a digit that is not in a date.

    ``pattern`` must start at a digit. After a match inside a date the search
    goes on after the date's run: any match starting inside it is in the date.
    """
    at = 0
    while (hint := pattern.search(text, at)) is not None:
        date = date_run_at(text, hint.start())
        if date is None:
            return True
        at = date[1]
    return False


_MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def date_words(day: dt.date) -> str:
    """A date in words, day first, as the archive notes write it.

    >>> date_words(dt.date(2025, 3, 5))
    '5 March 2025'
    """
    return f"{day.day} {_MONTHS[day.month - 1]} {day.year}"
