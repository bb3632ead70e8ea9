"""Support-hours phrases in plain text: where they are, what they mean, whose they are.

Text in, matches out. ``vocabulary`` holds the words (CLDR's through Babel, and the
small ones per language), ``tokens`` finds them, ``grammar`` reads the shapes of a
phrase, ``meaning`` turns them into rules and says whose hours they are, ``zones``
resolves written time zones. A phrase becomes a match only when every part of it
was read and it is about reaching the site's people; any other phrase with times
is left as written and reported, never guessed.
"""

from __future__ import annotations

import dataclasses
import enum
import re
from collections.abc import Iterable
from dataclasses import dataclass

from legalsite.contacts import candidates
from legalsite.contacts.hours import vocabulary, zones
from legalsite.contacts.hours.grammar import read_chain
from legalsite.contacts.hours.meaning import (
    Dates,
    HoursRule,
    Season,
    TimeMark,
    about_contact,
    has_any,
    mean,
    named_owner,
    read_dates,
    read_season,
    sentence_of,
    vetoed,
)
from legalsite.contacts.hours.tokens import Token, chains, tokenize
from legalsite.contacts.hours.vocabulary import HOLIDAYS, WEEK
from legalsite.contacts.hours.zones import Zone

__all__ = [
    "DAYS",
    "HOLIDAYS",
    "HoursMatch",
    "HoursRule",
    "HoursScan",
    "Left",
    "Reason",
    "TimeMark",
    "Zone",
    "ZoneMark",
    "find_hours",
    "format_days",
]

DAYS = WEEK


@dataclass(frozen=True, kw_only=True)
class ZoneMark:
    """The written time zone inside a phrase, and what it means."""

    start: int
    end: int
    zone: Zone
    # Stated apart from the phrase, for the whole text: "We are located in
    # Austria, the time zone is CET (GMT+1)". Nothing inside the phrase to mark.
    apart: bool = False
    # Words of the zone the reading set aside, and why: "UTC +2" beside "CET"
    # in Algeria (the country's clock is at UTC+1). The build reports them.
    unused: str = ""
    why_unused: str = ""

    @property
    def note(self) -> str:
        """What the zone is called in plain words, e.g. "Pacific Time"."""
        return self.zone.label


@dataclass(frozen=True, kw_only=True)
class HoursMatch:
    """A phrase read in full and about reaching people: its span, marks and rules."""

    start: int
    end: int
    text: str
    rules: tuple[HoursRule, ...]
    times: tuple[TimeMark, ...]
    zone: ZoneMark | None

    @property
    def opening_hours(self) -> str:
        """The rules in OpenStreetMap ``opening_hours`` form.

        >>> HoursMatch(start=0, end=0, text="", times=(), zone=None, rules=(
        ...     HoursRule(days=DAYS[:5], opens="09:00", closes="18:00"),)).opening_hours
        'Mo-Fr 09:00-18:00'
        """
        return format_rules(self.rules)

    @property
    def has_days(self) -> bool:
        """Tell whether the phrase says on which days (scripts need that)."""
        return all(rule.days or rule.date for rule in self.rules)

    @property
    def remark(self) -> str | None:
        """The report's line (after ``path:line:``) when words of the phrase
        were set aside to read it, else None."""
        if self.zone is None or not self.zone.unused:
            return None
        return (
            f"hours read without '{self.zone.unused}': '{self.text}' "
            f"({self.zone.why_unused})"
        )


class Reason(enum.Enum):
    """Why a phrase with times gives no data."""

    TIMES_WITHOUT_DAYS = "times without days"
    NOT_ABOUT_CONTACT = "not about reaching people"
    NOT_READ = "not read in full"
    ZONE = "time zone"


@dataclass(frozen=True, kw_only=True)
class Left:
    """A phrase with times left as written: where it is and why."""

    start: int
    end: int
    text: str
    reason: Reason
    detail: str

    @property
    def message(self) -> str:
        """The report's line (after ``path:line:``)."""
        return f"hours not understood: '{self.text}' ({self.detail})"


@dataclass(frozen=True, kw_only=True)
class HoursScan:
    """Everything found in one text: matches, and the phrases left alone."""

    matches: tuple[HoursMatch, ...]
    left: tuple[Left, ...] = ()

    @property
    def warnings(self) -> tuple[str, ...]:
        """One message per phrase left alone, and per phrase read with words
        set aside."""
        remarks = (m.remark for m in self.matches)
        return tuple(item.message for item in self.left) + tuple(
            r for r in remarks if r
        )


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


def format_rules(rules: Iterable[HoursRule]) -> str:
    """Rules as ``opening_hours``: "Mo-Fr 09:00-17:00; Sa 10:00-14:00; PH off".

    Around the clock every day is "24/7"; times without days stand alone; days
    open on other terms carry them as a comment: 'Sa-Su "by appointment"';
    dates closed every year come last: "Dec 24 off; Dec 25-Jan 03 off"; days
    of a season lead with its months: "Apr-Sep Mo-Fr 09:00-17:00".
    """
    rules = tuple(rules)
    if (
        len(rules) == 1
        and not rules[0].season
        and set(rules[0].days) >= set(DAYS)
        and (rules[0].opens, rules[0].closes) == ("00:00", "24:00")
    ):
        return "24/7"
    by_days: dict[tuple[tuple[str, ...], bool, str, str, str], list[str]] = {}
    for rule in rules:
        key = (rule.days, rule.off, rule.comment, rule.date, rule.season)
        spans = by_days.setdefault(key, [])
        if not rule.off and not rule.comment:
            spans.append(f"{rule.opens}-{rule.closes}")
    parts = []
    for (days, off, comment, date, season), spans in by_days.items():
        written = " ".join(w for w in (season, date or format_days(days)) if w)
        value = _quoted(comment) if comment else "off" if off else ",".join(spans)
        parts.append(f"{written} {value}" if written else value)
    return "; ".join(parts)


def _quoted(comment: str) -> str:
    """A comment as ``opening_hours`` writes one: in double quotes, which it
    cannot hold ('Sa-Su "by appointment"')."""
    return '"' + " ".join(comment.replace('"', "'").split()) + '"'


# --- finding phrases ---------------------------------------------------------------

# Phrases reach this far either side of a hint ("Monday through Friday, 9 AM -
# 6 PM PST" is 37 characters); tokenizing only there keeps long prose cheap.
_REACH = 160


def _windows(
    text: str, hints: list[tuple[int, int]], *, since: int = 0
) -> list[tuple[int, int]]:
    """Stretches of text around each hint, merged, cut at whitespace, from ``since``
    (a lead before it is read for its words only)."""
    spans: list[tuple[int, int]] = []
    for start, end in hints:
        lo = max(since, start - _REACH)
        hi = min(len(text), end + _REACH)
        if lo > since:
            cut = text.rfind(" ", since, lo)
            lo = cut + 1 if cut >= 0 else since
        cut = text.find(" ", hi)
        hi = len(text) if cut < 0 else cut
        if spans and lo <= spans[-1][1]:
            spans[-1] = (spans[-1][0], max(hi, spans[-1][1]))
        else:
            spans.append((lo, hi))
    return spans


def find_hours(
    text: str,
    *,
    region: str | None = None,
    language: str | None = None,
    hints: list[tuple[int, int]] | None = None,
    about_us: bool = False,
    lead: str = "",
    owners: tuple[str, ...] = (),
) -> HoursScan:
    """Find support-hours phrases in plain text.

    ``region`` is the page's country ("US"), which settles zone abbreviations
    that name several zones ("IST"); ``language`` the page's language ("de"),
    whose day names and small words are read with English's. ``hints`` are the
    candidate positions the page's one cheap scan found (``candidates.scan``).
    ``about_us``: the caller knows the text gives the site's own contact hours
    (its settings), so no word around it needs to say whose they are.
    ``lead``: the text just before this one (the paragraph above a list), read
    only to say whose the hours are. ``owners``: the site's own names and
    domains (an archived page's owner's), which may own the hours they name;
    any other name owning them makes them someone else's.

    A paragraph's phrases are published together or not at all: if another
    part of it names days or times that could not be read ("Saturday on
    request", "(Lunchstängt 12:30 – 13:00)"), none of its hours is.
    Holidays closed in a sentence of their own ("This service is closed on
    statutory English bank holidays.") join the phrase before them.

    >>> find_hours("Call us Mon-Fri 9am-5pm ET", region="US").matches[0].opening_hours
    'Mo-Fr 09:00-17:00'
    """
    # No language reads English: one set of tables and patterns for both.
    language = language or "en"
    if lead:
        return _after_lead(
            text,
            lead,
            region=region,
            language=language,
            hints=hints,
            about_us=about_us,
            owners=owners,
        )
    return _find(
        text,
        region=region,
        language=language,
        hints=hints,
        about_us=about_us,
        owners=owners,
    )


def _find(
    text: str,
    *,
    region: str | None,
    language: str,
    hints: list[tuple[int, int]] | None,
    about_us: bool,
    owners: tuple[str, ...] = (),
    since: int = 0,
) -> HoursScan:
    """``find_hours`` on ``text`` from ``since`` (the lead before it is read for
    its words only)."""
    if hints is None:
        hints = list(candidates.scan(text).hours)
    vocab = vocabulary.vocabulary_for(language)
    found: list[HoursMatch | Left] = []
    notes: list[tuple[int, int, tuple[str, ...]]] = []  # closed days said apart
    loose: list[tuple[int, int]] = []  # days or times read nowhere
    dated: list[Dates] = []  # dates said closed
    seasons: list[Season] = []  # ranges of dates said before hours
    said: list[_Days] = []  # days said alone, for times said after them
    stated: list[list[Token]] = []  # zones said apart from any phrase
    lead_from = 0
    for lo, hi in _windows(text, hints, since=since):
        toks = tokenize(text, lo, hi, language=language, territory=region)
        for found_chain in chains(text, toks):
            chain = _seasoned(text, found_chain, vocab, seasons=seasons)
            if not chain:
                continue
            if not any(t.kind in ("time", "alltime") for t in chain):
                if any(t.kind in ("day", "days", "month") for t in chain):
                    _aside(
                        text,
                        chain,
                        vocab,
                        notes=notes,
                        loose=loose,
                        said=said,
                        dated=dated,
                    )
                _zone_said(chain, stated)
                continue
            result = _read(
                text,
                chain,
                vocab,
                language=language,
                region=region,
                lead_from=lead_from,
                about_us=about_us,
                owners=owners,
            )
            months = [t for t in chain if t.kind == "month"]
            if result is None and months and _excepted(text, months[0].start, vocab):
                # "except for public holidays ..., December 24th and 31st":
                # dates closed, read in full or not at all.
                _closed_on(
                    text, months[0].start, chain, vocab, dated=dated, loose=loose
                )
            if result is not None:
                found.append(result)
                # Words before hours about something else say nothing of the
                # hours after them; those before our own hours still do ("We
                # are available at: Mon-Fri 9-5, Sat 10-2").
                if isinstance(result, Left) and result.reason is (
                    Reason.NOT_ABOUT_CONTACT
                ):
                    lead_from = result.end
    found, loose = _days_then_times(text, found, said, loose)
    found = _stated_zone(text, found, stated, language=language, region=region)
    found = _with_notes(text, found, notes)
    found, loose = _with_dates(text, found, dated, loose)
    found, loose = _with_seasons(text, found, seasons, loose)
    found = _whole_paragraphs(text, found, loose, vocab)
    return HoursScan(
        matches=tuple(m for m in found if isinstance(m, HoursMatch)),
        left=tuple(m for m in found if isinstance(m, Left)),
    )


def _after_lead(
    text: str,
    lead: str,
    *,
    region: str | None,
    language: str,
    hints: list[tuple[int, int]] | None,
    about_us: bool,
    owners: tuple[str, ...],
) -> HoursScan:
    """Read ``text`` after ``lead`` (another paragraph); only its own phrases count."""
    # A blank line and a character no phrase runs across: the lead is read for
    # its words only.
    joined = lead + "\n\n\x00\n\n"
    shift = len(joined)
    if hints is None:
        hints = list(candidates.scan(text).hours)
    scan = _find(
        joined + text,
        region=region,
        language=language,
        hints=[(s + shift, e + shift) for s, e in hints],
        about_us=about_us,
        owners=owners,
        since=shift,
    )

    def moved(item: HoursMatch | Left) -> HoursMatch | Left:
        changes: dict = {"start": item.start - shift, "end": item.end - shift}
        if isinstance(item, HoursMatch):
            changes["times"] = tuple(
                dataclasses.replace(t, start=t.start - shift, end=t.end - shift)
                for t in item.times
            )
            changes["zone"] = item.zone and dataclasses.replace(
                item.zone, start=item.zone.start - shift, end=item.zone.end - shift
            )
        return dataclasses.replace(item, **changes)

    return HoursScan(
        matches=tuple(moved(m) for m in scan.matches if m.start >= shift),
        left=tuple(moved(m) for m in scan.left if m.start >= shift),
    )


@dataclass(frozen=True)
class _Days:
    """Days said alone and read in full ("Monday to Friday (excluding public
    holidays)"): where, which are open and which closed."""

    start: int
    end: int
    days: tuple[str, ...]
    off: tuple[str, ...]


def _aside(
    text: str,
    chain: list[Token],
    vocab: vocabulary.Vocabulary,
    *,
    notes: list[tuple[int, int, tuple[str, ...]]],
    loose: list[tuple[int, int]],
    said: list[_Days],
    dated: list[Dates],
) -> None:
    """Note a chain without times: days closed ("closed on bank holidays"), or days."""
    parse = read_chain(chain)
    closed = parse.off + [d for g in parse.groups if g.closed for d in g.days]
    if closed and not parse.unread and all(g.closed for g in parse.groups):
        start = min(t.start for t in chain)
        notes.append((start, max(t.end for t in chain), tuple(closed)))
        return
    if (
        len(parse.groups) == 1
        and parse.groups[0].days
        and not parse.groups[0].closed
        and not parse.unread
        and any(t.kind == "day" and not t.weak for t in chain)
    ):
        used = [t for t in parse.used if t.kind in ("day", "days", "except")]
        said.append(
            _Days(
                start=min(t.start for t in used),
                end=max(t.end for t in used),
                days=tuple(parse.groups[0].days),
                off=tuple(parse.off),
            )
        )
    named = [t for t in chain if t.kind == "day" and not t.weak]
    named += [
        t
        for t in chain
        if t.kind == "days"
        and HOLIDAYS in t.days
        and not _varying(text, t.start, vocab)
    ]
    # "closed for vacation December 25th through January 3rd": dates closed.
    months = [t for t in chain if t.kind == "month"]
    if months and _closed_sentence(text, months[0].start, vocab):
        _closed_on(text, months[0].start, months, vocab, dated=dated, loose=loose)
    if named:
        loose.append((min(t.start for t in named), max(t.end for t in named)))


def _closed_on(
    text: str,
    at: int,
    tokens: list[Token],
    vocab: vocabulary.Vocabulary,
    *,
    dated: list[Dates],
    loose: list[tuple[int, int]],
) -> None:
    """Note the dates said closed at ``at``, read in full, else their words as
    read nowhere (which keeps the paragraph's hours unpublished)."""
    if any(d.start <= at < d.end for d in dated):
        return  # "December 25th through January 3rd": read with December
    dates = read_dates(text, at, vocab)
    if dates is None:
        loose.append((at, max(t.end for t in tokens)))
    else:
        dated.append(dates)


def _with_dates(
    text: str,
    found: list[HoursMatch | Left],
    dated: list[Dates],
    loose: list[tuple[int, int]],
) -> tuple[list[HoursMatch | Left], list[tuple[int, int]]]:
    """Add the dates said closed to the paragraph's phrase, as days closed in a
    sentence of their own are ("We will be closed for vacation December 25th
    through January 3rd."); dates no phrase takes stay read nowhere."""
    out = list(found)
    for dates in dated:
        paragraph = _paragraph(text, dates.start)
        near = [
            i
            for i, m in enumerate(out)
            if isinstance(m, HoursMatch) and _paragraph(text, m.start) == paragraph
        ]
        before = [i for i in near if out[i].end <= dates.start]
        chosen = before[-1:] or [i for i in near if out[i].start >= dates.end][:1]
        if not chosen:
            loose.append((dates.start, dates.end))
            continue
        match = out[chosen[0]]
        assert isinstance(match, HoursMatch)
        rules = match.rules + tuple(
            HoursRule(days=(), opens="", closes="", off=True, date=d)
            for d in dates.written
        )
        out[chosen[0]] = dataclasses.replace(match, rules=rules)
    return out, loose


def _seasoned(
    text: str,
    chain: list[Token],
    vocab: vocabulary.Vocabulary,
    *,
    seasons: list[Season],
) -> list[Token]:
    """The chain without the words of a range of dates said in it ("From 1
    April until 30 September:"), noted in ``seasons``. Dates said closed or
    excepted are no season (``_closed_on`` reads them)."""
    for token in chain:
        if token.kind != "month" or any(
            s.start <= token.start < s.end for s in seasons
        ):
            continue
        if _excepted(text, token.start, vocab) or _closed_sentence(
            text, token.start, vocab
        ):
            continue
        season = read_season(text, token.start, vocab)
        if season is not None:
            seasons.append(season)
    return [t for t in chain if not any(s.start <= t.start < s.end for s in seasons)]


def _with_seasons(
    text: str,
    found: list[HoursMatch | Left],
    seasons: list[Season],
    loose: list[tuple[int, int]],
) -> tuple[list[HoursMatch | Left], list[tuple[int, int]]]:
    """Give the hours after a season, in its paragraph, its months: "From 1
    April until 30 September:⏎Every working day from 9 a.m. ..." is
    "Apr-Sep Mo-Fr ...", up to the next season.

    A season of no whole months, one with no hours after it, or one said
    after hours in their sentence ("Mo-Fr 9-5 from 1 April until 30
    September": does it hold for them?) stays read nowhere, which keeps the
    paragraph's hours unpublished.
    """
    out = list(found)
    for season in seasons:
        paragraph = _paragraph(text, season.start)
        sentence = sentence_of(text, season.start, season.end)
        later = [
            i
            for i, m in enumerate(out)
            if isinstance(m, HoursMatch)
            and m.start >= season.end
            and _paragraph(text, m.start) == paragraph
        ]
        earlier_in_sentence = any(
            isinstance(m, HoursMatch)
            and m.end <= season.start
            and sentence_of(text, m.start, m.end)[1] >= sentence[0]
            and _paragraph(text, m.start) == paragraph
            for m in out
        )
        if not season.written or not later or earlier_in_sentence:
            loose.append((season.start, season.end))
            continue
    for i, match in enumerate(out):
        if not isinstance(match, HoursMatch):
            continue
        before = [
            s
            for s in seasons
            if s.written
            and s.end <= match.start
            and _paragraph(text, s.start) == _paragraph(text, match.start)
        ]
        if not before:
            continue
        season = max(before, key=lambda s: s.start)
        rules = tuple(
            r if r.date else dataclasses.replace(r, season=season.written)
            for r in match.rules
        )
        out[i] = dataclasses.replace(match, rules=rules)
    return out, loose


def _zone_said(chain: list[Token], stated: list[list[Token]]) -> None:
    """Note a zone (or UTC offset) said in a chain without days or times."""
    written = [
        t for t in chain if t.kind == "offset" or (t.kind == "zone" and not t.weak)
    ]
    if written and not any(t.kind in ("day", "days") and not t.weak for t in chain):
        stated.append(written)


def _stated_zone(
    text: str,
    found: list[HoursMatch | Left],
    stated: list[list[Token]],
    *,
    language: str,
    region: str | None,
) -> list[HoursMatch | Left]:
    """Give phrases without a zone the one zone the text states for itself.

    Said once, in the phrase's own sentence ("We are located in Singapore
    (+0800 GMT), and we are most active from Monday to Friday, 0900 to 1700")
    or in a sentence saying it is the time zone ("We are located in Austria,
    the time zone is CET (GMT+1)"): never when the text states two.
    """
    if len(stated) != 1 or not any(
        isinstance(m, HoursMatch) and m.zone is None for m in found
    ):
        return found
    (written,) = stated
    if any(isinstance(m, HoursMatch) and m.zone is not None for m in found):
        return found
    lo, hi = sentence_of(text, written[0].start, written[-1].end)
    says = has_any(vocabulary.fold(text[lo:hi]), _TIME_ZONE)
    names = tuple(t for t in written if t.kind == "zone")
    offsets = [t for t in written if t.kind == "offset"]
    mark, trouble = _zone(
        text, names, offsets, written[-1].end, language=language, region=region
    )
    if mark is None or trouble is not None:
        return found
    mark = dataclasses.replace(mark, apart=True)
    out: list[HoursMatch | Left] = []
    for item in found:
        if (
            isinstance(item, HoursMatch)
            and item.zone is None
            and (says or sentence_of(text, item.start, item.end) == (lo, hi))
        ):
            out.append(dataclasses.replace(item, zone=mark))
        else:
            out.append(item)
    return out


# Words that say a zone is the text's time zone.
_TIME_ZONE = frozenset({"time zone", "timezone", "zeitzone", "fuseau horaire"})


# How far times may follow the days they are for: "Monday through Friday,
# excluding U.S. national holidays that fall on these days. Our normal business
# hours are from 8:00 a.m. to 5:00 p.m." (greatbiztools.com).
_DAYS_TO_TIMES = 100


def _days_then_times(
    text: str,
    found: list[HoursMatch | Left],
    said: list[_Days],
    loose: list[tuple[int, int]],
) -> tuple[list[HoursMatch | Left], list[tuple[int, int]]]:
    """Give times said alone the days said alone just before them.

    "First Line Support | Monday to Friday (excluding public holidays) |⏎
    Hours | 08:00 — 18:00 |": the days, read in full, then the times with
    nothing between them but words, in the same paragraph.
    """
    if not said:
        return found, loose
    out = list(found)
    for days in said:
        later = [i for i, m in enumerate(out) if m.start >= days.end]
        if not later:
            continue
        i = min(later, key=lambda k: out[k].start)
        match = out[i]
        if (
            not isinstance(match, HoursMatch)
            or match.has_days
            or any(r.days for r in match.rules)
            or match.start - days.end > _DAYS_TO_TIMES
            or _paragraph(text, days.start) != _paragraph(text, match.start)
            or any(days.end <= d.start < match.start for d in said)
        ):
            continue
        open_days = tuple(d for d in days.days if d not in days.off)
        rules = tuple(
            HoursRule(days=open_days, opens=r.opens, closes=r.closes)
            for r in match.rules
        )
        if days.off:
            rules += (HoursRule(days=days.off, opens="", closes="", off=True),)
        out[i] = dataclasses.replace(
            match, start=days.start, text=text[days.start : match.end], rules=rules
        )
        loose = [(a, b) for a, b in loose if not days.start <= a < days.end]
    return out, loose


def _varying(text: str, at: int, vocab: vocabulary.Vocabulary) -> bool:
    """Tell whether holidays at ``at`` are said to vary (and not to be closed)."""
    lo, hi = sentence_of(text, at, at)
    sentence = vocabulary.fold(text[lo:hi])
    return has_any(sentence, vocab.vary) and not _closed_sentence(text, at, vocab)


# How far before a date a word closing or excepting it still speaks of it.
_EXCEPTED_NEAR = 80


def _excepted(text: str, at: int, vocab: vocabulary.Vocabulary) -> bool:
    """Tell whether the date at ``at`` follows a word that closes or excepts it
    in its sentence ("except for public holidays ..., December 24th")."""
    lo = max(sentence_of(text, at, at)[0], at - _EXCEPTED_NEAR)
    before = vocabulary.fold(text[lo:at])
    return any(
        _word_in(before, w)
        for w, kind in vocab.words.items()
        if kind in ("closed", "except")
    )


def _closed_sentence(text: str, at: int, vocab: vocabulary.Vocabulary) -> bool:
    lo, hi = sentence_of(text, at, at)
    sentence = vocabulary.fold(text[lo:hi])
    closed = [w for w, kind in vocab.words.items() if kind == "closed"]
    return any(_word_in(sentence, w) for w in closed)


def _with_notes(
    text: str,
    found: list[HoursMatch | Left],
    notes: list[tuple[int, int, tuple[str, ...]]],
) -> list[HoursMatch | Left]:
    """Add days closed in a sentence of their own to the paragraph's phrase."""
    out = list(found)
    for start, end, days in notes:
        paragraph = _paragraph(text, start)
        before = [
            i
            for i, m in enumerate(out)
            if isinstance(m, HoursMatch)
            and m.end <= start
            and _paragraph(text, m.start) == paragraph
        ]
        after = [
            i
            for i, m in enumerate(out)
            if isinstance(m, HoursMatch)
            and m.start >= end
            and _paragraph(text, m.start) == paragraph
        ]
        chosen = before[-1:] or after[:1]
        if not chosen:
            # "Mon-Fri: 0830 – 1730⏎⏎This excludes all public and bank holidays."
            near = [
                i
                for i, m in enumerate(out)
                if isinstance(m, HoursMatch) and 0 <= start - m.end <= 80
            ]
            chosen = near[-1:]
        if not chosen:
            continue
        match = out[chosen[0]]
        assert isinstance(match, HoursMatch)
        ordered = tuple(d for d in (*DAYS, HOLIDAYS) if d in days)
        open_days = {d for r in match.rules if not r.off for d in r.days}
        both = [d for d in ordered if d in open_days]
        if both:
            # "Monday to Saturday ... There is no support on Saturdays": the
            # text says the day both ways, so it gives no hours for sure.
            out[chosen[0]] = Left(
                start=match.start,
                end=match.end,
                text=match.text,
                reason=Reason.NOT_READ,
                detail=f"'{_short(text[start:end])}' says {format_days(tuple(both))} "
                "closed",
            )
            continue
        rules = (*match.rules, HoursRule(days=ordered, opens="", closes="", off=True))
        out[chosen[0]] = dataclasses.replace(match, rules=rules)
    return out


def _whole_paragraphs(
    text: str,
    found: list[HoursMatch | Left],
    loose: list[tuple[int, int]],
    vocab: vocabulary.Vocabulary,
) -> list[HoursMatch | Left]:
    """Turn down a paragraph's phrases when another of its hours was not read."""
    unread: dict[int, str] = {}
    for item in found:
        if (
            isinstance(item, Left)
            and item.reason in (Reason.NOT_READ, Reason.TIMES_WITHOUT_DAYS)
            and not _elsewhere(text, item.start, item.end, vocab)
        ):
            unread.setdefault(_paragraph(text, item.start), item.text)
    for start, end in loose:
        if not _elsewhere(text, start, end, vocab):
            unread.setdefault(_paragraph(text, start), text[start:end])
    # Times without days beside days and times: which days are they?
    for item in found:
        if isinstance(item, HoursMatch) and not item.has_days:
            paragraph = _paragraph(text, item.start)
            if any(
                isinstance(m, HoursMatch)
                and m.has_days
                and _paragraph(text, m.start) == paragraph
                for m in found
            ):
                unread.setdefault(paragraph, item.text)
    out: list[HoursMatch | Left] = []
    for item in found:
        other = (
            unread.get(_paragraph(text, item.start))
            if isinstance(item, HoursMatch)
            else None
        )
        out.append(
            item
            if other is None
            else Left(
                start=item.start,
                end=item.end,
                text=item.text,
                reason=Reason.NOT_READ,
                detail=f"'{_short(other)}' beside it was not read",
            )
        )
    return out


def _elsewhere(text: str, start: int, end: int, vocab: vocabulary.Vocabulary) -> bool:
    """Tell whether the words around text[start:end] are about something else.

    Around the clock in a sentence about e-mail or a web form is theirs: "We
    accept email and in-app support questions 24 hours per day".
    """
    if vetoed(text, start, end, vocab):
        return True
    if vocab.words.get(vocabulary.fold(text[start:end])) != "alltime":
        return False
    lo, hi = sentence_of(text, start, end)
    return has_any(vocabulary.fold(text[lo:hi]), vocab.channel)


def _word_in(text: str, word: str) -> bool:
    return re.search(rf"(?<!\w){re.escape(word)}(?!\w)", text) is not None


def _short(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= 40 else text[:37] + "..."


_PARAGRAPH = re.compile(r"\n\s*\n")


def _paragraph(text: str, at: int) -> int:
    """Which paragraph (blank-line separated) ``at`` stands in: its start."""
    start = 0
    for m in _PARAGRAPH.finditer(text, 0, at):
        start = m.end()
    return start


def _read(
    text: str,
    chain: list[Token],
    vocab: vocabulary.Vocabulary,
    *,
    language: str | None,
    region: str | None,
    lead_from: int,
    about_us: bool,
    owners: tuple[str, ...],
) -> HoursMatch | Left | None:
    parse = read_chain(chain)
    meaning = mean(text, parse, language=language, territory=region)
    # The phrase runs from its first day, time or zone to its last; "from",
    # "Hours:" and other small words around it stay outside.
    used = [t for t in parse.used + parse.zones if t.kind not in _AROUND]
    if not used:
        return None
    start = min(t.start for t in used)
    end = max(t.end for t in used)
    end = max([end, *(b for _, b in meaning.comments)])
    end = _balanced(text, start, end)
    phrase = text[start:end]
    # Only ranges make an hours phrase: "every Tuesday at 2 p.m." and "updated on
    # Monday, June 5, 2023 at 10:30" name a moment, "2-3 business days" a count.
    if not meaning.ranges:
        return None
    # Words the phrase read as its own ("weekends by appointment") say nothing
    # of whose hours they are: they are judged as if blank.
    judged = _blanked(text, meaning.comments)
    if not about_us and vetoed(judged, start, end, vocab):
        return Left(
            start=start,
            end=end,
            text=phrase,
            reason=Reason.NOT_ABOUT_CONTACT,
            detail="not about reaching people",
        )
    if meaning.problem is not None:
        reason = (
            Reason.TIMES_WITHOUT_DAYS
            if meaning.problem == "times without days"
            else Reason.NOT_READ
        )
        return Left(
            start=start, end=end, text=phrase, reason=reason, detail=meaning.problem
        )
    times_only = not any(r.days for r in meaning.rules)
    around = all(
        r.opens == "00:00" and r.closes == "24:00" for r in meaning.rules if not r.off
    )
    kind = "around" if around else "times" if times_only else "days"
    if not about_us and not about_contact(
        judged, start, end, vocab, kind=kind, lead_from=lead_from
    ):
        reason = Reason.TIMES_WITHOUT_DAYS if times_only else Reason.NOT_ABOUT_CONTACT
        detail = "times without days" if times_only else "not about reaching people"
        return Left(start=start, end=end, text=phrase, reason=reason, detail=detail)
    other = (
        None
        if about_us
        else named_owner(judged, start, end, vocab, owners=owners, lead_from=lead_from)
    )
    if other is not None:
        return Left(
            start=start,
            end=end,
            text=phrase,
            reason=Reason.NOT_ABOUT_CONTACT,
            detail=f"the hours of '{_short(other)}', not the site's",
        )
    zone, trouble = _zone(
        text,
        meaning.zone_tokens,
        parse.offsets,
        end,
        language=language,
        region=region,
        settled=dict(meaning.settled),
    )
    if trouble is not None:
        return Left(
            start=start, end=end, text=phrase, reason=Reason.ZONE, detail=trouble
        )
    if zone is not None and zone.end > end:
        # The zone is the offset after the phrase ("9:00-17:00 (UTC+8)"): the
        # phrase runs over it, so the note added after it stays inside.
        end = _balanced(text, start, zone.end)
        phrase = text[start:end]
    return HoursMatch(
        start=start,
        end=end,
        text=phrase,
        rules=meaning.rules,
        times=meaning.times,
        zone=zone,
    )


_AROUND = frozenset({"filler", "from", "hour", "between", "and", "sep", "range"})


def _blanked(text: str, spans: tuple[tuple[int, int], ...]) -> str:
    """``text`` with each span turned to spaces (positions stay the text's)."""
    for a, b in spans:
        text = text[:a] + " " * (b - a) + text[b:]
    return text


def _balanced(text: str, start: int, end: int) -> int:
    """Extend the phrase over a closing bracket it opened ("(closed weekends)")."""
    opened = text.count("(", start, end) - text.count(")", start, end)
    if opened > 0 and text.startswith(")", end):
        return end + 1
    return end


def _zone(
    text: str,
    written: tuple[Token, ...],
    offsets: list[Token],
    end: int,
    *,
    language: str | None,
    region: str | None,
    settled: dict[str, Zone] | None = None,
) -> tuple[ZoneMark | None, str | None]:
    """The phrase's one zone: every zone written in it must mean the same clock.

    ``settled``: names a restatement in another zone settled ("GMT" restated
    in EST is British Time). A UTC offset that disagrees with the name is
    set aside, and reported on the match, only when the name is the page's
    country's clock (``zones.country_clock``: "CET (UTC +2)" in Algeria); a
    word that is no zone at all ("DST (UTC +2)" in Cyprus) is set aside when
    the offset names one clock of the country. Another place's zone with the
    country's offset ("EDT (UTC +13)" in New Zealand) is reported: which of
    the two is wrong, the text does not say.
    """
    found: list[tuple[Token, Zone]] = []
    names = [t for t in written if t.kind == "zone"]
    # "CET/CEST", "GMT/BST", "India Standard Time (IST)": one zone written twice.
    groups: list[list[Token]] = []
    for token in names:
        between = text[groups[-1][-1].end : token.start] if groups else ""
        between = " ".join(between.split())
        if groups and between in ("/", "(", "(or", "( or"):
            groups[-1].append(token)
        else:
            groups.append([token])
    unknown: list[tuple[str, str]] = []  # words that are no zone: "DST"
    for group in groups:
        written = "/".join(_bare(t.text) for t in group)
        reading = zones.read_zone(
            written, language=language, territory=region, context=text
        )
        if reading.problem is not None and settled and written in settled:
            reading = zones.Reading(zone=settled[written])
        if reading.unknown and offsets and region:
            # "09:00 – 17:00 DST (UTC +2)" in Cyprus: not a zone's name at
            # all; the offset may still settle the country's clock below.
            unknown.append((written, reading.problem or ""))
            continue
        if reading.problem is not None:
            return None, reading.problem
        if reading.zone is not None:
            found.append((group[0], reading.zone))
    if found and any(not zones.same_clock(z.iana, found[0][1].iana) for _, z in found):
        return None, "two time zones"
    if unknown and (found or len(unknown) > 1 or len(offsets) != 1):
        return None, unknown[0][1]
    unused, why = "", ""
    for token in offsets:
        assert token.offset is not None
        reading = zones.read_offset(*token.offset, territory=region, language=language)
        if not found:
            if reading.zone is None:
                return None, unknown[0][1] if unknown else reading.problem
            found.append((token, reading.zone))
            if unknown:
                unused = unknown[0][0]
                why = (
                    f"not a time zone; '{token.text}' is {reading.zone.label} "
                    f"in {region}"
                )
        elif not zones.has_offset(
            found[0][1].iana, *token.offset, season=found[0][1].season
        ):
            written = _bare(found[0][0].text)
            said = (written, found[0][1], *token.offset)
            where = {"territory": region, "language": language}
            settled = zones.settle_offset(*said, **where)
            if settled is None:
                # Two signals of three: the name is the page's country's clock,
                # only the offset disagrees ("CET (UTC +2)" in Algeria).
                settled = zones.country_clock(*said, **where)
                if settled is None:
                    return None, "the time zone and its UTC offset disagree"
                unused = token.text
                why = (
                    f"'{written}' is {settled.label} in {region}; the offset "
                    "disagrees with it"
                )
            found[0] = (found[0][0], settled)
    if not found:
        return None, None
    token, zone = found[0]
    mark = ZoneMark(
        start=token.start, end=token.end, zone=zone, unused=unused, why_unused=why
    )
    return mark, None


def _bare(written: str) -> str:
    return re.sub(r"^US\s+|\.?\s*\(US\)$|\.$", "", written.strip())
