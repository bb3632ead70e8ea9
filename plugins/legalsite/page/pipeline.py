"""One source document on its way through the plugin: bytes to Markdown, HTML to HTML.

This is the pipeline in reading order, so the whole journey of a page can be
read top to bottom: ``prepare_source`` before Markdown, ``describe_page`` once
the metadata is parsed, ``finish_html`` on the rendered body. Each step lives
in its own module; this one only composes them and never touches files or
Pelican.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from legalsite.archive import (
    Provenance,
    archive_slug,
    drop_debris,
    note_for,
    provenance_from_metadata,
    split_corpus_header,
    structured_data_for,
)
from legalsite.contacts.phones import region_for_domain
from legalsite.html.enrich import enrich_html
from legalsite.html.safety import refuse_unsafe_markup
from legalsite.page.metadata import check_metadata, locate_fields
from legalsite.text.mojibake import repair_text
from legalsite.text.source import decode_source

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


@dataclass(frozen=True, kw_only=True)
class PageFacts:
    """What the plugin adds to a page's metadata once the header is parsed."""

    metadata: dict[str, Any]
    structured_data: dict[str, Any]
    warnings: tuple[tuple[int | None, str], ...] = ()


def prepare_source(data: bytes) -> PreparedSource:
    """Turn a source file's bytes into Markdown text plus what the plugin found.

    1. Decode strictly as UTF-8 (line endings normalised, BOM dropped).
    2. Repair mojibake in the whole file, header included, so the title and
       every metadata field are repaired with the body, and line numbers are
       those of the source file.
    3. A file in the archive corpus format gives its header as provenance and
       its ``#`` heading as title; conversion debris is dropped from its body.
    4. Locate the metadata fields, for messages that point at a line.
    """
    text = decode_source(data)
    repaired = repair_text(text)
    repairs = tuple(r.to_dict() for r in repaired.repairs)
    suspects = tuple(s.to_dict() for s in repaired.suspects)
    corpus = split_corpus_header(repaired.text)
    if corpus is None:
        return PreparedSource(
            text=repaired.text,
            source=repaired.text,
            field_lines=locate_fields(repaired.text),
            repairs=repairs,
            suspects=suspects,
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
        dropped=tuple(
            {"line": d.line, "col": d.col, "text": d.text, "reason": d.reason}
            for d in debris
        ),
    )


def describe_page(prepared: PreparedSource, header: Mapping[str, object]) -> PageFacts:
    """Check the page's metadata and derive provenance and structured data.

    ``header`` is the metadata as written in the file (lower-case names,
    string values); fields a corpus header stood for come first, so a file
    may still override them. Both provenance forms give identical results.
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
    html: str, *, region: str, source: str, language: str | None = None
) -> FinishedHTML:
    """Refuse unsafe markup, then link phone numbers and mark up support hours.

    ``source`` is the source text, so a refusal or a phrase left alone can point
    at its line; ``language`` is the page's, for the hours reader.
    """
    refuse_unsafe_markup(html, source)
    enriched = enrich_html(html, region=region, language=language)
    return FinishedHTML(
        html=enriched.html,
        contact_points=tuple(enriched.contact_points),
        warnings=tuple(
            (_line_of(w.words, source), w.message) for w in enriched.warnings
        ),
    )


def _line_of(words: str, source: str) -> int | None:
    """The source line where ``words`` (as rendered) first stand, if written so."""
    first = words.strip().split("\n", 1)[0].strip()
    at = source.find(first) if first else -1
    return source.count("\n", 0, at) + 1 if at >= 0 else None
