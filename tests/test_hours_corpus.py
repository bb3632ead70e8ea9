"""The hours reader measured on the real corpus (cases/hours_corpus): make eval-hours.

The corpus holds real hours phrases and real near-misses, each with its source and
its expected reading written by reading the text. These tests check its shape and
size, and that the reader never publishes data the text does not say.
"""

import re
import zoneinfo
from collections import Counter

import pytest

from sitetools.eval_hours import (
    canonical,
    is_positive,
    judge,
    load_cases,
    main,
    summary,
)

CASES = load_cases()
POSITIVES = [c for c in CASES if is_positive(c)]
NEAR_MISSES = [c for c in CASES if not is_positive(c)]


@pytest.fixture(scope="module")
def figures():
    return summary(judge(CASES))


def test_corpus_is_large_and_varied():
    assert len(POSITIVES) >= 300
    assert len({c["site"] for c in POSITIVES}) >= 120
    assert len({c["lang"] for c in POSITIVES}) >= 8
    assert len(NEAR_MISSES) >= 120


def test_labels_are_unique():
    counts = Counter(c["label"] for c in CASES)
    assert [label for label, n in counts.items() if n > 1] == []


@pytest.mark.parametrize("case", CASES, ids=[c["label"] for c in CASES])
def test_case_is_sourced_and_well_formed(case):
    assert case["source"].strip()
    assert case["text"].strip()
    assert case["kind"] in ("hours", "near-miss")
    assert re.fullmatch(r"[a-z]{2,3}(-[A-Za-z]+)?", case["lang"])
    if not is_positive(case):
        assert case["expected"] is None
        return
    expected = case["expected"]
    zone = expected["zone"]
    if zone not in (None, "ambiguous"):
        zoneinfo.ZoneInfo(zone)  # the pinned tz database knows it
    # Every expected reading parses ("Apr-Sep Mo-Fr ..." too), but for the few
    # that name dates ("Dec 24 off"), which are compared as written.
    assert isinstance(canonical(expected["hours"]), dict) or re.search(
        r"[A-Z][a-z]{2} \d|[A-Z][a-z]{2}-[A-Z][a-z]{2} |\"", expected["hours"]
    )


def test_no_data_the_text_does_not_say(figures):
    assert figures["wrong"] == 0


def test_no_near_miss_gives_data(figures):
    assert figures["near-misses with data"] == 0


def test_nearly_every_hours_phrase_is_read_exactly(figures):
    assert figures["exact share"] >= 0.95


_AROUND = "Our help desk is staffed 24 hours a day, 7 days a week."


def _case(hours: str, zone: str | None, text: str = _AROUND) -> dict:
    # Synthetic: the judge's comparison alone, on a sentence of known reading.
    return {
        "label": "synthetic",
        "text": text,
        "lang": "en",
        "site": "synthetic",
        "country": "GB",
        "kind": "hours",
        "about_contact": True,
        "collection": "synthetic",
        "expected": {"hours": hours, "zone": zone},
    }


@pytest.mark.parametrize(
    ("expected", "zone", "outcome"),
    [
        # Around the clock every day is the same in any zone: no zone is lost.
        ("24/7", "Europe/London", "exact"),
        ("Mo-Su 00:00-24:00", "Europe/London", "exact"),
        ("24/7", None, "exact"),
        # Any other hours, read as 24/7, are wrong whatever the zone.
        ("Mo-Fr 00:00-24:00", "Europe/London", "wrong"),
    ],
)
def test_a_zone_is_missed_only_where_it_changes_the_hours(expected, zone, outcome):
    (judged,) = judge([_case(expected, zone)])
    assert judged.got == "24/7"
    assert judged.outcome == outcome


def test_a_zone_not_read_for_hours_of_the_day_is_missed():
    text = "Our help desk is open Monday to Friday, 9am to 5pm."
    (judged,) = judge([_case("Mo-Fr 09:00-17:00", "Europe/London", text)])
    assert (judged.got, judged.got_zone) == ("Mo-Fr 09:00-17:00", None)
    assert judged.outcome == "zone-missed"


def test_the_misses_listed_are_the_misses_counted(capsys):
    main(["--show", "missed"])
    printed = capsys.readouterr().out
    listed = [line for line in printed.splitlines() if line.startswith("[")]
    figures = summary(judge(load_cases()))
    assert len(listed) == figures["missed"]
    zone = sum(line.startswith("[zone-missed]") for line in listed)
    assert zone == figures["of which zone not read"]
