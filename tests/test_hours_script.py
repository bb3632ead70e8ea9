"""The open-now script (theme/static/js/hours.js) in a real browser, on a fixed clock.

One short sentence after the phrase, in the reader's own time, announced politely;
without the script the page already says everything.
"""

import datetime as dt
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parents[1] / "theme" / "static" / "js" / "hours.js"
PAGE = (
    '<!doctype html><html lang="en"><body><p>Call us '
    '<span class="hours" data-hours="{hours}" data-zone="America/Los_Angeles">'
    "Monday through Friday, 9 AM - 6 PM PST</span>.</p></body></html>"
)


def _status(chromium, *, hours, now, reader_zone):
    context = chromium.new_context(timezone_id=reader_zone, locale="en-US")
    try:
        page = context.new_page()
        page.clock.set_fixed_time(now)
        page.set_content(PAGE.format(hours=hours))
        page.add_script_tag(path=str(SCRIPT))
        note = page.locator("span.hours + small.hours-now")
        return {
            # Browsers put a narrow no-break space before AM/PM (ICU), or not.
            "text": " ".join(note.text_content().split()),
            "live": note.get_attribute("aria-live"),
            "role": note.get_attribute("role"),
            "notes": page.locator("small.hours-now").count(),
        }
    finally:
        context.close()


def _utc(*args):
    return dt.datetime(*args, tzinfo=dt.UTC)


def test_open_now_says_until_when_in_one_sentence(chromium):
    # Wednesday 14 January 2026, 10:00 in Los Angeles.
    status = _status(
        chromium,
        hours="Mo-Fr 09:00-18:00",
        now=_utc(2026, 1, 14, 18),
        reader_zone="America/Los_Angeles",
    )
    assert status["text"] == "Open now, until 6:00 PM your time."
    assert status["live"] == "polite"
    assert "(" not in status["text"]
    assert status["notes"] == 1


def test_closed_now_says_when_it_opens(chromium):
    # Saturday 17 January 2026, noon in Los Angeles.
    status = _status(
        chromium,
        hours="Mo-Fr 09:00-18:00",
        now=_utc(2026, 1, 17, 20),
        reader_zone="America/Los_Angeles",
    )
    assert status["text"] == "Closed now; opens Monday at 9:00 AM your time."


def test_times_are_the_readers_own(chromium):
    # 11:00 in Los Angeles is 20:00 in Berlin; 18:00 there is 03:00 here.
    status = _status(
        chromium,
        hours="Mo-Fr 09:00-18:00",
        now=_utc(2026, 1, 14, 19),
        reader_zone="Europe/Berlin",
    )
    assert status["text"] == "Open now, until 3:00 AM your time."


def test_closed_days_and_holidays_add_no_opening(chromium):
    status = _status(
        chromium,
        hours="Mo-Fr 09:00-18:00; Sa-Su off; PH off",
        now=_utc(2026, 1, 17, 20),
        reader_zone="America/Los_Angeles",
    )
    assert status["text"] == "Closed now; opens Monday at 9:00 AM your time."


def test_around_the_clock(chromium):
    status = _status(
        chromium,
        hours="24/7",
        now=_utc(2026, 1, 17, 20),
        reader_zone="America/Los_Angeles",
    )
    assert status["text"] == "Open now, around the clock."


def test_an_evening_to_morning_span_runs_past_midnight(chromium):
    # "after hours support 7:30PM (EST) to 7:30AM (EST)": Mo-Fr 19:30-07:30
    # opens Monday evening and closes Tuesday morning. Tuesday 13 January
    # 2026, 02:00 in Los Angeles: inside Monday's span.
    status = _status(
        chromium,
        hours="Mo-Fr 19:30-07:30",
        now=_utc(2026, 1, 13, 10),
        reader_zone="America/Los_Angeles",
    )
    assert status["text"] == "Open now, until 7:30 AM your time."


def test_an_evening_to_morning_span_is_closed_by_day(chromium):
    # Tuesday 13 January 2026, noon in Los Angeles: between two spans.
    status = _status(
        chromium,
        hours="Mo-Fr 19:30-07:30",
        now=_utc(2026, 1, 13, 20),
        reader_zone="America/Los_Angeles",
    )
    assert status["text"] == "Closed now; opens Tuesday at 7:30 PM your time."


def test_days_on_other_terms_add_no_opening_and_no_closed_note(chromium):
    # "Monday to Friday 10:00 AM - 6:00 PM, and weekends by appointment": open
    # on a weekday; on Saturday the script cannot say closed.
    hours = "Mo-Fr 10:00-18:00; Sa-Su &quot;by appointment&quot;"
    # Wednesday 14 January 2026, 11:00 in Los Angeles.
    status = _status(
        chromium,
        hours=hours,
        now=_utc(2026, 1, 14, 19),
        reader_zone="America/Los_Angeles",
    )
    assert status["text"] == "Open now, until 6:00 PM your time."
    context = chromium.new_context(timezone_id="America/Los_Angeles", locale="en-US")
    try:
        page = context.new_page()
        # Saturday 17 January 2026, noon in Los Angeles.
        page.clock.set_fixed_time(_utc(2026, 1, 17, 20))
        page.set_content(PAGE.format(hours=hours))
        page.add_script_tag(path=str(SCRIPT))
        assert page.locator("small.hours-now").count() == 0
    finally:
        context.close()


# Toerisme Peer's two seasons, as the reader writes them.
_SEASONS = (
    "Apr-Sep Mo-Fr 09:00-12:30,13:30-17:00; Apr-Sep Sa-Su 10:00-12:30,13:30-17:00; "
    "Oct-Mar Mo-Fr 09:00-12:30,13:30-17:00; Oct-Mar Sa 11:00-15:00"
)


@pytest.mark.parametrize(
    ("hours", "now", "said"),
    [
        # bareos.com: "Monday to Friday ..., except for public holidays ...,
        # December 24th and 31st". Thursday 24 December 2026, noon.
        (
            "Mo-Fr 09:00-18:00; PH off; Dec 24 off; Dec 31 off",
            _utc(2026, 12, 24, 20),
            "Closed now; opens Friday at 9:00 AM your time.",
        ),
        # skateart.com: "closed for vacation December 25th through January
        # 3rd". Wednesday 30 December 2026, noon.
        (
            "Mo-Fr 10:00-17:30; Dec 25-Jan 03 off",
            _utc(2026, 12, 30, 20),
            "Closed now; opens Monday at 10:00 AM your time.",
        ),
        # Sunday 18 January 2026, noon: closed in winter (the summer's Sunday
        # hours do not hold in January).
        (
            _SEASONS,
            _utc(2026, 1, 18, 20),
            "Closed now; opens Monday at 9:00 AM your time.",
        ),
        # Friday 2 October 2026, 8 PM: Saturday opens at 11:00 in winter,
        # not at 10:00 as in summer.
        (
            _SEASONS,
            _utc(2026, 10, 3, 3),
            "Closed now; opens Saturday at 11:00 AM your time.",
        ),
        # Sunday 19 July 2026, 11 AM: a summer Sunday is open.
        (_SEASONS, _utc(2026, 7, 19, 18), "Open now, until 12:30 PM your time."),
    ],
    ids=[
        "dates closed every year",
        "a closed range past the year's end",
        "winter over the year's end",
        "next season from its first day",
        "summer",
    ],
)
def test_dates_and_seasons_hold_in_los_angeles(chromium, hours, now, said):
    status = _status(chromium, hours=hours, now=now, reader_zone="America/Los_Angeles")
    assert status["text"] == said
