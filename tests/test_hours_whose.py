"""Whose hours a phrase gives: each cue and each veto, with the real cases for it.

The cases are the corpus's (cases/hours_corpus), named by label. Hours phrases
must be read exactly; near-misses must give no data and be listed in the report.
"""

import pytest

from legalsite.contacts.hours import find_hours
from sitetools.eval_hours import judge, load_cases

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
    "a bracket that says whose": [
        "nownz.co.nz: business hours Monday - Friday 8am - 8pm (in parentheses)",
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
    scan = find_hours(case["text"], region=case.get("country"), language=case["lang"])
    assert scan.matches == ()
    assert scan.warnings
