"""Written time zones: resolved through CLDR and the tz database, or reported."""

import zoneinfo

import pytest

from legalsite.contacts.hours import vocabulary
from legalsite.contacts.hours.zones import (
    country_clock,
    has_offset,
    offset_difference,
    place_of,
    read_offset,
    read_zone,
    same_clock,
    settle_by_restatement,
    settle_offset,
)

# (written, page language, page country) -> zone, each from a corpus case.
RESOLVED = [
    ("PST", "en", "US", "America/Los_Angeles"),  # the seed policy
    ("PST", "en", "CA", "America/Vancouver"),  # royalroads.ca
    ("CST", "en", "US", "America/Chicago"),  # griffinbrandsinc.com
    ("EST", "en", "PA", "America/Panama"),  # Microsoft Intune, Panama row
    ("IST", "en", "IN", "Asia/Kolkata"),  # websolink.com
    ("IST", "en", "IL", "Asia/Jerusalem"),  # Microsoft Intune, Israel row
    ("AST", "en", "KW", "Asia/Kuwait"),  # Microsoft Intune, Kuwait row
    ("AST", "en", "PR", "America/Puerto_Rico"),  # Microsoft Intune, Puerto Rico row
    ("BST", "en", "GB", "Europe/London"),  # updraft.com
    ("GMT/BST", "en", None, "Europe/London"),  # a pair settles it
    ("CET/CEST", "de", "DE", "Europe/Berlin"),  # appfabrik.de
    ("MEZ", "de", None, "Europe/Berlin"),  # etc-solutions.de
    ("SEČ", "cs", "NL", "Europe/Amsterdam"),  # Czech student collective
    ("BRT", "pt", "BR", "America/Sao_Paulo"),  # clarifi.com.br
    ("Australian Eastern Summer Time", "en", "AU", "Australia/Sydney"),
    ("India Standard Time", "en", None, "Asia/Kolkata"),
    ("heure de Paris", "fr", "FR", "Europe/Paris"),
    ("horário de Brasília", "pt", "BR", "America/Sao_Paulo"),
    ("UK Time", "en", "GB", "Europe/London"),  # envywebsites.com
    ("Arizona time", "en", "US", "America/Phoenix"),  # embeddedts.com
    ("PYST", "en", "PY", "America/Asuncion"),  # Microsoft Intune, Paraguay row
    ("czasu pacyficznego", "pl", "US", "America/Los_Angeles"),  # Microsoft docs (pl)
]


@pytest.mark.parametrize(("written", "language", "country", "iana"), RESOLVED, ids=str)
def test_written_zone_resolves(written, language, country, iana):
    reading = read_zone(written, language=language, territory=country)
    assert reading.problem is None
    assert same_clock(reading.zone.iana, iana)
    zoneinfo.ZoneInfo(reading.zone.iana)  # the pinned tz database verifies it


@pytest.mark.parametrize(
    ("written", "country", "why"),
    [
        ("IST", None, "could be India Standard Time, Irish Time or Israel Time"),
        ("CST", None, "could be"),  # US Central, China, Cuba
        ("AST", None, "could be"),  # Atlantic, Arabian
        ("BST", None, "could be"),  # British, Bangladesh
        ("PST", "CO", "could be"),  # Pacific or Philippine: not Colombia's
    ],
    ids=str,
)
def test_ambiguous_zone_is_reported_never_guessed(written, country, why):
    reading = read_zone(written, language="en", territory=country)
    assert reading.zone is None
    assert why in reading.problem


@pytest.mark.parametrize(
    ("written", "country", "context", "iana"),
    [
        # mayoclinic.org: "Mayo Clinic in Arizona ... Mountain Standard Time"
        ("Mountain Standard Time", "US", "Mayo Clinic in Arizona", "America/Phoenix"),
        # aaf.edu.au: "... AEST ... the variation of Queensland public holidays"
        ("AEST", "AU", "Queensland public holidays", "Australia/Brisbane"),
        # a software vendor: "6:30 a.m. to 5 p.m. Mountain Time (MT)"
        ("Mountain Time/MT", "US", "", "America/Denver"),
        # kinesis.org: "9am-5pm (Australian Eastern Standard Time)"
        ("Australian Eastern Standard Time", "AU", "", "Australia/Sydney"),
        # a Montréal office: "8:30 a.m. to 5:00 p.m. (Eastern time)"
        ("Eastern time", "CA", "", "America/Toronto"),
    ],
    ids=str,
)
def test_a_place_named_settles_a_clock_else_the_name_s_own_zone(
    written, country, context, iana
):
    # One name, zones with and without summer time (Phoenix and Denver): a
    # place the text names settles it; else the zone the name is the name of.
    reading = read_zone(written, language="en", territory=country, context=context)
    assert reading.zone is not None
    assert same_clock(reading.zone.iana, iana)


@pytest.mark.parametrize(
    ("written", "country", "iana"),
    [
        ("UTC", None, "Etc/UTC"),  # Flat 18: "12:00–20:00 UTC (or GMT)"
        ("UTC/GMT", None, "Etc/UTC"),
        ("GMT/UTC", "IS", "Atlantic/Reykjavik"),  # Microsoft, Iceland row
    ],
)
def test_coordinated_time(written, country, iana):
    assert read_zone(written, language="en", territory=country).zone.iana == iana


def test_a_zone_not_used_in_the_page_s_country_is_the_zone_it_names():
    # "Mon-Fri 9:00-17:00 CET" on a US site: the name says which clock.
    zone = read_zone("CET", language="en", territory="US").zone
    assert same_clock(zone.iana, "Europe/Paris")


@pytest.mark.parametrize(
    ("written", "offset", "agrees"),
    [
        ("EEST", (2, 0), False),  # Microsoft Intune, Jordan row: "EEST (UTC +2)"
        ("EEST", (3, 0), True),
        ("PDT", (-8, 0), False),
        ("PST", (-8, 0), True),
        ("Pacific Time", (-7, 0), True),
    ],
)
def test_a_season_s_name_has_that_season_s_offset(written, offset, agrees):
    zone = read_zone(written, language="en", territory="US").zone
    assert has_offset(zone.iana, *offset, season=zone.season) is agrees


@pytest.mark.parametrize(
    ("written", "country", "iana"),
    [
        # Microsoft, Portugal row: "09:00 – 17:00 GMT (UTC)": Greenwich time is
        # the winter clock of Portugal's zone at UTC+0 in January.
        ("GMT/UTC", "PT", "Europe/Lisbon"),
        ("GMT", "PT", "Europe/Lisbon"),
        ("GMT", "IE", "Europe/Dublin"),
    ],
)
def test_gmt_is_the_page_s_country_s_greenwich_clock(written, country, iana):
    assert read_zone(written, language="en", territory=country).zone.iana == iana


@pytest.mark.parametrize("country", [None, "US", "DZ"])
def test_gmt_without_a_greenwich_clock_in_the_country_is_reported(country):
    # voicepro.plus: "9am to 6pm Monday to Friday GMT", no country: UK, Ireland
    # or Greenwich Mean Time itself. Algeria's clock is never at UTC+0.
    reading = read_zone("GMT", language="en", territory=country)
    assert reading.zone is None or reading.zone.iana in ("Etc/UTC", "Etc/GMT")
    assert reading.zone is None or country is None


@pytest.mark.parametrize(
    ("written", "country", "offset", "iana"),
    [
        # Microsoft Intune table rows, from a page of 2012-2014.
        ("MSK", "RU", (4, 0), "Europe/Moscow"),  # Moscow's offset 2011-2014
        ("MSK", "AZ", (4, 0), "Europe/Moscow"),
        ("EDT", "AU", (11, 0), "Australia/Sydney"),  # Australian Eastern Daylight
        ("EDT", "NZ", (13, 0), None),  # New Zealand's clock is not "Eastern"
        # Neither reading holds for these; country_clock reads the name alone.
        ("EEST", "JO", (2, 0), None),  # a summer name with a winter offset
        ("CET", "DZ", (2, 0), None),
        ("WET", "MA", (2, 0), None),
        ("AST", "BH", (2, 0), None),
        ("BRT", "BR", (-2, 0), None),  # Brasília's summer offset, standard name
    ],
    ids=str,
)
def test_a_name_and_an_offset_that_disagree_today(written, country, offset, iana):
    zone = read_zone(written, language="en", territory=country).zone
    assert zone is not None and not has_offset(zone.iana, *offset, season=zone.season)
    settled = settle_offset(written, zone, *offset, territory=country, language="en")
    assert (settled and settled.iana) == iana


@pytest.mark.parametrize(
    ("written", "country", "offset", "iana"),
    [
        # Microsoft Intune table rows: the name is the country's clock, only
        # the offset disagrees.
        ("CET", "DZ", (2, 0), "Africa/Algiers"),
        ("WET", "MA", (2, 0), "Africa/Casablanca"),
        ("AST", "BH", (2, 0), "Asia/Bahrain"),
        # UTC-2 is also Noronha's clock, but Brasília kept it in summer: the
        # offset points nowhere else.
        ("BRT", "BR", (-2, 0), "America/Sao_Paulo"),
        # CLDR no longer files Amman under "EEST"; the tz database wrote it
        # for Amman until 2022.
        ("EEST", "JO", (2, 0), "Asia/Amman"),
        ("EDT", "NZ", (13, 0), None),  # another place's clock
        ("CET", None, (2, 0), None),  # no country to agree with
        # Synthetic: Pacific is a US clock, but UTC-5 is Eastern's.
        ("PST", "US", (-5, 0), None),
    ],
    ids=str,
)
def test_the_country_s_clock_a_name_means_whatever_its_offset(
    written, country, offset, iana
):
    zone = read_zone(written, language="en", territory=country).zone
    found = country_clock(written, zone, *offset, territory=country, language="en")
    assert (found and found.iana) == iana


@pytest.mark.parametrize(
    ("written", "seasonal"),
    [("PST", True), ("PDT", True), ("PT", False), ("Pacific Time", False)],
)
def test_season_comes_from_the_zone(written, seasonal):
    # PST names winter only, of a zone whose January and July offsets differ.
    reading = read_zone(written, language="en", territory="US")
    assert reading.zone.seasonal is seasonal


def test_a_zone_without_summer_time_is_never_seasonal():
    assert not read_zone("JST", language="en", territory="JP").zone.seasonal


@pytest.mark.parametrize(
    ("written", "language", "country", "label"),
    [
        ("PST", "en", "US", "Pacific Time"),
        ("PST", "fr", "US", "heure du Pacifique nord-américain"),
        ("MEZ", "de", "DE", "Mitteleuropäische Zeit"),
        ("BRT", "pt", "BR", "Horário de Brasília"),
    ],
)
def test_readers_label_is_cldr_s_name_in_the_page_language(
    written, language, country, label
):
    zone = read_zone(written, language=language, territory=country).zone
    assert zone.label == label
    assert "/" not in zone.label


def test_an_offset_settles_a_zone_within_the_country():
    assert read_offset(8, 0, territory="SG", language="en").zone.iana == (
        "Asia/Singapore"
    )
    assert read_offset(8, 0, territory=None, language="en").zone is None


def test_place_names_come_from_cldr_and_old_zone_names():
    assert place_of("hora de Colombia", "es") == "America/Bogota"
    assert place_of("Queensland time") == "Australia/Brisbane"


def test_offset_difference_is_only_given_when_constant():
    assert offset_difference("America/Los_Angeles", "America/New_York") == 180
    assert offset_difference("Europe/London", "America/New_York") == -300
    assert offset_difference("Europe/London", "Asia/Kolkata") is None


@pytest.mark.parametrize(
    ("shift", "iana"),
    [(-300, "Europe/London"), (-240, None), (0, None)],
)
def test_a_restatement_settles_gmt(shift, iana):
    # mediabox.freshdesk.com: "9:30AM GMT ... (4:30AM EST ...)": five hours.
    zone = settle_by_restatement(
        "GMT", "America/New_York", shift, language="en", territory=None
    )
    assert (zone and zone.iana) == iana


@pytest.mark.parametrize(
    ("word", "language", "zone"),
    [
        # CLDR's name of the language, with the endings of gender and case.
        ("italiana", "it", "Europe/Rome"),
        ("italiano", "it", "Europe/Rome"),
        ("française", "fr", "Europe/Paris"),
        ("polski", "pl", "Europe/Warsaw"),
        # A longer word is another word; Italian on a French page is not read.
        ("italianissima", "it", None),
        ("italiana", "fr", None),
        # German's home country keeps two zones (Berlin, Büsingen): none.
        ("deutsche", "de", None),
    ],
)
def test_a_language_names_its_home_country_s_clock(word, language, zone):
    assert vocabulary.names_own_clock(word, language) == zone
