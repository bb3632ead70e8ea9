"""Shapes the hours reader accepts, each with the real corpus cases that forced it.

The cases are the corpus's (cases/hours_corpus), named by label; each must be
read exactly (hours and zone) by ``make eval-hours``'s own judge.
"""

import re

import pytest
from bs4 import BeautifulSoup

from legalsite.contacts.hours import find_hours
from legalsite.contacts.hours.meaning import read_dates, read_season
from legalsite.contacts.hours.vocabulary import vocabulary_for
from legalsite.contacts.points import ContactBlock, build_contact_points, describe_hours
from legalsite.html.enrich import enrich_html
from sitetools.eval_hours import judge, load_cases

_CASES = {c["label"]: c for c in load_cases()}

RULES = {
    "a Czech service point or order desk ('servis', 'objednávky') is reached": [
        "Tyre service: Dnes v servisu 07:00-15:30 pondělí až pátek",
        "Jiří Čoupek klimatizace Brno: Po-Pá 7:30-17:30",
        "masi-co.com: Objednávky Po-Pá 7:00-15:00",
    ],
    "holidays said to vary are no days closed": [
        "aaf.edu.au: AAF support 8am-4pm Monday to Friday AEST",
    ],
    "a sentence opening 'the hours are' states the page's hours": [
        "comonfortlux.com (es): store hours Lunes a Viernes 9:30 a 6:30 amid "
        "delivery terms",
    ],
    "a label of two words naming a way to reach people ('In Person:')": [
        "royalroads.ca bookstore: in person hours per day incl. Holidays 10:00am - "
        "5:00pm",
    ],
    "'it is generally' speaks of the service named in the sentence before": [
        "emu.axiell.com: technical support generally Mon-Fri 9-5 excluding public "
        "holidays, varies by location",
    ],
    "an evening-to-morning range with both halves written runs overnight": [
        "mediabox.freshdesk.com: after hours support 7:30PM (EST) to 7:30AM (EST)",
    ],
    "the duties a named service is responsible for are its own work": [
        "posta.rs: complaints office 7:30 AM to 3:30 PM on working days "
        "(Monday - Friday)",
    ],
    "a sentence naming hours and ending in a colon announces the timetable": [
        "lostrailwaymuseum.org: Wednesday, Thursday and Saturday 9-2; Friday "
        "12:00 p.m. to 5:00 p.m.",
    ],
    "hours restated in a second zone settle which clock the first name means": [
        "mediabox.freshdesk.com: tech support Mon-Fri 9:30AM-11:30PM GMT "
        "(4:30AM-6:30PM EST)",
    ],
    "a Polish zone name in the genitive": [
        "Microsoft Security Code Analysis docs (pl): 9:00-17:00 czasu pacyficznego",
    ],
    "excepted days that open later": [
        "gov.uk CICA: phone lines Mon-Fri 8.30am-5pm except Wednesday opens 10am",
    ],
    "a break cuts the hours around it in two": [
        "Vasatorp Golf: Telefontider with closed days and lunch break",
    ],
    "a line naming its zone first restates the hours before it": [
        "packup.pages.dev: Mon - Fri 10:00 AM - 7:00 PM IST with UTC equivalent",
    ],
    "a last day with emergency service only has no regular hours": [
        "10minutesindia.com: support Mon-Fri 9-6 IST, Sat 10-4 IST, Sunday "
        "emergency only",
    ],
    "a zone the text states once for itself": [
        "equotix.com: located in Singapore (+0800 GMT), most active Monday to "
        "Friday, 0900 to 1700",
        "sharepointsapiens.com: Austrian business days Mon-Thu 9-5, Fri 9-1, CET",
    ],
    "days said alone, then the times for them": [
        "greatbiztools.com: business days Mon-Fri excl. US holidays; hours 8-5 "
        "(Central Time)",
        "linserv.se: first line support Monday to Friday (excluding public holidays) "
        "08:00 — 18:00",
    ],
    "a word is read in its longest phrase (booking by phone is reaching people)": [
        "Réunion 0262: rendez-vous du lundi au vendredi de 9h à 19h",
        "Sierra game text: 'Our lonely Customer Servants' 7:00 a.m. to 7:00 p.m. "
        "Pacific Time",
    ],
    "exceptions named after the hours are closed days": [
        "ptcondo.com: association office hours per day, exceptions on recognized "
        "holidays",
    ],
    "a zone abbreviation the tz database no longer writes": [
        "microsoft.com (Intune phone support, Paraguay): business hours row",
    ],
    "GMT on a page from a country at UTC+0 in winter": [
        "microsoft.com (Intune phone support, Portugal): business hours row",
    ],
    "a zone and an offset that agreed when the page was written": [
        "microsoft.com (Intune phone support, Russia): business hours row",
        "microsoft.com (Intune phone support, Azerbaijan): business hours row",
    ],
    "a zone name read in the page's country": [
        "microsoft.com (Intune phone support, Australia): business hours row",
    ],
    "a zone name the page's country uses, its disagreeing UTC offset set aside": [
        "microsoft.com (Intune phone support, Algeria): business hours row",
        "microsoft.com (Intune phone support, Bahrain): business hours row",
        "microsoft.com (Intune phone support, Morocco): business hours row",
        "microsoft.com (Intune phone support, Brazil): business hours row",
        "microsoft.com (Intune phone support, Jordan): business hours row",
    ],
    "days said to open by appointment right after them are a comment": [
        "Panama City rental office: Mon-Fri 10:00 AM - 6:00 PM, weekends by "
        "appointment",
    ],
    "dates said closed or excepted, read in full, are closed every year": [
        "bareos.com: business hours Mon-Fri 9 a.m. to 5 p.m. (CET/CEST), except NRW "
        "public holidays, Dec 24th and 31st",
        "skateart.com: office hours Monday through Friday 10:00am to 5:30pm Central "
        "Standard Time; closed Dec 25 - Jan 3",
    ],
    "a 24-hour value above 12 with 'pm' after it is that hour": [
        "visitlimburg.be: Toerisme Peer summer, every working day 9-12.30 & "
        "13.30-17, weekends",
        "visitlimburg.be: Toerisme Peer winter, every working day + Saturday 11-3",
    ],
    "a season of whole months before hours holds for them every year": [
        "visitlimburg.be: Toerisme Peer summer, every working day 9-12.30 & "
        "13.30-17, weekends",
        "visitlimburg.be: Toerisme Peer winter, every working day + Saturday 11-3",
    ],
    "a season alone on its line, ending in a colon, labels the timetable": [
        "visitlimburg.be: Toerisme Peer summer, every working day 9-12.30 & "
        "13.30-17, weekends",
        "visitlimburg.be: Toerisme Peer winter, every working day + Saturday 11-3",
    ],
    "German 'Erreichbarkeit' (being reachable) names a way to reach people": [
        "etc-solutions.de support: Montag bis Freitag 08:00-17:00 Uhr (MEZ)",
    ],
    "a word that is no zone, the UTC offset naming the country's clock": [
        "microsoft.com (Intune phone support, Cyprus): business hours row",
    ],
    "the page's language names its own country's clock ('ora italiana')": [
        "Loan site FAQ: team L-V 9-18 (ora italiana)",
    ],
    "a list ends at its last item; a line announcing a list speaks for it alone": [
        "rz.uni-kiel.de: operators on site Mon-Thu 8-5, Fri 8-4, none on "
        "weekends/holidays",
    ],
    "a service said not to run on days closes them ('no operator service on')": [
        "rz.uni-kiel.de: operators on site Mon-Thu 8-5, Fri 8-4, none on "
        "weekends/holidays",
    ],
}


@pytest.mark.parametrize(
    ("rule", "label"),
    [(rule, label) for rule, labels in RULES.items() for label in labels],
    ids=[f"{rule}: {label[:40]}" for rule, labels in RULES.items() for label in labels],
)
def test_rule_reads_its_cases_exactly(rule, label):
    (outcome,) = judge([_CASES[label]])
    assert outcome.outcome == "exact", (outcome.got, outcome.got_zone, outcome.warnings)


def test_a_zone_stated_apart_gives_data_and_leaves_the_words_alone():
    # equotix.com: the zone is said before the phrase, outside it.
    text = _CASES[RULES["a zone the text states once for itself"][0]]["text"]
    html = enrich_html(f"<p>{text}</p>", region="SG", language="en").html
    soup = BeautifulSoup(html, "html.parser")
    (span,) = soup.select("span.hours")
    assert span["data-zone"] == "Asia/Singapore"
    assert span["data-hours"] == "Mo-Fr 09:00-17:00"
    assert not soup.select(".tz, .tz-note")
    assert soup.get_text() == text


# Synthetic: a rule's real case with one value changed so that it no longer
# adds up; the reader gives no data and says why.
_ALTERED = [
    # packup.pages.dev's text with the UTC line an hour off.
    (
        "a line naming its zone first restates the hours before it",
        ("04:30 AM", "05:30 AM"),
        {"region": "IN", "language": "en"},
        "do not match",
    ),
    # Vasatorp Golf's line with its lunch break after closing time.
    (
        "a break cuts the hours around it in two",
        ("12:30 – 13:00", "15:30 – 16:00"),
        {"region": "SE", "language": "sv"},
        "a break outside the hours",
    ),
    # gov.uk CICA's line with Wednesday opening after closing time.
    (
        "excepted days that open later",
        ("open at 10am", "open at 6pm"),
        {"region": "GB", "language": "en"},
        "changes no hours",
    ),
    # rz.uni-kiel.de's operators on site Monday to Saturday, which the
    # sentence after says have no service on Saturdays.
    (
        "a service said not to run on days closes them ('no operator service on')",
        ("- Monday to Thursday", "- Monday to Saturday"),
        {"region": "DE", "language": "en"},
        "says Sa closed",
    ),
    # mediabox's line with the Eastern times an hour off.
    (
        "hours restated in a second zone settle which clock the first name means",
        ("4:30AM EST", "5:30AM EST"),
        {"language": "en"},
        "cannot be checked",
    ),
]


@pytest.mark.parametrize(
    ("rule", "change", "page", "said"),
    _ALTERED,
    ids=[
        "restatement off",
        "break outside",
        "excepted day outside",
        "closed day open",
        "no clock",
    ],
)
def test_a_rule_s_case_that_no_longer_adds_up_is_reported(rule, change, page, said):
    text = _CASES[RULES[rule][0]]["text"]
    assert change[0] in text
    scan = find_hours(text.replace(*change), **page)
    assert scan.matches == ()
    assert any(said in w for w in scan.warnings), scan.warnings


def test_gmt_without_a_restatement_or_a_country_is_reported():
    # voicepro.plus: "9am to 6pm Monday to Friday GMT", the page from no known
    # country: British, Irish or Greenwich Mean Time.
    scan = find_hours("Help Desk hours: 9am to 6pm Monday to Friday GMT.")
    assert scan.matches == ()
    assert any("could be" in w for w in scan.warnings), scan.warnings


@pytest.mark.parametrize(
    ("label", "unused"),
    [
        ("microsoft.com (Intune phone support, Algeria): business hours row", "UTC +2"),
        ("microsoft.com (Intune phone support, Jordan): business hours row", "UTC +2"),
        ("microsoft.com (Intune phone support, Cyprus): business hours row", "DST"),
    ],
)
def test_words_set_aside_to_read_a_zone_are_reported(label, unused):
    case = _CASES[label]
    scan = find_hours(case["text"], region=case["country"], language="en")
    (match,) = scan.matches
    assert match.zone.unused == unused
    assert f"hours read without '{unused}'" in match.remark
    assert match.remark in scan.warnings
    enriched = enrich_html(f"<p>{case['text']}</p>", region=case["country"])
    assert any(
        w.message.startswith(f"hours read without '{unused}'")
        for w in enriched.warnings
    )


@pytest.mark.parametrize(
    "label",
    [
        # The name is a real zone of another place, the offset the country's:
        # "PST (UTC -5)" in Colombia, "EDT (UTC +13)" in New Zealand. Which of
        # the two is wrong, the text does not say.
        "microsoft.com (Intune phone support, Colombia): business hours row",
        "microsoft.com (Intune phone support, New Zealand): business hours row",
    ],
)
def test_another_place_s_zone_with_the_country_s_offset_gives_no_data(label):
    case = _CASES[label]
    scan = find_hours(case["text"], region=case["country"], language="en")
    assert scan.matches == ()


@pytest.mark.parametrize(
    "line",
    [
        # Synthetic: the name is one US clock, the offset another's.
        "Support: Monday to Friday 9:00-17:00 PST (UTC -5)",
        # Synthetic: neither the word nor the offset names a US clock alone.
        "Support: Monday to Friday 9:00-17:00 DST (UTC -5)",
    ],
)
def test_a_name_and_an_offset_naming_two_clocks_of_the_country_give_no_data(line):
    scan = find_hours(line, region="US", language="en")
    assert scan.matches == ()
    assert scan.warnings


def test_an_offset_after_the_phrase_is_inside_its_markup():
    # Synthetic, the shape of the Cyprus row: the zone is the offset after
    # the phrase; the words read stay as written, the note added once.
    text = "Support: Monday to Friday 9:00-17:00 (UTC+8) by phone"
    html = enrich_html(f"<p>{text}</p>", region="SG", language="en").html
    soup = BeautifulSoup(html, "html.parser")
    (span,) = soup.select("span.hours")
    assert span["data-zone"] == "Asia/Singapore"
    for note in soup.select(".tz-note"):
        note.decompose()
    assert soup.get_text() == text


def test_days_by_appointment_state_no_hours_in_the_structured_data():
    label = RULES["days said to open by appointment right after them are a comment"][0]
    scan = find_hours(_CASES[label]["text"], region="PA", language="en")
    (match,) = scan.matches
    assert match.opening_hours == 'Mo-Fr 10:00-18:00; Sa-Su "by appointment"'
    assert match.text.endswith("weekends by appointment")
    (spec,) = describe_hours(match)
    assert spec["opens"] == "10:00" and len(spec["dayOfWeek"]) == 5


@pytest.mark.parametrize(
    ("line", "language"),
    [
        # Synthetic: days by appointment and no hours at all.
        ("Our office is open weekends by appointment.", "en"),
        # Synthetic: a day both with hours and by appointment.
        ("Our office is open Monday to Friday 10-6, and Friday by appointment.", "en"),
        # Synthetic: the words do not follow the days ("by appointment" is
        # about something else here).
        (
            "Our office is open Monday to Friday 10-6 and weekends; tours by "
            "appointment.",
            "en",
        ),
    ],
)
def test_days_by_appointment_without_hours_of_their_own_give_no_data(line, language):
    assert find_hours(line, region="US", language=language).matches == ()


def test_days_by_appointment_in_french():
    # Synthetic, the Panama shape in French.
    scan = find_hours(
        "Nous sommes ouverts du lundi au vendredi de 9h à 18h, le samedi sur "
        "rendez-vous.",
        region="FR",
        language="fr",
    )
    (match,) = scan.matches
    assert match.opening_hours == 'Mo-Fr 09:00-18:00; Sa "sur rendez-vous"'


def test_dates_closed_state_nothing_in_the_structured_data():
    # schema.org closures need a year; the hours without the dates would say
    # the office is open on December 24th.
    label = RULES["dates said closed or excepted, read in full, are closed every year"][
        0
    ]
    scan = find_hours(_CASES[label]["text"], region="DE", language="en")
    (match,) = scan.matches
    assert match.opening_hours.endswith("PH off; Dec 24 off; Dec 31 off")
    assert describe_hours(match) == []
    assert (
        build_contact_points([ContactBlock(section=0, hours=(match,))], region="DE")
        == ()
    )


@pytest.mark.parametrize(
    ("written", "dates"),
    [
        ("December 24th and 31st.", ("Dec 24", "Dec 31")),
        ("December 25th through January 3rd.", ("Dec 25-Jan 03",)),
        # Synthetic: days before their month, a list with commas.
        ("24 and 31 December.", ("Dec 24", "Dec 31")),
        ("December 24, 25 and 31", ("Dec 24", "Dec 25", "Dec 31")),
        # Synthetic: one day of one year, a day that does not exist, a range
        # of days without its month: not read.
        ("December 24th, 2023.", None),
        ("February 30th.", None),
        ("December 24th-26th.", None),
    ],
)
def test_dates_are_read_in_full_or_not_at_all(written, dates):
    text = f"We are closed on {written}"
    month = next(w for w in ("December", "February") if w in text)
    at = text.index(month)
    found = read_dates(text, at, vocabulary_for("en"))
    assert (found and found.written) == dates


@pytest.mark.parametrize(
    ("text", "region"),
    [
        # Synthetic: skateart.com's line with a range of days of one month.
        (
            "Office Hours:\nMonday through Friday 10:00am to 5:30pm Central "
            "Standard Time. We will be closed for vacation December 24th-26th.",
            "US",
        ),
        # Synthetic: a help desk's summer hours from the middle of a month.
        (
            "Our help desk is open from 15 April until 30 September, Monday to "
            "Friday 9am to 5pm.",
            "BE",
        ),
    ],
    ids=["dates not read in full", "season of no whole months"],
)
def test_dates_not_read_in_full_keep_the_hours_unpublished(text, region):
    scan = find_hours(text, region=region, language="en")
    assert scan.matches == ()
    assert any("beside it was not read" in w for w in scan.warnings), scan.warnings


@pytest.mark.parametrize(
    ("written", "value"),
    [
        # Toerisme Peer: 24-hour values with "p.m.", and a 12-hour one.
        ("13.30 p.m. until 17 p.m.", "13:30-17:00"),
        ("12.30 p.m. until 17 p.m.", "12:30-17:00"),
        # egenie: "9:00am – 17:30pm".
        ("9:00am – 17:30pm", "09:00-17:30"),
        # Synthetic: at 12 or below "pm" keeps its meaning.
        ("9 a.m. until 5 p.m.", "09:00-17:00"),
    ],
)
def test_pm_after_a_24_hour_value_is_read_with_it(written, value):
    scan = find_hours(f"Our help desk: Monday to Friday {written}", language="en")
    (match,) = scan.matches
    assert match.opening_hours == f"Mo-Fr {value}"


@pytest.mark.parametrize(
    ("written", "months"),
    [
        ("From 1 April until 30 September:", "Apr-Sep"),
        ("From 1 October until 31 March:", "Oct-Mar"),
        # Synthetic: one month; a range starting or ending inside a month.
        ("From 1 June until 30 June:", "Jun"),
        ("From 15 April until 30 September:", ""),
        ("From 1 April until 29 September:", ""),
        # Synthetic: dates that are no one range.
        ("On 24 and 31 December:", None),
    ],
)
def test_a_season_is_read_as_whole_months(written, months):
    at = re.search(r"April|October|June|December", written).start()
    found = read_season(written, at, vocabulary_for("en"))
    assert (found.written if found else None) == months


@pytest.mark.parametrize(
    "text",
    [
        # Synthetic: does the season hold for the hours before it, for the
        # hours after it, or for both?
        "Our help desk is open Monday to Friday 9am to 5pm from 1 April until "
        "30 September, Saturday 10am to 1pm.",
        # Synthetic: a season with no hours after it.
        "Our help desk is open Monday to Friday 9am to 5pm from 1 April until "
        "30 September.",
        "Our help desk is open Monday to Friday 9am to 5pm. These hours hold "
        "from 1 April until 30 September.",
    ],
)
def test_a_season_said_after_hours_is_not_guessed(text):
    scan = find_hours(text, region="BE", language="en")
    assert scan.matches == ()
    assert any("beside it was not read" in w for w in scan.warnings), scan.warnings


def test_each_season_holds_for_the_hours_after_it():
    # Synthetic: Toerisme Peer's two seasons in one paragraph.
    summer = _CASES[
        RULES["a season of whole months before hours holds for them every year"][0]
    ]
    winter = _CASES[
        RULES["a season of whole months before hours holds for them every year"][1]
    ]
    text = winter["text"] + ".\n" + summer["text"]
    scan = find_hours(text, region="BE", language="en")
    assert "; ".join(m.opening_hours for m in scan.matches) == (
        "Oct-Mar Mo-Fr 09:00-12:30,13:30-17:00; Oct-Mar Sa 11:00-15:00; "
        "Apr-Sep Mo-Fr 09:00-12:30,13:30-17:00; Apr-Sep Sa-Su 10:00-12:30,13:30-17:00"
    )


def test_seasonal_hours_state_nothing_in_the_structured_data():
    # schema.org's validFrom and validThrough are dates of one year.
    label = RULES["a season of whole months before hours holds for them every year"][0]
    scan = find_hours(_CASES[label]["text"], region="BE", language="en")
    (match,) = scan.matches
    assert match.opening_hours.startswith("Apr-Sep Mo-Fr")
    assert describe_hours(match) == []
    assert (
        build_contact_points([ContactBlock(section=0, hours=(match,))], region="BE")
        == ()
    )


def test_erreichbarkeit_in_a_sentence_says_whose_hours():
    # Synthetic: the noun in a sentence, not as the label right before.
    text = "Die Erreichbarkeit ist Montag bis Freitag, 08:00–17:00 Uhr."
    scan = find_hours(text, region="DE", language="de")
    (match,) = scan.matches
    assert match.opening_hours == "Mo-Fr 08:00-17:00"


@pytest.mark.parametrize(
    ("text", "language"),
    [
        # Synthetic: an English page's "Italian time" (the adjective of another
        # language than the page's), and Spain's adjective (two clocks).
        ("Our support team is available Monday to Friday 9-5 (Italian time).", "en"),
        ("Soporte: de lunes a viernes de 9:00 a 18:00 (hora española).", "es"),
        ("Support : du lundi au vendredi de 9h à 18h (ora italiana).", "fr"),
    ],
)
def test_a_language_s_adjective_names_a_clock_only_on_its_own_pages(text, language):
    scan = find_hours(text, language=language)
    assert [m.zone for m in scan.matches] in ([], [None]), scan.matches


def test_a_list_announced_for_something_else_is_not_the_operators():
    # rz.uni-kiel.de: the PC pool's list after the operators' is not theirs.
    case = _CASES[
        RULES[
            "a service said not to run on days closes them ('no operator service on')"
        ][0]
    ]
    scan = find_hours(case["text"], region="DE", language="en")
    assert [m.opening_hours for m in scan.matches] == [
        "Mo-Th 08:00-17:00; Fr 08:00-16:00; Sa-Su,PH off"
    ]
    assert any(
        "8am to 10pm" in w and "not about reaching people" in w for w in scan.warnings
    ), scan.warnings
