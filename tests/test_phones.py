"""Phone numbers found in plain text, from the labelled cases in cases/phones.json."""

import json
from pathlib import Path

import pytest

from conftest import case_param
from legalsite.contacts import candidates
from legalsite.contacts.phones import find_phone_numbers, region_for_domain

CASES = json.loads((Path(__file__).parent / "cases" / "phones.json").read_text("utf-8"))


@pytest.mark.parametrize("case", [case_param(c) for c in CASES])
def test_phone_case(case):
    text, region = case["input"]["text"], case["input"]["region"]
    scan = find_phone_numbers(text, region=region)
    got = [
        {"text": m.text, "uri": m.uri, **({"fax": True} if m.fax else {})}
        for m in scan.matches
    ]
    assert got == case["expected"]["numbers"]
    assert len(scan.warnings) == case["expected"].get("warnings", 0)
    for m in scan.matches:
        assert text[m.start : m.end] == m.text
    if case["expected"]["numbers"]:
        assert candidates.scan(text).phones


def test_seed_numbers_in_schema_form():
    scan = find_phone_numbers("1 (877) 270-4998 or 1 (604) 270-4998", region="US")
    toll_free, vancouver = scan.matches
    assert (toll_free.international, toll_free.toll_free) == ("+1-877-270-4998", True)
    assert (vancouver.region, vancouver.toll_free) == ("CA", False)


@pytest.mark.parametrize(
    ("domain", "region"),
    [
        ("example.co.uk", "GB"),
        ("www.example.ie", "IE"),
        ("https://shop.example.co.za/privacy", "ZA"),
        ("example.de", "DE"),
        ("example.fr.", "FR"),
        ("dotnetpanel.com", None),
        ("example.io", None),
        ("example.tv", None),
        ("example.eu", None),
        ("example.org", None),
    ],
    ids=str,
)
def test_region_for_domain(domain, region):
    assert region_for_domain(domain) == region


def test_prose_without_numbers_is_skipped_cheaply():
    assert not candidates.scan("Updated on December 1, 2008 under section 4.2.").phones
