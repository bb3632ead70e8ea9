"""Rendered page HTML enriched with phone links and hours markup.

HTML in, HTML out: text nodes are wrapped, never rewritten; links, code, scripts,
styles and attributes are left alone. A page with nothing to find comes back as the
very same string without being parsed. The meaning of the text lives in ``phones``,
``hours`` and ``contacts``.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from legalsite.contacts.hours import (
    HOURS_HINT,
    HoursMatch,
    HoursScan,
    could_hold_hours,
    could_hold_hours_at,
    find_hours,
    mentions_hours_words,
)
from legalsite.contacts.phones import (
    PHONE_HINT,
    could_hold_phone,
    could_hold_phone_at,
    find_phone_numbers,
)
from legalsite.contacts.points import ContactBlock, build_contact_points, render_text
from legalsite.html.tree import parse_fragment, serialise_fragment
from legalsite.text.written_dates import date_run_at

if TYPE_CHECKING:
    from legalsite.html.tree import Element

_SKIP = frozenset(
    {"a", "code", "pre", "script", "style", "kbd", "samp", "textarea", "template",
     "time", "abbr", "var", "svg", "math", "button", "select", "option", "noscript",
     "head", "title", "iframe", "object"}
)  # fmt: skip
# Elements this module writes: skipping them keeps enrichment idempotent.
_OWN_CLASSES = frozenset({"tel", "fax", "hours"})
_BLOCKS = frozenset(
    {"p", "li", "dd", "dt", "td", "th", "div", "section", "article", "address",
     "footer", "header", "aside", "blockquote", "main", "nav", "figcaption",
     "caption", "h1", "h2", "h3", "h4", "h5", "h6", "body", "form", "fieldset"}
)  # fmt: skip
_SECTION_STARTS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6", "section", "article"})
_ASCII_DIGITS = "0123456789"
_ASCII_BYTES = bytes(range(128))
# Character references other than the four escapes may decode to a digit, a
# space or a dash that the raw HTML does not show ("9&nbsp;AM&ndash;5&nbsp;PM").
_REFERENCE = re.compile(r"&(?!(?:amp|lt|gt|quot);)[#A-Za-z]")
_LAST_COUNTED_LINE = 65535
# How far back, across inline elements, the days of a phrase may stand.
_DAYS_REACH = 80
_NO_DAYS = "(times without days)"
# How far either side the words that turn a phrase down may stand.
_VETO_REACH = 80


@dataclass(frozen=True, kw_only=True)
class EnrichedHTML:
    """The enriched page, its ContactPoints and warnings about what was left alone."""

    html: str
    contact_points: tuple[dict, ...] = field(default_factory=tuple)
    warnings: tuple[str, ...] = field(default_factory=tuple)
    changed: bool = False  # False: ``html`` is the input string itself


@dataclass
class _Walk:
    region: str
    # True: hints are tried only at ASCII digits (see _needs_digits).
    needs_digits: bool = False
    section: int = 0
    # Keyed by the element itself: lxml proxies are recreated (and ids reused)
    # once nothing holds them, which merged a heading with the next list item.
    blocks: dict[Element, ContactBlock] = field(default_factory=dict)
    block_text: dict[Element, list[str]] = field(default_factory=dict)
    order: list[Element] = field(default_factory=list)
    edits: list[tuple[Element, str, str]] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def enrich_html(html: str, *, region: str) -> EnrichedHTML:
    """Link phone numbers and mark up support hours in a page's rendered HTML.

    The visible text is unchanged, only wrapped: ``<a class="tel" href="tel:...">``,
    ``<span class="fax">``, ``<span class="hours" data-hours=.. data-zone=..>`` with
    ``<time>`` inside. ``region`` reads national numbers ("US", "GB", ...).
    """
    needs_digits = _needs_digits(html)
    if needs_digits:
        lines = _hinted_lines(html)
        hinted = bool(lines)
    else:
        lines = None
        hinted = could_hold_phone(html) or could_hold_hours(html)
    if _REFERENCE.search(html):  # the raw text cannot be judged: read it all
        hinted, lines = True, None
    # The fast path: most pages have neither, and are returned without a parse.
    if not hinted:
        return EnrichedHTML(html=html)
    root = parse_fragment(html)
    walk = _Walk(region=region, needs_digits=needs_digits)
    if lines is None or not _visit_hinted_blocks(root, lines, walk):
        _visit_element(root, root, walk)
    if not walk.edits:
        return EnrichedHTML(html=html, warnings=tuple(walk.warnings))
    for owner, slot, fragment in walk.edits:
        _splice(owner, slot, fragment)
    blocks = [walk.blocks[key] for key in walk.order]
    return EnrichedHTML(
        html=serialise_fragment(root),
        contact_points=build_contact_points(blocks, region=region),
        warnings=tuple(walk.warnings),
        changed=True,
    )


def _needs_digits(html: str) -> bool:
    """Tell whether, on this page, only text with an ASCII digit can hold a contact.

    Phone and hours hints start at a digit, so one cheap substring test per text
    node replaces two regex scans; a page of 2,000 words has ~100 text nodes and a
    handful of numbers. The exceptions send the page down the full path: the
    digit-free hours words ("noon", "around the clock"), digits of other scripts,
    and character references, which could decode to either.
    """
    if "&#" in html or mentions_hours_words(html):
        return False
    if html.isascii():
        return True
    # Only the non-ASCII characters, at C speed: ASCII bytes deleted from UTF-8
    # leave whole multi-byte sequences behind.
    others = html.encode("utf-8", "surrogatepass").translate(None, _ASCII_BYTES)
    return not any(ch.isdigit() for ch in others.decode("utf-8", "surrogatepass"))


def _hinted_lines(html: str) -> list[int]:
    """The lines (1-based, in order) on which a phone or hours hint starts.

    For a page where only ASCII digits can start a hint (see ``_needs_digits``).
    A policy's hints are a few phone numbers among hundreds of lines of prose;
    knowing their lines lets the walk pass over every other block unread.
    """
    phone, hours = PHONE_HINT.match, HOURS_HINT.match
    starts = [
        at
        for at in _digit_positions(html)
        if (phone(html, at) or hours(html, at)) and date_run_at(html, at) is None
    ]
    lines, line, counted = [], 1, 0
    for start in starts:
        line += html.count("\n", counted, start)
        counted = start
        lines.append(line)
    return lines


def _visit_hinted_blocks(root: Element, lines: list[int], walk: _Walk) -> bool:
    """Walk only the top-level blocks whose source lines hold a hint.

    Each block's lines run from its own first line to the next block's (they
    may share one). The headings of the blocks passed over are still counted,
    as contact sections need them. Returns False, having read nothing, when
    the parser's line numbers cannot be trusted (libxml2 stops counting at
    65,535): the caller then walks the whole page.
    """
    children = list(root)
    firsts = [child.sourceline for child in children]
    if any(first is None or first >= _LAST_COUNTED_LINE for first in firsts):
        return False
    if root.text:
        _visit_text(root, "text", root.text, root, walk)
    for index, child in enumerate(children):
        last = firsts[index + 1] if index + 1 < len(children) else _LAST_COUNTED_LINE
        at = bisect_left(lines, firsts[index])
        hinted = at < len(lines) and lines[at] <= last
        if hinted or not isinstance(child.tag, str) or child.tag not in _BLOCKS:
            _visit_element(child, root, walk)
        else:
            walk.section += sum(1 for _ in child.iter(*_SECTION_STARTS))
        if child.tail:
            _visit_text(child, "tail", child.tail, root, walk)
    return True


def _digit_positions(text: str) -> list[int]:
    """Every ASCII digit's position in ``text``, in order.

    Ten ``str.find`` scans run at memchr speed: on prose with a few numbers this
    is ~10x cheaper than one regex scan.
    """
    found = []
    for digit in _ASCII_DIGITS:
        at = text.find(digit)
        while at >= 0:
            found.append(at)
            at = text.find(digit, at + 1)
    found.sort()
    return found


def _visit_element(el: Element, block: Element, walk: _Walk) -> None:
    tag = el.tag if isinstance(el.tag, str) else ""
    if tag in _SECTION_STARTS:
        walk.section += 1
    if tag in _BLOCKS:
        block = el
    if _OWN_CLASSES & set((el.get("class") or "").split()):
        # Already enriched: its text still gives the context after it.
        walk.block_text.setdefault(block, []).append(_text_as_written(el))
        return
    if tag in _SKIP or not tag:
        return
    if el.text:
        _visit_text(el, "text", el.text, block, walk)
    for child in el:
        if not _holds_nothing(child, walk):
            _visit_element(child, block, walk)
        if child.tail:
            _visit_text(child, "tail", child.tail, block, walk)


def _text_as_written(el: Element) -> str:
    """An enriched element's text without the zone note enrichment added."""
    text = el.text_content()
    for note in el.find_class("tz-note"):
        text = text.replace(note.text_content(), "", 1)
    return text


def _holds_nothing(el: Element, walk: _Walk) -> bool:
    """Tell whether a block's whole subtree can be passed over unread.

    A block owns every text inside it, so when its text, joined in one C-level
    pass, has no phone or hours hint (and it holds no heading, which the section
    count needs), no text node inside can yield anything. On a 2,000-word page
    with one contact paragraph this replaces ~100 Python visits by ~40 joins.
    Joined with spaces, each node's hint survives intact: the hints look at no
    character before their first digit, and a space ends a word as the end of a
    node does.
    """
    if not isinstance(el.tag, str) or el.tag not in _BLOCKS:
        return False
    if next(el.iter(*_SECTION_STARTS), None) is not None:
        return False
    text = " ".join(el.itertext())
    if not walk.needs_digits:
        return not (could_hold_hours(text) or could_hold_phone(text))
    digits = _digit_positions(text)
    return not (
        digits
        and (could_hold_hours_at(text, digits) or could_hold_phone_at(text, digits))
    )


def _visit_text(
    owner: Element,
    slot: str,
    text: str,
    block: Element,
    walk: _Walk,
) -> None:
    key = block
    seen = walk.block_text.setdefault(key, [])
    seen.append(text)
    if text.isspace():  # the newlines between blocks: most text nodes
        return
    digits = _digit_positions(text) if walk.needs_digits else None
    if digits == []:
        return
    may_hold_hours = (
        could_hold_hours(text) if digits is None else could_hold_hours_at(text, digits)
    )
    region = walk.region
    before = "".join(seen[:-1])
    hours = find_hours(text, region=region) if may_hold_hours else None
    if hours and hours.warnings and before:
        hours = _with_days_before(text, before, hours, region)
    found_hours = hours.matches if hours else ()
    if found_hours:
        # Read again with the block around: "724/7" once "24/7" is wrapped,
        # "orders placed before ..." after a linked number.
        context = _Context(before=before, owner=owner, slot=slot)
        found_hours = _vetted_in_block(found_hours, text, context, block, region)
    # A number glued to what comes before it in the block (a wrapped phrase,
    # on a second pass) is read with that character, as the first pass read it.
    lead = before[-1:]
    glued = bool(lead) and lead.isalnum() and text[:1].isalnum()
    # Hours phrases are blanked (same length) before phones are read: the matcher
    # rejects "1 (877) 270-4998 24/7" as one run of digits.
    masked = text
    for h in found_hours:
        masked = masked[: h.start] + " " * (h.end - h.start) + masked[h.end :]
    may_hold_phone = (
        could_hold_phone(masked)
        if digits is None
        else could_hold_phone_at(masked, digits)
    )
    phones = find_phone_numbers(masked, region=walk.region) if may_hold_phone else None
    if glued and phones and phones.matches and phones.matches[0].start == 0:
        again = find_phone_numbers(lead + masked, region=walk.region).matches
        if not any(p.start == 1 for p in again):
            phones = replace(phones, matches=phones.matches[1:])
    found_phones = (
        tuple(replace(p, text=text[p.start : p.end]) for p in phones.matches)
        if phones
        else ()
    )
    walk.warnings += (phones.warnings if phones else ()) + (
        hours.warnings if hours else ()
    )
    if not found_phones and not found_hours:
        return
    walk.edits.append(
        (owner, slot, render_text(text, phones=found_phones, hours=found_hours))
    )
    if key not in walk.blocks:
        walk.order.append(key)
        walk.blocks[key] = ContactBlock(section=walk.section)
    old = walk.blocks[key]
    kept = [
        p
        for p in found_phones
        if not any(h.start < p.end and p.start < h.end for h in found_hours)
    ]
    walk.blocks[key] = ContactBlock(
        section=old.section,
        phones=old.phones + tuple(kept),
        phone_contexts=old.phone_contexts
        + tuple(before + text[: p.start] for p in kept),
        hours=old.hours + tuple(found_hours),
    )


@dataclass(frozen=True)
class _Context:
    """Where a text node stands in its block: the text before it, and itself."""

    before: str
    owner: Element
    slot: str


def _vetted_in_block(
    found: tuple[HoursMatch, ...],
    text: str,
    context: _Context,
    block: Element,
    region: str,
) -> tuple[HoursMatch, ...]:
    """Keep the hours phrases still read as hours with the block's text around.

    The hours reader turns down a phrase whose sentence is about something
    else ("... orders placed before 3 PM"); those words may stand in another
    text node of the block, after a link ("call <a>1 (877) ...</a> orders
    placed before 3 PM"), which the first pass read as one text.
    """
    lead = context.before[-_VETO_REACH:]
    after = _text_after(context.owner, context.slot, block)
    if not lead and not after:
        return found
    shift = len(lead)
    spans = [
        (m.start - shift, m.end - shift)
        for m in find_hours(lead + text + after, region=region).matches
    ]
    # A phrase turned down disappears; one read further is still there.
    return tuple(m for m in found if any(s < m.end and m.start < e for s, e in spans))


def _text_after(owner: Element, slot: str, block: Element) -> str:
    """The block's text after one text node, up to _VETO_REACH characters."""
    parts: list[str] = []
    length = 0
    for part in _following_texts(owner, slot, block):
        parts.append(part)
        length += len(part)
        if length >= _VETO_REACH:
            break
    return "".join(parts)[:_VETO_REACH]


def _following_texts(owner: Element, slot: str, block: Element) -> Iterator[str]:
    """The texts after ``owner``'s text or tail, in document order, in ``block``."""
    if slot == "text":
        for child in owner:
            yield from child.itertext()
            yield child.tail or ""
        if owner is block:
            return
        yield owner.tail or ""
    node = owner
    while node is not block:
        for sibling in node.itersiblings():
            yield from sibling.itertext()
            yield sibling.tail or ""
        node = node.getparent()
        if node is None or node is block:
            return
        yield node.tail or ""


def _with_days_before(
    text: str, before: str, scan: HoursScan, region: str
) -> HoursScan:
    """Read times whose days stand earlier in the block, in another element.

    "<strong>Monday–Friday:</strong> 9 AM – 5 PM PT" is one phrase in two text
    nodes: alone, the second is times without days. Read with the text before
    it, the phrase is understood; only its part in this node (times and zone)
    is wrapped, the days stay as they are. Times or a zone outside this node
    would leave nothing to wrap them in: that phrase stays reported.
    """
    if not any(_NO_DAYS in warning for warning in scan.warnings):
        return scan
    lead = before[-_DAYS_REACH:]
    offset = len(lead)
    found = []
    for match in find_hours(lead + text, region=region).matches:
        outside = [t for t in match.times if t.start < offset]
        if match.start >= offset or match.end <= offset or outside:
            continue
        if match.zone is not None and match.zone.start < offset:
            continue
        # The wrapped part starts at its first time: "from", a comma or the
        # space after the days stays outside, as the days do.
        start = min(t.start for t in match.times) if match.times else offset
        found.append(
            replace(
                match,
                start=start - offset,
                end=match.end - offset,
                text=text[start - offset : match.end - offset],
                times=tuple(
                    replace(t, start=t.start - offset, end=t.end - offset)
                    for t in match.times
                ),
                zone=match.zone
                and replace(
                    match.zone,
                    start=match.zone.start - offset,
                    end=match.zone.end - offset,
                ),
            )
        )
    if not found:
        return scan
    warnings = tuple(w for w in scan.warnings if _NO_DAYS not in w)
    return replace(scan, matches=(*scan.matches, *found), warnings=warnings)


def _splice(owner: Element, slot: str, fragment: str) -> None:
    # libxml2 drops a leading text that is only whitespace (" <a>" after
    # "<strong>Sales:</strong>"); a one-character anchor keeps it.
    holder = parse_fragment("." + fragment)
    children = list(holder)
    lead = (holder.text or ".")[1:] or None
    if slot == "text":
        owner.text = lead
        for index, child in enumerate(children):
            owner.insert(index, child)
    else:
        owner.tail = lead
        parent = owner.getparent()
        at = parent.index(owner)
        for offset, child in enumerate(children, start=1):
            parent.insert(at + offset, child)
