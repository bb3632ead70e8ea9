"""Rendered page HTML enriched with phone links and hours markup.

HTML in, HTML out, read top to bottom: one cheap scan (``contacts.candidates``)
says which blocks may hold a contact; each such block's text is read whole by the
recognisers (``contacts.hours``, ``contacts.phones``), so a phrase is judged with
the words around it even across inline elements; what they find is wrapped in the
text nodes it stands in, never rewritten. Links, code, scripts, styles and
attributes are left alone. A page with nothing to find comes back as the very
same string without being parsed.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from legalsite.contacts import candidates
from legalsite.contacts.hours import HoursMatch, Left, Reason, find_hours
from legalsite.contacts.phones import PhoneMatch, find_phone_numbers
from legalsite.contacts.points import ContactBlock, build_contact_points, render_text
from legalsite.html.tree import parse_fragment, serialise_fragment

if TYPE_CHECKING:
    from legalsite.html.tree import Element

_SKIP = frozenset(
    {"a", "code", "pre", "script", "style", "kbd", "samp", "textarea", "template",
     "time", "abbr", "var", "svg", "math", "button", "select", "option", "noscript",
     "head", "title", "iframe", "object"}
)  # fmt: skip
# Skipped elements whose words are still part of the sentence around them
# ("call <a>1 (877) ...</a> orders placed before 3 PM"); the others (code,
# scripts ...) are no prose at all.
_READ_AROUND = frozenset({"a", "abbr", "time", "kbd", "samp", "var", "button"})
# Elements this module writes: skipping them keeps enrichment idempotent.
_OWN_CLASSES = frozenset({"tel", "fax", "hours"})
_BLOCKS = frozenset(
    {"p", "li", "dd", "dt", "td", "th", "div", "section", "article", "address",
     "footer", "header", "aside", "blockquote", "main", "nav", "figcaption",
     "caption", "h1", "h2", "h3", "h4", "h5", "h6", "body", "form", "fieldset"}
)  # fmt: skip
_SECTION_STARTS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6", "section", "article"})
# Character references other than the four escapes may decode to a digit, a
# space or a dash that the raw HTML does not show ("9&nbsp;AM&ndash;5&nbsp;PM").
_REFERENCE = re.compile(r"&(?!(?:amp|lt|gt|quot);)[#A-Za-z]")
_LAST_COUNTED_LINE = 65535
# How much of a section's earlier blocks is read with the next one, to say whose
# its hours are ("Our customer support team is available during the following
# hours:" above a list of days and times).
_LEAD = 240


@dataclass(frozen=True, kw_only=True)
class Notice:
    """Something left as written, and the words it is about (to find its line)."""

    words: str
    message: str

    def __str__(self) -> str:
        return self.message


@dataclass(frozen=True, kw_only=True)
class EnrichedHTML:
    """The enriched page, its ContactPoints and notices about what was left alone."""

    html: str
    contact_points: tuple[dict, ...] = field(default_factory=tuple)
    warnings: tuple[Notice, ...] = field(default_factory=tuple)
    changed: bool = False  # False: ``html`` is the input string itself


@dataclass
class _Segment:
    """One text of a block: a text node we may wrap, or text we only read."""

    start: int
    text: str
    owner: Element | None = None
    slot: str = ""
    ours: bool = False  # written by an earlier enrichment

    @property
    def end(self) -> int:
        return self.start + len(self.text)

    @property
    def editable(self) -> bool:
        return self.owner is not None


@dataclass
class _Block:
    section: int
    segments: list[_Segment] = field(default_factory=list)

    def add(self, text: str, **where: object) -> None:
        start = self.segments[-1].end if self.segments else 0
        self.segments.append(_Segment(start=start, text=text, **where))

    @property
    def text(self) -> str:
        return "".join(s.text for s in self.segments)


@dataclass
class _Walk:
    region: str
    language: str | None
    owners: tuple[str, ...] = ()
    # True: hints are tried only at ASCII digits (see only_ascii_digits_matter).
    digits_only: bool = False
    section: int = 0
    # Keyed by the element itself: lxml proxies are recreated (and ids reused)
    # once nothing holds them, which merged a heading with the next list item.
    blocks: dict[Element, _Block] = field(default_factory=dict)
    order: list[Element] = field(default_factory=list)
    edits: list[tuple[Element, str, str]] = field(default_factory=list)
    found: list[ContactBlock] = field(default_factory=list)
    warnings: list[Notice] = field(default_factory=list)

    def block(self, element: Element) -> _Block:
        if element not in self.blocks:
            self.blocks[element] = _Block(section=self.section)
            self.order.append(element)
        return self.blocks[element]


def enrich_html(
    html: str,
    *,
    region: str,
    language: str | None = None,
    owners: tuple[str, ...] = (),
) -> EnrichedHTML:
    """Link phone numbers and mark up support hours in a page's rendered HTML.

    The visible text is unchanged, only wrapped: ``<a class="tel" href="tel:...">``,
    ``<span class="fax">``, ``<span class="hours" data-hours=.. data-zone=..>`` with
    ``<time>`` inside. ``region`` reads national numbers and settles zone
    abbreviations ("US", "GB", ...); ``language`` is the page's (BCP 47), whose
    day names and small words the hours reader reads; ``owners`` the names and
    domains whose hours are the page's own (any other name owning hours makes
    them someone else's).
    """
    digits_only = candidates.only_ascii_digits_matter(html)
    if digits_only:
        lines = candidates.hinted_lines(html)
        hinted = bool(lines)
    else:
        lines = None
        hinted = candidates.scan(html).any
    if _REFERENCE.search(html):  # the raw text cannot be judged: read it all
        hinted, lines = True, None
    # The fast path: most pages have neither, and are returned without a parse.
    if not hinted:
        return EnrichedHTML(html=html)
    root = parse_fragment(html)
    walk = _Walk(
        region=region, language=language, owners=owners, digits_only=digits_only
    )
    if lines is None or not _collect_hinted_blocks(root, lines, walk):
        _collect(root, root, walk)
    lead: dict[int, str] = {}  # each section's latest words, for the next block
    for element in walk.order:
        block = walk.blocks[element]
        _read_block(block, walk, lead=lead.get(block.section, ""))
        words = (lead.get(block.section, "") + "\n\n" + block.text).strip()
        lead[block.section] = words[-_LEAD:]
    if not walk.edits:
        return EnrichedHTML(html=html, warnings=tuple(walk.warnings))
    for owner, slot, fragment in walk.edits:
        _splice(owner, slot, fragment)
    return EnrichedHTML(
        html=serialise_fragment(root),
        contact_points=build_contact_points(walk.found, region=region),
        warnings=tuple(walk.warnings),
        changed=True,
    )


# --- collecting each block's texts -------------------------------------------------


def _collect_hinted_blocks(root: Element, lines: list[int], walk: _Walk) -> bool:
    """Collect only the top-level blocks whose source lines hold a hint.

    Each block's lines run from its own first line to the next block's (they
    may share one). The headings of the blocks passed over are still counted,
    as contact sections need them. Returns False, having collected nothing,
    when the parser's line numbers cannot be trusted (libxml2 stops counting at
    65,535): the caller then walks the whole page.
    """
    children = list(root)
    firsts = [child.sourceline for child in children]
    if any(first is None or first >= _LAST_COUNTED_LINE for first in firsts):
        return False
    if root.text:
        walk.block(root).add(root.text, owner=root, slot="text")
    for index, child in enumerate(children):
        last = firsts[index + 1] if index + 1 < len(children) else _LAST_COUNTED_LINE
        at = bisect_left(lines, firsts[index])
        hinted = at < len(lines) and lines[at] <= last
        if hinted or not isinstance(child.tag, str) or child.tag not in _BLOCKS:
            _collect(child, root, walk)
        else:
            walk.section += sum(1 for _ in child.iter(*_SECTION_STARTS))
        if child.tail:
            walk.block(root).add(child.tail, owner=child, slot="tail")
    return True


def _collect(el: Element, block: Element, walk: _Walk) -> None:
    tag = el.tag if isinstance(el.tag, str) else ""
    if tag in _SECTION_STARTS:
        walk.section += 1
    if tag in _BLOCKS:
        block = el
    if _OWN_CLASSES & set((el.get("class") or "").split()):
        # Already enriched: its words still give the context around it.
        walk.block(block).add(_text_as_written(el), ours=True)
        return
    if not tag or tag in _SKIP:
        # Read, never wrapped: "call <a>1 (877) ...</a> orders placed before 3 PM".
        if tag in _READ_AROUND:
            walk.block(block).add(el.text_content())
        elif tag:
            walk.block(block).add(" ")
        return
    if el.text:
        walk.block(block).add(el.text, owner=el, slot="text")
    for child in el:
        if not _holds_nothing(child, walk):
            _collect(child, block, walk)
        if child.tail:
            walk.block(block).add(child.tail, owner=child, slot="tail")


def _text_as_written(el: Element) -> str:
    """An enriched element's text without the zone note enrichment added."""
    text = el.text_content()
    for note in el.find_class("tz-note"):
        text = text.replace(note.text_content(), "", 1)
    return text


def _holds_nothing(el: Element, walk: _Walk) -> bool:
    """Tell whether a block's whole subtree can be passed over unwrapped.

    A block owns every text inside it, so when its text, joined in one C-level
    pass, has no candidate (and it holds no heading, which the section count
    needs), nothing inside can yield anything. On a 2,000-word page with one
    contact paragraph this replaces ~100 Python visits by ~40 joins.
    """
    if not isinstance(el.tag, str) or el.tag not in _BLOCKS:
        return False
    if next(el.iter(*_SECTION_STARTS), None) is not None:
        return False
    return not _scan(" ".join(el.itertext()), walk).any


def _scan(text: str, walk: _Walk) -> candidates.Candidates:
    if walk.digits_only:
        return candidates.scan(text, digits=candidates.digit_positions(text))
    return candidates.scan(text)


# --- reading a block ---------------------------------------------------------------


def _read_block(block: _Block, walk: _Walk, *, lead: str) -> None:
    text = block.text
    if text.isspace() or not text:
        return
    found = _scan(text, walk)
    if not found.any:
        return
    hours: list[tuple[_Segment, HoursMatch]] = []
    if found.hours:
        scan = find_hours(
            text,
            region=walk.region,
            language=walk.language,
            hints=list(found.hours),
            lead=lead,
            owners=walk.owners,
        )
        for left in scan.left:
            walk.warnings.append(Notice(words=left.text, message=left.message))
        for match in scan.matches:
            if match.remark:
                walk.warnings.append(Notice(words=match.text, message=match.remark))
            placed = _place(match, block)
            if isinstance(placed, Left):
                walk.warnings.append(Notice(words=placed.text, message=placed.message))
            elif placed is not None:
                hours.append(placed)
    phones = _read_phones(block, hours, walk) if found.phones else []
    _record(block, hours, phones, walk)


def _place(
    match: HoursMatch, block: _Block
) -> tuple[_Segment, HoursMatch] | Left | None:
    """The one text node a phrase's times (and zone) stand in, and the phrase there.

    "<strong>Monday–Friday:</strong> 9 AM – 5 PM PT" is read as one phrase; its
    days stay outside the markup, which wraps from the first time on. Times in
    two nodes ("<b>Mon–Fri 9 AM</b> – 5 PM PT") leave nothing to wrap them in:
    that phrase is reported. One already wrapped is passed over.
    """
    marks = [(t.start, t.end) for t in match.times]
    if match.zone is not None and not match.zone.apart:
        marks.append((match.zone.start, match.zone.end))
    if not marks:
        marks = [(match.start, match.end)]
    homes = {id(_segment_at(block, s, e)) for s, e in marks}
    home = _segment_at(block, *marks[0])
    if home is not None and len(homes) == 1 and not home.editable:
        return None  # wrapped already, or inside a link: nothing to add
    if len(homes) != 1 or home is None or not home.editable:
        return Left(
            start=match.start,
            end=match.end,
            text=match.text,
            reason=Reason.NOT_READ,
            detail="split across elements",
        )
    start = match.start if match.start >= home.start else min(s for s, _ in marks)
    end = match.end if match.end <= home.end else max(e for _, e in marks)
    shift = home.start
    local = replace(
        match,
        start=start - shift,
        end=end - shift,
        text=home.text[start - shift : end - shift],
        times=tuple(
            replace(t, start=t.start - shift, end=t.end - shift) for t in match.times
        ),
        zone=match.zone
        and replace(
            match.zone, start=match.zone.start - shift, end=match.zone.end - shift
        ),
    )
    return home, local


def _segment_at(block: _Block, start: int, end: int) -> _Segment | None:
    for segment in block.segments:
        if segment.start <= start and end <= segment.end:
            return segment
    return None


def _read_phones(
    block: _Block, hours: list[tuple[_Segment, HoursMatch]], walk: _Walk
) -> list[tuple[_Segment, PhoneMatch, str]]:
    """Numbers in each text node, hours phrases blanked out (same length) first.

    The matcher rejects "1 (877) 270-4998 24/7" as one run of digits. A number
    glued to the text before it in the block (a wrapped phrase, on a second
    pass) is read with that character, as the first pass read it.
    """
    found: list[tuple[_Segment, PhoneMatch, str]] = []
    before = ""
    for segment in block.segments:
        text = segment.text
        if segment.editable and text.strip():
            masked = text
            for home, h in hours:
                if home is segment:
                    masked = (
                        masked[: h.start] + " " * (h.end - h.start) + masked[h.end :]
                    )
            if _scan(masked, walk).phones:
                scan = find_phone_numbers(masked, region=walk.region)
                walk.warnings += [
                    Notice(words=w.split("'")[1] if "'" in w else text, message=w)
                    for w in scan.warnings
                ]
                matches = list(scan.matches)
                lead = before[-1:]
                if (
                    matches
                    and matches[0].start == 0
                    and lead.isalnum()
                    and (text[:1].isalnum())
                ):
                    again = find_phone_numbers(lead + masked, region=walk.region)
                    if not any(p.start == 1 for p in again.matches):
                        matches = matches[1:]
                for p in matches:
                    phone = replace(p, text=text[p.start : p.end])
                    found.append((segment, phone, before + text[: p.start]))
        before += text
    return found


def _record(
    block: _Block,
    hours: list[tuple[_Segment, HoursMatch]],
    phones: list[tuple[_Segment, PhoneMatch, str]],
    walk: _Walk,
) -> None:
    if not hours and not phones:
        return
    for segment in block.segments:
        mine_h = [h for home, h in hours if home is segment]
        mine_p = [p for home, p, _ in phones if home is segment]
        if mine_h or mine_p:
            assert segment.owner is not None
            walk.edits.append(
                (
                    segment.owner,
                    segment.slot,
                    render_text(segment.text, phones=mine_p, hours=mine_h),
                )
            )
    kept = [
        (p, context)
        for home, p, context in phones
        if not any(
            home is seg and h.start < p.end and p.start < h.end for seg, h in hours
        )
    ]
    walk.found.append(
        ContactBlock(
            section=block.section,
            phones=tuple(p for p, _ in kept),
            phone_contexts=tuple(c for _, c in kept),
            hours=tuple(h for _, h in hours),
        )
    )


# --- writing -----------------------------------------------------------------------


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
