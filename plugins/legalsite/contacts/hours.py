"""Support-hours phrases in plain text: where they are and what they mean.

Text in, matches out: day ranges, times and time zones as people write them in
English, French, German and Spanish. It does not touch HTML and knows nothing of
phone numbers; a phrase it cannot read with confidence yields a warning, never a guess.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable
from dataclasses import dataclass

from legalsite.text.written_dates import date_run_at, search_outside_dates

DAYS = ("Mo", "Tu", "We", "Th", "Fr", "Sa", "Su")
HOLIDAYS = "PH"  # public holidays, after the week's days wherever days are listed
_ALL_WEEK = DAYS
_MON_FRI = DAYS[:5]
_DAY_MINUTES = 24 * 60


@dataclass(frozen=True, kw_only=True)
class Zone:
    """A time zone as written: the IANA name and a plain description of it."""

    iana: str
    label: str
    seasonal: bool  # the abbreviation names one season only ("PST", "BST")


@dataclass(frozen=True, kw_only=True)
class TimeMark:
    """One written time inside a phrase and its 24-hour value ("09:00")."""

    start: int
    end: int
    value: str


@dataclass(frozen=True, kw_only=True)
class ZoneMark:
    """The written time zone inside a phrase."""

    start: int
    end: int
    zone: Zone

    @property
    def note(self) -> str:
        """Say what the zone means, e.g. "Pacific Time (America/Los_Angeles)"."""
        return f"{self.zone.label} ({self.zone.iana})"


@dataclass(frozen=True, kw_only=True)
class HoursRule:
    """Open from ``opens`` to ``closes`` ("HH:MM", closes may be "24:00") on days."""

    days: tuple[str, ...]
    opens: str
    closes: str


@dataclass(frozen=True, kw_only=True)
class HoursMatch:
    """A recognised hours phrase: its span, its marks and its meaning."""

    start: int
    end: int
    text: str
    rules: tuple[HoursRule, ...]
    times: tuple[TimeMark, ...]
    zone: ZoneMark | None

    @property
    def opening_hours(self) -> str:
        """The rules in OpenStreetMap ``opening_hours`` form, for the client script.

        >>> HoursMatch(start=0, end=0, text="", times=(), zone=None, rules=(
        ...     HoursRule(days=_MON_FRI, opens="09:00", closes="18:00"),)).opening_hours
        'Mo-Fr 09:00-18:00'
        """
        by_days: dict[tuple[str, ...], list[str]] = {}
        for rule in self.rules:
            by_days.setdefault(rule.days, []).append(f"{rule.opens}-{rule.closes}")
        return "; ".join(
            f"{format_days(days)} {','.join(spans)}" for days, spans in by_days.items()
        )


@dataclass(frozen=True, kw_only=True)
class HoursScan:
    """Everything found in one text: matches and warnings about phrases left alone."""

    matches: tuple[HoursMatch, ...]
    warnings: tuple[str, ...]


def format_days(days: tuple[str, ...]) -> str:
    """Write a day set compactly in week order: ("Mo", .., "Fr") -> "Mo-Fr".

    >>> format_days(("Su", "Mo", "Tu", "We", "Th"))
    'Mo-Th,Su'
    """
    present = [d in days for d in DAYS]
    parts: list[str] = []
    i = 0
    while i < len(DAYS):
        if not present[i]:
            i += 1
            continue
        j = i
        while j + 1 < len(DAYS) and present[j + 1]:
            j += 1
        parts.append(DAYS[i] if i == j else f"{DAYS[i]}-{DAYS[j]}")
        i = j + 1
    if HOLIDAYS in days:
        parts.append(HOLIDAYS)
    return ",".join(parts)


# --- vocabulary -----------------------------------------------------------------

_DAY_WORDS = {
    "Mo": "monday mondays mon lundi lundis montag montags lunes",
    "Tu": "tuesday tuesdays tues tue mardi mardis dienstag dienstags martes",
    "We": "wednesday wednesdays wed mercredi mercredis mittwoch mittwochs "
    "miércoles miercoles",
    "Th": "thursday thursdays thurs thur thu jeudi jeudis donnerstag donnerstags "
    "jueves",
    "Fr": "friday fridays fri vendredi vendredis freitag freitags viernes",
    "Sa": "saturday saturdays sat samedi samedis samstag samstags sonnabend "
    "sábado sábados sabado sabados",
    "Su": "sunday sundays sun dimanche dimanches sonntag sonntags domingo domingos",
}
_DAY_OF_WORD = {w: day for day, words in _DAY_WORDS.items() for w in words.split()}
# Two-letter forms are only read in "Mo-Fr" shapes or right before a time: "We"
# and "So" are ordinary words otherwise.
_SHORT_DAY = {
    "Mo": "Mo", "Tu": "Tu", "We": "We", "Th": "Th", "Fr": "Fr", "Sa": "Sa",
    "Su": "Su", "Di": "Tu", "Mi": "We", "Do": "Th", "So": "Su",
}  # fmt: skip

_DAY_SETS = (
    (r"(?:seven|7)\s+days\s+(?:a|per)\s+week|365\s+days\s+a\s+year|every\s*day"
     r"|daily|7\s*j(?:ours)?\s*(?:/|sur)\s*7|tous\s+les\s+jours"
     r"|(?:todos\s+los|los\s+7)\s+d[ií]as(?:\s+de\s+la\s+semana)?|t[äa]glich",
     _ALL_WEEK),
    (r"week\s?days|working\s+days|en\s+semaine|d[ií]as\s+(?:laborables|h[áa]biles)"
     r"|jours\s+ouvr[ée]s", _MON_FRI),
    (r"week-?ends?|fins?\s+de\s+semana", ("Sa", "Su")),
    # Public holidays: a day of their own (schema.org PublicHolidays, "PH" in
    # opening_hours). "holiday" alone is left out: "the holiday season".
    (r"(?:public\s+|bank\s+|legal\s+)?holidays|jours\s+f[ée]ri[ée]s"
     r"|(?:gesetzlichen?\s+)?feiertagen?|(?:d[ií]as\s+)?festivos", (HOLIDAYS,)),
)  # fmt: skip

# Written zone -> (IANA zone, plain label, abbreviation names one season only).
# "IST" (India or Ireland) and "AST" (Atlantic or Arabia) are deliberately absent:
# only a zone's name (below) says which one is meant.
_ZONES = {
    "PST": ("America/Los_Angeles", "Pacific Time", True),
    "PDT": ("America/Los_Angeles", "Pacific Time", True),
    "PT": ("America/Los_Angeles", "Pacific Time", False),
    "MST": ("America/Denver", "Mountain Time", True),
    "MDT": ("America/Denver", "Mountain Time", True),
    "MT": ("America/Denver", "Mountain Time", False),
    "CST": ("America/Chicago", "Central Time", True),
    "CDT": ("America/Chicago", "Central Time", True),
    "CT": ("America/Chicago", "Central Time", False),
    "EST": ("America/New_York", "Eastern Time", True),
    "EDT": ("America/New_York", "Eastern Time", True),
    "ET": ("America/New_York", "Eastern Time", False),
    "AKST": ("America/Anchorage", "Alaska Time", True),
    "HST": ("Pacific/Honolulu", "Hawaii Time", False),
    "GMT": ("Europe/London", "UK time", True),
    "BST": ("Europe/London", "UK time", True),
    "UTC": ("UTC", "Coordinated Universal Time", False),
    "WET": ("Europe/Lisbon", "Western European Time", True),
    "CET": ("Europe/Berlin", "Central European Time", True),
    "CEST": ("Europe/Berlin", "Central European Time", True),
    "MEZ": ("Europe/Berlin", "Central European Time", True),
    "MESZ": ("Europe/Berlin", "Central European Time", True),
    "EET": ("Europe/Athens", "Eastern European Time", True),
    "AEST": ("Australia/Sydney", "Australian Eastern Time", True),
    "AEDT": ("Australia/Sydney", "Australian Eastern Time", True),
    "AET": ("Australia/Sydney", "Australian Eastern Time", False),
    "ACST": ("Australia/Adelaide", "Australian Central Time", True),
    "AWST": ("Australia/Perth", "Australian Western Time", False),
    "NZST": ("Pacific/Auckland", "New Zealand Time", True),
    "NZDT": ("Pacific/Auckland", "New Zealand Time", True),
    "JST": ("Asia/Tokyo", "Japan Time", False),
    "SGT": ("Asia/Singapore", "Singapore Time", False),
    "HKT": ("Asia/Hong_Kong", "Hong Kong Time", False),
}
# Zones written as names ("India Standard Time (IST)"): the name settles what
# an ambiguous abbreviation after it ("IST", "AST") cannot. Keys are
# lower-case with single spaces.
_ZONE_NAMES = {
    "arabia standard time": ("Asia/Riyadh", "Arabia Time", False),
    "arabian standard time": ("Asia/Riyadh", "Arabia Time", False),
    "gulf standard time": ("Asia/Dubai", "Gulf Time", False),
    "india standard time": ("Asia/Kolkata", "India Time", False),
    "indian standard time": ("Asia/Kolkata", "India Time", False),
    "china standard time": ("Asia/Shanghai", "China Time", False),
    "japan standard time": ("Asia/Tokyo", "Japan Time", False),
    "korea standard time": ("Asia/Seoul", "Korea Time", False),
    "singapore standard time": ("Asia/Singapore", "Singapore Time", False),
    "singapore time": ("Asia/Singapore", "Singapore Time", False),
    "hong kong time": ("Asia/Hong_Kong", "Hong Kong Time", False),
    "israel standard time": ("Asia/Jerusalem", "Israel Time", True),
    "south africa standard time": ("Africa/Johannesburg", "South Africa Time", False),
    "greenwich mean time": ("Europe/London", "UK time", True),
    "british summer time": ("Europe/London", "UK time", True),
    "eastern european time": ("Europe/Athens", "Eastern European Time", False),
    "australian eastern standard time": (
        "Australia/Sydney", "Australian Eastern Time", True,
    ),
    "australian eastern time": ("Australia/Sydney", "Australian Eastern Time", False),
    "new zealand standard time": ("Pacific/Auckland", "New Zealand Time", True),
}  # fmt: skip
_ZONE_NAME = "|".join(
    re.escape(name).replace(r"\ ", r"\s+")
    for name in sorted(_ZONE_NAMES, key=len, reverse=True)
)
# Abbreviations that name more than one zone: hours written with one of them
# and no zone name are reported, never marked up with a guessed zone.
_AMBIGUOUS_ZONES = {
    "IST": "India, Ireland or Israel time",
    "AST": "Atlantic or Arabia time",
}
_AMBIGUOUS_ZONE = re.compile(r"[\s(]*(?P<abbr>IST|AST)\b\)?")
# Where the page's country says which zone the abbreviation names.
_REGIONAL_ZONES = {
    ("IST", "IN"): {"iana": "Asia/Kolkata", "label": "India Time", "seasonal": False},
    ("IST", "IE"): {"iana": "Europe/Dublin", "label": "Irish time", "seasonal": True},
    ("IST", "IL"): {"iana": "Asia/Jerusalem", "label": "Israel Time", "seasonal": True},
    ("AST", "SA"): {"iana": "Asia/Riyadh", "label": "Arabia Time", "seasonal": False},
    ("AST", "CA"): {
        "iana": "America/Halifax", "label": "Atlantic Time", "seasonal": True,
    },
    ("AST", "PR"): {
        "iana": "America/Puerto_Rico", "label": "Atlantic Time", "seasonal": False,
    },
}  # fmt: skip
_ZONE_WORDS = {
    "pacific": "PT", "mountain": "MT", "central": "CT", "eastern": "ET",
    "uk": "GMT", "central european": "CET",
}  # fmt: skip

# --- tokenizer ------------------------------------------------------------------

_ZONE_ABBR = "|".join(sorted(_ZONES, key=len, reverse=True))
_TOKEN = re.compile(
    r"""
    (?<![\d.:/,])(?P<allday>24\s*/\s*7(?:\s*/\s*365)?|24\s*x\s*7|around\s+the\s+clock
        |rund\s+um\s+die\s+uhr)
    |(?<![\d.:/,])(?P<alltime>24\s+hours\s+(?:a|per)\s+day|24\s*h(?:eures)?\s*(?:/|sur)\s*24
        |24\s+horas\s+(?:al|del)\s+d[ií]a|24\s+stunden\s+am\s+tag)
    |\b(?P<dayset>"""
    + "|".join(f"(?:{p})" for p, _ in _DAY_SETS)
    + r""")
    |\b(?P<compact>(?-i:(?:Mo|Tu|We|Th|Fr|Sa|Su|Di|Mi|Do|So))\.?\s*[-–—]\s*
        (?-i:(?:Mo|Tu|We|Th|Fr|Sa|Su|Di|Mi|Do|So))\b\.?)
    |\b(?P<short>(?-i:(?:Mo|Tu|We|Th|Fr|Sa|Su|Di|Mi|Do|So))\b\.?(?=\s*:?\s*\d))
    |\b(?P<day>(?:"""
    + "|".join(sorted(map(re.escape, _DAY_OF_WORD), key=len, reverse=True))
    + r""")\b(?:(?<=mon|tue|wed|thu|fri|sat|sun|Mon|Tue|Wed|Thu|Fri|Sat|Sun)\.)?)
    |\b(?P<word>(?:12\s*)?(?:noon|midday|midi|mittag|mediod[ií]a)
        |midnight|minuit|mitternacht|medianoche)\b
    |(?<![\d./,])(?<!\d:)(?P<t12>(?P<h12>1[0-2]|0?[1-9])(?:[:.](?P<m12>[0-5]\d))?\s*
        (?P<mer>[ap])(?:\.\s?m\.|\s?m\b))
    |(?<![\d./,])(?<!\d:)(?P<t24>(?P<h24>2[0-4]|[01]?\d)(?:(?P<sep>[:.]|\s?h\s?)
        (?P<m24>[0-5]\d))?(?!\d)(?P<suf>\s?(?:h|uhr|hrs|heures?|horas?)\b)?)
    |\b(?P<zone>(?:"""
    + _ZONE_NAME
    + r""")\b(?:\s*\(\s*(?-i:[A-Z]{2,5})\s*\))?|(?-i:(?:"""
    + _ZONE_ABBR
    + r"""))\b|(?-i:Pacific|Mountain|Central|Eastern|UK|Central\ European)
        (?:\s+(?:Standard\s+|Daylight\s+)?[Tt]ime)?\b(?:\s+\(US\))?)
    |\b(?P<closed>closed|ferm[ée]s?|geschlossen|cerrados?)\b
    |(?P<range>[-–—~]|\b(?:to|through|thru|until|till?|à|a|au|bis|al|hasta)\b)
    |(?P<list>[,&/;]|\b(?:and|et|und|y|or|sowie)\b)
    |\b(?P<filler>(?:from|between|on|at|du|de|des|le|les|la|las|los|el|von|vom|am|ab
        |zwischen|entre|open)\b)
    """,
    re.IGNORECASE | re.VERBOSE,
)
# Only these may sit between tokens of one phrase; anything else ends it.
_GAP = re.compile(r"[\s:()\[\]*]*")
_DURATION_AFTER = re.compile(
    r"\s*(?:business\s+|working\s+|calendar\s+)?(?:days?|hours?|weeks?|minutes?"
    r"|months?|jours?|tage?n?|d[ií]as?|semaines?)\b",
    re.IGNORECASE,
)
# Cut-offs, deliveries and tariff periods use the same words as opening hours
# ("orders placed before 3 PM ship the same day", "off-peak 7pm-7am"): a phrase
# whose sentence speaks of them is not support hours.
_NOT_HOURS = re.compile(
    r"\b(?:orders?|ship(?:s|ped|ping)?|dispatch(?:ed)?|deliver(?:y|ed|ies)?"
    r"|cut-?off|off-?peak|peak|tariffs?|rates?|charged|charges|within|processing"
    r"|arrive|estimated)\b",
    re.IGNORECASE,
)
_SENTENCE_END = re.compile(r"[.!?]\s|\n\s*\n")
_BETWEEN = frozenset({"between", "entre", "zwischen"})
_AND = frozenset({"and", "y", "und", "et"})
# Cheap tests that a text could hold an hours phrase at all (the fast path): every
# phrase has a written time, a bare range after days, a round-the-clock phrase, noon
# or midnight. One digit-led pattern scans fast; the words are plain substring tests.
HOURS_HINT = re.compile(
    r"\d(?:\s?[aApP]\.?\s?[mM]\b|[:.]\d\d|\s?(?:h|uhr|Uhr)\b|\s?[-–—]\s?\d"
    r"|\s(?:to|till|until|through|bis|à|a|al|au|hasta|and|y|und)\s(?:\d|noon|midn)"
    r"|\d\s?[/xX]\s?7|\d\s(?:hours|heures|horas|[sS]tunden)|\d\s?h\s?/)"
)
_HINT_WORDS = ("noon", "midnight", "around the clock", "rund um die uhr")
# Phrases reach this far either side of their time range ("Monday through Friday,
# 9 AM - 6 PM PST" is 37 characters); tokenizing only there keeps long prose cheap.
_REACH = 160


@dataclass(frozen=True)
class _Tok:
    kind: str
    start: int
    end: int
    text: str
    days: tuple[str, ...] = ()
    # for times: (hour, minute, meridiem "a"/"p"/"", strong)
    clock: tuple[int, int, str, bool] | None = None
    zone: Zone | None = None


def could_hold_hours(text: str) -> bool:
    """Tell cheaply whether ``text`` may hold an hours phrase (False means none)."""
    hinted = search_outside_dates(HOURS_HINT, text)
    return hinted or mentions_hours_words(text)


def could_hold_hours_at(text: str, digits: Iterable[int]) -> bool:
    """Like ``could_hold_hours`` for text without hours words, trying only ``digits``.

    ``digits`` are the positions of every digit in ``text``: each digit-led hint
    is tried there alone, instead of a regex scan of the whole text.
    """
    return any(
        HOURS_HINT.match(text, at) and date_run_at(text, at) is None for at in digits
    )


def mentions_hours_words(text: str) -> bool:
    """Tell whether ``text`` holds one of the few hours phrases with no digit.

    Every other phrase starts its hint at a digit ("9 AM", "24/7"), so text
    without this and without digits holds no hours phrase ("noon", "around
    the clock").
    """
    lower = text.lower()
    return any(word in lower for word in _HINT_WORDS)


def _windows(text: str) -> list[tuple[int, int]]:
    """Stretches of text around each hint, merged, cut at whitespace."""
    spans: list[tuple[int, int]] = []
    hints = [(m.start(), m.end()) for m in HOURS_HINT.finditer(text)]
    lower = text.lower()
    for word in _HINT_WORDS:
        at = lower.find(word)
        while at >= 0:
            hints.append((at, at + len(word)))
            at = lower.find(word, at + 1)
    for start, end in sorted(hints):
        lo = max(0, start - _REACH)
        hi = min(len(text), end + _REACH)
        if lo:
            cut = text.rfind(" ", 0, lo)
            lo = cut + 1 if cut >= 0 else 0
        cut = text.find(" ", hi)
        hi = len(text) if cut < 0 else cut
        if spans and lo <= spans[-1][1]:
            spans[-1] = (spans[-1][0], max(hi, spans[-1][1]))
        else:
            spans.append((lo, hi))
    return spans


def _tokens(text: str, lo: int, hi: int) -> list[_Tok]:
    out: list[_Tok] = []
    for m in _TOKEN.finditer(text, lo, hi):
        kind = m.lastgroup
        s, e, raw = m.start(), m.end(), m.group()
        if kind in ("h12", "m12", "mer", "h24", "sep", "m24", "suf"):
            kind = "t12" if m.group("t12") else "t24"
        if kind == "allday":
            out.append(_Tok("alltime", s, e, raw))
            out.append(_Tok("days", s, e, raw, days=_ALL_WEEK))
        elif kind == "alltime":
            out.append(_Tok("alltime", s, e, raw))
        elif kind == "dayset":
            days = next(d for p, d in _DAY_SETS if re.fullmatch(p, raw, re.I))
            out.append(_Tok("days", s, e, raw, days=days))
        elif kind == "compact":
            a, b = re.findall(r"[A-Z][a-z]", raw)
            out.append(
                _Tok("days", s, e, raw, days=_day_span(_SHORT_DAY[a], _SHORT_DAY[b]))
            )
        elif kind == "short":
            out.append(_Tok("day", s, e, raw, days=(_SHORT_DAY[raw[:2]],)))
        elif kind == "day":
            out.append(
                _Tok("day", s, e, raw, days=(_DAY_OF_WORD[raw.rstrip(".").lower()],))
            )
        elif kind == "word":
            low = raw.lower()
            night = low.startswith(("midn", "minu", "mitter", "medianoche"))
            # "=" marks a time that names its own half of the day.
            out.append(
                _Tok("time", s, e, raw, clock=(0 if night else 12, 0, "=", True))
            )
        elif kind == "t12":
            minute = int(m.group("m12") or 0)
            out.append(
                _Tok(
                    "time",
                    s,
                    e,
                    raw,
                    clock=(int(m.group("h12")), minute, m.group("mer").lower(), True),
                )
            )
        elif kind == "t24":
            strong = bool(m.group("suf")) or m.group("sep") not in (None,)
            out.append(
                _Tok(
                    "time",
                    s,
                    e,
                    raw,
                    clock=(int(m.group("h24")), int(m.group("m24") or 0), "", strong),
                )
            )
        elif kind == "zone":
            out.append(_Tok("zone", s, e, raw, zone=_zone_for(raw)))
        else:
            out.append(_Tok(kind, s, e, raw))
    return out


def _zone_for(raw: str) -> Zone:
    key = raw.split("(", maxsplit=1)[0].strip()
    name = " ".join(key.lower().split())
    if name in _ZONE_NAMES:
        iana, label, seasonal = _ZONE_NAMES[name]
        return Zone(iana=iana, label=label, seasonal=seasonal)
    if key not in _ZONES:
        word = re.sub(r"\s+(?:standard\s+|daylight\s+)?time$", "", key, flags=re.I)
        seasonal = bool(re.search(r"standard|daylight", key, re.I))
        iana, label, _ = _ZONES[_ZONE_WORDS[word.lower()]]
        return Zone(iana=iana, label=label, seasonal=seasonal)
    iana, label, seasonal = _ZONES[key]
    return Zone(iana=iana, label=label, seasonal=seasonal)


def _day_span(first: str, last: str) -> tuple[str, ...]:
    """Days from first to last, wrapping past Sunday ("Su-Th" is five days)."""
    i, j = DAYS.index(first), DAYS.index(last)
    if j < i:
        j += 7
    return tuple(DAYS[k % 7] for k in range(i, j + 1))


def _chains(text: str, toks: list[_Tok]) -> list[list[_Tok]]:
    chains: list[list[_Tok]] = []
    for tok in toks:
        if chains:
            prev = chains[-1][-1]
            gap_ok = tok.start >= prev.end and _GAP.fullmatch(text, prev.end, tok.start)
            if gap_ok or tok.start < prev.end:  # "24/7" gives two tokens, one span
                chains[-1].append(tok)
                continue
        chains.append([tok])
    return chains


# --- parser ---------------------------------------------------------------------


@dataclass
class _Clause:
    days: list[str]
    spans: list[tuple[int, int]]
    marks: list[tuple[_Tok, int]]


def _minutes(clock: tuple[int, int, str, bool], meridiem: str) -> int:
    hour, minute, _, _ = clock
    if meridiem == "a":
        hour = 0 if hour == 12 else hour
    elif meridiem == "p":
        hour = 12 if hour == 12 else hour + 12
    return hour * 60 + minute


def _resolve(a: _Tok, b: _Tok, *, days_first: bool, after: str) -> tuple[int, int]:
    """Turn two written times into minutes; ValueError when the reading is a guess."""
    ca, cb = a.clock, b.clock
    assert ca is not None and cb is not None
    ma, mb = ca[2], cb[2]
    if ma and mb:
        start, end = _minutes(ca, ma), _minutes(cb, mb)
    elif "=" in (ma, mb):  # "9 to noon", "noon to 5": the only reading that fits
        fixed = _minutes(ca if ma else cb, "=") or (_DAY_MINUTES if mb else 0)
        loose = cb if ma else ca
        readings = {_minutes(loose, half) for half in ("a", "p")}
        if loose[0] > 12:
            readings = {_minutes(loose, "")}
        fits = [r for r in readings if (r > fixed if ma else r < fixed)]
        if len(fits) != 1:
            raise ValueError(f"'{a.text}' to '{b.text}' could be morning or evening")
        start, end = (fixed, fits[0]) if ma else (fits[0], fixed)
    elif ma or mb:
        given = ma or mb
        other = "p" if given == "a" else "a"
        if mb:  # "9-5pm", "12 to 6 p.m.": the start takes the end's half if it fits
            end = _minutes(cb, mb)
            start = _minutes(ca, mb)
            if ca[0] > 12 or start >= end:
                start = _minutes(ca, "" if ca[0] > 12 else other)
        else:  # "9am-5": the end takes the half that comes after the start
            start = _minutes(ca, ma)
            end = _minutes(cb, ma)
            if cb[0] > 12 or end <= start:
                end = _minutes(cb, "" if cb[0] > 12 else other)
    else:
        strong = ca[3] or cb[3]
        # Bare numbers are hours only right after days ("Sunday-Thursday 9-17")
        # and never before a unit ("2-3 business days").
        if not strong and (not days_first or _DURATION_AFTER.match(after)):
            raise LookupError("not a time range")
        if ca[0] > 12 or cb[0] > 12 or strong:
            start, end = _minutes(ca, ""), _minutes(cb, "")
        elif 7 <= ca[0] <= 11 and cb[0] <= ca[0]:  # "Mon-Fri 9-5"
            start, end = _minutes(ca, "a"), _minutes(cb, "p")
        elif 7 <= ca[0] < cb[0] <= 12:  # "9-12": the same either way
            start, end = _minutes(ca, ""), _minutes(cb, "")
        else:
            raise ValueError(f"'{a.text}' to '{b.text}' could be morning or evening")
    if end == 0 and start > 0:
        end = _DAY_MINUTES  # "8am to midnight" closes at the end of the day
    if start >= end:
        raise ValueError(f"'{a.text}' to '{b.text}' runs past midnight or is empty")
    return start, end


def _hhmm(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def _read_days(chain: list[_Tok], i: int) -> tuple[list[str], int]:
    """Read "Monday, Wednesday and Friday" or "lundi au vendredi" from chain[i]."""
    days: list[str] = []
    n = len(chain)
    while i < n and chain[i].kind in ("day", "days"):
        tok = chain[i]
        if (
            tok.kind == "day"
            and i + 2 < n
            and chain[i + 1].kind == "range"
            and chain[i + 2].kind == "day"
        ):
            days += _day_span(tok.days[0], chain[i + 2].days[0])
            i += 3
        else:
            days += tok.days
            i += 1
        if i < n and chain[i].kind == "list":
            # "le dimanche et les jours fériés": articles may follow the "and".
            k = i + 1
            while k < n and chain[k].kind == "filler":
                k += 1
            if k < n and chain[k].kind in ("day", "days"):
                i = k
    return days, i


def _parse_chain(text: str, chain: list[_Tok]) -> tuple[HoursMatch | None, str | None]:
    clauses: list[_Clause] = []
    cur = _Clause([], [], [])
    zone: _Tok | None = None
    last = ""  # kind of the previous item: "days" or "times"
    closing = False
    used: list[_Tok] = []
    evidence = False
    problem: str | None = None
    i, n = 0, len(chain)
    while i < n:
        tok = chain[i]
        if tok.kind in ("day", "days"):
            days, j = _read_days(chain, i)
            if closing:  # "closed weekends": these days are simply absent
                closing = False
                used += chain[i:j]
            else:
                if cur.days and cur.spans:
                    clauses.append(cur)
                    cur = _Clause([], [], [])
                cur.days += days
                used += chain[i:j]
                last = "days"
            i = j
            continue
        if tok.kind == "closed":
            if cur.days and not cur.spans:  # "Sunday closed"
                cur = _Clause([], [], [])
            else:
                closing = True
            used.append(tok)
            i += 1
            continue
        if tok.kind == "alltime":
            if cur.days and cur.spans and last != "times":
                clauses.append(cur)
                cur = _Clause([], [], [])
            cur.spans.append((0, _DAY_MINUTES))
            used.append(tok)
            last = "times"
            evidence = True
            i += 1
            continue
        if tok.kind == "time":
            joined = (
                i + 2 < n
                and chain[i + 2].kind == "time"
                and (
                    chain[i + 1].kind == "range"
                    or (
                        chain[i + 1].text.lower() in _AND
                        and i > 0
                        and chain[i - 1].text.lower() in _BETWEEN
                    )
                )
            )
            if not joined:
                i += 1
                continue
            end_tok = chain[i + 2]
            try:
                span = _resolve(
                    tok,
                    end_tok,
                    days_first=last == "days" or bool(cur.days),
                    after=text[end_tok.end : end_tok.end + 24],
                )
            except LookupError:
                i += 3
                continue
            except ValueError as err:
                problem = str(err)
                evidence = True
                i += 3
                continue
            evidence = True
            if cur.days and cur.spans and last != "times":
                clauses.append(cur)
                cur = _Clause([], [], [])
            cur.spans.append(span)
            cur.marks += [(tok, span[0]), (end_tok, span[1] % _DAY_MINUTES)]
            used += [tok, end_tok]
            last = "times"
            i += 3
            continue
        if tok.kind == "zone":
            if zone is not None and zone.zone != tok.zone:
                problem = f"two time zones ('{zone.text}', '{tok.text}')"
            zone = zone or tok
            used.append(tok)
        i += 1
    if cur.days or cur.spans:
        clauses.append(cur)

    complete = [c for c in clauses if c.days and c.spans]
    dangling = [c for c in clauses if c.spans and not c.days]
    if not complete or dangling or problem:
        if evidence and (any(c.days for c in clauses) or zone is not None):
            where = text[chain[0].start : chain[-1].end]
            reason = problem or (
                "times without days" if dangling or not complete else "unreadable"
            )
            return None, f"hours not understood ({reason}): '{where}'"
        return None, None

    rules: list[HoursRule] = []
    for clause in complete:
        days = tuple(d for d in (*DAYS, HOLIDAYS) if d in clause.days)
        if clause.days[0] == "Su" and "Mo" in clause.days:  # week starting Sunday
            days = ("Su", *(d for d in days if d != "Su"))
        for start, end in sorted(clause.spans):
            rules.append(HoursRule(days=days, opens=_hhmm(start), closes=_hhmm(end)))
    used_spans = used  # a zone repeated per clause ("9am-5pm ET & Sat ...ET") too
    begin = min(t.start for t in used_spans)
    finish = max(t.end for t in used_spans)
    # "(closed weekends)": keep the brackets balanced inside the phrase.
    opened = text.count("(", begin, finish) - text.count(")", begin, finish)
    if opened > 0 and text.startswith(")", finish):
        finish += 1
    marks = tuple(
        TimeMark(start=t.start, end=t.end, value=_hhmm(minutes))
        for c in complete
        for t, minutes in c.marks
    )
    return (
        HoursMatch(
            start=begin,
            end=finish,
            text=text[begin:finish],
            rules=tuple(rules),
            times=tuple(sorted(marks, key=lambda m: m.start)),
            zone=ZoneMark(start=zone.start, end=zone.end, zone=zone.zone)
            if zone and zone.zone
            else None,
        ),
        None,
    )


def find_hours(text: str, *, region: str | None = None) -> HoursScan:
    """Find support-hours phrases in plain text.

    A phrase needs days and a time range ("Monday through Friday, 9 AM - 6 PM PST");
    phrases about orders, deliveries or tariffs are not hours. A phrase that looks
    like hours but cannot be read for certain is reported, not guessed.
    ``region`` (the page's country, "IN") settles an abbreviation that names
    several zones: "IST" on an Indian site is India Standard Time.

    >>> find_hours("Mon-Fri 9am-5pm ET").matches[0].opening_hours
    'Mo-Fr 09:00-17:00'
    """
    matches: list[HoursMatch] = []
    warnings: list[str] = []
    for lo, hi in _windows(text):
        for chain in _chains(text, _tokens(text, lo, hi)):
            if not any(t.kind in ("time", "alltime") for t in chain):
                continue
            match, warning = _parse_chain(text, chain)
            start, end = chain[0].start, chain[-1].end
            if match is not None:
                start, end = match.start, match.end
            if _about_something_else(text, start, end):
                continue
            ambiguous = _AMBIGUOUS_ZONE.match(text, end)
            settled = ambiguous and _REGIONAL_ZONES.get(
                (ambiguous.group("abbr"), region or "")
            )
            if match is not None and match.zone is None and settled:
                match = _with_zone(text, match, ambiguous, Zone(**settled))
            elif match is not None and match.zone is None and ambiguous:
                name = ambiguous.group("abbr")
                match, warning = (
                    None,
                    (
                        f"hours not understood (time zone '{name}' could be "
                        f"{_AMBIGUOUS_ZONES[name]}; write its name, e.g. "
                        f"'India Standard Time'): '{text[start : ambiguous.end()]}'"
                    ),
                )
            if match is not None:
                matches.append(match)
            elif warning:
                warnings.append(warning)
    return HoursScan(matches=tuple(matches), warnings=tuple(warnings))


def _with_zone(
    text: str, match: HoursMatch, written: re.Match[str], zone: Zone
) -> HoursMatch:
    """``match`` extended over the zone abbreviation written after it."""
    start, end = written.span("abbr")
    finish = written.end()
    if text[finish - 1 : finish] == ")" and "(" not in text[match.end : start]:
        finish -= 1  # keep a closing bracket that opened before the phrase
    return dataclasses.replace(
        match,
        end=finish,
        text=text[match.start : finish],
        zone=ZoneMark(start=start, end=end, zone=zone),
    )


def _about_something_else(text: str, start: int, end: int) -> bool:
    before = text[max(0, start - 80) : start]
    ends = list(_SENTENCE_END.finditer(before))
    if ends:
        before = before[ends[-1].end() :]
    after = text[end : end + 60]
    cut = _SENTENCE_END.search(after)
    if cut:
        after = after[: cut.start()]
    return bool(_NOT_HOURS.search(before) or _NOT_HOURS.search(after))
