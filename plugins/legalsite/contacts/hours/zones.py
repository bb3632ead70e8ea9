"""Written time zones resolved to IANA zones, or reported when they could mean several.

"PST", "Pacific Time", "MEZ", "heure de Paris": CLDR (through ``vocabulary``) says
which metazones a name means and where it is used; the tz database (``zoneinfo``
with the pinned ``tzdata``) says which zones use an abbreviation, whether a zone
has summer time (its January and July offsets differ) and which zones share a
clock. A name that could mean several metazones ("IST": India, Ireland, Israel)
is never guessed: the page's country settles it, or the phrase is reported. One
metazone whose zones differ only in keeping summer time ("Mountain Time":
Denver does, Phoenix does not) is settled by a place the text names
("Arizona"), else by the zone the name is the name of (Denver). A UTC offset
beside a name must agree with it, unless the name is the page's country's
clock (then the offset is set aside, and reported).
"""

from __future__ import annotations

import datetime as dt
import functools
import re
import zoneinfo
from dataclasses import dataclass

from legalsite.contacts.hours import vocabulary

# The clocks compared: noon UTC mid-January and mid-July of one fixed year, so
# the same sources give the same output whatever day the build runs.
_YEAR = 2026
_SEASONS = (
    dt.datetime(_YEAR, 1, 15, 12, tzinfo=dt.UTC),
    dt.datetime(_YEAR, 7, 15, 12, tzinfo=dt.UTC),
)
# Abbreviations in wide use that neither CLDR nor the tz database (which now
# writes "+03" and "+06" there) gives: without them "AST" and "BST" would look
# unambiguous; "PYST" and "PYT" (Paraguay, written "-03" since 2017) unknown.
_ALSO_WRITTEN = {
    "AST": ("Asia/Riyadh",),
    "BST": ("Asia/Dhaka",),
    "PYST": ("America/Asuncion",),
    "PYT": ("America/Asuncion",),
}


@dataclass(frozen=True, kw_only=True)
class Zone:
    """A zone as the text means it: the IANA name and what readers call it.

    ``seasonal``: the written name is one season's ("PST") of a zone with summer
    time, so the note says which clock is meant ("Pacific Time").
    """

    iana: str
    label: str
    seasonal: bool
    season: str = "generic"  # or "standard" ("PST"), "daylight" ("PDT")


@dataclass(frozen=True, kw_only=True)
class Reading:
    """What a written zone means: a zone, or why none can be chosen.

    ``unknown``: no part of the words is a zone or a place at all ("DST"), as
    opposed to a name that could mean several.
    """

    zone: Zone | None
    problem: str | None = None
    unknown: bool = False


def read_zone(
    written: str, *, language: str | None, territory: str | None, context: str = ""
) -> Reading:
    """Resolve a written zone name or abbreviation ("CET/CEST": one zone, both seasons).

    ``context``: the text around it. Where the zones of one name keep different
    clocks ("Mountain Time": Denver has summer time, Phoenix does not), a place
    it names ("Arizona") settles which; else the zone the name is the name of.

    >>> read_zone("PST", language="en", territory="US").zone.iana
    'America/Los_Angeles'
    >>> read_zone("IST", language="en", territory=None).problem
    "time zone 'IST' could be India Standard Time, Irish Time or Israel Time"
    >>> read_zone("GMT", language="en", territory="PT").zone.iana
    'Europe/Lisbon'
    """
    # "E.S.T." is "EST".
    parts = [
        re.sub(r"(?<=[A-Z])\.", "", p.strip())
        if re.fullmatch(r"(?:[A-Z]\.){1,3}[A-Z]\.?", p.strip())
        else p.strip()
        for p in written.split("/")
        if p.strip()
    ]
    # "UTC", "12:00-20:00 UTC (or GMT)": coordinated time, unless the other
    # name settles a zone at UTC+0 ("GMT (UTC)" in Iceland).
    if any(_is_utc(p) for p in parts):
        return _utc(parts, language=language, territory=territory)
    found = [_meanings(p, language=language, territory=territory) for p in parts]
    places = {f.place for f in found if f.place}
    if places:
        if len(places) > 1 or any(not f.place for f in found):
            return Reading(zone=None, problem=f"time zone '{written}' is not known")
        return Reading(zone=_zone(places.pop(), language, seasonal=False))
    if any(not f.metazones for f in found):
        return Reading(
            zone=None,
            problem=f"time zone '{written}' is not known",
            unknown=all(not f.metazones for f in found),
        )
    metazones = set.intersection(*(set(f.metazones) for f in found))
    homes = set.union(*(set(f.homes) for f in found))
    seasons = {f.season for f in found}
    if len(metazones) > 1 and territory:
        here = {m for m in metazones if _zones_in(m, territory)}
        metazones = here or metazones
    if (
        len(metazones) > 1
        and territory
        and {vocabulary.fold(p) for p in parts} == {"gmt"}
    ):
        # "GMT" on a page from Portugal: Greenwich time is the winter clock of
        # the country's zone at UTC+0 in January (Lisbon), when it has one.
        winter = tuple(
            z
            for z in vocabulary.all_zones()
            if vocabulary.territory_of(z) == territory
            and _clock(z)[0] == dt.timedelta(0)
        )
        if winter and len({_clock(z) for z in winter}) == 1:
            return Reading(zone=_zone(_preferred(winter), language, seasonal=False))
    if len(metazones) != 1:
        labels = sorted(vocabulary.zone_label("", m, "en") for m in metazones)
        return Reading(
            zone=None,
            problem=f"time zone '{written}' could be {_either(labels)}"
            if labels
            else f"time zone '{written}' is not known",
        )
    (metazone,) = metazones
    # "CET" on a page for the US: the name says which clock, wherever the page.
    zones = _zones_in(metazone, territory) or _zones_in(metazone, *sorted(homes))
    zones = zones or vocabulary.metazone_zones(metazone)
    if "daylight" in seasons:  # "PDT", "CEST", "CET/CEST": a zone with summer time
        zones = tuple(z for z in zones if _has_summer_time(z)) or zones
    clocks = {_clock(z) for z in zones}
    if len(clocks) > 1:
        named = {z for z in places_in(context, language) if z in zones}
        if len({_clock(z) for z in named}) == 1:
            zones = tuple(sorted(named))
            clocks = {_clock(z) for z in zones}
        elif not named:
            # Else the zone the name is the name of: "Mountain Time" is Denver's,
            # "AEST" Sydney's, "Eastern Time" in Canada Toronto's.
            zones = (_preferred(zones, metazone),)
            clocks = {_clock(zones[0])}
    if len(clocks) > 1:
        return Reading(
            zone=None,
            problem=f"time zone '{written}' could be "
            f"{vocabulary.zone_label('', metazone, 'en')} with or without summer "
            f"time ({_either(sorted({_city(z) for z in _one_per_clock(zones)}))})",
        )
    chosen = _preferred(zones, metazone)
    seasonal = seasons != {"generic"} and _has_summer_time(chosen) and len(seasons) == 1
    season = next(iter(seasons)) if seasonal else "generic"
    return Reading(zone=_zone(chosen, language, seasonal=seasonal, season=season))


_UTC = frozenset({"utc", "coordinated universal time", "z"})


def _is_utc(written: str) -> bool:
    return vocabulary.fold(written) in _UTC


def _utc(parts: list[str], *, language: str | None, territory: str | None) -> Reading:
    others = [p for p in parts if not _is_utc(p)]
    if not others:
        return Reading(zone=_zone("Etc/UTC", language, seasonal=False))
    reading = read_zone("/".join(others), language=language, territory=territory)
    if reading.zone is not None:
        if not has_offset(reading.zone.iana, 0, 0):
            problem = "the time zone and its UTC offset disagree"
            return Reading(zone=None, problem=problem)
        return reading
    if territory or not all(vocabulary.fold(p) == "gmt" for p in others):
        return reading
    return Reading(zone=_zone("Etc/UTC", language, seasonal=False))


def places_in(text: str, language: str | None) -> set[str]:
    """The zones of the places a text names ("Mayo Clinic in Arizona", "Sydney")."""
    if not text:
        return set()
    names = vocabulary.place_names(language)
    words = re.findall(r"[^\W\d_][^\W\d_'’.-]*", text)
    found = set()
    for i, word in enumerate(words):
        if not word[:1].isupper():
            continue
        for n in (3, 2, 1):
            zone = names.get(vocabulary.fold(" ".join(words[i : i + n])))
            if zone:
                found.add(zone)
                break
    return found


@dataclass(frozen=True)
class _Meanings:
    metazones: frozenset[str]
    season: str
    homes: frozenset[str]
    place: str | None


@functools.cache
def _meanings(
    written: str, *, language: str | None, territory: str | None
) -> _Meanings:
    """The metazones one written name may mean, and where it is used."""
    key = (
        written
        if vocabulary.is_abbreviation(written)
        else vocabulary.zone_key(re.sub(r"\s+zone$", "", written, flags=re.IGNORECASE))
    )
    names = vocabulary.zone_names(language, territory)
    name = names.get(key) or names.get("bare:" + re.sub(r"\s+us$", "", key))
    used = frozenset()
    if name is None or name.abbreviation:
        used = _tz_abbreviations().get(written, frozenset())
    if name is None and not used and vocabulary.is_abbreviation(written):
        name = vocabulary.english_zone_names().get(written)
    metazones = set(name.metazones) if name else set()
    metazones |= {m for m in (vocabulary.metazone_of(z) for z in used) if m}
    # Where the name is used: its CLDR locales' countries, else the tz database's.
    homes = set(name.homes) if name else set()
    homes = homes or {t for t in (vocabulary.territory_of(z) for z in used) if t}
    place = None
    if not metazones:
        place = place_of(written, language)
    return _Meanings(
        metazones=frozenset(metazones),
        season=name.season if name else _tz_season(written),
        homes=frozenset(homes),
        place=place,
    )


def read_offset(
    hours: int, minutes: int, *, territory: str | None, language: str | None
) -> Reading:
    """Resolve a written UTC offset ("UTC+8", "GMT+1") within the page's country.

    An offset alone names no zone; in a country where one clock has it (in
    January or July), it names that clock.
    """
    offset = dt.timedelta(hours=hours, minutes=minutes if hours >= 0 else -minutes)
    if not territory:
        return Reading(zone=None, problem="a UTC offset names no zone by itself")
    zones = tuple(
        z
        for z in vocabulary.all_zones()
        if vocabulary.territory_of(z) == territory and offset in _clock(z)
    )
    if not zones or len({_clock(z) for z in zones}) > 1:
        return Reading(
            zone=None, problem=f"UTC offset does not settle a zone in {territory}"
        )
    return Reading(zone=_zone(_preferred(zones), language, seasonal=False))


_FRAME = re.compile(
    r"^(?:heure|hora|horário|horario|ora|czas\w*)\s+(?:de\s+|d['’]\s*|of\s+)?"
    r"|\s+(?:standard\s+)?time(?:\s+zone)?$",
    re.IGNORECASE,
)


@functools.cache
def place_of(written: str, language: str | None = None) -> str | None:
    """The zone of a place named as a zone: "heure de Paris", "UK time", "Arizona".

    >>> place_of("horário de São Paulo")
    'America/Sao_Paulo'
    """
    names = vocabulary.place_names(language)
    bare = _FRAME.sub("", written.strip())
    # "Phoenix Arizona time": the place is one of the words.
    for name in (written, bare, *bare.split()[1:]):
        zone = names.get(vocabulary.fold(name))
        if zone:
            return zone
    # "ora italiana": the page's language names its own country's clock.
    if bare != written.strip() and len(bare.split()) == 1:
        return vocabulary.names_own_clock(bare, language)
    return None


def offset_difference(a: str, b: str) -> int | None:
    """Minutes to add to a time in zone ``a`` to get zone ``b``'s, if constant all year.

    >>> offset_difference("America/Los_Angeles", "America/New_York")
    180
    """
    (a_jan, a_jul), (b_jan, b_jul) = _clock(a), _clock(b)
    if None in (a_jan, a_jul, b_jan, b_jul):
        return None
    january = (b_jan - a_jan).total_seconds() // 60
    july = (b_jul - a_jul).total_seconds() // 60
    return int(january) if january == july else None


def has_offset(zone: str, hours: int, minutes: int, *, season: str = "generic") -> bool:
    """Tell whether ``zone`` is at UTC+hours:minutes in ``season``.

    "generic": in January or July; "standard" ("PST"): its winter offset;
    "daylight" ("EEST"): its summer one: "EEST (UTC +2)" disagrees (which
    ``settle_offset`` and ``country_clock`` may still settle).
    """
    offset = dt.timedelta(hours=hours, minutes=minutes if hours >= 0 else -minutes)
    clocks = [c for c in _clock(zone) if c is not None]
    if season == "standard" and len(set(clocks)) == 2:
        clocks = [min(clocks)]
    elif season == "daylight" and len(set(clocks)) == 2:
        clocks = [max(clocks)]
    return offset in clocks


def same_clock(a: str, b: str) -> bool:
    """Tell whether two zones show the same time all year (January and July).

    >>> same_clock("Europe/Paris", "Europe/Berlin"), same_clock("Europe/Paris", "UTC")
    (True, False)
    """
    return _clock(a) == _clock(b)


def _either(labels: list[str]) -> str:
    if len(labels) <= 2:
        return " or ".join(labels)
    return ", ".join(labels[:-1]) + " or " + labels[-1]


def _zones_in(metazone: str, *territories: str | None) -> tuple[str, ...]:
    wanted = {t for t in territories if t}
    return tuple(
        z
        for z in vocabulary.metazone_zones(metazone)
        if vocabulary.territory_of(z) in wanted
    )


def _preferred(zones: tuple[str, ...], metazone: str | None = None) -> str:
    """Of zones sharing a clock, the best known.

    The metazone's namesake ("Eastern Standard Time" -> America/New_York),
    else a main zone with the most old aliases, else the first by name.
    """
    namesake = vocabulary.namesake_zone(metazone) if metazone else None
    if namesake in zones:
        return namesake
    primary = vocabulary.primary_zones()
    return min(zones, key=lambda z: (z not in primary, -vocabulary.alias_count(z), z))


def _one_per_clock(zones: tuple[str, ...]) -> list[str]:
    seen: dict[tuple, str] = {}
    for zone in sorted(zones, key=lambda z: z not in vocabulary.primary_zones()):
        seen.setdefault(_clock(zone), zone)
    return list(seen.values())


def _city(zone: str) -> str:
    return zone.rsplit("/", 1)[-1].replace("_", " ")


def _zone(
    iana: str, language: str | None, *, seasonal: bool, season: str = "generic"
) -> Zone:
    zoneinfo.ZoneInfo(iana)  # the pinned tzdata must know it
    label = vocabulary.zone_label(iana, vocabulary.metazone_of(iana), language)
    return Zone(iana=iana, label=label, seasonal=seasonal, season=season)


@functools.cache
def _clock(zone: str) -> tuple[dt.timedelta | None, ...]:
    info = zoneinfo.ZoneInfo(zone)
    return tuple(moment.astimezone(info).utcoffset() for moment in _SEASONS)


def _has_summer_time(zone: str) -> bool:
    january, july = _clock(zone)
    return january != july


@functools.cache
def _tz_season(written: str) -> str:
    """The season the tz database writes an abbreviation for: "EEST" is summer's."""
    seasons = set()
    for zone in _tz_abbreviations().get(written, ()):
        clocks = _clock(zone)
        if clocks[0] == clocks[1]:
            seasons.add("generic")
            continue
        info = zoneinfo.ZoneInfo(zone)
        for moment, offset in zip(_SEASONS, clocks, strict=True):
            if moment.astimezone(info).tzname() == written:
                summer = offset is not None and offset == max(
                    c for c in clocks if c is not None
                )
                seasons.add("daylight" if summer else "standard")
    return seasons.pop() if len(seasons) == 1 else "standard"


@functools.cache
def _tz_abbreviations() -> dict[str, frozenset[str]]:
    """Which zones the tz database writes each letter abbreviation for."""
    found: dict[str, set[str]] = {}
    for zone in vocabulary.all_zones():
        try:
            info = zoneinfo.ZoneInfo(zone)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            continue
        for moment in _SEASONS:
            name = moment.astimezone(info).tzname() or ""
            if name.isalpha():
                found.setdefault(name, set()).add(zone)
    for name, zones in _ALSO_WRITTEN.items():
        found.setdefault(name, set()).update(zones)
    return {name: frozenset(zones) for name, zones in found.items()}


def settle_offset(
    written: str,
    zone: Zone,
    hours: int,
    minutes: int,
    *,
    territory: str | None,
    language: str | None,
) -> Zone | None:
    """The zone a written name and a UTC offset that disagree today may still mean.

    Two readings only: the tz database's history has the zone writing that
    abbreviation at that offset ("MSK (UTC +4)": Moscow's clock from 2011 to
    2014); or, in the page's country, the one clock with that offset is called
    by the name's words ("EDT (UTC +11)" in Australia: Australian Eastern
    Daylight Time). Else None: ``country_clock`` may still read the name
    without its offset.

    >>> settle_offset("MSK", read_zone("MSK", language="en", territory="RU").zone,
    ...               4, 0, territory="RU", language="en").iana
    'Europe/Moscow'
    """
    offset = dt.timedelta(hours=hours, minutes=minutes if hours >= 0 else -minutes)
    if (written, offset) in _history(zone.iana):
        return zone
    if not territory:
        return None
    words = _name_words(vocabulary.metazone_of(zone.iana))
    if not words:
        return None
    zones = tuple(
        z
        for z in vocabulary.all_zones()
        if vocabulary.territory_of(z) == territory
        and offset in _clock(z)
        and words <= _name_words(vocabulary.metazone_of(z))
    )
    if not zones or len({_clock(z) for z in zones}) > 1:
        return None
    metazone = vocabulary.metazone_of(zones[0])
    chosen = _preferred(zones, metazone)
    return _zone(chosen, language, seasonal=zone.seasonal, season=zone.season)


def country_clock(
    written: str,
    zone: Zone,
    hours: int,
    minutes: int,
    *,
    territory: str | None,
    language: str | None,
) -> Zone | None:
    """The page's country's own clock a written name means, its offset set aside.

    When a name and its UTC offset disagree and ``settle_offset`` finds no
    reading where both hold, two signals of three may still agree: the name
    and the page's country. The name must be one the country's clock is
    called by: read in the country ("CET" in Algeria: Algiers; "BRT" in
    Brazil), or written by the tz database for the country's one clock since
    1970 ("EEST" in Jordan: Amman, until 2022). A name of another place's
    clock ("EDT (UTC +13)" in New Zealand) is never the country's: None. Nor
    when the offset is another clock of the same country that the named one
    never kept ("PST (UTC -5)" in the US is Pacific or Eastern): the two
    signals left disagree. The caller reports the offset as not used.

    >>> country_clock("CET", read_zone("CET", language="en", territory="DZ").zone,
    ...               2, 0, territory="DZ", language="en").iana
    'Africa/Algiers'
    """
    if not territory:
        return None
    offset = dt.timedelta(hours=hours, minutes=minutes if hours >= 0 else -minutes)
    own: Zone | None = zone if vocabulary.territory_of(zone.iana) == territory else None
    if own is None:
        used = tuple(
            z
            for z in vocabulary.zones_of(territory)
            if any(name == written for name, _ in _history(z))
        )
        if not used or len({_clock(z) for z in used}) > 1:
            return None
        own = _zone(_preferred(used), language, seasonal=False)
    elsewhere = any(
        offset in _clock(z) and not same_clock(z, own.iana)
        for z in vocabulary.zones_of(territory)
    )
    if elsewhere and offset not in {o for _, o in _history(own.iana)}:
        return None
    return own


def _name_words(metazone: str | None) -> frozenset[str]:
    """The words of a metazone's English name ("Eastern Australia Time")."""
    if not metazone:
        return frozenset()
    label = vocabulary.zone_label("", metazone, "en")
    return frozenset(vocabulary.fold(label).split()) - {"time", "standard"}


# From the first year the tz database keeps for every zone to the year compared.
_HISTORY = range(1970, _YEAR + 1)


@functools.cache
def _history(zone: str) -> frozenset[tuple[str, dt.timedelta]]:
    """Every (abbreviation, offset) the tz database gives ``zone`` since 1970,
    sampled twice a month."""
    info = zoneinfo.ZoneInfo(zone)
    seen = set()
    for year in _HISTORY:
        for month in range(1, 13):
            for day in (1, 16):
                moment = dt.datetime(year, month, day, 12, tzinfo=dt.UTC)
                local = moment.astimezone(info)
                seen.add((local.tzname() or "", local.utcoffset()))
    return frozenset(seen)


def settle_by_restatement(
    written: str,
    other: str,
    shift: int,
    *,
    language: str | None,
    territory: str | None,
) -> Zone | None:
    """The one clock a name of several can mean, given the hours restated in ``other``.

    mediabox.freshdesk.com: "9:30AM GMT and 11:30PM GMT (4:30AM EST and 6:30PM
    EST)": of the clocks "GMT" names (British, Irish, Greenwich Mean Time),
    those always ``shift`` minutes from New York's are the British and the
    Irish, which keep one clock: British Time. None when no clock, or more
    than one, fits.
    """
    meanings = _meanings(written, language=language, territory=territory)
    candidates = {z for m in meanings.metazones for z in vocabulary.metazone_zones(m)}
    fits = tuple(sorted(z for z in candidates if offset_difference(z, other) == shift))
    if not fits or len({_clock(z) for z in fits}) != 1:
        return None
    metazone = vocabulary.metazone_of(fits[0])
    return _zone(_preferred(fits, metazone), language, seasonal=False)
