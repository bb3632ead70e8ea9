"""The shapes an hours phrase may take, read from a chain of tokens.

Each rule below reads one shape and names real cases it was written for. A chain
is read whole or not at all: what no rule reads is kept as ``unread``, and the
meaning of a phrase with unread parts is never published. Times stay as written
here; ``meaning`` turns them into minutes and days into rules.

    phrase   := group (separator group)*
    group    := days [":"] spans [zone]          Monday through Friday, 9 AM - 6 PM PST
              | spans [zone] days [zone]         9:00 A.M. to 5:00 P.M. CT Monday-Friday
              | days closed | closed days        Sat-Sun: Closed / closed on holidays
              | days until time                  (Mi & Fr bis 12:00 Uhr)
              | break spans                      (Lunchstängt 12:30 – 13:00)
              | except days when open at time    except Wednesday when they open at 10am
              | except days                      (except bank holidays)
              | days excepted                    (holidays excluded), festivi esclusi
              | around-the-clock [days]          24 hours a day, 7 days a week
    days     := day-item (and day-item)*         Saturday, Sunday & Holidays
    day-item := day range day | day | day-set    lundi au vendredi / weekdays
    spans    := span (and span)*                 de 9h à 12h et de 14h à 18h
    span     := [from] time range time           from 7:00 am EST until 8:00 pm EST
              | between time and time            between 10:00am and 9:00pm
    restated := "(" spans zone ")"               (1:00pm and 12:00am Eastern)

A table row's days cell and the times cell after it are one group ("| Sunday
to Thursday | 8:30am - 5:00pm |"); ``tokens.chains`` joins them.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from legalsite.contacts.hours.tokens import Token

_SKIPPED = frozenset({"filler", "from", "hour"})


@dataclass(frozen=True)
class Span:
    """A written opening and closing time."""

    opens: Token
    closes: Token


@dataclass
class Group:
    """Days and what the text says of them: spans, closed, or a new closing time."""

    days: list[str] = field(default_factory=list)
    spans: list[Span] = field(default_factory=list)
    around_the_clock: bool = False
    closed: bool = False
    until: Token | None = None
    tokens: list[Token] = field(default_factory=list)

    @property
    def has_times(self) -> bool:
        return bool(self.spans) or self.around_the_clock or self.until is not None


@dataclass
class Parse:
    """A chain read by the grammar: groups, days turned off, zones and leftovers."""

    groups: list[Group] = field(default_factory=list)
    off: list[str] = field(default_factory=list)
    zones: list[Token] = field(default_factory=list)
    offsets: list[Token] = field(default_factory=list)
    unread: list[Token] = field(default_factory=list)
    used: list[Token] = field(default_factory=list)
    # Breaks in the day's hours: "(Lunchstängt 12:30 – 13:00)".
    breaks: list[Span] = field(default_factory=list)
    # Days that open or close at another time: (days, time, "opens" or "closes").
    shifts: list[tuple[list[str], Token, str]] = field(default_factory=list)
    # (spans, the same spans in another zone, the first zone, the other zone)
    restated: list[tuple[list[Span], list[Span], Token, Token]] = field(
        default_factory=list
    )


def read_chain(chain: list[Token]) -> Parse:
    """Read a chain of tokens into groups (see the module's grammar)."""
    items = _items(chain)
    return _groups(items)


# --- items: the words of the grammar, one shape each --------------------------------


@dataclass
class _Item:
    kind: str  # days, spans, around, closed, except, until, zone, offset, sep, unread
    tokens: list[Token]
    days: list[str] = field(default_factory=list)
    spans: list[Span] = field(default_factory=list)
    weak: bool = False
    at: Token | None = None  # the new time of a "shift"


def _items(chain: list[Token]) -> list[_Item]:
    items: list[_Item] = []
    i, n = 0, len(chain)
    while i < n:
        tok = chain[i]
        found = (
            _including(chain, i)
            or _break(chain, i)
            or _except(chain, i)
            or _day_list(chain, i)
            or _span_list(chain, i)
            or _until(chain, i, items)
        )
        if found is not None:
            item, i = found
            items.append(item)
            continue
        if tok.kind == "alltime":
            items.append(_Item("around", [tok]))
        elif tok.kind == "closed":
            items.append(_Item("closed", [tok]))
        elif tok.kind == "zone" and (not tok.weak or _beside_times(chain, i)):
            items.append(_Item("zone", [tok]))
        elif tok.kind == "zone":
            items.append(_Item("skip", [tok]))
        elif tok.kind == "offset":
            items.append(_Item("offset", [tok]))
        elif tok.kind in ("sep", "and", "range") or tok.kind in _SKIPPED:
            items.append(_Item("sep" if tok.kind not in _SKIPPED else "skip", [tok]))
        elif tok.kind == "days" and tok.weak:  # "S-S" alone
            items.append(_Item("unread", [tok]))
        else:
            items.append(_Item("unread", [tok]))
        i += 1
    return items


def _beside_times(chain: list[Token], i: int) -> bool:
    """An abbreviation ("EST", "SAV") or "Eastern" is a zone only after a time or
    days ("9-5 EST", "Monday to Friday AEST"), or after another zone ("CET/CEST")."""
    k = i - 1
    while k >= 0 and chain[k].kind in ("and",) and chain[k].text.strip() == "/":
        k -= 1
    if k >= 0 and chain[k].kind in ("time", "day", "days", "zone"):
        return True
    # "(CEST, Mon-Fri 8:00-22:00, Sat ...)": a zone and a comma may also lead
    # the phrase ("SAV : lun.–sam." is a label, not a zone).
    k = i + 1
    leads = all(t.kind in _SKIPPED | {"hour"} for t in chain[:i])
    if not leads or k >= len(chain) or chain[k].text.strip() != ",":
        return False
    k += 1
    return k < len(chain) and chain[k].kind in ("time", "day", "days")


def _skip(chain: list[Token], i: int) -> int:
    while i < len(chain) and chain[i].kind in _SKIPPED:
        i += 1
    return i


def _day_item(chain: list[Token], i: int) -> tuple[list[str], bool, int] | None:
    """day range day | day | day-set.

    "Monday - Friday", "lundi au vendredi", "Dydd Llun i ddydd Gwener",
    "Mo–Fr", "maandag t/m vrijdag", "weekdays", "土日祝", "Sonn- und Feiertagen",
    "UK public holidays" (a country's holidays: still holidays).
    """
    if (
        i + 1 < len(chain)
        and chain[i].kind == "zone"
        and chain[i + 1].kind == "days"
        and chain[i + 1].days == ("PH",)
    ):
        i += 1
    if i >= len(chain) or chain[i].kind not in ("day", "days"):
        return None
    first = chain[i]
    j = _skip(chain, i + 1)
    if first.kind == "day" and j < len(chain) and chain[j].kind == "range":
        k = _skip(chain, j + 1)
        if k < len(chain) and chain[k].kind == "day":
            return _span_of_days(first.days[0], chain[k].days[0]), False, k + 1
    return list(first.days), first.weak, i + 1


def _span_of_days(first: str, last: str) -> list[str]:
    """Days from first to last, wrapping past Sunday ("Sunday-Thursday" is five)."""
    week = ("Mo", "Tu", "We", "Th", "Fr", "Sa", "Su")
    a, b = week.index(first), week.index(last)
    if b < a:
        b += 7
    return [week[k % 7] for k in range(a, b + 1)]


def _day_list(chain: list[Token], i: int) -> tuple[_Item, int] | None:
    """days := day-item (and day-item)*.

    "Saturday, Sunday & Holidays", "Mon, Wed & Fri", "samedis, dimanches et
    jours fériés", "Måndag & Fredag". A weak day ("Mo", "mar.") alone is no day.
    """
    start = i
    i = _skip(chain, i)
    first = _day_item(chain, i)
    if first is None:
        return None
    days, weak, j = first
    count = 1
    while True:
        k = j
        if k < len(chain) and chain[k].kind == "and":
            k = _skip(chain, k + 1)
            more = _day_item(chain, k)
            if more is not None:
                days += more[0]
                weak = weak and more[1]
                j = more[2]
                count += 1
                continue
        break
    item = _Item("days", chain[start:j], days=days, weak=weak and count == 1)
    return item, j


def _span(
    chain: list[Token], i: int, *, between_before: bool = False
) -> tuple[Span, int] | None:
    """span := [from] time range time | between time (and|range) time.

    "from 7:00 am EST until 8:00 pm EST" (the zone is read apart), "9h à 18h",
    "between 10:00am and 9:00pm", "09:00/12:00", "entre 8 heures et 19 heures".
    """
    j = i
    between = between_before
    while j < len(chain) and chain[j].kind in _SKIPPED | {"between"}:
        between = between or chain[j].kind == "between"
        j += 1
    if j >= len(chain) or chain[j].kind != "time":
        return None
    opens = chain[j]
    k = _restated_time(chain, j)
    zone_between = k < len(chain) and chain[k].kind == "zone"
    if zone_between:  # "7:00 am EST until 8:00 pm EST"
        k += 1
    k = _skip(chain, k)
    if k >= len(chain):
        return None
    joiner = chain[k]
    slash = joiner.text.strip() == "/"
    ok = joiner.kind == "range" or (joiner.kind == "and" and (between or slash))
    if not ok:
        return None
    m = _skip(chain, k + 1)
    if m >= len(chain) or chain[m].kind != "time":
        return None
    if slash and not (
        opens.clock and opens.clock.strong and chain[m].clock and chain[m].clock.strong
    ):
        return None  # "01/02" is a date, "09:00/12:00" a range
    end = _restated_time(chain, m)
    return Span(opens, chain[m]), end


def _restated_time(chain: list[Token], i: int) -> int:
    """Past a time and its 24-hour restatement: "9am (09:00)", "5pm (17:00)"."""
    k = i + 1
    if k < len(chain) and chain[k].kind == "time":
        a, b = chain[i].clock, chain[k].clock
        if (
            a
            and b
            and a.meridiem in ("a", "p")
            and not b.meridiem
            and b.minute == a.minute
        ):
            hour = a.hour % 12 + (12 if a.meridiem == "p" else 0)
            if b.hour == hour:
                return k + 1
    return k


def _span_list(chain: list[Token], i: int) -> tuple[_Item, int] | None:
    """spans := span (and span)*: "9 AM to 12 PM and 1 PM to 5 PM", "9-12 et 14-18"."""
    between = any(t.kind == "between" for t in chain[:i])
    first = _span(chain, i, between_before=between)
    if first is None:
        return None
    spans = [first[0]]
    j = first[1]
    between = between or any(t.kind == "between" for t in chain[i:j])
    while True:
        k = j
        if k < len(chain) and chain[k].kind in ("and", "range", "sep"):
            more = _span(chain, k + 1, between_before=between)
            if more is not None:
                spans.append(more[0])
                j = more[1]
                continue
        more = _span(chain, k) if k < len(chain) and chain[k].kind in _SKIPPED else None
        if more is not None:
            spans.append(more[0])
            j = more[1]
            continue
        break
    zones = [t for t in chain[i:j] if t.kind == "zone"]
    item = _Item("spans", [t for t in chain[i:j] if t.kind != "zone"], spans=spans)
    item.tokens += zones  # read as the phrase's zone below
    return item, j


def _break(chain: list[Token], i: int) -> tuple[_Item, int] | None:
    """break spans: a closing inside the day ("(Lunchstängt 12:30 – 13:00)")."""
    if chain[i].kind != "break":
        return None
    found = _span_list(chain, _skip(chain, i + 1))
    if found is None:
        return None
    item, j = found
    return _Item("break", [chain[i], *item.tokens], spans=item.spans), j


def _except(chain: list[Token], i: int) -> tuple[_Item, int] | None:
    """except days | days except: "(except bank holidays)", "außer an Feiertagen",
    "(holidays excluded)", "festivi esclusi", "(土日祝日を除く)".
    """
    tok = chain[i]
    if tok.kind in ("except", "excepted"):
        listed = _day_list(chain, i + 1)
        if listed is None:
            return None
        item, j = listed
        shifted = _shift(chain, j)
        if shifted is not None:
            which, at, k = shifted
            tokens = chain[i:k]
            return _Item(which, tokens, days=item.days, at=at), k
        return _Item("except", [tok, *item.tokens], days=item.days), j
    listed = _day_list(chain, i)
    if listed is None:
        return None
    item, j = listed
    k = j
    while k < len(chain) and chain[k].kind in _SKIPPED | {"and"}:
        k += 1
    if (
        k < len(chain)
        # Only words that may follow ("holidays excluded", "festivi esclusi"):
        # "Monday-Friday (except major US holidays)" does not except the week.
        and chain[k].kind == "excepted"
        and (k + 1 >= len(chain) or _day_list(chain, k + 1) is None)
    ):
        return _Item("except", [*item.tokens, chain[k]], days=item.days), k + 1
    return None


# "open" and "close" words that say at what time excepted days open or close.
_OPENS = frozenset({"open", "opens", "opening"})
_CLOSES = frozenset({"close", "closes", "closing"})


def _shift(chain: list[Token], j: int) -> tuple[str, Token, int] | None:
    """After excepted days, "when they open at 10am": the days open at 10am.

    gov.uk CICA: "Monday to Friday 8.30am to 5pm except Wednesday when they
    open at 10am". Only small words between, and one time, not a span.
    """
    k = j
    words: set[str] = set()
    while k < len(chain) and chain[k].kind in _SKIPPED:
        words.add(chain[k].text.lower())
        k += 1
    if k >= len(chain) or chain[k].kind != "time":
        return None
    if k + 1 < len(chain) and chain[k + 1].kind == "range":
        return None
    if words & _OPENS:
        return "shift-opens", chain[k], k + 1
    if words & _CLOSES:
        return "shift-closes", chain[k], k + 1
    return None


def _including(chain: list[Token], i: int) -> tuple[_Item, int] | None:
    """including days: "Monday to Sunday 8am to 6pm, including public holidays"."""
    if chain[i].kind != "including":
        return None
    listed = _day_list(chain, i + 1)
    if listed is None:
        return None
    item, j = listed
    return _Item("including", [chain[i], *item.tokens], days=item.days), j


def _until(chain: list[Token], i: int, items: list[_Item]) -> tuple[_Item, int] | None:
    """days until time: a shorter day after the full ones ("Mi & Fr bis 12:00 Uhr").

    Only right after days that have no times of their own.
    """
    if not items or items[-1].kind != "days":
        return None
    if chain[i].kind != "range":
        return None
    j = _skip(chain, i + 1)
    if j < len(chain) and chain[j].kind == "time":
        # "Monday to Friday - 09:00 to 19:00": a dash, then a whole span.
        k = _skip(chain, j + 1)
        if (
            k + 1 < len(chain)
            and chain[k].kind == "range"
            and any(t.kind == "time" for t in chain[k + 1 : k + 3])
        ):
            return None
        return _Item("until", [chain[i], chain[j]]), j + 1
    return None


# --- groups ------------------------------------------------------------------------


def _groups(items: list[_Item]) -> Parse:
    parse = Parse()
    mode = ""
    current: Group | None = None
    closing = False  # "closed" seen before its days ("closed on public holidays")

    def close() -> None:
        nonlocal current
        if current is not None:
            parse.groups.append(current)
        current = None

    for index, item in enumerate(items):
        kind = item.kind
        if kind in ("skip", "sep"):
            continue
        if kind == "restated-zone":
            parse.used += item.tokens
            continue
        if kind == "zone" and _restating_label(items, index):
            item.kind = "label"
            parse.used += item.tokens
            continue
        if kind == "zone":
            parse.zones += item.tokens
            continue
        if kind == "offset":
            parse.offsets += item.tokens
            continue
        if kind in ("shift-opens", "shift-closes"):
            assert item.at is not None
            parse.shifts.append((item.days, item.at, kind.removeprefix("shift-")))
            parse.used += item.tokens
            continue
        if kind == "break":
            parse.breaks += item.spans
            parse.used += item.tokens
            continue
        if kind == "unread":
            parse.unread += item.tokens
            continue
        parse.used += item.tokens
        if kind == "except":
            parse.off += item.days
            continue
        if kind == "including":
            target = (
                current
                if current is not None
                else (parse.groups[-1] if parse.groups else None)
            )
            if target is not None and target.has_times:
                target.days += [d for d in item.days if d not in target.days]
            else:
                parse.unread += item.tokens
            continue
        if kind == "closed":
            if current is not None and current.days and not current.has_times:
                current.closed = True
                close()
            elif _next_is_days(items, index):
                closing = True
            else:
                parse.unread += item.tokens
            continue
        if kind == "days":
            if item.weak and not _next_is_times(items, index):
                parse.unread += item.tokens
                continue
            if closing:
                parse.off += item.days
                closing = False
                continue
            if not mode:
                mode = "days"
            if mode == "times" and current is not None and not current.days:
                current.days = item.days
                current.tokens += item.tokens
                close()
                continue
            last = parse.groups[-1] if parse.groups else None
            if (
                current is None
                and last is not None
                and last.days
                and (set(item.days) == set(last.days))
            ):  # "on working days (Monday - Friday)": the same days again
                last.tokens += item.tokens
                continue
            if current is not None and current.days and not current.has_times:
                if set(item.days) == set(current.days):  # "weekdays (Monday–Friday)"
                    current.tokens += item.tokens
                    continue
                if set(item.days) < set(current.days):
                    # "tutti i giorni dal lunedì al venerdì": every day, that is
                    # Monday to Friday.
                    current.days = list(item.days)
                    current.tokens += item.tokens
                    continue
                parse.unread += current.tokens
                current = None
            close()
            current = Group(days=list(item.days), tokens=list(item.tokens))
            continue
        if kind == "until":
            if current is not None and current.days and not current.has_times:
                current.until = item.tokens[-1]
                current.tokens += item.tokens
                close()
            else:
                parse.unread += item.tokens
            continue
        # spans and around-the-clock
        before, after = _neighbour(items, index, -1), _neighbour(items, index, 1)
        if item.kind == "spans" and before is not None and before.kind == "label":
            before = _neighbour(items, items.index(before), -1)
        if (
            item.kind == "spans"
            and before is not None
            and before.kind == "zone"
            and after is not None
            and after.kind == "zone"
            and current is not None
            and current.spans
            and after.tokens[0].text != before.tokens[0].text
        ):
            # "1pm - 9pm US Eastern time (10am - 6pm US Pacific time)": the same
            # hours in another zone, which ``meaning`` checks against the first.
            parse.restated.append(
                (
                    current.spans[-len(item.spans) :],
                    item.spans,
                    before.tokens[0],
                    after.tokens[0],
                )
            )
            parse.used += item.tokens
            item.kind = "restated"
            after.kind = "restated-zone"
            continue
        parse.zones += [t for t in item.tokens if t.kind == "zone"]
        if not mode:
            mode = "times"
        if mode == "days" and current is not None and current.days:
            _add_times(current, item)
            continue
        if current is not None and not current.days and mode == "times":
            _add_times(current, item)
            continue
        close()
        current = Group(tokens=[])
        _add_times(current, item)
        if mode == "days":
            mode = "times"
    close()
    if closing:
        parse.unread += [t for i in items if i.kind == "closed" for t in i.tokens]
    return parse


def _add_times(group: Group, item: _Item) -> None:
    if item.kind == "around":
        group.around_the_clock = True
    else:
        group.spans += item.spans
    group.tokens += item.tokens


def _next_is_days(items: list[_Item], index: int) -> bool:
    for item in items[index + 1 :]:
        if item.kind in ("skip",):
            continue
        return item.kind == "days"
    return False


def _next_is_times(items: list[_Item], index: int) -> bool:
    """A weak day ("Sat", "Mo") counts only right before its times or "closed"."""
    for item in items[index + 1 :]:
        if item.kind in ("skip", "sep"):
            continue
        return item.kind in ("spans", "around", "closed", "until")
    return False


def _restating_label(items: list[_Item], index: int) -> bool:
    """Tell whether the zone at ``index`` heads a line restating the hours before.

    "10:00 AM - 7:00 PM IST⏎(UTC):04:30 AM - 01:30 PM UTC" (packup.pages.dev):
    another zone before it, then spans, then the same zone again.
    """
    before = _neighbour(items, index, -1)
    spans = _neighbour(items, index, 1)
    if before is None or before.kind != "zone" or spans is None:
        return False
    after = _neighbour(items, items.index(spans), 1)
    return (
        spans.kind == "spans"
        and after is not None
        and after.kind == "zone"
        and len(items[index].tokens) == 1
        and items[index].tokens[0].text == after.tokens[0].text
        and before.tokens[-1].text != after.tokens[0].text
    )


def _neighbour(items: list[_Item], index: int, step: int) -> _Item | None:
    """The next item before (step -1) or after (step 1) ``index`` saying something."""
    k = index + step
    while 0 <= k < len(items):
        if items[k].kind not in ("skip", "sep"):
            return items[k]
        k += step
    return None
