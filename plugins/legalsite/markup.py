"""Rendered page HTML enriched with phone links and hours markup (the lxml importer).

HTML in, HTML out: text nodes are wrapped, never rewritten; links, code, scripts,
styles and attributes are left alone. A page with nothing to find comes back as the
very same string without being parsed. The meaning of the text lives in ``phones``,
``hours`` and ``contacts``.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from html import escape

import lxml.html

from legalsite.contacts import ContactBlock, build_contact_points, render_text
from legalsite.hours import could_hold_hours, find_hours
from legalsite.phones import could_hold_phone, find_phone_numbers

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
    section: int = 0
    # Keyed by the element itself: lxml proxies are recreated (and ids reused)
    # once nothing holds them, which merged a heading with the next list item.
    blocks: dict[lxml.html.HtmlElement, ContactBlock] = field(default_factory=dict)
    block_text: dict[lxml.html.HtmlElement, list[str]] = field(default_factory=dict)
    order: list[lxml.html.HtmlElement] = field(default_factory=list)
    edits: list[tuple[lxml.html.HtmlElement, str, str]] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def enrich_html(html: str, *, region: str) -> EnrichedHTML:
    """Link phone numbers and mark up support hours in a page's rendered HTML.

    The visible text is unchanged, only wrapped: ``<a class="tel" href="tel:...">``,
    ``<span class="fax">``, ``<span class="hours" data-hours=.. data-zone=..>`` with
    ``<time>`` inside. ``region`` reads national numbers ("US", "GB", ...).
    """
    # The fast path: most pages have neither, and are returned without a parse.
    if not (could_hold_phone(html) or could_hold_hours(html)):
        return EnrichedHTML(html=html)
    root = lxml.html.fragment_fromstring(html, create_parent="div")
    walk = _Walk(region=region)
    _visit_element(root, root, walk)
    if not walk.edits:
        return EnrichedHTML(html=html, warnings=tuple(walk.warnings))
    for owner, slot, fragment in walk.edits:
        _splice(owner, slot, fragment)
    blocks = [walk.blocks[key] for key in walk.order]
    return EnrichedHTML(
        html=_serialise(root),
        contact_points=build_contact_points(blocks, region=region),
        warnings=tuple(walk.warnings),
        changed=True,
    )


def _visit_element(
    el: lxml.html.HtmlElement, block: lxml.html.HtmlElement, walk: _Walk
) -> None:
    tag = el.tag if isinstance(el.tag, str) else ""
    if tag in _SECTION_STARTS:
        walk.section += 1
    if tag in _BLOCKS:
        block = el
    if tag in _SKIP or not tag or _OWN_CLASSES & set((el.get("class") or "").split()):
        return
    if el.text:
        _visit_text(el, "text", el.text, block, walk)
    for child in el:
        _visit_element(child, block, walk)
        if child.tail:
            _visit_text(child, "tail", child.tail, block, walk)


def _visit_text(
    owner: lxml.html.HtmlElement,
    slot: str,
    text: str,
    block: lxml.html.HtmlElement,
    walk: _Walk,
) -> None:
    key = block
    seen = walk.block_text.setdefault(key, [])
    before = "".join(seen)
    seen.append(text)
    hours = find_hours(text) if could_hold_hours(text) else None
    found_hours = hours.matches if hours else ()
    # Hours phrases are blanked (same length) before phones are read: the matcher
    # rejects "1 (877) 270-4998 24/7" as one run of digits.
    masked = text
    for h in found_hours:
        masked = masked[: h.start] + " " * (h.end - h.start) + masked[h.end :]
    phones = (
        find_phone_numbers(masked, region=walk.region)
        if could_hold_phone(masked)
        else None
    )
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


def _splice(owner: lxml.html.HtmlElement, slot: str, fragment: str) -> None:
    # libxml2 drops a leading text that is only whitespace (" <a>" after
    # "<strong>Sales:</strong>"); a one-character anchor keeps it.
    holder = lxml.html.fragment_fromstring("." + fragment, create_parent="div")
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


def _serialise(root: lxml.html.HtmlElement) -> str:
    parts = [escape(root.text, quote=False)] if root.text else []
    parts += [lxml.html.tostring(child, encoding="unicode") for child in root]
    return "".join(parts)
