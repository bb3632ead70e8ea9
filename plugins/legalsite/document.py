"""One source document on its way through the plugin: bytes to Markdown, HTML to HTML.

This is the pipeline in reading order, so the whole journey of a page can be
read top to bottom in two functions. Each step lives in its own module; this
module only composes them and never touches files or Pelican.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .metadata import locate_fields
from .mojibake import repair_text
from .source import decode_source


@dataclass(frozen=True, kw_only=True)
class PreparedSource:
    """Markdown text ready for Python-Markdown, and what was learnt reading it.

    ``repairs`` and ``suspects`` are JSON-ready dicts with source lines, so
    they can travel in the page's metadata through Pelican's reader cache.
    """

    text: str
    field_lines: dict[str, int]
    metadata: dict[str, Any] = field(default_factory=dict)
    repairs: tuple[dict[str, Any], ...] = ()
    suspects: tuple[dict[str, Any], ...] = ()


def prepare_source(data: bytes) -> PreparedSource:
    """Turn a source file's bytes into Markdown text plus what the plugin found.

    1. Decode strictly as UTF-8 (line endings normalised, BOM dropped).
    2. Repair mojibake in the whole file, header included, so the title and
       every metadata field are repaired with the body and line numbers are
       those of the source file.
    3. Locate the metadata fields, for messages that point at a line.
    """
    text = decode_source(data)
    repaired = repair_text(text)
    return PreparedSource(
        text=repaired.text,
        field_lines=locate_fields(repaired.text),
        repairs=tuple(r.to_dict() for r in repaired.repairs),
        suspects=tuple(s.to_dict() for s in repaired.suspects),
    )


def finish_html(html: str) -> str:
    """Return the rendered HTML of a page, enriched."""
    return html
