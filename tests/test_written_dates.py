"""Calendar dates written in digits, which the phone and hours hints pass over.

Passing over them is only safe because the matchers themselves never read a
date as a number or an hours phrase: the last test checks exactly that.
"""

import pytest

from legalsite.contacts import candidates
from legalsite.contacts.hours import find_hours
from legalsite.contacts.phones import find_phone_numbers
from legalsite.text.written_dates import date_run_at, is_calendar_date

# Effective dates as archived policies write them (citp corpus headers and
# bodies: "Effective Date: 2008-12-01", "Last updated: 01/15/2024", "15.01.2024").
DATES = [
    "2008-12-01", "2025-1-5", "2024/01/15", "2024.01.15",
    "01/15/2024", "15/01/2024", "15.01.2024", "1/5/24", "31-12-2023",
]  # fmt: skip
NOT_DATES = [
    "604.270.4998", "270-4998", "12-34-5678", "2024-13-01", "2024-01-32",
    "32/13/2024", "1-877-270-4998", "2024-01", "24/7", "9-5",
]  # fmt: skip


@pytest.mark.parametrize("run", DATES)
def test_dates(run):
    assert is_calendar_date(run)


@pytest.mark.parametrize("run", NOT_DATES)
def test_not_dates(run):
    assert not is_calendar_date(run)


def test_date_run_around_a_digit():
    text = "Effective 2025-01-01. Call 1 (877) 270-4998."
    assert date_run_at(text, text.index("5-01")) == (10, 20)
    assert date_run_at(text, text.index("877")) is None


@pytest.mark.parametrize(
    ("text", "phone", "hours"),
    [
        ("Effective date: 2025-01-01.", False, False),
        ("Updated 01/15/2024 and 15.01.2024.", False, False),
        ("Effective 2025-01-01. Call 1 (877) 270-4998.", True, True),
        ("2025-01-01 9 AM - 5 PM", False, True),
        ("Effective 2025-01-01, open 9-5.", False, True),
    ],
)
def test_hints_pass_over_dates_only(text, phone, hours):
    found = candidates.scan(text)
    assert (found.phones, bool(found.hours)) == (phone, hours)


@pytest.mark.parametrize("region", ["US", "GB", "DE", "FR", "DK", "IN"])
@pytest.mark.parametrize("run", DATES)
def test_the_matchers_never_read_a_date(run, region):
    # Denmark's eight-digit plan would read "31-12-2023" as +45 31 12 20 23.
    text = f"This policy took effect on {run} and applies to all users."
    assert find_phone_numbers(text, region=region).matches == ()
    assert find_hours(text).matches == ()
