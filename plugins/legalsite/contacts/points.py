"""Contact data: phone and hours matches as markup and schema.org ContactPoints.

Pure: plain text and matches in, HTML snippets and dicts out. It does not parse
HTML (that is ``markup``) nor serialise JSON-LD (the page owns the one block).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from html import escape

from legalsite.contacts.hours import HoursMatch, find_hours
from legalsite.contacts.phones import PhoneMatch, find_phone_numbers
from legalsite.errors import ContentError
from legalsite.settings import Contact

_SCHEMA_DAYS = {
    "Mo": "Monday", "Tu": "Tuesday", "We": "Wednesday", "Th": "Thursday",
    "Fr": "Friday", "Sa": "Saturday", "Su": "Sunday", "PH": "PublicHolidays",
}  # fmt: skip
DEFAULT_CONTACT_TYPE = "customer service"
# Nearest label before a number wins ("Sales: 1-800-..., Support: 1-888-...").
_CONTACT_TYPES = (
    ("sales", re.compile(r"\b(?:sales|ventes?|vertrieb|ventas)\b", re.I)),
    ("billing", re.compile(r"\b(?:billing|accounts\s+payable|facturation"
                           r"|facturaci[oó]n|rechnung\w*)\b", re.I)),
    ("technical support", re.compile(r"\b(?:tech(?:nical)?\s+support|help\s*desk"
                                     r"|support\s+technique|soporte\s+t[ée]cnico)\b",
                                     re.I)),
    ("customer support", re.compile(r"\b(?:support|soporte|assistance|kundendienst"
                                    r"|kundenservice)\b", re.I)),
)  # fmt: skip


@dataclass(frozen=True, kw_only=True)
class ContactBlock:
    """What one paragraph-like block holds, in document order.

    ``phone_contexts`` gives, for each phone, the block's text before it.
    """

    section: int
    phones: tuple[PhoneMatch, ...] = ()
    phone_contexts: tuple[str, ...] = ()
    hours: tuple[HoursMatch, ...] = ()


@dataclass(frozen=True, kw_only=True)
class SiteContacts:
    """The site's contact settings: numbers, one hours phrase and the region."""

    contacts: tuple[Contact, ...]
    hours: str = ""
    region: str = "US"
    language: str | None = None


@dataclass(frozen=True, kw_only=True)
class SiteContactsResult:
    """Snippets for templates (footer, support page) and their ContactPoints."""

    phones_html: tuple[str, ...]
    hours_html: str
    contact_points: tuple[dict, ...] = field(default_factory=tuple)


def choose_contact_type(context: str) -> str:
    """Pick the schema.org ``contactType`` from the words just before a number.

    >>> choose_contact_type("For sales questions call")
    'sales'
    """
    best, best_at = DEFAULT_CONTACT_TYPE, -1
    tail = context[-160:]
    for name, pattern in _CONTACT_TYPES:
        for m in pattern.finditer(tail):
            if m.start() > best_at:
                best, best_at = name, m.start()
    return best


def render_text(
    text: str, *, phones: Sequence[PhoneMatch], hours: Sequence[HoursMatch]
) -> str:
    """Escape plain text and wrap its phones and hours phrases, words unchanged.

    A phone inside an hours phrase is left as text: the phrase is the larger claim.
    """
    spans: list[tuple[int, int, PhoneMatch | HoursMatch]] = [
        (h.start, h.end, h) for h in hours
    ]
    spans += [
        (p.start, p.end, p)
        for p in phones
        if not any(h.start < p.end and p.start < h.end for h in hours)
    ]
    spans.sort(key=lambda span: (span[0], span[1]))
    out: list[str] = []
    at = 0
    for start, end, found in spans:
        if start < at:
            continue
        out.append(escape(text[at:start], quote=False))
        if isinstance(found, HoursMatch):
            out.append(f"{_hours_open(found)}{_hours_inner(text, found)}</span>")
        elif found.fax:
            body = escape(text[start:end], quote=False)
            out.append(
                f'<span class="fax" data-fax="{escape(found.uri)}">{body}</span>'
            )
        else:
            body = escape(text[start:end], quote=False)
            out.append(f'<a class="tel" href="{escape(found.uri)}">{body}</a>')
        at = end
    out.append(escape(text[at:], quote=False))
    return "".join(out)


def _hours_open(h: HoursMatch) -> str:
    # The open-now script needs days: times alone carry no data-hours.
    hours = f' data-hours="{escape(h.opening_hours)}"' if h.has_days else ""
    zone = f' data-zone="{escape(h.zone.zone.iana)}"' if h.zone else ""
    return f'<span class="hours"{hours}{zone}>'


def _hours_inner(text: str, h: HoursMatch) -> str:
    marks: list[tuple[int, int, str]] = [
        (t.start, t.end, f'<time datetime="{t.value}">') for t in h.times
    ]
    if h.zone and not h.zone.apart:
        # "PST" written all year means Pacific Time: say so rather than shift times.
        tag = "abbr" if text[h.zone.start : h.zone.end].isupper() else "span"
        marks.append(
            (
                h.zone.start,
                h.zone.end,
                f'<{tag} class="tz" title="{escape(h.zone.note)}">',
            )
        )
    marks.sort()
    out: list[str] = []
    at = h.start
    for start, end, opening in marks:
        tag = opening[1 : opening.index(" ")]
        out.append(escape(text[at:start], quote=False))
        out.append(f"{opening}{escape(text[start:end], quote=False)}</{tag}>")
        if h.zone and not h.zone.apart and start == h.zone.start and tag == "abbr":
            # An abbreviation alone misleads: "PST" is written all year while
            # summer hours are PDT. Say in plain words which clock is meant,
            # in the page's language (the one addition enrichment makes to the
            # text, marked as such); the zone's identifier is for scripts.
            out.append(f'<span class="tz-note"> ({escape(h.zone.note)})</span>')
        at = end
    out.append(escape(text[at : h.end], quote=False))
    return "".join(out)


def describe_hours(h: HoursMatch) -> list[dict]:
    """Write an hours phrase as schema.org OpeningHoursSpecification dicts.

    Midnight closing is "23:59", the form search engines read as end of day;
    closed days (public holidays named as excluded) open and close at "00:00",
    schema.org's way to say closed. Times the text gives without days carry
    no ``dayOfWeek``: the data says no more than the text. Days open on other
    terms ("weekends by appointment") have no hours to state: they are left
    out, neither open nor closed. Dates closed every year ("Dec 24 off") are
    none schema.org can state (its closures need the year), and the hours
    without them would say those dates are open: such a phrase states nothing.
    Nor does a phrase of seasonal hours ("Apr-Sep Mo-Fr ..."): schema.org's
    ``validFrom`` and ``validThrough`` are dates of one year.
    """
    if any(rule.date or rule.season for rule in h.rules):
        return []
    specs = []
    for rule in h.rules:
        if rule.comment:
            continue
        spec: dict = {"@type": "OpeningHoursSpecification"}
        if rule.days:
            spec["dayOfWeek"] = [
                f"https://schema.org/{_SCHEMA_DAYS[d]}" for d in rule.days
            ]
        if rule.off:
            spec["opens"] = spec["closes"] = "00:00"
        else:
            spec["opens"] = rule.opens
            spec["closes"] = "23:59" if rule.closes == "24:00" else rule.closes
        specs.append(spec)
    return specs


def build_contact_points(
    blocks: Sequence[ContactBlock], *, region: str
) -> tuple[dict, ...]:
    """Group a page's phones and hours into schema.org ContactPoint dicts.

    Hours attach to the numbers of their own block, else to every number of their
    section, else to a ContactPoint of their own. A number listed twice is one point.
    """
    points: dict[tuple[str, str, str], dict] = {}
    hours_for: dict[tuple[str, str, str], list[dict]] = {}
    by_section: dict[int, list[tuple[str, str, str]]] = {}
    loose: dict[int, list[HoursMatch]] = {}
    for block in blocks:
        keys = []
        for phone, context in zip(block.phones, block.phone_contexts, strict=True):
            key, point = _point_for(phone, choose_contact_type(context), region)
            points.setdefault(key, point)
            hours_for.setdefault(key, [])
            if not phone.fax:
                keys.append(key)
        by_section.setdefault(block.section, []).extend(keys)
        if keys:
            for key in keys:
                for h in block.hours:
                    hours_for[key] += describe_hours(h)
        else:
            loose.setdefault(block.section, []).extend(block.hours)
    for section, found in loose.items():
        keys = by_section.get(section, [])
        for h in found:
            if not describe_hours(h):
                continue  # nothing to state: no ContactPoint of its own
            if keys:
                for key in keys:
                    hours_for[key] += describe_hours(h)
            else:
                key = ("hours", h.opening_hours, h.zone.zone.iana if h.zone else "")
                points.setdefault(
                    key, {"@type": "ContactPoint", "contactType": DEFAULT_CONTACT_TYPE}
                )
                hours_for.setdefault(key, []).extend(describe_hours(h))
    out = []
    for key, point in points.items():
        specs = _unique(hours_for.get(key, []))
        out.append({**point, "hoursAvailable": specs} if specs else dict(point))
    return tuple(out)


def _point_for(phone: PhoneMatch, contact_type: str, region: str) -> tuple[tuple, dict]:
    number = phone.international + (
        f";ext={phone.extension}" if phone.extension else ""
    )
    point: dict = {"@type": "ContactPoint"}
    point["faxNumber" if phone.fax else "telephone"] = number
    point["contactType"] = contact_type
    if phone.toll_free:
        point["contactOption"] = "TollFree"
    point["areaServed"] = phone.region or region
    return ("fax" if phone.fax else "tel", number, contact_type), point


def _unique(specs: list[dict]) -> list[dict]:
    seen: list[dict] = []
    for spec in specs:
        if spec not in seen:
            seen.append(spec)
    return seen


def build_site_contacts(settings: SiteContacts) -> SiteContactsResult:
    """Render the site-wide numbers and hours, the same way page text is enriched.

    Settings must be exact: a number that does not parse as one valid number, or an
    hours phrase that is not read in full, stops the build.
    """
    phones_html: list[str] = []
    blocks: list[ContactBlock] = []
    scan_hours = None
    if settings.hours:
        scan_hours = find_hours(
            settings.hours,
            region=settings.region,
            language=settings.language,
            about_us=True,
        )
    if scan_hours is not None and (len(scan_hours.matches) != 1 or scan_hours.warnings):
        # Why, when the reader says: "hours read without 'UTC +2': ..." (a
        # setting whose zone and offset disagree must be corrected, not read).
        why = f" ({scan_hours.warnings[0]})" if scan_hours.warnings else ""
        raise ContentError(
            f"contact hours {settings.hours!r}: expected one hours phrase such as "
            f"'Monday through Friday, 9 AM - 6 PM PST'{why}"
        )
    hours = scan_hours.matches if scan_hours else ()
    for contact in settings.contacts:
        scan = find_phone_numbers(contact.phone, region=settings.region)
        if len(scan.matches) != 1 or scan.matches[0].text != contact.phone.strip():
            raise ContentError(
                f"contact phone {contact.phone!r} ({contact.label}): expected one "
                f"valid number for region {settings.region}"
            )
        phone = scan.matches[0]
        text = contact.phone.strip()
        phones_html.append(render_text(text, phones=(phone,), hours=()))
        blocks.append(
            ContactBlock(section=0, phones=(phone,), phone_contexts=(contact.label,))
        )
    if hours:
        blocks.append(ContactBlock(section=0, hours=hours))
    hours_html = render_text(settings.hours, phones=(), hours=hours) if hours else ""
    return SiteContactsResult(
        phones_html=tuple(phones_html),
        hours_html=hours_html,
        contact_points=build_contact_points(blocks, region=settings.region),
    )
