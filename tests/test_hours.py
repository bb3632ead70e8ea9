"""Support-hours phrases in plain text, from the labelled cases in cases/hours.json."""

import json
from pathlib import Path

import pytest

from legalsite.contacts.hours import (
    HoursRule,
    could_hold_hours,
    find_hours,
    format_days,
)

CASES = json.loads((Path(__file__).parent / "cases" / "hours.json").read_text("utf-8"))


def _param(case):
    marks = []
    if "xfail" in case:
        marks.append(pytest.mark.xfail(strict=True, reason=case["xfail"]))
    return pytest.param(case, id=case["label"], marks=marks)


@pytest.mark.parametrize("case", [_param(c) for c in CASES])
def test_hours_case(case):
    scan = find_hours(case["input"], region=case.get("region"))
    got = [
        {
            "text": m.text,
            "hours": m.opening_hours,
            "zone": m.zone.zone.iana if m.zone else None,
            "times": [t.value for t in m.times],
        }
        for m in scan.matches
    ]
    assert got == case["expected"]["matches"]
    assert bool(scan.warnings) == case["expected"].get("warned", False)
    for m in scan.matches:
        assert case["input"][m.start : m.end] == m.text
        assert all(m.start <= t.start < t.end <= m.end for t in m.times)


def test_standard_time_abbreviation_is_explained():
    (match,) = find_hours("Monday through Friday, 9 AM - 6 PM PST").matches
    assert match.zone.zone.seasonal
    assert match.zone.note == "Pacific Time (America/Los_Angeles)"


def test_generic_zone_needs_no_season():
    (match,) = find_hours("Mon-Fri 9am-5pm PT").matches
    assert not match.zone.zone.seasonal


@pytest.mark.parametrize(
    ("days", "written"),
    [
        (("Mo", "Tu", "We", "Th", "Fr"), "Mo-Fr"),
        (("Su", "Mo", "Tu", "We", "Th"), "Mo-Th,Su"),
        (("Mo", "We", "Fr"), "Mo,We,Fr"),
        (("Sa",), "Sa"),
    ],
    ids=str,
)
def test_format_days(days, written):
    assert format_days(days) == written


def test_rules_are_data():
    (match,) = find_hours("Mon-Fri 9am-5pm, Sat 10am-2pm").matches
    assert match.rules == (
        HoursRule(days=("Mo", "Tu", "We", "Th", "Fr"), opens="09:00", closes="17:00"),
        HoursRule(days=("Sa",), opens="10:00", closes="14:00"),
    )


def test_prose_with_weekday_is_skipped_cheaply():
    assert not could_hold_hours("We met on Monday, December 1, 2008 to discuss it.")
