"""What a read phrase means: rules in minutes, whose hours they are, what is missing.

From the grammar's groups to ``HoursRule``s: written times become minutes (the
half of the day settled by the phrase itself, never guessed), days become day
sets, public holidays named as excluded become closed days. A phrase is
``complete`` only when every part was read; it is about contact only when words
around it say so (and nothing in its sentence says it is about deliveries,
tariffs or someone else's opening hours).
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from legalsite.contacts.hours import zones
from legalsite.contacts.hours.grammar import Group, Parse, Span
from legalsite.contacts.hours.tokens import Clock, Token, words_pattern
from legalsite.contacts.hours.vocabulary import (
    HOLIDAYS,
    WEEK,
    Vocabulary,
    fold,
    vocabulary_for,
)

DAY_MINUTES = 24 * 60
_DURATION_AFTER = re.compile(
    r"\s*(?:business\s+|working\s+|calendar\s+)?(?:days?|hours?|weeks?|minutes?"
    r"|months?|years?|jours?|tage?n?|d[ií]as?|semaines?|%|werkdagen|dni|dnů)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True, kw_only=True)
class HoursRule:
    """Open from ``opens`` to ``closes`` ("HH:MM", closes may be "24:00") on days.

    ``off``: the days are closed (``opens`` and ``closes`` are empty). No days:
    the text gives times without saying on which days. ``comment``: the days
    open on terms that are no hours ("by appointment"). ``date``: a date
    closed instead of days ("Dec 24"). ``season``: the months the days hold
    in ("Apr-Sep").
    """

    days: tuple[str, ...]
    opens: str
    closes: str
    off: bool = False
    # Days open on other terms, in the author's words ("by appointment"):
    # no opening hours (``opens`` and ``closes`` are empty).
    comment: str = ""
    # A date or a range of dates in ``opening_hours`` form ("Dec 24",
    # "Dec 25-Jan 03"), every year, instead of days of the week.
    date: str = ""
    # The months the rule holds in, every year ("Apr-Sep", "Oct-Mar"); empty:
    # all year.
    season: str = ""


@dataclass(frozen=True, kw_only=True)
class TimeMark:
    """One written time inside a phrase and its 24-hour value ("09:00")."""

    start: int
    end: int
    value: str


@dataclass(frozen=True)
class Meaning:
    """The rules a phrase states, its times, and why it cannot be published (if so)."""

    rules: tuple[HoursRule, ...]
    times: tuple[TimeMark, ...]
    zone_tokens: tuple[Token, ...]
    problem: str | None
    ranges: int = 0  # time ranges written (read or not), around the clock too
    # Where words read as a comment stand ("by appointment"), outside the chain.
    comments: tuple[tuple[int, int], ...] = ()
    # Zones a restatement settled: written name -> zone ("GMT" restated in EST).
    settled: tuple[tuple[str, zones.Zone], ...] = ()


def minutes_of(clock: Clock, meridiem: str) -> int:
    """Minutes after midnight of a clock read in one half of the day."""
    hour = clock.hour
    if meridiem == "a":
        hour = 0 if hour == 12 else hour
    elif meridiem == "p":
        hour = 12 if hour == 12 else hour + 12
    return hour * 60 + clock.minute


def hhmm(minutes: int) -> str:
    """ "09:00" for 540."""
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def read_span(span: Span, *, after_days: bool, after: str) -> tuple[int, int]:
    """Turn two written times into minutes.

    The half of the day comes from the phrase: "9-5pm", "noon to 5", "Mon-Fri
    9-5" (morning to afternoon, the one reading office hours allow). Bare numbers
    are hours only after days, never before a unit ("2-3 business days").
    Raises LookupError when it is no time range and ValueError when the reading
    would be a guess.
    """
    a, b = span.opens.clock, span.closes.clock
    assert a is not None and b is not None
    ma, mb = a.meridiem, b.meridiem
    if ma and mb and "=" not in (ma, mb):
        start, end = minutes_of(a, ma), minutes_of(b, mb)
    elif "=" in (ma, mb):  # "9 to noon", "noon to 5", "8am to midnight"
        start, end = _with_noon_or_midnight(span, a, b)
    elif ma or mb:
        if mb:  # "9-5pm", "12 to 6 p.m.": the start takes the end's half if it fits
            end = minutes_of(b, mb)
            start = minutes_of(a, mb)
            if a.hour > 12 or start >= end:
                start = minutes_of(a, "" if a.hour > 12 else _other(mb))
        else:  # "9am-5": the end takes the half that comes after the start
            start = minutes_of(a, ma)
            end = minutes_of(b, ma)
            if b.hour > 12 or end <= start:
                end = minutes_of(b, "" if b.hour > 12 else _other(ma))
    else:
        strong = a.strong or b.strong
        if not strong and (not after_days or _DURATION_AFTER.match(after)):
            raise LookupError("not a time range")
        if (span.opens.weak or span.closes.weak) and not after_days:
            raise LookupError("not a time range")
        if a.hour > 12 or b.hour > 12 or (b.hour == 0 and b.strong):
            # "de 9 a 00hs": a closing written "00" is the 24-hour clock's.
            start, end = minutes_of(a, ""), minutes_of(b, "")
        elif 7 <= a.hour <= 11 and b.hour <= a.hour and b.hour >= 1:  # "9-5"
            start, end = minutes_of(a, "a"), minutes_of(b, "p")
        elif 6 <= a.hour < b.hour <= 12 or (strong and a.hour < b.hour):
            start, end = minutes_of(a, ""), minutes_of(b, "")
        else:
            raise ValueError(
                f"'{span.opens.text}' to '{span.closes.text}' could be morning or "
                "evening"
            )
    if end == 0 and start > 0:
        end = DAY_MINUTES  # "8am to midnight" closes at the end of the day
    if start > end and (ma, mb) == ("p", "a"):
        # "between the hours of 7:30PM (EST) and 7:30AM (EST)": both halves of
        # the day written, evening to morning is overnight, as opening_hours says.
        return start, end
    if start >= end:
        raise ValueError(
            f"'{span.opens.text}' to '{span.closes.text}' runs past midnight"
        )
    return start, end


def _other(meridiem: str) -> str:
    return "p" if meridiem == "a" else "a"


def _with_noon_or_midnight(span: Span, a: Clock, b: Clock) -> tuple[int, int]:
    first_fixed = a.meridiem == "="
    fixed_clock, loose = (a, b) if first_fixed else (b, a)
    fixed = minutes_of(fixed_clock, "")
    if fixed == 0 and not first_fixed:
        fixed = DAY_MINUTES
    if loose.meridiem in ("a", "p"):
        readings = {minutes_of(loose, loose.meridiem)}
    elif loose.meridiem == "=":
        readings = {minutes_of(loose, "") or (DAY_MINUTES if first_fixed else 0)}
    elif loose.hour > 12:
        readings = {minutes_of(loose, "")}
    else:
        readings = {minutes_of(loose, half) for half in ("a", "p")}
    fits = [r for r in readings if (r > fixed if first_fixed else r < fixed)]
    if len(fits) != 1:
        raise ValueError(
            f"'{span.opens.text}' to '{span.closes.text}' could be morning or evening"
        )
    return (fixed, fits[0]) if first_fixed else (fits[0], fixed)


def mean(
    text: str,
    parse: Parse,
    *,
    language: str | None,
    territory: str | None,
) -> Meaning:
    """The rules a parsed phrase states, or the problem that keeps it unpublished."""
    problem = None
    # A bare number left over ("14" of a phone number before the phrase) is no
    # time; anything else left over is a part of the phrase not read.
    if any(
        t.kind in ("days", "closed", "month", "alltime")
        or (t.kind in ("time", "day") and not t.weak)
        for t in parse.unread
    ):
        unread = [t.text for t in parse.unread if t.kind != "filler"]
        problem = f"not read: {', '.join(repr(u) for u in unread[:3])}"
    rules: list[HoursRule] = []
    marks: list[TimeMark] = []
    ranges = sum(1 for g in parse.groups if g.around_the_clock)
    commented: list[HoursRule] = []
    comments: list[tuple[int, int]] = []
    previous: Group | None = None
    earlier: list[tuple[tuple[str, ...], int, int]] = []
    for group in parse.groups:
        days = _ordered(group.days)
        if group.closed:
            rules.append(HoursRule(days=days, opens="", closes="", off=True))
            continue
        if group.until is not None:
            found = _shortened(group, earlier, text)
            if found is None:
                problem = problem or f"'{group.until.text}' closes no day read before"
            else:
                rules, marks = _apply_until(rules, marks, found, group)
            continue
        if group.around_the_clock and not group.spans:
            rules.append(HoursRule(days=days, opens="00:00", closes="24:00"))
            continue
        if not group.spans:
            if group is parse.groups[-1] and _no_regular_hours(text, group):
                continue  # "Sunday⏎⏎Emergency Support Only": no hours to give
            terms = (
                _by_appointment(text, group, language)
                if group is parse.groups[-1] and days
                else None
            )
            if terms is not None:
                # "..., and weekends by appointment": open, but at no hours.
                commented.append(
                    HoursRule(
                        days=days, opens="", closes="", comment=text[slice(*terms)]
                    )
                )
                comments.append(terms)
                continue
            problem = problem or "days without times"
            continue
        for span in group.spans:
            after = text[span.closes.end : span.closes.end + 24]
            try:
                start, end = read_span(span, after_days=bool(days), after=after)
            except LookupError:
                problem = problem or "not a time range"
                continue
            except ValueError as err:
                problem = problem or str(err)
                ranges += 1
                continue
            ranges += 1
            rules.append(HoursRule(days=days, opens=hhmm(start), closes=hhmm(end)))
            earlier.append((days, start, end))
            marks.append(
                TimeMark(start=span.opens.start, end=span.opens.end, value=hhmm(start))
            )
            marks.append(
                TimeMark(
                    start=span.closes.start,
                    end=span.closes.end,
                    value=hhmm(end % DAY_MINUTES),
                )
            )
        previous = group
    del previous
    for span in parse.breaks:
        try:
            start, end = read_span(span, after_days=True, after="")
        except (LookupError, ValueError):
            problem = problem or "a break that cannot be read"
            continue
        rules, split = _with_break(rules, start, end)
        if not split:
            problem = problem or "a break outside the hours"
            continue
        marks += [
            TimeMark(start=span.opens.start, end=span.opens.end, value=hhmm(start)),
            TimeMark(start=span.closes.start, end=span.closes.end, value=hhmm(end)),
        ]
    for days, at, which in parse.shifts:
        rules, moved = _shifted(rules, tuple(days), at, which)
        if moved is None:
            problem = problem or f"'{at.text}' changes no hours read before"
            continue
        marks.append(TimeMark(start=at.start, end=at.end, value=hhmm(moved)))
    if any(set(r.days) & set(c.days) for r in rules for c in commented):
        problem = problem or "days both with hours and by appointment"
    has_hours = any(not r.off for r in rules)
    rules += commented
    off = _ordered(parse.off)
    if off:
        open_days = {d for r in rules if not r.off for d in r.days}
        if open_days & set(off):
            problem = problem or "a day is both open and excepted"
        rules.append(HoursRule(days=off, opens="", closes="", off=True))
    if not has_hours:
        problem = problem or "no hours"
    if any(not r.days for r in rules) and any(r.days for r in rules if not r.off):
        problem = problem or "times without days"
    settled: list[tuple[str, zones.Zone]] = []
    for original, restated, first, other in parse.restated:
        trouble = _check_restated(
            original,
            restated,
            first,
            other,
            text,
            settled=settled,
            language=language,
            territory=territory,
        )
        problem = problem or trouble
    return Meaning(
        rules=tuple(dict.fromkeys(rules)),  # "24/7, 24/7": one rule said twice
        times=tuple(sorted(marks, key=lambda m: m.start)),
        zone_tokens=tuple(parse.zones),
        problem=problem,
        ranges=ranges,
        settled=tuple(settled),
        comments=tuple(comments),
    )


# A last day said to have emergency service only has no regular hours
# (10minutesindia.com: "Saturday⏎⏎10:00 AM - 4:00 PM IST⏎⏎Sunday⏎⏎Emergency
# Support Only").
_EMERGENCY_ONLY = re.compile(
    r"[\s:–—-]*(?:urgent|emergenc(?:y|ies))\b[^\n.]{0,30}\bonly\b", re.IGNORECASE
)


def _no_regular_hours(text: str, group: Group) -> bool:
    end = max((t.end for t in group.tokens), default=0)
    return bool(group.tokens) and _EMERGENCY_ONLY.match(text, end) is not None


@dataclass(frozen=True)
class Dates:
    """Dates said closed, where they stand, in ``opening_hours`` form."""

    start: int
    end: int
    written: tuple[str, ...]  # "Dec 24", "Dec 25-Jan 03"


_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct")
_MONTHS += ("Nov", "Dec")
_MONTH_DAYS = (31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)
# A day of the month, a month's name, a joining word or mark, one at a time.
_DATE_PART = re.compile(
    r"[ \t]*(?:(?P<day>\d{1,2})(?:st|nd|rd|th|er)?(?![\w:.,]\d)(?!\w)"
    r"|(?P<word>[^\W\d_]+\.?)|(?P<mark>[,&–—-]))"
)


def read_dates(text: str, at: int, vocab: Vocabulary) -> Dates | None:
    """The dates said at ``at`` (a month's name, or the day before it), every
    one of them read, or None.

    "December 24th and 31st" (bareos.com: Dec 24 and Dec 31), "December 25th
    through January 3rd" (skateart.com: one range), "24 and 31 December". A
    day without a month takes the month said with the day before it. Dates
    with a year ("December 24th, 2023") are one day of one year: None.
    """
    pos = _days_before(text, at, vocab)
    if re.search(r"[\d:.–—-][ \t]*$", text[:pos]):
        return None  # "9-5, 24 December": the run may hold a time's number
    parts: list[tuple[str, int]] = []  # ("day", n), ("month", n), ("and"|"range", 0)
    start = end = None
    while True:
        m = _DATE_PART.match(text, pos)
        if m is None:
            break
        if m.group("day"):
            part = ("day", int(m.group("day")))
        elif m.group("word"):
            word = fold(m.group("word")).rstrip(".")
            kind = vocab.words.get(word)
            if word in vocab.months:
                part = ("month", vocab.months[word])
            elif word == "of":
                part = ("of", 0)
            elif kind in ("and", "range"):
                part = (kind, 0)
            else:
                break
        else:
            mark = m.group("mark")
            part = ("and", 0) if mark in ",&" else ("range", 0)
        if start is None:
            start = m.start() + len(m.group()) - len(m.group().lstrip())
        parts.append(part)
        if part[0] in ("day", "month"):
            end = m.end()
        pos = m.end()
    if start is None or end is None:
        return None
    if re.match(r"[ \t]*,?[ \t]*\d{4}\b", text[end:]):
        return None  # "December 24th, 2023": a year's date
    return _dates_of(parts, start, end)


_BACK = re.compile(
    r"(?:(?P<day>\d{1,2})(?:st|nd|rd|th|er)?|(?P<word>[^\W\d_]+)|(?P<mark>[,&]))"
    r"[ \t]*$"
)


def _days_before(text: str, at: int, vocab: Vocabulary) -> int:
    """Where the days said before a month's name start ("24 and 31 December",
    "24th of December"), else ``at``."""
    pos = start = at
    while True:
        m = _BACK.search(text, max(0, pos - 24), pos)
        if m is None:
            return start
        word = fold(m.group("word") or "")
        if m.group("day"):
            start = m.start()
        elif not (m.group("mark") or word == "of" or vocab.words.get(word) == "and"):
            return start
        pos = m.start()


def _dates_of(parts: list[tuple[str, int]], start: int, end: int) -> Dates | None:
    """Dates from the parts read: each day with its month, joined by "and" or
    by one range word."""
    while parts and parts[-1][0] not in ("day", "month"):
        parts.pop()
    parts = [p for p in parts if p[0] != "of"]
    found: list[tuple[int, int] | None] = []  # (month, day); None: a range word
    pending: list[int] = []  # days before their month ("24 and 31 December")
    i = 0
    while i < len(parts):
        kind, value = parts[i]
        nxt = parts[i + 1] if i + 1 < len(parts) else None
        if kind == "month" and nxt is not None and nxt[0] == "day" and not pending:
            found.append((value, nxt[1]))
            i += 2
            continue
        if kind == "month" and pending:
            found += [(value, d) for d in pending]
            pending = []
        elif kind == "day" and nxt is not None and nxt[0] in ("month", "and"):
            if nxt[0] == "and" and found and found[-1] is not None and not pending:
                found.append((found[-1][0], value))  # "December 24th and 31st"
            else:
                pending.append(value)
        elif kind == "day" and nxt is None and found and found[-1] is not None:
            if parts[i - 1][0] != "and":
                return None
            found.append((found[-1][0], value))
        elif kind == "range":
            found.append(None)
        elif kind != "and":
            return None
        i += 1
    if pending or not found:
        return None
    written: list[str] = []
    k = 0
    while k < len(found):
        date = found[k]
        if date is None or not _valid(date):
            return None
        if k + 1 < len(found) and found[k + 1] is None:
            last = found[k + 2] if k + 2 < len(found) else None
            if last is None or not _valid(last):
                return None
            written.append(f"{_written(date)}-{_written(last)}")
            k += 3
            continue
        written.append(_written(date))
        k += 1
    return Dates(start=start, end=end, written=tuple(written))


@dataclass(frozen=True)
class Season:
    """A range of dates said before hours, where it stands, as the months it
    covers ("Apr-Sep"); ``written`` is empty when they are no whole months."""

    start: int
    end: int
    written: str


def read_season(text: str, at: int, vocab: Vocabulary) -> Season | None:
    """The range of dates said at ``at`` (a month's name, or the day before
    it), or None when the words there are no one range of dates.

    "From 1 April until 30 September" (Toerisme Peer) is "Apr-Sep", "1
    October until 31 March" runs over the year's end: "Oct-Mar". A range
    that starts or ends inside a month ("15 April until 30 September") is
    read, so its hours are not published, but has no months (``written``
    is empty): the hours would need dates of a year the text does not give.
    """
    dates = read_dates(text, at, vocab)
    if dates is None or len(dates.written) != 1 or "-" not in dates.written[0]:
        return None
    first, last = (
        (_MONTHS.index(d[:3]) + 1, int(d[4:])) for d in dates.written[0].split("-")
    )
    whole = first[1] == 1 and last[1] == _MONTH_DAYS[last[0] - 1]
    if not whole:
        written = ""
    elif first[0] == last[0]:
        written = _MONTHS[first[0] - 1]
    else:
        written = f"{_MONTHS[first[0] - 1]}-{_MONTHS[last[0] - 1]}"
    return Season(start=dates.start, end=dates.end, written=written)


def _valid(date: tuple[int, int]) -> bool:
    month, day = date
    return 1 <= month <= 12 and 1 <= day <= _MONTH_DAYS[month - 1]


def _written(date: tuple[int, int]) -> str:
    """ "Dec 24", as ``opening_hours`` writes a date of every year."""
    return f"{_MONTHS[date[0] - 1]} {date[1]:02d}"


_BEFORE_TERMS = re.compile(r"[ \t]*(?:[:–—-][ \t]*)?")


def _by_appointment(
    text: str, group: Group, language: str | None
) -> tuple[int, int] | None:
    """Where the words saying the group's days open by appointment stand, if
    they follow its days at once: "and weekends by appointment" (a Panama City
    rental office), "samedi sur rendez-vous"."""
    end = max((t.end for t in group.tokens), default=0)
    if not group.tokens:
        return None
    at = _BEFORE_TERMS.match(text, end)
    start = at.end() if at else end
    phrases = sorted(vocabulary_for(language).by_appointment, key=len, reverse=True)
    for phrase in phrases:
        written = r"\s+".join(re.escape(w) for w in phrase.split())
        m = re.compile(rf"{written}(?!\w)", re.IGNORECASE).match(text, start)
        if m:
            return m.start(), m.end()
    return None


def _shifted(
    rules: list[HoursRule], days: tuple[str, ...], at: Token, which: str
) -> tuple[list[HoursRule], int | None]:
    """Give ``days`` another opening (or closing) time than the rule they are in.

    "Monday to Friday 8.30am to 5pm except Wednesday when they open at 10am":
    Wednesday is open 10:00-17:00, the other days 08:30-17:00. The new time
    must fall inside the day's hours, in the half of the day it fits.
    """
    clock = at.clock
    assert clock is not None
    for index, rule in enumerate(rules):
        if rule.off or not rule.opens or not set(days) <= set(rule.days):
            continue
        opens, closes = _minutes(rule.opens), _minutes(rule.closes)
        halves = [clock.meridiem] if clock.meridiem in ("a", "p") else ["", "a", "p"]
        fits = {m for m in (minutes_of(clock, h) for h in halves) if opens < m < closes}
        if len(fits) != 1:
            return rules, None
        (moved,) = fits
        rest = tuple(d for d in rule.days if d not in days)
        changed = (
            HoursRule(days=days, opens=hhmm(moved), closes=rule.closes)
            if which == "opens"
            else HoursRule(days=days, opens=rule.opens, closes=hhmm(moved))
        )
        kept = (
            [HoursRule(days=rest, opens=rule.opens, closes=rule.closes)] if rest else []
        )
        return [*rules[:index], *kept, changed, *rules[index + 1 :]], moved
    return rules, None


def _with_break(
    rules: list[HoursRule], start: int, end: int
) -> tuple[list[HoursRule], bool]:
    """Cut a break ("Lunchstängt 12:30 – 13:00") out of every opening around it.

    Vasatorp Golf: "Måndag & Fredag 09:00 – 15:00, ... (Lunchstängt 12:30 –
    13:00)" is open 09:00-12:30 and 13:00-15:00.
    """
    out: list[HoursRule] = []
    split = False
    for rule in rules:
        if rule.off or not rule.opens:
            out.append(rule)
            continue
        opens, closes = _minutes(rule.opens), _minutes(rule.closes)
        if opens < start and end < closes:
            out += [
                HoursRule(days=rule.days, opens=rule.opens, closes=hhmm(start)),
                HoursRule(days=rule.days, opens=hhmm(end), closes=rule.closes),
            ]
            split = True
        else:
            out.append(rule)
    return out, split


def _minutes(written: str) -> int:
    hours, minutes = written.split(":")
    return int(hours) * 60 + int(minutes)


def _ordered(days: list[str] | tuple[str, ...]) -> tuple[str, ...]:
    """Days in week order, public holidays last; a week written from Sunday keeps it."""
    ordered = tuple(d for d in (*WEEK, HOLIDAYS) if d in days)
    if days and days[0] == "Su" and "Mo" in days:
        ordered = ("Su", *(d for d in ordered if d != "Su"))
    return ordered


def _shortened(
    group: Group, earlier: list[tuple[tuple[str, ...], int, int]], text: str
) -> tuple[tuple[str, ...], int, int] | None:
    """The last opening of the days "(Mi & Fr bis 12:00 Uhr)" shortens, and its close.

    "le vendredi à 17 h" after "de 9 h à 12 h et de 14 h à 18 h": Friday's
    afternoon ends at 17:00, its morning stays.
    """
    assert group.until is not None and group.until.clock is not None
    days = set(group.days)
    for before_days, start, _end in reversed(earlier):
        if days <= set(before_days):
            clock = group.until.clock
            close = minutes_of(clock, clock.meridiem if clock.meridiem != "=" else "")
            if clock.meridiem == "" and clock.hour <= 12 and close <= start:
                close = minutes_of(clock, "p")
            if close <= start:
                return None
            return tuple(d for d in before_days if d in days), start, close
    return None


def _apply_until(
    rules: list[HoursRule],
    marks: list[TimeMark],
    found: tuple[tuple[str, ...], int, int],
    group: Group,
) -> tuple[list[HoursRule], list[TimeMark]]:
    days, start, close = found
    kept: list[HoursRule] = []
    moved: list[HoursRule] = []
    for rule in rules:
        if rule.off or not set(rule.days) & set(days):
            kept.append(rule)
            continue
        rest = tuple(d for d in rule.days if d not in days)
        if rest:
            kept.append(HoursRule(days=rest, opens=rule.opens, closes=rule.closes))
        if rule.opens == hhmm(start):
            moved.append(HoursRule(days=days, opens=rule.opens, closes=hhmm(close)))
        else:
            moved.append(HoursRule(days=days, opens=rule.opens, closes=rule.closes))
    assert group.until is not None
    marks = [
        *marks,
        TimeMark(
            start=group.until.start,
            end=group.until.end,
            value=hhmm(close % DAY_MINUTES),
        ),
    ]
    return kept + moved, marks


def _check_restated(
    original: list[Span],
    restated: list[Span],
    first: Token,
    other: Token,
    text: str,
    *,
    settled: list[tuple[str, zones.Zone]],
    language: str | None,
    territory: str | None,
) -> str | None:
    """Check "1pm - 9pm US Eastern time (10am - 6pm US Pacific time)" adds up.

    A first name of several clocks ("GMT") is settled by the restatement when
    one clock alone fits it; ``settled`` collects it for the phrase's zone.
    """
    a = zones.read_zone(_zone_text(first), language=language, territory=territory)
    b = zones.read_zone(_zone_text(other), language=language, territory=territory)
    if a.zone is None and b.zone is not None and original and restated:
        # "9:30AM GMT and 11:30PM GMT (4:30AM EST and 6:30PM EST)": the
        # restatement says which of the name's clocks is meant.
        try:
            x = read_span(original[0], after_days=True, after="")
            y = read_span(restated[0], after_days=True, after="")
        except (LookupError, ValueError):
            return "hours restated in another zone that cannot be read"
        shift = (y[0] - x[0] + DAY_MINUTES // 2) % DAY_MINUTES - DAY_MINUTES // 2
        zone = zones.settle_by_restatement(
            _zone_text(first),
            b.zone.iana,
            shift,
            language=language,
            territory=territory,
        )
        if zone is not None:
            a = zones.Reading(zone=zone)
            settled.append((_zone_text(first), zone))
    if a.zone is None or b.zone is None or len(original) != len(restated):
        return "hours restated in another zone that cannot be checked"
    shift = zones.offset_difference(a.zone.iana, b.zone.iana)
    if shift is None:
        return "hours restated in zones whose difference changes over the year"
    for one, two in zip(original, restated, strict=True):
        try:
            x = read_span(one, after_days=True, after="")
            y = read_span(two, after_days=True, after="")
        except (LookupError, ValueError):
            return "hours restated in another zone that cannot be read"
        if (x[0] + shift) % DAY_MINUTES != y[0] % DAY_MINUTES:
            return "hours restated in another zone do not match"
        if (x[1] + shift) % DAY_MINUTES != y[1] % DAY_MINUTES:
            return "hours restated in another zone do not match"
    return None


def _zone_text(token: Token) -> str:
    return re.sub(r"^US\s+|\s*\(US\)$|\.$", "", token.text.strip())


# --- whose hours -------------------------------------------------------------------

_SENTENCE_END = re.compile(
    r"[.!?。](?=\s|$|<)|\n\s*\n|\n(?=\s*[-•*#·|]\s)|\\n"
    r"|\n(?=\s*[A-Z][^\s:]*(?:\s[^\s:]+){0,3}:)"  # "\nBusiness Offices: ..."
)
_LEAD = 240
_IN_PLACE = re.compile(r"\bin\s+((?:the\s+)?[A-Z][^\W\d_]+(?:\s[A-Z][^\W\d_]+)?)")


def about_contact(
    text: str,
    start: int,
    end: int,
    vocab: Vocabulary,
    *,
    kind: str,
    lead_from: int = 0,
) -> bool:
    """Tell whether the phrase at text[start:end] gives hours for reaching people.

    ``kind`` is "days" (days and times), "times" (times alone) or "around" (around
    the clock). Its own sentence decides first: a word about something else
    ("orders", "delivery", "peak", "banks", "in Singapore") turns it down. Then a
    word naming a way to reach people ("help desk", "Telefontid") or saying "we"
    must stand in it, or, for days and times, in the sentence just before it
    ("We are available at the following times:"), after ``lead_from``. Times
    alone need the service named in their own sentence; around the clock must
    not be a machine's ("e-mail support 24/7").
    """
    lo, hi = sentence_of(text, start, end)
    sentence = fold(text[lo:hi])
    # Days and times are judged by their clause ("..., livraison offerte en
    # France, service client du lundi au vendredi de 10h00 à 18h00, ..."); around
    # the clock by the whole sentence.
    if vetoed(text, start, end, vocab, whole=kind == "around"):
        return False
    if kind == "around" and has_any(sentence, vocab.channel):
        return False
    if kind == "around":
        # Around the clock is a channel's more often than not: its own cell or
        # clause must say it is people's ("|Technical support|24 x 7|" is not).
        lo, hi = _cell(text, start, end, lo, hi)
        sentence = fold(text[lo:hi])
    service = has_any(sentence, vocab.service) or _phone_in(text[lo:hi])
    person = has_any(sentence, vocab.person)
    # Without "we", the sentence before may say whose: "Banks ... Offices 8am–5pm".
    before = _previous_sentence(text, lo)
    if not person and (
        has_any(fold(before), vocab.elsewhere) or _general(before, vocab)
    ):
        return False
    lead_lo = _announced_from(text, max(lead_from, lo - _LEAD), lo)
    lead = text[lead_lo:lo]
    folded = fold(lead)
    if kind == "times":
        return service
    if service or person or labelled(text, start, vocab, since=lead_lo):
        return True
    if kind == "days" and season_label(text, start, vocab, since=lead_lo):
        return True
    if kind != "days":
        return False
    # "Available every weekday from 8:00 to 18:00" in a footer: a sentence
    # that opens with "available" says the site itself is.
    if _AVAILABLE.match(text, lo):
        return True
    # "Los horarios son de Lunes a Viernes 9:30 a 6:30.": a sentence that opens
    # by saying it gives the hours is labelled by its first words.
    if _opens_with(fold(text[lo:start]).lstrip(" \t\n*_-"), vocab.hours_are):
        return True
    last = fold(_previous_sentence(text, lo, since=lead_lo))
    return (
        has_any(folded, vocab.service)
        or _phone_in(lead)
        or has_any(last, vocab.person)
        or _announces(last, vocab)
    )


def _announced_from(text: str, lo: int, hi: int) -> int:
    """Where the lead before text[hi:] starts: at the last line ending in a colon.

    A line that announces a list speaks for it alone: in "Operators are on
    site during the following times: ... Customer areas (print returns, PC
    pool) are open as follows:", the operators are not the second list's.
    """
    at = lo
    for m in _ANNOUNCING.finditer(text, lo, hi):
        at = m.start()
    return at


# A line that ends in a colon: "Customer areas ... are open as follows:".
_ANNOUNCING = re.compile(r"(?m)^[^\n]*:[ \t]*$")


def _announces(sentence: str, vocab: Vocabulary) -> bool:
    """ "Beginning Wednesday, March 10, 2021 hours will be:": a sentence that
    names hours and ends in a colon announces the timetable after it.
    """
    return sentence.rstrip().endswith(":") and has_any(sentence, vocab.labels)


def _opens_with(folded: str, phrases: frozenset[str]) -> bool:
    """Tell whether ``folded`` opens with one of ``phrases`` (folded) as words."""
    return any(
        folded.startswith(p) and not _letter(folded[len(p) : len(p) + 1])
        for p in phrases
    )


_AVAILABLE = re.compile(
    r"(?:<[^<>]*>|[\W_])*(?:available|disponibles?)\b", re.IGNORECASE
)

# "Hours:", "**Hours:**", ["Hours", "...: the label right before a phrase.
_LABEL = re.compile(
    r"(?:^|[\s\"'`\[(*>|•·])(?P<label>[^\W\d_][^\W\d_' ]{1,30}?)"
    r"[\s*\"'`\]]*[:：,]?[\s*\"'`\[]*$"
)


def labelled(text: str, start: int, vocab: Vocabulary, *, since: int = 0) -> bool:
    """Tell whether a label like "Hours:" stands right before text[start:].

    The label must open its line or cell: "Bank hours:" is not "Hours:".
    """
    return label_at(text, start, vocab, since=since) is not None


def label_at(text: str, start: int, vocab: Vocabulary, *, since: int = 0) -> int | None:
    """Where the label right before text[start:] ("Hours:") starts, if any.

    It opens its line or cell, or follows "our" ("unserer Servicezeiten:").
    """
    lo = max(since, start - 60)
    # Markup is blanked, not removed, so positions stay the text's.
    window = re.sub(r"<[^<>]*>", lambda m: " " * len(m.group()), text[lo:start])
    m = _LABEL.search(window)
    if not m:
        return None
    label = fold(m.group("label")).strip()
    at = m.start("label")
    # A label of two words: "In Person:", "Opening hours:".
    two = _WORD_BEFORE.search(window, 0, at)
    if label not in vocab.labels and two:
        label, at = f"{fold(two.group(1))} {label}", two.start(1)
    before = window[:at]
    opens = not before.strip() or before.rstrip()[-1:] in "|•·[(\"'*>,.:;"
    # "während unserer Servicezeiten: Mo-Fr ...": "our" before it says whose.
    owned = before.split()[-1:]
    opens = opens or (bool(owned) and fold(owned[0]) in vocab.person)
    if label in vocab.labels and (opens or "\n" in before[-3:]):
        return lo + at
    return None


_WORD_BEFORE = re.compile(r"([^\W\d_]+)[ \t]+$")
_LINE_WORDS = re.compile(r"[^\W\d_]+")


def season_label(text: str, start: int, vocab: Vocabulary, *, since: int = 0) -> bool:
    """Tell whether a season of whole months heads text[start:] as a label.

    "From 1 April until 30 September:⏎Every working day ..." (Toerisme
    Peer): a line of its own, nothing in it but the range of dates, ending
    in a colon, labels the timetable after it as "Hours:" does.
    """
    lo = max(since, text.rfind("\n", 0, max(0, text.rfind("\n", 0, start))) + 1)
    head = text[lo:start]
    colon = re.search(r":[ \t]*\n?[ \t]*$", head)
    if colon is None:
        return False
    for word in _LINE_WORDS.finditer(head):
        if fold(word.group()) in vocab.months:
            season = read_season(text, lo + word.start(), vocab)
            return (
                season is not None
                and bool(season.written)
                and season.end == lo + colon.start()
                and all(
                    vocab.words.get(fold(w)) == "from"
                    for w in _LINE_WORDS.findall(text[lo : season.start])
                )
            )
    return False


# A telephone number in or just before the sentence says it is a phone line's
# hours ("+48 663116607 (czynny od poniedziałku do piątku ...)"): seven digits
# or more in one run of phone punctuation.
_PHONE = re.compile(r"(?<![\w.,])\+?\(?\d[\d ().\-]{5,}\d(?![\w.,]\d)")


def _phone_in(text: str) -> bool:
    return any(
        sum(ch.isdigit() for ch in m.group()) >= 7
        and not _DATE_LIKE.fullmatch(m.group())
        and not _TIMES_LIKE.fullmatch(m.group().strip())
        for m in _PHONE.finditer(text)
    )


_DATE_LIKE = re.compile(r"\d{1,4}[-./]\d{1,2}[-./]\d{1,4}")
# "09.00-15.00", "10.00 - 12.30": times, not a number to call.
_TIMES_LIKE = re.compile(r"\d{1,2}[.:]\d\d(?:\s?-\s?\d{1,2}[.:]\d\d)+\)?")


# How far from days and times a word about something else still speaks of them.
_NEAR = 100


def _cell(text: str, start: int, end: int, lo: int, hi: int) -> tuple[int, int]:
    """The table cell around text[start:end], within its sentence."""
    cut_lo = text.rfind("|", lo, start)
    cut_hi = text.find("|", end, hi)
    return (cut_lo + 1 if cut_lo >= 0 else lo), (cut_hi if cut_hi >= 0 else hi)


def vetoed(
    text: str, start: int, end: int, vocab: Vocabulary, *, whole: bool = False
) -> bool:
    """Tell whether words near text[start:end] say it is about something else.

    Near is the sentence within _NEAR characters of the phrase ("..., livraison
    offerte en France, ..., service client du lundi au vendredi de 10h00 à
    18h00" is the service's); ``whole``: anywhere in the sentence.
    """
    lo, hi = sentence_of(text, start, end)
    text = _duties_blanked(text, lo, start, vocab)
    if not whole:
        lo, hi = max(lo, start - _NEAR), min(hi, end + _NEAR)
        # A table cell is its own clause: "Antwortzeit: 2 Stunden | Telefonisch
        # erreichbar: Mo-Fr 9-18 Uhr".
        lo, hi = _cell(text, start, end, lo, hi)
        # So is a clause that names its own service: "reactie binnen één
        # werkdag, telefonisch bereikbaar op werkdagen 08:30–17:30", "(during
        # our business hours Monday - Friday 8am - 8pm)".
        # A bracket must say whose ("our"): "To arrange extended support (which
        # provides telephone cover from 9:00 to 16:00 ...)" is the extra's.
        # A labelled line is its own too: ["Hours", "Monday to Saturday, ..."].
        label = label_at(text, start, vocab, since=lo)
        if label is not None:
            line_end = text.find("\n", end)
            return has_any(
                fold(text[label : line_end if line_end >= 0 else hi]), vocab.veto
            )
        c_lo, c_hi = _clause(text, start, end, lo, hi)
        clause = fold(text[c_lo:c_hi])
        if has_any(clause, vocab.service) and (
            text[c_lo - 1 : c_lo] != "(" or has_any(clause, vocab.person)
        ):
            lo, hi = c_lo, c_hi
    near = _service_words_kept(fold(text[lo:hi]), vocab)
    if has_any(near, vocab.veto):
        return True
    return _general(text[lo:hi], vocab) and not _said_of_service(text, lo, vocab)


# A sentence whose subject is a pronoun speaks of the sentence before's.
_PRONOUN_SUBJECT = re.compile(r"\W*(?:it|they)\s+(?:is|are)\b", re.IGNORECASE)


def _said_of_service(text: str, lo: int, vocab: Vocabulary) -> bool:
    """Tell whether the sentence at ``lo`` opens with "it is" and the sentence
    before names the service it means: "Technical support hours vary by
    institution location. It is generally Monday to Friday, 9:00 a.m. to 5:00
    p.m." describes the support's own hours, not a place's.
    """
    s_lo = sentence_of(text, lo, lo)[0]
    if not _PRONOUN_SUBJECT.match(text, s_lo):
        return False
    before = fold(_previous_sentence(text, s_lo))
    return has_any(before, vocab.service) and not has_any(before, vocab.elsewhere)


# The duties named after a service, up to the verb that gives its hours.
_DUTIES = re.compile(
    r"\bresponsible\s+for\b(?P<duties>[^.;:()]{1,120}?)\s(?:are|is)\s", re.IGNORECASE
)


def _duties_blanked(text: str, lo: int, start: int, vocab: Vocabulary) -> str:
    """``text`` with the duties of a service named before ``start`` blanked: what
    an office is responsible for is its work, not another subject ("The working
    hours of the office responsible for receiving and processing claims /
    complaints received electronically are from 7:30 AM to 3:30 PM").
    """
    m = _DUTIES.search(text, lo, start)
    if m is None or not has_any(
        fold(text[max(lo, m.start() - 40) : m.start()]), vocab.service
    ):
        return text
    a, b = m.span("duties")
    return text[:a] + " " * (b - a) + text[b:]


def _service_words_kept(folded: str, vocab: Vocabulary) -> str:
    """``folded`` with the service phrases that hold a veto word blanked: a word
    is read in its longest phrase ("prises de rendez-vous, veuillez nous
    joindre": booking by phone is reaching people, "rendez-vous" alone is not).
    """
    spans = [
        (m.start(), m.end())
        for m in _finder(vocab.service).finditer(folded)
        if has_any(m.group(), vocab.veto)
    ]
    for start, end in reversed(spans):
        folded = folded[:start] + " " * (end - start) + folded[end:]
    return folded


def _clause(text: str, start: int, end: int, lo: int, hi: int) -> tuple[int, int]:
    """The clause around text[start:end] within text[lo:hi]: between commas,
    semicolons, brackets or dashes; a bracket the phrase stands in bounds it."""
    before = text[lo:start]
    opened = before.rfind("(")
    if opened >= 0 and ")" not in before[opened:]:
        close = text.find(")", end, hi)
        return lo + opened + 1, close if close >= 0 else hi
    cut = max(before.rfind(c) for c in (*",;()\n", " – ", " — "))
    c_lo = lo + cut + 1 if cut >= 0 else lo
    after = [
        i for i in (text.find(c, end, hi) for c in (*",;()\n", " – ", " — ")) if i >= 0
    ]
    return c_lo, min(after) if after else hi


def _previous_sentence(text: str, lo: int, *, since: int = 0) -> str:
    """The sentence that ends where the one at ``lo`` starts (within _LEAD)."""
    window = text[max(since, lo - _LEAD) : lo].rstrip(" \t\n.!?")
    return window[sentence_of(window, len(window), len(window))[0] :]


def _general(sentence: str, vocab: Vocabulary) -> bool:
    """ "Office hours in Singapore are ...": hours of a place, said by no one."""
    folded = fold(sentence)
    if has_any(folded, vocab.person):
        return False
    if has_any(folded, _HEARSAY):
        return True
    from legalsite.contacts.hours.zones import place_of  # noqa: PLC0415

    return any(place_of(m.group(1)) for m in _IN_PLACE.finditer(sentence))


# Words of a description of how things usually are, said by no one in particular.
_HEARSAY = frozenset({"generally", "usually", "typically", "in general"})


def sentence_of(text: str, start: int, end: int) -> tuple[int, int]:
    """Where the sentence around text[start:end] starts and ends."""
    lo = 0
    for m in _SENTENCE_END.finditer(text, 0, start):
        lo = m.end()
    # A phrase ending in "6:00 PM." ends its sentence with its own full stop.
    m = _SENTENCE_END.search(text, end - 1 if text[end - 1 : end] == "." else end)
    hi = m.start() if m else len(text)
    # A list ends at its last item: the line after it is a sentence of its own
    # ("- Friday\n- 8am to 4pm\nCustomer areas ... are open as follows:").
    line = text.rfind("\n", 0, end) + 1
    if _ITEM.match(text, line):
        after = _LIST_END.search(text, end, hi)
        if after:
            hi = after.start()
    return lo, hi


# A list item's line, and a line break that no item follows.
_ITEM = re.compile(r"[ \t]*[-•*·][ \t]")
_LIST_END = re.compile(r"\n(?![ \t]*[-•*·][ \t])")


def has_any(text: str, words: frozenset[str]) -> bool:
    """Tell whether one of ``words`` stands in ``text`` as a word (both folded)."""
    return _finder(words).search(text) is not None


@functools.cache
def _finder(words: frozenset[str]) -> re.Pattern[str]:
    return words_pattern(words)


def _letter(char: str) -> bool:
    # CJK text runs words together: no word edges there.
    return char.isalnum() and ord(char) < 0x2E80


# --- someone else's hours ----------------------------------------------------------

# The words right before a service word: "SASSA toll-free", "The DMDC", "Euna
# OpenBids", "Physician Support".
_WORDS_BEFORE = re.compile(r"((?:[^\W_][\w&'’.-]*[ \t]+){1,5})$")
_ACRONYM = re.compile(r"[A-Z][A-Z0-9&]{1,4}s?")
_CAMEL = re.compile(r"[A-Z]?[a-z]+[A-Z]\w*")
# Capitals that name no one: places, time zones, a teletype line.
_NO_NAME = frozenset(
    {"US", "USA", "UK", "EU", "UAE", "TTY", "FAQ", "AM", "PM", "IT", "HR", "PR", "QA"}
)
# A web address: "https://www.mind.org.uk". (An e-mail address names no owner:
# sites answer from a mail host of another name, "lms@gmail.com".)
_DOMAIN = re.compile(
    r"(?:https?://|\bwww\.)(?P<domain>(?:[a-z0-9-]+\.)+[a-z]{2,})", re.IGNORECASE
)
# The rest of a title that is a label: " Team Hotline:", ":".
_TITLE_TO_COLON = re.compile(r"(?:[ \t]+[A-Z][\w-]*)*[ \t]*:")


def named_owner(
    text: str,
    start: int,
    end: int,
    vocab: Vocabulary,
    *,
    owners: tuple[str, ...] = (),
    lead_from: int = 0,
) -> str | None:
    """The someone other than the site whose hours text[start:end] gives, if named.

    A service word owned by a name says whose line it is: an acronym ("SASSA
    toll-free helpline", "The DMDC office"), a name written in camel case
    ("Euna OpenBids office hours"), a title that is a label ("Physician Support
    Line:"), or a web address in the record before it ('website:
    "https://www.mind.org.uk", hours: ...'). A department's plain name is not
    enough ("Child Benefit helpline", "the Central Appointment Office" are the
    site's own as often as not). Names and domains of
    ``owners`` (the site's name and domains, an archived page's owner) are the
    site's own; "we" and "our" in the phrase's sentence make it the site's.
    """
    lo, hi = sentence_of(text, start, end)
    if has_any(fold(text[lo:hi]), vocab.person):
        return None
    before = max(lead_from, lo - _LEAD)
    prev_lo = before + sentence_of(text[before:lo], lo - before, lo - before)[0]
    prev_lo = before if prev_lo >= lo else prev_lo
    for a, b in ((lo, end), (prev_lo, lo)):
        name = _name_before_service(text, a, b, vocab)
        if name and not _is_own(name, owners):
            return name
    for m in _DOMAIN.finditer(text, before, start):
        if not _is_own(m.group("domain"), owners):
            return m.group("domain")
    return None


def _name_before_service(text: str, a: int, b: int, vocab: Vocabulary) -> str | None:
    segment = re.sub(r"\s", " ", text[a:b].lower()).replace("’", "'")
    if len(segment) != b - a:
        return None
    # Which capitals name someone is known for English's words only.
    capitals = vocab.language == "en"
    for m in _finder(vocab.service).finditer(segment):
        words_m = _WORDS_BEFORE.search(text, a, a + m.start())
        if not words_m:
            continue
        words = words_m.group(1).split()
        service = text[a + m.start() : a + m.end()]
        # Only the run of capitalised words next to the service word names it.
        run: list[str] = []
        for word in reversed(words):
            bare = word.strip(".,'’")
            if bare.endswith(("'s", "’s")):
                bare = bare[:-2]
            if fold(bare) == "toll-free" or not bare:
                continue
            if not bare[:1].isupper():
                break
            run.insert(0, bare)
        named = [
            w
            for w in run
            if fold(w) not in vocab.generic and fold(w) not in vocab.service
        ]
        if not named:
            continue
        at = text.rfind(run[0], a, a + m.start())
        line = max(a, text.rfind("\n", 0, at) + 1)
        # First in its sentence or line, a capital may only be the sentence's.
        first = re.search(r"[^\W_]", text[line:at]) is None
        # "SOFTWARE SUPPORT" is a heading in capitals, not an acronym's service.
        acronyms = [
            w for w in named if _ACRONYM.fullmatch(w) and w.rstrip("s") not in _NO_NAME
        ]
        if acronyms and not service.isupper():
            return " ".join(acronyms)
        if not capitals:
            continue
        label = (
            service[:1].isupper()
            and first
            and _TITLE_TO_COLON.match(text, a + m.end()) is not None
        )
        if any(_CAMEL.fullmatch(w) for w in named) or label:
            return " ".join(run)
    return None


def _is_own(name: str, owners: tuple[str, ...]) -> bool:
    """Tell whether ``name`` (or a domain) is one of the site's own names."""
    key = re.sub(r"[^0-9a-z]", "", fold(name))
    if not key:
        return True
    for owner in owners:
        folded = fold(owner)
        whole = re.sub(r"[^0-9a-z]", "", folded)
        labels = {re.sub(r"[^0-9a-z]", "", p) for p in re.split(r"[.\s/]+", folded)}
        initials = "".join(w[:1] for w in re.findall(r"[0-9a-z]+", folded))
        if (
            key in (whole, initials)
            or key in labels
            or (len(key) >= 3 and key in whole)
        ):
            return True
        if "." in name and (
            fold(name) == folded or fold(name).endswith("." + folded.lstrip("."))
        ):
            return True
    return False
