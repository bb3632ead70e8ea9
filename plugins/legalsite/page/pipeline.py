"""One source document on its way through the plugin: bytes to Markdown, HTML to HTML.

This is the pipeline in reading order, so the whole journey of a page can be
read top to bottom: ``prepare_source`` before Markdown, ``describe_page`` once
the metadata is parsed, ``finish_html`` on the rendered body. Each step lives
in its own module; this one only composes them and never touches files or
Pelican.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

from legalsite.archive import (
    Provenance,
    archive_slug,
    drop_debris,
    note_for,
    owner_of,
    provenance_from_metadata,
    split_corpus_header,
    structured_data_for,
)
from legalsite.contacts.phones import region_for_domain
from legalsite.html.enrich import enrich_html
from legalsite.html.safety import (
    clean_archived_markup,
    html_policy,
    refuse_disallowed_markup,
)
from legalsite.page.metadata import check_metadata, locate_fields
from legalsite.settings import AllowedElement
from legalsite.text.mojibake import repair_text
from legalsite.text.positions import line_before_additions
from legalsite.text.source import read_source

# A tag in a plain-text field: escaped everywhere, yet worth a word to the author.
_MARKUP = re.compile(r"<[A-Za-z/!][^>]*>?")


@dataclass(frozen=True, kw_only=True)
class PreparedSource:
    """Markdown text ready for Python-Markdown, and what was learnt reading it.

    ``metadata`` holds fields a corpus header stood for; ``repairs``,
    ``suspects`` and ``dropped`` are JSON-ready dicts with source lines, so
    they can travel in the page's metadata through Pelican's reader cache.
    """

    text: str
    source: str
    field_lines: dict[str, int]
    metadata: dict[str, Any] = field(default_factory=dict)
    provenance: Provenance | None = None
    repairs: tuple[dict[str, Any], ...] = ()
    suspects: tuple[dict[str, Any], ...] = ()
    dropped: tuple[dict[str, Any], ...] = ()
    archived: bool = False
    extra_lines: tuple[int, ...] = ()

    def source_line(self, line: int) -> int:
        """The file's line for line ``line`` of ``source`` (see SourceText)."""
        return line_before_additions(line, self.extra_lines)


@dataclass(frozen=True, kw_only=True)
class PageFacts:
    """What the plugin adds to a page's metadata once the header is parsed."""

    metadata: dict[str, Any]
    structured_data: dict[str, Any]
    warnings: tuple[tuple[int | None, str], ...] = ()


def prepare_source(data: bytes) -> PreparedSource:
    """Turn a source file's bytes into Markdown text plus what the plugin found.

    1. Decode strictly as UTF-8 (line endings normalised, BOM dropped); an
       archived copy's control characters are decoded, turned into paragraph
       breaks or removed, each change reported.
    2. Repair mojibake in the whole file, header included, so the title and
       every metadata field are repaired with the body, and line numbers are
       those of the source file.
    3. A file in the archive corpus format gives its header as provenance and
       its ``#`` heading as title; conversion debris is dropped from its body.
    4. Locate the metadata fields, for messages that point at a line.
    """
    decoded = read_source(data)
    repaired = repair_text(decoded.text)
    at_source = decoded.source_line
    repairs = tuple(asdict(r) for r in decoded.repairs) + tuple(
        _at_source_line(asdict(r), at_source) for r in repaired.repairs
    )
    suspects = tuple(_at_source_line(asdict(s), at_source) for s in repaired.suspects)
    removed = tuple(asdict(r) for r in decoded.removed)
    corpus = split_corpus_header(repaired.text)
    if corpus is None:
        return PreparedSource(
            text=repaired.text,
            source=repaired.text,
            field_lines=locate_fields(repaired.text),
            repairs=repairs,
            suspects=suspects,
            dropped=removed,
            archived=decoded.archived,
            extra_lines=decoded.extra_lines,
        )
    body, debris = drop_debris(corpus.body, first_line=corpus.body_line)
    prov = corpus.provenance
    return PreparedSource(
        # The leading blank line keeps Python-Markdown's meta extension from
        # reading a body that starts with "Effective Date: ..." as metadata.
        text="\n" + body,
        source=repaired.text,
        field_lines={},
        metadata={
            "title": corpus.title,
            "slug": archive_slug(prov.domain, prov.archived),
            "template": "legal",
            "archive_snapshot": prov.snapshot.url,
            "archive_date": prov.archived.isoformat(),
            "archive_domain": prov.domain,
        },
        provenance=prov,
        repairs=repairs,
        suspects=suspects,
        dropped=removed
        + tuple(
            _at_source_line(
                {"line": d.line, "col": d.col, "text": d.text, "reason": d.reason},
                at_source,
            )
            for d in debris
        ),
        archived=True,
        extra_lines=decoded.extra_lines,
    )


def _at_source_line(item: dict[str, Any], at_source: Any) -> dict[str, Any]:
    """A reported item whose line is the source file's, not the cleaned text's."""
    return {**item, "line": at_source(item["line"])}


def describe_page(
    prepared: PreparedSource,
    header: Mapping[str, object],
    *,
    own_domains: Sequence[str] = (),
) -> PageFacts:
    """Check the page's metadata and derive provenance and structured data.

    ``header`` is the metadata as written in the file (lower-case names,
    string values); fields a corpus header stood for come first, so a file
    may still override them. Both provenance forms give identical results.
    An archived copy of a document from outside ``own_domains`` gets its
    owner (``legalsite_owner``): the facts in its text are that owner's.
    """
    merged = {**prepared.metadata, **header}
    checked = check_metadata(merged, prepared.field_lines)
    provenance = prepared.provenance
    if provenance is None or any(k.startswith("archive_") for k in header):
        provenance = provenance_from_metadata(merged, lines=prepared.field_lines)
    metadata: dict[str, Any] = {**prepared.metadata, **checked}
    structured: dict[str, Any] = {}
    warnings = tuple(
        (
            prepared.field_lines.get(name),
            f"{name} contains markup {found.group(0)!r}; "
            "it is shown as text, never run",
        )
        for name in ("title", "summary")
        if (found := _MARKUP.search(str(merged.get(name, ""))))
    )
    if provenance is not None:
        metadata["legal"] = checked.get("legal", True)
        metadata["provenance"] = note_for(provenance)
        owner = owner_of(
            provenance, title=str(merged.get("title", "")), own_domains=own_domains
        )
        if owner is not None:
            metadata["legalsite_owner"] = asdict(owner)
        structured.update(structured_data_for(provenance))
        warnings += tuple((w.line, w.reason) for w in provenance.warnings)
    return PageFacts(metadata=metadata, structured_data=structured, warnings=warnings)


@dataclass(frozen=True, kw_only=True)
class FinishedHTML:
    """A page body with contacts marked up, and their schema.org data."""

    html: str
    contact_points: tuple[dict[str, Any], ...] = ()
    # (line in the source or None, message)
    warnings: tuple[tuple[int | None, str], ...] = ()
    removed: tuple[dict[str, Any], ...] = ()


def owners_of(
    metadata: Mapping[str, Any], *, site_name: str, own_domains: Sequence[str]
) -> tuple[str, ...]:
    """Whose hours a page may give: an archived copy's owner's, else the site's.

    >>> owners_of({}, site_name="DotNetPanel", own_domains=["dotnetpanel.com"])
    ('DotNetPanel', 'dotnetpanel.com')
    >>> owners_of({"legalsite_owner": {"url": "http://cic.gc.ca/", "name": "CIC"}},
    ...           site_name="DotNetPanel", own_domains=[])
    ('CIC', 'cic.gc.ca')
    """
    owner = metadata.get("legalsite_owner")
    if owner:
        domain = str(owner["url"]).split("//", 1)[-1].strip("/")
        return tuple(n for n in (str(owner.get("name", "")), domain) if n)
    return tuple(n for n in (site_name, *own_domains) if n)


def choose_region(metadata: Mapping[str, Any], *, default: str) -> str:
    """Region for national phone numbers on a page.

    The page's ``Region`` first, then the country of an archived page's
    source domain (a ``.co.uk`` policy means GB numbers), then the site's.
    """
    if metadata.get("region"):
        return str(metadata["region"])
    domain = metadata.get("archive_domain")
    return (domain and region_for_domain(str(domain))) or default


def finish_html(
    html: str,
    *,
    region: str,
    prepared: PreparedSource,
    allowed_html: Sequence[AllowedElement] = (),
    language: str | None = None,
    owners: Sequence[str] = (),
) -> FinishedHTML:
    """Keep the body to the allowed HTML, then link phone numbers and mark up hours.

    Markup outside the allow-list fails a hand-written page at its source line
    (``allowed_html`` adds what the site's settings allow); an archived copy
    loses it, text kept, each removal reported. This runs on what Markdown
    produced, before enrichment adds the plugin's own markup. ``language`` is
    the page's, for the hours reader; a phrase left alone points at its line.
    ``owners``: the names and domains whose hours the page may give (``owners_of``).
    """
    removed: tuple[dict[str, Any], ...] = ()
    if prepared.archived:
        cleaned = clean_archived_markup(
            html, prepared.source, source_line=prepared.source_line
        )
        html, removed = cleaned.html, cleaned.removed
    else:
        html = refuse_disallowed_markup(
            html, prepared.source, policy=html_policy(allowed_html)
        )
    enriched = enrich_html(html, region=region, language=language, owners=tuple(owners))
    return FinishedHTML(
        html=enriched.html,
        contact_points=tuple(enriched.contact_points),
        warnings=tuple(
            (_line_of(w.words, prepared.source), w.message) for w in enriched.warnings
        ),
        removed=removed,
    )


def _line_of(words: str, source: str) -> int | None:
    """The source line where ``words`` (as rendered) first stand, if written so."""
    first = words.strip().split("\n", 1)[0].strip()
    at = source.find(first) if first else -1
    return source.count("\n", 0, at) + 1 if at >= 0 else None
