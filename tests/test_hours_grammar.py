"""Each shape of the hours grammar, with the real cases it was written for.

The cases are the corpus's (cases/hours_corpus), named by label: each must be
read exactly, data and zone, as its expected value (written by reading) says.
"""

import pytest

from legalsite.contacts.hours import find_hours
from legalsite.contacts.hours.grammar import read_chain
from legalsite.contacts.hours.tokens import chains, tokenize
from sitetools.eval_hours import judge, load_cases

RULES = {
    "days spans [zone]": [
        "gov.uk HMCTS divorce/civil partnership: 0300 303 0642 Mon-Fri 8am to 5pm",
        "Kontakt: Servicezeiten Montag bis Freitag 09:00 - 18.00 Uhr",
        "Dortmund IT service: Servicezeiten Mo-Fr, 8-18 Uhr",
        "clarifi.com.br: segunda a sexta 9h-18h (BRT)",
    ],
    "spans [zone] days": [
        "approveowl.com: telephone support 9-5 CT Monday-Friday",
        "griffinbrandsinc.com: customer service 9:00 a.m. to 4:30 p.m. (CST) Monday "
        "through Friday",
        "HMCTS civil money claims (cy): ffonio rhwng 8.30am a 5pm",
    ],
    "several groups, times first": [
        "towersystems.com.au: Help Desk 7am-6pm Australian Eastern Summer Time "
        "Mon-Fri, Sat 7:30-3",
        "firstmerchants.com: lockout 15 minutes; Customer Service 7-7 weekdays, "
        "Sat 9-1",
    ],
    "several groups, days first": [
        "creditcheckhub.com: Mon-Fri 9 AM - 9 PM EST, Sat 9 AM - 4 PM EST, Sun 1 PM - "
        "6 PM EST",
        "Stadt Mannheim Corona-Hotline: Mo-Fr and Sa/So/Feiertage",
        "Correos Express: atención telefónica L-V 8-20h, sábados 9-14h",
    ],
    "days closed": [
        "helpdesk.bridgeport.edu: Mon-Thu 8:30 AM to 8:30 PM, Fri to 5 PM, Sat closed, "
        "Sun 2 PM to 8:30 PM",
        "ibernovia.es: L-V 9-14 y 17-20, fines de semana cerrado",
    ],
    "closed days, said apart": [
        "capita-libraries.co.uk: Help Desk Mon-Fri 8:30-17:30, closed English bank "
        "holidays",
        "HMRC payment plan (cy): Dydd Llun i Ddydd Gwener 08:30 i 17:00, ar gau "
        "gwyliau banc",
    ],
    "except days": [
        "DVSA theory test support (cy): 8am i 4pm, ac eithrio gwyliau cyhoeddus",
        "appfabrik.de SLA: Servicezeiten Mo-Fr 8-18 CET/CEST außer Feiertage BW",
        "getfoco.co: L-V 9 a. m.-5 p. m., hora de Colombia, excepto festivos",
    ],
    "days except (the word after)": [
        "Regione Piemonte Numero Verde 800 333 444: L-V 8-18, festivi esclusi",
        "J-GLOW privacy desk: 受付時間 平日 10-18（土日祝・年末年始を除く）",
        "prysmvoice.com: support 8:30 a.m. to 5:30 p.m. Central Time, Monday through "
        "Friday (holidays excluded)",
    ],
    "days until time": [
        "bender-schliessanlagen.de: Mo-Fr 8-18 (Mi & Fr bis 12)",
        "BIMP hotline: 9-12 et 14-18, le vendredi à 17 h",
    ],
    "two spans a day": [
        "Cabinet Evelyne Boyer: accueil téléphonique Mo-Fr two spans",
        "eaztimate.com: telefon vardagar 09.00-11.00 samt 14.00-16.00",
        "arider.de: Telefonisch Mo-Fr 9-12 und 14-16 Uhr",
    ],
    "between time and time": [
        "Driving school: klantenservice ma t/m za tussen 09:00 en 21:00",
        "cupid.com: Customer Support line Mon-Fri 3 p.m.-11 p.m, weekends 11 a.m.-7 "
        "p.m. Central Standard Time",
    ],
    "around the clock [days]": [
        "torontodistresscentre.com: 408-HELP line 24 hours a day, 7 days a week, 365 "
        "days a year",
        "intermedia.net: support 24/7/365; callback response 15 - 30 minutes",
    ],
    "hours restated in another zone": [
        "nearlyfreespeech.net: support Mon-Fri 1-9pm ET, weekends & holidays 3-7pm",
    ],
    "four-digit times": [
        "edenisallnatural.com: business hours 1000 to 1900 hours Monday to Friday",
        "envywebsites.com: Mon-Fri: 0830 – 1730 (UK Time), excludes public and bank "
        "holidays",
    ],
    "one-letter days (M-F)": [
        "VA Charleston resource FAQ: M-F 9 a.m. to 4 p.m. except federal holidays",
    ],
    "day sets": [
        "sysselmesteren.no: switchboard manned 10:00-15:00 every weekday",
        "Credit company e-mail: Ouvidoria dias úteis 9h-18h",
        "Det Digitale Folkebibliotek: Kontakt supporten alle hverdage 14-18",
    ],
    "inflected day names": [
        "Multilingual shop bot (pl): zespół pn-pt 9:00-17:00",
        "Multilingual shop bot (lt): komanda pirmadienio-penktadienio 9-17",
        "Multilingual shop bot (uk): команда з понеділка по п'ятницю 9-17",
        "Multilingual shop bot (hu): csapat hétfőtől péntekig 9-17",
    ],
}
_CASES = {c["label"]: c for c in load_cases()}


@pytest.mark.parametrize(
    ("rule", "label"),
    [(rule, label) for rule, labels in RULES.items() for label in labels],
    ids=[f"{rule}: {label[:40]}" for rule, labels in RULES.items() for label in labels],
)
def test_shape_is_read_exactly(rule, label):
    (outcome,) = judge([_CASES[label]])
    assert outcome.outcome == "exact", (rule, outcome.got, outcome.warnings)


def test_rules_name_real_cases_only():
    assert all(label in _CASES for labels in RULES.values() for label in labels)


def test_a_chain_is_read_whole_or_its_leftovers_are_kept():
    text = "Mon-Fri 9am-5pm, Saturday by appointment"
    (chain,) = chains(text, tokenize(text, 0, len(text), language="en", territory=None))
    parse = read_chain(chain)
    assert [g.days for g in parse.groups if not g.has_times] == [["Sa"]]


def test_a_phrase_with_an_unread_part_is_never_published():
    # Synthetic, the shape of the Panama City rental office's line (whose
    # "weekends by appointment" is read as a comment) with other words: the
    # weekend has no times, so the weekdays are not published alone either.
    text = (
        "Our opening hours are Monday to Friday 10:00 AM - 6:00 PM, and weekends "
        "on request."
    )
    scan = find_hours(text, region="PA", about_us=True)
    assert scan.matches == ()
    assert scan.left
