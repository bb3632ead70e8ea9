"""Support-hours phrases in plain text, from the labelled cases in cases/hours.json."""

import json
from pathlib import Path

import pytest

from conftest import case_param
from legalsite.contacts import candidates
from legalsite.contacts.hours import (
    HoursRule,
    Reason,
    find_hours,
    format_days,
)

CASES = json.loads((Path(__file__).parent / "cases" / "hours.json").read_text("utf-8"))


@pytest.mark.parametrize("case", [case_param(c) for c in CASES])
def test_hours_case(case):
    scan = find_hours(
        case["input"],
        region=case.get("region"),
        language=case.get("lang"),
        about_us=case.get("about_us", False),
    )
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


def test_standard_time_abbreviation_is_explained_in_plain_words():
    (match,) = find_hours(
        "Call us Monday through Friday, 9 AM - 6 PM PST", region="US"
    ).matches
    assert match.zone.zone.seasonal
    assert match.zone.note == "Pacific Time"
    assert "America" not in match.zone.note


def test_generic_zone_needs_no_season():
    (match,) = find_hours("Call us Mon-Fri 9am-5pm PT", region="US").matches
    assert not match.zone.zone.seasonal


def test_zone_label_is_in_the_page_language():
    (match,) = find_hours(
        "Kundenservice: Mo-Fr 9-18 Uhr (MEZ)", region="DE", language="de"
    ).matches
    assert match.zone.note == "Mitteleuropäische Zeit"


@pytest.mark.parametrize(
    ("days", "written"),
    [
        (("Mo", "Tu", "We", "Th", "Fr"), "Mo-Fr"),
        (("Su", "Mo", "Tu", "We", "Th"), "Mo-Th,Su"),
        (("Mo", "We", "Fr"), "Mo,We,Fr"),
        (("Sa",), "Sa"),
        (("Sa", "Su", "PH"), "Sa-Su,PH"),
    ],
    ids=str,
)
def test_format_days(days, written):
    assert format_days(days) == written


def test_rules_are_data():
    (match,) = find_hours("Support: Mon-Fri 9am-5pm, Sat 10am-2pm").matches
    assert match.rules == (
        HoursRule(days=("Mo", "Tu", "We", "Th", "Fr"), opens="09:00", closes="17:00"),
        HoursRule(days=("Sa",), opens="10:00", closes="14:00"),
    )


def test_holidays_named_as_excluded_are_closed_never_open():
    # en-web corpus, capita-libraries.co.uk: the holidays are in a sentence of
    # their own, after the hours.
    text = (
        "The Help Desk is open from Monday to Friday, between 8:30 and 17:30. "
        "This service is closed on statutory English bank holidays."
    )
    (match,) = find_hours(text, region="GB").matches
    assert match.opening_hours == "Mo-Fr 08:30-17:30; PH off"
    assert HoursRule(days=("PH",), opens="", closes="", off=True) in match.rules


def test_why_a_phrase_is_left_is_data_not_wording():
    scan = find_hours("Our phone numbers are available Monday to Friday.")
    assert scan.matches == ()
    scan = find_hours(
        "Orders placed Monday to Friday between 9 AM and 3 PM ship today."
    )
    (left,) = scan.left
    assert left.reason is Reason.NOT_ABOUT_CONTACT
    assert left.message.startswith("hours not understood: '")


def test_prose_with_weekday_is_skipped_cheaply():
    assert (
        candidates.scan("We met on Monday, December 1, 2008 to discuss it.").hours == ()
    )
