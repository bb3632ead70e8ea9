"""Hours phrases cut into tokens: days, times, zones and the small words between them.

Text in, tokens out: each token knows its kind, where it stands and, for days and
times, what it names. Tokens that follow each other with only spaces, brackets or
markup between them form a chain: the grammar reads chains, nothing else. The
words come from ``vocabulary``; this module only finds them.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from legalsite.contacts.hours import vocabulary, zones
from legalsite.contacts.hours.vocabulary import WEEK, Vocabulary, fold


@dataclass(frozen=True)
class Clock:
    """A written time: hour and minute as written, and its half of the day.

    ``meridiem`` is "a", "p", "=" (noon or midnight, which name their half) or
    "" (a 24-hour or bare time). ``strong``: written as a time ("9:00", "9h",
    "9 AM"), not a bare number that only its place makes a time ("9-17").
    """

    hour: int
    minute: int
    meridiem: str
    strong: bool


@dataclass(frozen=True)
class Token:
    """One token of a phrase and where it stands in the text."""

    kind: str
    start: int
    end: int
    text: str
    days: tuple[str, ...] = ()
    weak: bool = False
    clock: Clock | None = None
    offset: tuple[int, int] | None = None


# What may stand between two tokens of one chain: spaces, brackets, colons,
# bullets, markup and the escapes of source strings ("\n", "&nbsp;").
_GAP = re.compile(
    r"(?:[\s:()\[\]{}*•·>\"“”„«»'`_+：（）「」【】]|<[^<>]{0,300}>|&[#\w]{2,8};|\\[nrt]"
    r"|\\(?=\")|(?<=\s)-(?=\s))*"
)
_MARKUP = re.compile(r"<[^<>]{0,300}>|&[#\w]{2,8};")
_DASHES = "-–—‐‑−"
# A time written in digits: "9", "9:00", "09.30", "9h30", "18h", "9 AM", "10:00〜".
_HOUR = r"(?P<{n}h>2[0-4]|[01]?\d)"
_MINUTE = r"(?P<{n}m>[0-5]\d)"
# Not inside another number ("v2.10", "1,50") or word; after a label's colon
# ("Fri:10:00 AM") a number starts.
_NUMBER_BEFORE = r"(?<![\d,A-Za-z_])(?<!\d[.:])"
_T12 = (
    _NUMBER_BEFORE + r"(?P<t12h>1[0-2]|0?[1-9])(?:\s?[:.：h]\s?(?P<t12m>[0-5]\d)|:)?\s*"
    # "p.m." keeps its last stop; in "6 PM." the stop ends the sentence.
    r"(?P<t12p>[aApP])(?:\.\s?[mM](?:\.(?!\w)|(?![\w.]))|\s?[mM](?![\w]))"
)
_T24 = (
    _NUMBER_BEFORE
    + _HOUR.format(n="t")
    + r"(?:(?P<tsep>\s?[:.：]\s?|\s?[hH]\s?|\s?u\s?|,(?=\d\d(?!\d)))"
    + _MINUTE.format(n="t")
    + r")?(?!\d)(?![.,]\d)(?P<tsuf>\s?(?:h|hs|hrs?\.?|uhr|Uhr|h\.|H|u|uur|hod\.?|hodin"
    r"|godz\.?|horas|heures|ore|óra|時)(?![\w]))?"
)
# "1000 to 1900 hours", "0900 – 1730": four digits, read only with a unit or
# as a pair (the grammar decides).
_MILITARY = (
    _NUMBER_BEFORE
    + r"(?P<mh>[01]\d|2[0-3])(?P<mm>[0-5]\d)(?!\d)(?P<msuf>\s?(?:hours|hrs|h)\b)?"
)
_OFFSET = (
    r"(?:(?<![\w])(?:UTC|GMT)\s?(?P<osign>[+\-−])\s?(?P<oh>\d{1,2})(?::?(?P<om>\d\d))?"
    r"|(?P<osign2>[+\-])(?P<oh2>\d\d)(?P<om2>\d\d)\s?(?:GMT|UTC))(?!\d)"
)
# "9a-5p": one letter for the half of the day, only as a pair.
_AP_SPAN = (
    r"(?<![\w.])(?P<aph1>1[0-2]|[1-9])(?::(?P<apm1>[0-5]\d))?(?P<app1>[ap])"
    r"\s?[-–]\s?(?P<aph2>1[0-2]|[1-9])(?::(?P<apm2>[0-5]\d))?(?P<app2>[ap])(?![\w])"
)
_NARROW = r"(?<![\w])(?P<narrow>(?-i:[MTWFS])\s?[-–]\s?(?-i:[MTWFS]))(?![\w])"


@functools.cache
def _pattern(language: str | None, territory: str | None) -> re.Pattern[str]:
    vocab = vocabulary.vocabulary_for(language)
    words = sorted(_words(vocab), key=len, reverse=True)
    names = vocabulary.zone_names(language, territory)
    long_names = sorted(
        (
            k
            for k, v in names.items()
            if not v.abbreviation and not k.startswith("bare:")
        ),
        key=len,
        reverse=True,
    )
    bare = sorted(
        (k[5:] for k in names if k.startswith("bare:")), key=len, reverse=True
    )
    alltime = (w for w in words if vocab.words.get(w) == "alltime")
    # Words that start with a digit ("7 days a week") are tried before times.
    numeric = (w for w in words if w[:1].isdigit() and vocab.words.get(w) != "alltime")
    stems = sorted(vocab.day_stems, key=len, reverse=True)
    long_names += [
        n.replace("daylight time", "summer time")
        for n in long_names
        if "daylight time" in n
    ]
    long_names.sort(key=len, reverse=True)
    return re.compile(
        "|".join(
            (
                rf"(?P<alltime>{_alternation(alltime)})",
                rf"(?P<numword>{_alternation(numeric)})",
                rf"(?P<offset>{_OFFSET})",
                rf"(?P<apspan>{_AP_SPAN})",
                rf"(?P<t12>{_T12})",
                rf"(?P<military>{_MILITARY})",
                rf"(?P<t24>{_T24})",
                _NARROW,
                r"(?P<zone>(?:US\s+)?(?:"
                + _alternation(long_names)
                + r")(?:\s+zone)?(?:\s*\(US\))?)",
                r"(?P<bare>(?<![\w])(?-i:(?:"
                + "|".join(re.escape(b.capitalize()) for b in bare)
                + r"))(?![\w])(?:\s+(?-i:US))?"
                # In lower case only as a "time zone": "in the mountain time zone".
                + r"|(?<![\w])(?-i:(?:"
                + "|".join(re.escape(b) for b in bare)
                + r"))\s+(?-i:time\s+zone)(?![\w]))",
                rf"(?P<place>(?<![\w]){_FRAMES}\s+(?:de\s+|d['’]\s*|of\s+)?"
                r"[^\W\d_]+(?:\s[A-ZÀ-Þ][^\W\d_]+)?"
                r"|(?<![\w])(?:[^\W\d_]+\s+)?[^\W\d_]+\s+(?:(?-i:Standard)\s+)?"
                r"(?-i:[Tt]ime)(?:\s+zone)?(?![\w]))",
                rf"(?P<word>{_alternation(words)})",
                rf"(?P<stem>(?<![\w])(?:{'|'.join(map(re.escape, stems)) or '(?!)'})"
                r"[^\W\d_]*)",
                r"(?P<caps>(?<![\w])(?-i:[A-ZÀ-ÖØ-ÞČŠŽŘĚŁŚŻ]{2,5}|(?:[A-Z]\.){2,4})"
                r"(?![\w])(?:\.?\s*\(US\))?)",
                rf"(?P<dash>[{_DASHES}~〜～]+|(?<=\s)\?(?=\s))",
                r"(?P<comma>[,&/、・])",
                r"(?P<sep>;)",
                # A table's cell border: phrases never run across cells.
                r"(?P<cell>\|)",
            )
        ),
        re.IGNORECASE,
    )


# Words that frame a place as a zone: "heure de Paris", "hora de Colombia".
_FRAMES = r"(?:heure|hora|horário|horario|ora|czas[^\W\d_]*)"


def _words(vocab: Vocabulary) -> set[str]:
    found = set(vocab.words) | set(vocab.day_sets) | set(vocab.days)
    found |= set(vocab.weak_days) | set(vocab.months)
    found |= {w for w, kind in vocab.periods.items() if kind in ("noon", "midnight")}
    return {w for w in found if w and not w.isdigit()}


def _alternation(
    words: Iterable[str],
    *,
    letter: str = r"\w",
    bounded: Callable[[str], bool] | None = None,
) -> str:
    """One regex for a list of words, as a trie: "mon(?:day|)|..." branches on
    each next letter instead of trying every word in turn, and prefers the
    longest word, as a list sorted longest first would. A word that starts or
    ends with a letter (``bounded``; ``letter`` is their class) must start or
    end a word of the text."""
    edge = bounded or _bounded
    words = [w for w in words if w]
    lead = [w for w in words if edge(w[0])]
    free = [w for w in words if not edge(w[0])]
    parts = []
    if lead:
        parts.append(rf"(?<![{letter}])" + _trie(lead, letter, edge))
    if free:
        parts.append(_trie(free, letter, edge))
    return "|".join(parts) or "(?!)"


def words_pattern(words: Iterable[str]) -> re.Pattern[str]:
    """A search for any of ``words`` (folded) standing as words in folded text.

    A word starting or ending with a Latin, Greek, Cyrillic ... letter or digit
    must start or end there; CJK words run together and need no edge.
    """
    return re.compile(_alternation(words, letter=r"^\W_", bounded=_letter))


def _letter(char: str) -> bool:
    return char.isalnum() and ord(char) < 0x2E80


def _trie(words: list[str], letter: str, edge: Callable[[str], bool]) -> str:
    root: dict = {}
    for word in words:
        node = root
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}

    def emit(node: dict, last: str) -> str:
        alternatives = [
            _char(char) + emit(node[char], char) for char in sorted(node) if char
        ]
        if "" in node:  # a word ends here: after every longer one
            alternatives.append(rf"(?![{letter}])" if edge(last) else "")
        if len(alternatives) == 1:
            return alternatives[0]
        return "(?:" + "|".join(alternatives) + ")"

    return emit(root, "")


def _char(char: str) -> str:
    if char == " ":
        return r"\s+"
    if char in "'’":
        return "['’]"
    return re.escape(char)


def _bounded(char: str) -> bool:
    # CJK text runs words together ("平日10:00"): no word edges there.
    return (char.isalnum() or char == "_") and ord(char) < 0x2E80


def tokenize(
    text: str,
    start: int,
    end: int,
    *,
    language: str | None,
    territory: str | None,
) -> list[Token]:
    """Tokens of ``text[start:end]`` for a page in ``language`` of ``territory``."""
    vocab = vocabulary.vocabulary_for(language)
    pattern = _pattern(language, territory)
    out: list[Token] = []
    # Markup and character references in source text are gaps, never words.
    skipped = [(t.start(), t.end()) for t in _MARKUP.finditer(text, start, end)]
    at = start
    # The pattern is tried only where a token can start (a word's first letter,
    # a number's first digit, a sign): the same tokens as a search from every
    # character, without trying every word's inside.
    for begin in _STARTS.finditer(text, start, end):
        if begin.start() < at:
            continue
        m = pattern.match(text, begin.start(), end)
        if m is None:
            continue
        inside = next((e for s, e in skipped if s <= m.start() < e), None)
        if inside is not None:
            at = inside
            continue
        found = _token(m, text, vocab)
        if found is None and m.lastgroup == "place":
            # Not a place after all ("horario de lunes", "the mountain time
            # zone"): its first word is read as any other word, then the rest.
            # A place takes two words, so within the first it cannot match.
            again = pattern.match(
                text, m.start(), m.start() + max(1, m.group().find(" "))
            )
            out.extend((again and _token(again, text, vocab)) or ())
            at = m.start() + max(1, m.group().find(" "))
            continue
        out.extend(found or ())
        at = max(m.end(), at + 1)
    return out


# Where a token can start: a letter after no letter, a digit after no digit, any
# sign, and every CJK character (those words run together).
_STARTS = re.compile(
    r"(?<![^\W\d_])[^\W\d_]|(?<!\d)\d|[^\w\s]|[\u2e80-\u9fff\uff00-\uffef]"
)


def _token(m: re.Match[str], text: str, vocab: Vocabulary) -> list[Token] | None:
    kind = m.lastgroup or ""
    s, e, raw = m.start(), m.end(), m.group()
    groups = m.groupdict()
    if groups["alltime"] is not None:
        # "24/7", and a service said to be "24 hour" with no days named (gov.uk
        # Floodline: "<li>24 hour service</li>"): every day, all day.
        whole_week = re.match(r"24\s*(?:/|x|X)\s*7|24[ -]hour service", raw) is not None
        found = [Token("alltime", s, e, raw)]
        if whole_week:
            found.append(Token("days", s, e, raw, days=WEEK))
        return found
    if groups["offset"] is not None:
        sign = groups["osign"] or groups["osign2"]
        hours = int(groups["oh"] or groups["oh2"])
        minutes = int(groups["om"] or groups["om2"] or 0)
        return [
            Token(
                "offset", s, e, raw, offset=(-hours if sign in "-−" else hours, minutes)
            )
        ]
    if groups["apspan"] is not None:
        first = Clock(
            int(groups["aph1"]), int(groups["apm1"] or 0), groups["app1"], True
        )
        last = Clock(
            int(groups["aph2"]), int(groups["apm2"] or 0), groups["app2"], True
        )
        mid = m.start("aph2")
        return [
            Token("time", s, m.end("app1"), text[s : m.end("app1")], clock=first),
            Token("range", m.end("app1"), mid, text[m.end("app1") : mid]),
            Token("time", mid, e, text[mid:e], clock=last),
        ]
    if groups["t12"] is not None:
        clock = Clock(
            int(groups["t12h"]), int(groups["t12m"] or 0), groups["t12p"].lower(), True
        )
        return [Token("time", s, e, raw, clock=clock)]
    if groups["military"] is not None:
        strong = groups["msuf"] is not None
        clock = Clock(int(groups["mh"]), int(groups["mm"]), "", strong)
        return [Token("time", s, e, raw, clock=clock, weak=not strong)]
    if groups["t24"] is not None:
        return _time24(m, text, vocab)
    if groups["narrow"] is not None:
        first, last = raw[0], raw[-1]
        days = {"MF": WEEK[:5], "SS": WEEK[5:]}.get(first + last)
        return [Token("days", s, e, raw, days=days, weak=True)] if days else None
    if groups["zone"] is not None:
        return [Token("zone", s, e, raw.strip())]
    if groups["caps"] is not None or groups["bare"] is not None:
        # An abbreviation or "Eastern": a zone only next to times or days.
        return [Token("zone", s, e, raw.strip(), weak=True)]
    if groups["place"] is not None:
        words = re.split(r"\s+", raw.strip())
        if fold(" ".join(words[-2:])) in vocab.words:  # "local time"
            return [Token("filler", s, e, raw)]
        if zones.place_of(raw, vocab.language) is None:
            return None
        return [Token("zone", s, e, raw.strip())]
    if groups["word"] is not None or groups["numword"] is not None:
        token = _word(raw, s, e, vocab)
        # "during the next working day, between 7am and 7pm": one day to come.
        if token.kind in ("day", "days") and _NEXT.search(text, max(0, s - 12), s):
            return [Token("filler", s, e, raw)]
        return [token]
    if groups["stem"] is not None:
        return _stem(raw, s, e, vocab)
    if groups["dash"] is not None:
        line_start = text.rfind("\n", 0, s)
        bullet = text[line_start + 1 : s].strip() == ""
        # "open 8am - 7pm Monday⏎    - Friday": a line wrapped inside a range
        # of days, not a list; a list's lines all start with one.
        if bullet and line_start > 0:
            prev_start = text.rfind("\n", 0, line_start) + 1
            prev = text[prev_start:line_start].strip()
            last = re.search(r"([^\W\d_]+)\.?$", prev)
            if (
                last
                and fold(last.group(1)) in vocab.days
                and not prev.startswith(tuple(_DASHES))
            ):
                bullet = False
        return [Token("sep" if bullet else "range", s, e, raw)]
    if groups["comma"] is not None:
        return [Token("and", s, e, raw)]
    if kind == "sep" or groups["sep"] is not None:
        return [Token("sep", s, e, raw)]
    if groups["cell"] is not None:
        return [Token("cell", s, e, raw)]
    return None


_NEXT = re.compile(r"(?<![\w])(?:next|following)\s+$", re.IGNORECASE)


# "pm" as ``_T12`` writes it, after a 24-hour value: "17 p.m.", "17:30pm".
_PM_AFTER = re.compile(r"\s?[pP](?:\.\s?[mM](?:\.(?!\w)|(?![\w.]))|\s?[mM](?![\w]))")


def _time24(m: re.Match[str], text: str, vocab: Vocabulary) -> list[Token]:
    s, e = m.start(), m.end()
    hour, minute = int(m.group("th")), int(m.group("tm") or 0)
    if (m.group("tsep") or "") == ",":
        # "dalle ore 9,30": a comma is a time's only after a word for hours,
        # else it is a decimal ("1,50 €").
        before = re.search(r"([^\W\d_]+\.?)\s*$", text[max(0, s - 12) : s])
        if not before or fold(before.group(1)) not in vocab.hour_words:
            return []
    suffix = m.group("tsuf")
    separated = m.group("tsep") is not None
    strong = separated or suffix is not None
    meridiem = ""
    # A CLDR day-period word after the time: "9 yb" (Welsh), "9 fm" (Swedish).
    after = re.match(r"\s?([^\W\d_]{1,4}\.?)(?![\w])", text[e : e + 8])
    if after:
        period = vocab.periods.get(fold(after.group(1)))
        if period in ("am", "pm") and hour <= 12:
            meridiem, strong = period[0], True
            e += after.end()
    if 12 < hour < 24 and not suffix:
        # "13.30 p.m.", "17:30pm" (Toerisme Peer, egenie): a 24-hour value
        # above 12 with "pm" after it can only mean that hour; the "pm" is
        # read with it. At 12 or below "pm" keeps its meaning (above).
        pm = _PM_AFTER.match(text, e)
        if pm:
            strong = True
            e = pm.end()
    # "午後6時": the period word before the time.
    before = text[max(0, s - 2) : s]
    if vocab.periods.get(before) in ("am", "pm") and hour <= 12:
        meridiem, strong = vocab.periods[before][0], True
        s -= 2
    if hour == 24 and minute:
        return []
    return [
        Token(
            "time",
            s,
            e,
            text[s:e],
            clock=Clock(hour, minute, meridiem, strong),
            weak=not strong,
        )
    ]


def _word(raw: str, s: int, e: int, vocab: Vocabulary) -> Token:
    key = fold(raw)
    key = re.sub(r"\s+", " ", key)
    if key in vocab.days:
        return Token("day", s, e, raw, days=(WEEK[vocab.days[key]],))
    if key in vocab.day_sets:
        return Token("days", s, e, raw, days=vocab.day_sets[key])
    kind = vocab.words.get(key)
    if kind == "except" and key in vocab.except_after:
        kind = "excepted"  # may also follow the days: "(holidays excluded)"
    if kind is not None:
        return Token(kind, s, e, raw)
    bare = key.rstrip(".")
    if key in vocab.weak_days or bare in vocab.weak_days:
        index = vocab.weak_days.get(key, vocab.weak_days.get(bare))
        return Token("day", s, e, raw, days=(WEEK[index],), weak=True)
    if key in vocab.months or bare in vocab.months:
        return Token("month", s, e, raw)
    period = vocab.periods.get(key)
    if period in ("noon", "midnight"):
        clock = Clock(12 if period == "noon" else 0, 0, "=", True)
        return Token("time", s, e, raw, clock=clock)
    return Token("filler", s, e, raw)


def _stem(raw: str, s: int, e: int, vocab: Vocabulary) -> list[Token]:
    """An inflected day name ("poniedziałku", "pirmadienio"): a weak day."""
    key = fold(raw)
    for stem, index in sorted(vocab.day_stems.items(), key=lambda kv: -len(kv[0])):
        if key.startswith(stem):
            day = (WEEK[index],)
            # "hétfőtől": Monday, then "from ... to".
            cut = next((len(x) for x in vocab.from_suffixes if key.endswith(x)), 0)
            if cut:
                return [
                    Token("day", s, e - cut, raw[:-cut], days=day, weak=True),
                    Token("range", e - cut, e, raw[-cut:]),
                ]
            return [Token("day", s, e, raw, days=day, weak=True)]
    return []


_DAYS_CELL = frozenset({"day", "days", "range", "and", "filler"})


def _next_is_time(tokens: list[Token], cell: Token) -> bool:
    after = [t for t in tokens if t.start >= cell.end]
    return bool(after) and after[0].kind == "time"


def _after(tokens: list[Token], cell: Token) -> int:
    after = [t.start for t in tokens if t.start >= cell.end]
    return after[0] if after else cell.end


def chains(text: str, tokens: list[Token]) -> list[list[Token]]:
    """Group tokens that follow each other with only a gap between them."""
    found: list[list[Token]] = []
    bridged = False
    for token in tokens:
        if token.kind != "cell" and bridged and found and found[-1]:
            found[-1].append(token)
            bridged = False
            continue
        if token.kind == "cell":
            # "| Sunday to Thursday | 8:30am - 5:00pm |": a row's days cell
            # and the times cell after it are one phrase.
            row = found[-1] if found else []
            if (
                row
                and all(t.kind in _DAYS_CELL for t in row)
                and any(t.kind in ("day", "days") for t in row)
                and _next_is_time(tokens, token)
                and "\n" not in text[row[-1].end : _after(tokens, token)]
            ):
                bridged = True
                continue
            found.append([])
            continue
        if found and found[-1]:
            last = found[-1][-1]
            joined = token.start < last.end or _GAP.fullmatch(
                text, last.end, token.start
            )
            # "12:00–20:00 UTC (or GMT)": one zone written twice.
            if (
                not joined
                and last.kind == token.kind == "zone"
                and re.fullmatch(r"\s*\(\s*or\s+", text[last.end : token.start])
            ):
                joined = True
            # "11 p.m Central Standard Time., and weekends ...": a stray stop.
            if (
                not joined
                and text[last.end : token.start].strip() == "."
                and (token.text == ",")
            ):
                joined = True
            # "... until 6 p.m. On Saturdays, they open ...": the full stop of
            # "p.m." also ends the sentence.
            gap = text[last.end : token.start]
            if (
                joined
                and last.text.endswith(".")
                and token.kind in ("filler", "from", "hour")
                and token.text[:1].isupper()
                and token.text[1:2].islower()
                and gap
                and "\n" not in gap
            ):
                joined = False
            if joined:
                found[-1].append(token)
                continue
        if found and not found[-1]:
            found[-1].append(token)
        else:
            found.append([token])
    return [chain for chain in found if chain]
