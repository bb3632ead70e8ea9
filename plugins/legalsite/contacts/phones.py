"""Telephone numbers in plain text, read by ``phonenumbers`` (its only importer).

Text in, matches out: where each number is, its international forms, whether it is
a fax or toll-free. It never links anything itself and never writes a phone pattern
of its own; premium-rate and emergency numbers are reported, not matched.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import phonenumbers
from phonenumbers import (
    Leniency,
    PhoneNumberFormat,
    PhoneNumberMatcher,
    PhoneNumberType,
)
from phonenumbers.shortnumberinfo import is_emergency_number

from legalsite.text.written_dates import is_calendar_date


@dataclass(frozen=True, kw_only=True)
class PhoneMatch:
    """One number as written in the text, with the forms machines need."""

    start: int
    end: int
    text: str
    e164: str  # "+18772704998"
    extension: str | None
    international: str  # "+1-877-270-4998", the schema.org form
    region: str | None  # the number's own country, e.g. "CA" for +1 604
    fax: bool
    toll_free: bool

    @property
    def uri(self) -> str:
        """The ``tel:`` URI, extension included: "tel:+12125551234;ext=42"."""
        ext = f";ext={self.extension}" if self.extension else ""
        return f"tel:{self.e164}{ext}"


@dataclass(frozen=True, kw_only=True)
class PhoneScan:
    """Everything found in one text: linkable numbers and warnings."""

    matches: tuple[PhoneMatch, ...]
    warnings: tuple[str, ...]


# Country-code domains that are sold as generic names (".io", ".tv"): they say
# nothing about where the site's readers dial from.
_GENERIC_CCTLDS = frozenset(
    {"ai", "cc", "co", "fm", "gg", "io", "ly", "me", "ms", "nu", "sh", "tk", "to",
     "tv", "vc", "ws"}
)  # fmt: skip
_TLD_REGION = {"uk": "GB", "su": None, "eu": None, "ac": None}

# What a number is when the words just before it say so ("Order #2125551234").
_NOT_A_PHONE_BEFORE = re.compile(
    r"(?:\b(?:order|invoice|receipt|confirmation|account|acct|case|ticket|reference"
    r"|ref|serial|patent|form|model|part|item|sku|isbn|issn|transaction|tracking"
    r"|claim|member|license|licence|version|id)\b\.?\s*(?:no\b\.?|number|num\b\.?"
    r"|#)?|#|\bno\.)\s*[:#]?\s*$",
    re.IGNORECASE,
)
# "fax at", "fax us on" (mothernature.com, xoom.com: "via fax at (212) 279-4290").
_FAX_BEFORE = re.compile(
    r"(?:\b(?:fax|facsimile|telefax|t[ée]l[ée]copie)\b(?:\s*(?:number|no\.?|#))?"
    r"(?:\s+(?:us\s+)?(?:at|on|to))?|(?-i:\bF))\s*[:.]?\s*$",
    re.IGNORECASE,
)
_VOICE_AND_FAX_BEFORE = re.compile(r"\b(?:tel|phone)\s*/\s*fax\s*[:.]?\s*$", re.I)
_FAX_AFTER = re.compile(r"\s*\(\s*(?:fax|facsimile)\s*\)", re.IGNORECASE)
# Vanity numbers ("1-800-GO-BRITT", "888/5OPTOUT") escape PhoneNumberMatcher, which
# reads digits only. This finds letter-bearing candidates; phonenumbers decides.
# No space or full stop in one is followed by a space: that is a sentence's
# end or a blanked-out phrase, never a number's punctuation.
_VANITY_CANDIDATE = re.compile(
    r"(?<![\w+])\+?\d(?:[\d()\-/]|[ .](?=\S))*?[-./]\d?-?"
    r"(?-i:[A-Z][A-Z0-9-]*[A-Z0-9])\b"
)
_VANITY_HINT = re.compile(r"\d{3}[-./]\d?-?[A-Z]{2}")
_LOOKBACK = 32
# A region whose international prefix is "00", for numbers written from abroad.
_DIALS_00 = "DE"


def region_for_domain(domain: str) -> str | None:
    """Return the dialling region a site's domain implies, or None for generic names.

    >>> region_for_domain("www.example.co.uk"), region_for_domain("example.com")
    ('GB', None)
    """
    host = domain.strip().lower().rstrip(".")
    host = re.sub(r"^[a-z][a-z0-9+.-]*://", "", host).split("/")[0].split(":")[0]
    tld = host.rsplit(".", 1)[-1]
    if len(tld) != 2 or tld in _GENERIC_CCTLDS:
        return None
    if tld in _TLD_REGION:
        return _TLD_REGION[tld]
    region = tld.upper()
    return region if region in phonenumbers.SUPPORTED_REGIONS else None


def find_phone_numbers(text: str, *, region: str) -> PhoneScan:
    """Find telephone numbers worth linking in plain text.

    National numbers are read for ``region``; "+" numbers anywhere. Numbers after
    "Order", "Patent No.", "#" and the like are identifiers, not phones. Premium-rate
    numbers and numbers phonenumbers judges invalid are left alone (premium-rate ones
    with a warning).

    >>> find_phone_numbers("call 1 (877) 270-4998", region="US").matches[0].uri
    'tel:+18772704998'
    """
    found: list[tuple[int, int, str, phonenumbers.PhoneNumber]] = []
    for m in PhoneNumberMatcher(text, region, leniency=Leniency.VALID):
        start, raw = m.start, m.raw_string
        # "(888-567-8688)" comes back as "(888-567-8688": keep brackets balanced.
        if raw.startswith("(") and raw.count("(") > raw.count(")"):
            start, raw = start + 1, raw[1:]
        found.append((start, m.end, raw, m.number))
    if "00" in text:
        found += _dialled_from_abroad(text, region, taken=found)
    if _VANITY_HINT.search(text):
        found += _vanity_numbers(text, region, taken=found)
    found.sort(key=lambda f: f[0])

    matches: list[PhoneMatch] = []
    warnings: list[str] = []
    for start, end, raw, number in found:
        before = text[max(0, start - _LOOKBACK) : start]
        # An eight-digit plan reads "31-12-2023" as a number (Denmark): a
        # date it is, whatever the region.
        if _NOT_A_PHONE_BEFORE.search(before) or is_calendar_date(raw):
            continue
        kind = phonenumbers.number_type(number)
        if kind == PhoneNumberType.PREMIUM_RATE:
            warnings.append(f"premium-rate number not linked: '{raw}'")
            continue
        national = phonenumbers.national_significant_number(number)
        if is_emergency_number(national, region):
            warnings.append(f"emergency number not linked: '{raw}'")
            continue
        fax = bool(
            (_FAX_BEFORE.search(before) and not _VOICE_AND_FAX_BEFORE.search(before))
            or _FAX_AFTER.match(text, end)
        )
        ext = number.extension or None
        number_no_ext = phonenumbers.PhoneNumber(
            country_code=number.country_code,
            national_number=number.national_number,
            italian_leading_zero=number.italian_leading_zero,
            number_of_leading_zeros=number.number_of_leading_zeros,
        )
        rfc = phonenumbers.format_number(number_no_ext, PhoneNumberFormat.RFC3966)
        matches.append(
            PhoneMatch(
                start=start,
                end=end,
                text=raw,
                e164=phonenumbers.format_number(number_no_ext, PhoneNumberFormat.E164),
                extension=ext,
                international=rfc.removeprefix("tel:"),
                region=phonenumbers.region_code_for_number(number),
                fax=fax,
                toll_free=kind == PhoneNumberType.TOLL_FREE,
            )
        )
    return PhoneScan(matches=tuple(matches), warnings=tuple(warnings))


def _dialled_from_abroad(
    text: str,
    region: str,
    *,
    taken: list[tuple[int, int, str, phonenumbers.PhoneNumber]],
) -> list[tuple[int, int, str, phonenumbers.PhoneNumber]]:
    """Numbers written with "00", the international prefix of most of the world.

    Where the page's own prefix is another one (011 in the US), phonenumbers
    reads "00-1-801-559-3816" (overstock.com) as no number. Its country code is
    written out, so it is read as it would be from a "00" country, and only
    numbers that start with "00" are taken.
    """
    if (
        phonenumbers.PhoneMetadata.metadata_for_region(region).international_prefix
        == "00"
    ):
        return []
    out = []
    for m in PhoneNumberMatcher(text, _DIALS_00, leniency=Leniency.VALID):
        raw = m.raw_string.lstrip("(")
        start = m.end - len(raw)
        if raw.startswith("00") and not any(
            s < m.end and start < e for s, e, _, _ in taken
        ):
            out.append((start, m.end, raw, m.number))
    return out


def _vanity_numbers(
    text: str,
    region: str,
    *,
    taken: list[tuple[int, int, str, phonenumbers.PhoneNumber]],
) -> list[tuple[int, int, str, phonenumbers.PhoneNumber]]:
    out = []
    pos = 0
    while (m := _VANITY_CANDIDATE.search(text, pos)) is not None:
        pos = m.end()
        # "270-4998. 1-800-GO-BRITT" starts a candidate inside a found number:
        # look again just after that number.
        overlap = [e for s, e, _, _ in taken if s < m.end() and m.start() < e]
        if overlap:
            pos = max(overlap)
            continue
        raw = m.group().strip(" -./(")
        vanity = phonenumbers.is_alpha_number(raw)
        number = _parse_vanity(raw, region) if vanity else None
        if number is None:  # the number may start later in it: look again
            pos = m.start() + 1
            continue
        start = m.start() + m.group().index(raw)
        out.append((start, start + len(raw), raw, number))
    return out


def _parse_vanity(raw: str, region: str) -> phonenumbers.PhoneNumber | None:
    # "1-800-MATTRESS" has one letter more than the number has digits: callers
    # ignore extra letters, so drop them from the end until the number is valid.
    digits = phonenumbers.convert_alpha_characters_in_number(raw)
    for drop in range(4):
        candidate = digits[: len(digits) - drop] if drop else digits
        if drop and not raw[len(raw) - drop :].isalpha():
            break
        try:
            number = phonenumbers.parse(candidate, region)
        except phonenumbers.NumberParseException:
            continue
        if phonenumbers.is_valid_number(number):
            return number
    return None
