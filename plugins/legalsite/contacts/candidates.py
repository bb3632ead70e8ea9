"""Where a text could hold a phone number or an hours phrase: the one cheap scan.

Read first, once per text: digits that start a phone-like run or a time, and the
few hours phrases written without digits ("around the clock"). Calendar dates
("2025-01-01") are passed over. The recognisers (``phones``, ``hours``) consume
what this finds and never scan for candidates themselves; a text with none is
never handed to them. It knows no HTML (``legalsite.html`` walks pages).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from legalsite.text.written_dates import date_run_at, search_outside_dates

# Seven digits in one run of phone punctuation, or three digits then capitals
# ("800-GO-BRITT").
PHONE_HINT = re.compile(r"\d(?:[\d \u00a0().\-/]{5,}\d|\d\d[-./]\d?-?[A-Z]{2})")
# A digit starting a time or a range: "9 AM", "9:00", "18h", "9 Uhr", "9-17",
# "9 to 5", "24/7", "1000 to 1900 hours", "10：00", "9a-5p".
HOURS_HINT = re.compile(
    r"\d(?:\s?[aApP]\.?\s?[mM]\b|[ap]\s?[-–]\s?\d|\s?[:.h：]\s?\d\d|\s?(?:h|hs|hrs|uhr|Uhr|u|uur|hod"
    r"|hodin|godz|H|時)\b|\s?[-–—~〜～/]\s?\d|\s[^\W\d]{1,8}\s\d|\d\s?[/xX]\s?7"
    r"|\d[\s-](?:hours?|heures|horas|[sS]tunden|ore|uur|timer)"
    r"|\d{3}\s?(?:(?:[-–—]|to)\s?\d{4}|hours|hrs|h\b))"
)
# Hours phrases with no digit at all, and the words that end a range without
# one ("6 to midnight").
_DIGIT_FREE_HOURS = (
    "around the clock",
    "round the clock",
    "rund um die uhr",
    "døgnet rundt",
    "dygnet runt",
    "hele døgnet",
    "noon",
    "midnight",
)
_ASCII_DIGITS = "0123456789"
_ASCII_BYTES = bytes(range(128))


@dataclass(frozen=True)
class Candidates:
    """What one text may hold: a phone number, and where hours phrases may start."""

    phones: bool
    hours: tuple[tuple[int, int], ...]

    @property
    def any(self) -> bool:
        """Tell whether a recogniser has anything to read."""
        return self.phones or bool(self.hours)


NOTHING = Candidates(phones=False, hours=())


def scan(text: str, *, digits: list[int] | None = None) -> Candidates:
    """Find the candidates in ``text``.

    ``digits`` (every ASCII digit's position, see ``digit_positions``), when
    given, says the text's page was already found to need no other kind of digit
    and to hold no digit-free hours phrase (``only_ascii_digits_matter``): the
    hints are then tried only there, not by a regex scan of the whole text.

    >>> scan("Call 1 (877) 270-4998, Mon-Fri 9am-5pm").phones
    True
    >>> scan("Updated on 2025-01-01.") == NOTHING
    True
    """
    if digits is None:
        phones = search_outside_dates(PHONE_HINT, text)
        hours = [
            (m.start(), m.end())
            for m in HOURS_HINT.finditer(text)
            if date_run_at(text, m.start()) is None
        ]
    else:
        if not digits:
            return NOTHING
        phones = any(
            PHONE_HINT.match(text, at) and date_run_at(text, at) is None
            for at in digits
        )
        hours = []
        for at in digits:
            m = HOURS_HINT.match(text, at)
            if m and date_run_at(text, at) is None:
                hours.append((m.start(), m.end()))
        return Candidates(phones=phones, hours=tuple(hours))
    lower = text.lower()
    for phrase in _DIGIT_FREE_HOURS:
        at = lower.find(phrase)
        while at >= 0:
            hours.append((at, at + len(phrase)))
            at = lower.find(phrase, at + 1)
    return Candidates(phones=phones, hours=tuple(sorted(hours)))


def mentions_digit_free_hours(text: str) -> bool:
    """Tell whether ``text`` holds one of the few hours phrases without a digit."""
    lower = text.lower()
    return any(phrase in lower for phrase in _DIGIT_FREE_HOURS)


def digit_positions(text: str) -> list[int]:
    """Every ASCII digit's position in ``text``, in order.

    Ten ``str.find`` scans run at memchr speed: on prose with a few numbers this
    is ~10x cheaper than one regex scan.
    """
    found = []
    for digit in _ASCII_DIGITS:
        at = text.find(digit)
        while at >= 0:
            found.append(at)
            at = text.find(digit, at + 1)
    found.sort()
    return found


def only_ascii_digits_matter(html: str) -> bool:
    """Tell whether, in this page, only text with an ASCII digit can hold a contact.

    Phone and hours hints start at a digit, so one cheap substring test per text
    node replaces two regex scans. The exceptions: the digit-free hours phrases,
    digits of other scripts, and character references, which could decode to
    either.
    """
    if "&#" in html or mentions_digit_free_hours(html):
        return False
    if html.isascii():
        return True
    # Only the non-ASCII characters, at C speed: ASCII bytes deleted from UTF-8
    # leave whole multi-byte sequences behind.
    others = html.encode("utf-8", "surrogatepass").translate(None, _ASCII_BYTES)
    return not any(ch.isdigit() for ch in others.decode("utf-8", "surrogatepass"))


def hinted_lines(html: str) -> list[int]:
    """The lines (1-based, in order) on which a phone or hours hint starts.

    For a page where only ASCII digits can start a hint (see
    ``only_ascii_digits_matter``): a policy's hints are a few numbers among
    hundreds of lines of prose, and knowing their lines lets a walk pass over
    every other block unread.
    """
    phone, hours = PHONE_HINT.match, HOURS_HINT.match
    starts = [
        at
        for at in digit_positions(html)
        if (phone(html, at) or hours(html, at)) and date_run_at(html, at) is None
    ]
    lines, line, counted = [], 1, 0
    for start in starts:
        line += html.count("\n", counted, start)
        counted = start
        lines.append(line)
    return lines
