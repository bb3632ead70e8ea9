"""Measure the hours reader on the real corpus (tests/cases/hours_corpus).

``python -m sitetools.eval_hours`` reads every case with the same reader the build
uses and counts, for the hours phrases: exact (the data is what the text says),
wrong (data the text does not say), missed (no data; reported instead); and for
the near-misses: how many produced data. ``--show wrong,missed,near`` lists them.
Expected values were written by reading the text; nothing here is computed from
the reader.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from legalsite.contacts.hours import DAYS, HOLIDAYS, find_hours
from legalsite.contacts.hours.zones import same_clock

CORPUS = Path(__file__).resolve().parents[2] / "tests" / "cases" / "hours_corpus"
_ALL = (*DAYS, HOLIDAYS)


@dataclass(frozen=True)
class Outcome:
    """One case's result: its kind of outcome, and what was read."""

    case: dict
    outcome: str  # exact, wrong, missed, zone-missed, ok, near-with-data
    got: str
    got_zone: str | None
    warnings: tuple[str, ...]


def load_cases(folder: Path = CORPUS) -> list[dict]:
    """Every case of every collection file, each with the file it came from."""
    cases = []
    for path in sorted(folder.glob("*.json")):
        for case in json.loads(path.read_text("utf-8")):
            cases.append({**case, "collection": path.stem})
    return cases


def is_positive(case: dict) -> bool:
    """An hours phrase about reaching the site's people, with expected hours."""
    return bool(
        case["kind"] == "hours" and case["about_contact"] and case.get("expected")
    )


def canonical(hours: str) -> dict[str, frozenset[str]] | str:
    """An ``opening_hours`` string as {day: spans}, so equal meanings compare equal.

    "Sa,Su" and "Sa-Su" are the same days; a weekday said to be "off" that no
    rule opens is simply closed, as it would be unsaid; a comment ('Sa,Su "by
    appointment"') is the days' value, as written; the days of a season are
    its months' ("Apr-Sep Mo"). Strings with date selectors come back as
    written.

    >>> canonical('Sa,Su "by appointment"') == canonical('Sa-Su "by appointment"')
    True
    >>> canonical("Apr-Sep Sa,Su 10:00-17:00") == canonical("Apr-Sep Sa-Su 10:00-17:00")
    True
    """
    table: dict[str, set[str]] = {}
    for each in (p.strip() for p in hours.split(";")):
        if not each:
            continue
        season = _SEASON.match(each)
        written = each[season.end() :] if season else each
        part = "Mo-Su 00:00-24:00" if written == "24/7" else written
        bits = part.split()
        commented = re.fullmatch(r'(\S+) ("[^"]*")', part)
        if commented:
            bits = list(commented.groups())
        if len(bits) == 1 and bits[0][:1].isdigit():
            days, value = ["*"], bits[0]
        elif len(bits) == 2:
            days = _days(bits[0])
            value = bits[1]
            if days is None:
                return hours
        elif len(bits) == 1:
            days = _days(bits[0])
            value = "days"
            if days is None:
                return hours
        else:
            return hours
        for day in days:
            key = f"{season.group(1)} {day}" if season else day
            spans = table.setdefault(key, set())
            if value == "off":
                spans.add("off")
            else:
                spans.update(value.split(","))
    opened = {d for d, s in table.items() if s - {"off"}}
    return {
        d: frozenset(s)
        for d, s in table.items()
        if d in opened or d == HOLIDAYS or "off" not in s
    }


# A season's months before the days: "Apr-Sep ", "Oct-Mar ", "Dec ".
_SEASON = re.compile(r"([A-Z][a-z]{2}(?:-[A-Z][a-z]{2})?) (?=[A-Z][a-z](?:[-,]|\s))")


def _days(written: str) -> list[str] | None:
    days: list[str] = []
    for part in written.split(","):
        ends = part.split("-")
        if any(e not in _ALL for e in ends) or len(ends) > 2:
            return None
        if len(ends) == 1:
            days.append(ends[0])
            continue
        a, b = DAYS.index(ends[0]), DAYS.index(ends[1])
        if b < a:
            b += 7
        days += [DAYS[k % 7] for k in range(a, b + 1)]
    return days


_DOMAIN = re.compile(r"(?<![\w.-])(?:[a-z0-9-]+\.)+[a-z]{2,}(?![\w.-])", re.I)


def owners_of(case: dict) -> tuple[str, ...]:
    """The site's own names, as the build knows them: its domain, and the
    organisation named after it ("gov.uk (Rural Payments Agency)").

    A site described without a domain ("independent SASSA information site")
    names no owner: the build would know the site's name, not what it is about.

    >>> owners_of({"site": "gov.uk (Rural Payments Agency)"})
    ('gov.uk', 'Rural Payments Agency')
    >>> owners_of({"site": "independent SASSA information site"})
    ()
    """
    site = case.get("site") or ""
    domains = tuple(_DOMAIN.findall(site))
    if not domains:
        return ()
    named = re.fullmatch(r"\s*\S+\s*\(([^()]+)\)\s*", site)
    return domains + (
        (named.group(1),) if named and not _DOMAIN.fullmatch(named.group(1)) else ()
    )


def judge(cases: Iterable[dict]) -> list[Outcome]:
    """Read every case and say how its outcome compares with what was expected."""
    cases = list(cases)
    allowed: dict[tuple[str, str], list[str]] = {}
    for case in cases:
        if is_positive(case):
            allowed.setdefault((case["site"], case["text"]), []).append(
                case["expected"]["hours"]
            )
    outcomes = []
    for case in cases:
        scan = find_hours(
            case["text"],
            region=case.get("country"),
            language=case.get("lang"),
            owners=owners_of(case),
        )
        got = "; ".join(m.opening_hours for m in scan.matches)
        zones = {m.zone.zone.iana for m in scan.matches if m.zone}
        got_zone = sorted(zones)[0] if zones else None
        if len(zones) > 1:
            got_zone = "several: " + ", ".join(sorted(zones))
        warnings = scan.warnings
        if is_positive(case):
            outcome = _positive(case, got, got_zone)
        elif not got:
            outcome = "ok"
        else:
            siblings = allowed.get((case["site"], case["text"]), [])
            same = any(canonical(got) == canonical(s) for s in siblings)
            outcome = "ok" if same else "near-with-data"
        outcomes.append(Outcome(case, outcome, got, got_zone, warnings))
    return outcomes


def _positive(case: dict, got: str, got_zone: str | None) -> str:
    expected = case["expected"]
    if expected.get("zone") == "ambiguous":
        return "exact" if not got else "wrong"
    if not got:
        return "missed"
    if canonical(got) != canonical(expected["hours"]):
        return "wrong"
    want = expected.get("zone")
    if want is None:
        return "exact" if got_zone is None else "wrong"
    if got_zone is None:
        # Around the clock every day is the same hours in every zone: the
        # zone the text names changes nothing published.
        return "exact" if _every_hour(got) else "zone-missed"
    if got_zone.startswith("several") or not same_clock(want, got_zone):
        return "wrong"
    return "exact"


def _every_hour(hours: str) -> bool:
    """Tell whether ``hours`` is open all day every day and nothing else.

    >>> [_every_hour(h) for h in ("24/7", "Mo-Su 00:00-24:00", "Mo-Fr 00:00-24:00")]
    [True, True, False]
    """
    return canonical(hours) == canonical("24/7")


def summary(outcomes: list[Outcome]) -> dict[str, int | float]:
    """The figures: counts of each outcome and the exact share of hours phrases."""
    positives = [o for o in outcomes if is_positive(o.case)]
    others = [o for o in outcomes if not is_positive(o.case)]
    counts = Counter(o.outcome for o in positives)
    figures: dict[str, int | float] = {
        "hours phrases": len(positives),
        "exact": counts["exact"],
        "wrong": counts["wrong"],
        "missed": counts["missed"] + counts["zone-missed"],
        "of which zone not read": counts["zone-missed"],
        "near-misses": len(others),
        "near-misses with data": sum(o.outcome == "near-with-data" for o in others),
        "sites": len({o.case["site"] for o in outcomes}),
        "languages": len({o.case["lang"] for o in outcomes}),
    }
    figures["exact share"] = round(counts["exact"] / max(1, len(positives)), 4)
    return figures


def main(argv: list[str] | None = None) -> int:
    """Print the figures; list the cases of the outcomes asked for."""
    parser = argparse.ArgumentParser(prog="python -m sitetools.eval_hours")
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--show", default="", help="wrong,missed,zone,near,exact")
    args = parser.parse_args(argv)
    outcomes = judge(load_cases(args.corpus))
    shown = {s.strip() for s in args.show.split(",") if s.strip()}
    # "missed" lists what the summary counts as missed: the zone misses too.
    names = {
        "near": {"near-with-data"},
        "missed": {"missed", "zone-missed"},
        "wrong": {"wrong"},
        "exact": {"exact"},
        "zone": {"zone-missed"},
    }
    listed = set().union(*(names.get(s, set()) for s in shown))
    for o in outcomes:
        if o.outcome in listed:
            expected = o.case.get("expected") or {}
            print(f"[{o.outcome}] {o.case['collection']}: {o.case['label']}")
            print(f"    text: {o.case['text'][:300]!r}")
            print(f"    expected: {expected.get('hours')!r} {expected.get('zone')!r}")
            print(f"    got: {o.got!r} {o.got_zone!r}")
            for w in o.warnings[:3]:
                print(f"    warning: {w}")
    figures = summary(outcomes)
    print(
        f"hours phrases: {figures['hours phrases']}  exact: {figures['exact']} "
        f"({figures['exact share']:.1%})  wrong: {figures['wrong']}  "
        f"missed: {figures['missed']} (zone not read: "
        f"{figures['of which zone not read']})"
    )
    print(
        f"near-misses: {figures['near-misses']}  with data: "
        f"{figures['near-misses with data']}  sites: {figures['sites']}  "
        f"languages: {figures['languages']}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
