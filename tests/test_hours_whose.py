"""Whose hours a phrase gives: each cue and each veto, with the real cases for it.

The cases are the corpus's (cases/hours_corpus), named by label. Hours phrases
must be read exactly; near-misses must give no data and be listed in the report.
"""

import pytest

from legalsite.contacts.hours import find_hours
from sitetools.eval_hours import judge, load_cases, owners_of

_CASES = {c["label"]: c for c in load_cases()}

READ = {
    "a label right before it": [
        "oralux.in: Monday–Friday 09:00–19:00 IST excluding public holidays",
        "bookskabazaar.com grievance: Monday to Saturday, 10:00 AM – 6:00 PM IST "
        "(excluding public holidays)",
    ],
    "a table cell is its own clause": [
        "getexperts.io: Antwortzeit 2 Stunden | Telefon Mo-Fr 9-18",
    ],
    "a clause that names its own service": [
        "Vibe Energy: telefonisch bereikbaar op werkdagen 08:30-17:30",
    ],
    "a label after 'our'": [
        "WP plugin default: Rückmeldung während Servicezeiten Mo-Fr 8-18, "
        "ausgenommen Feiertage",
    ],
    "a service said to be 24 hour, beside its phone numbers": [
        "gov.uk Floodline: '24 hour service'",
    ],
    "a support agreement's hours of coverage": [
        "epicriver.com: 8 a.m. to 5 p.m, Monday through Friday in the mountain "
        "time zone",
    ],
    "a sentence that opens with 'available'": [
        "unidentified footer: 'Available every weekday from 8:00 to 18:00'",
    ],
    "a bracket that says whose": [
        "nownz.co.nz: business hours Monday - Friday 8am - 8pm (in parentheses)",
    ],
    "an acronym that is the site's own (its domain or its initials)": [
        "gov.uk RPA Farming Transformation Fund: Mon-Fri 9am to 5pm (except public "
        "holidays)",
        "GCA customer services: 0345 410 2222 Mon-Fri 9am-5pm",
        "hli.ubc.ca: HLI Reception 10 AM to 3 PM – Tuesdays and Thursdays only",
    ],
    "a department's plain name": [
        "HMRC Child Benefit helpline (list): Mon-Fri 8am-6pm",
        "mayoclinic.org Jacksonville appointment office: 8 a.m. to 5 p.m. Eastern "
        "time (no days)",
    ],
    "a heading in capitals is no acronym": [
        "software vendor: representatives Mon-Fri 6:30 a.m. to 5 p.m. Mountain "
        "Time (MT); emergencies 24/7",
    ],
    "an e-mail at another host names no owner": [
        "Australian institute 1300 410 272: Mon-Fri 9am-7pm (AEST), Saturday 9am-1pm "
        "(AEST)",
        "DVSA theory test enquiries: Mon-Fri 8am-4pm",
    ],
    "around the clock of e-mail leaves the phone line's hours": [
        "US subscription software vendor: phone 8:00 am-6:00 pm Central, Mon-Fri, "
        "excluding holidays",
    ],
}

TURNED_DOWN = {
    "a bracket that does not say whose": [
        "lawinsider.com: i-CERT sample clause office hours (near-miss)",
    ],
    "staff's working hours": [
        "core collaboration hours 10:00 AM - 2:00 PM Mountain Time",
    ],
    "a label with a word before it": [
        "school fee page: HDFC bank hours",
    ],
    "an acronym owns the line": [
        "SASSA helpline quoted by an independent site",
        "va.gov page: DMDC office hours (another agency)",
    ],
    "a name in camel case owns the office": [
        "Euna OpenBids office hours in a City of Springfield solicitation",
    ],
    "a title naming someone is the label": [
        "Physician Support Line hours quoted by a third-party app",
        "AXA Hong Kong health hotline in a clinic's insurer table",
    ],
    "a web address in the record before it": [
        "Mind infoline listed in a directory app",
    ],
    "a supplier's hours": [
        "GCA test notice: 'Support the help desk from 9am to 5pm.'",
    ],
    "a veto inside a labelled line": [
        "Zoom marketplace: requests processed 9am-5pm Pacific Time, Monday-Friday",
    ],
}


@pytest.mark.parametrize(
    ("cue", "label"),
    [(cue, label) for cue, labels in READ.items() for label in labels],
    ids=[f"{cue}: {label[:40]}" for cue, labels in READ.items() for label in labels],
)
def test_cue_reads_the_phrase(cue, label):
    (outcome,) = judge([_CASES[label]])
    assert outcome.outcome == "exact", (outcome.got, outcome.warnings)


@pytest.mark.parametrize(
    ("veto", "label"),
    [(veto, label) for veto, labels in TURNED_DOWN.items() for label in labels],
    ids=[
        f"{veto}: {label[:40]}"
        for veto, labels in TURNED_DOWN.items()
        for label in labels
    ],
)
def test_veto_gives_no_data_and_reports(veto, label):
    case = _CASES[label]
    scan = find_hours(
        case["text"],
        region=case.get("country"),
        language=case["lang"],
        owners=owners_of(case),
    )
    assert scan.matches == ()
    assert scan.warnings


@pytest.mark.parametrize(
    "label",
    [
        "gov.uk RPA Farming Transformation Fund: Mon-Fri 9am to 5pm (except public "
        "holidays)",
        "hli.ubc.ca: HLI Reception 10 AM to 3 PM – Tuesdays and Thursdays only",
    ],
)
def test_an_acronym_not_the_sites_own_owns_the_hours(label):
    # The same text on a site of another name gives no data, and says whose.
    case = _CASES[label]
    scan = find_hours(case["text"], region=case.get("country"), language=case["lang"])
    assert scan.matches == ()
    assert any("not the site's" in w for w in scan.warnings), scan.warnings


def test_the_sites_name_owns_its_hours():
    text = "DotNetPanel Support: Monday through Friday, 9 AM - 6 PM PST."
    assert find_hours(text, region="US").matches == ()
    (match,) = find_hours(text, region="US", owners=("DotNetPanel",)).matches
    assert match.opening_hours == "Mo-Fr 09:00-18:00"
