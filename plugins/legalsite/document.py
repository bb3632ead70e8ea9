"""One source document on its way through the plugin: bytes to Markdown, HTML to HTML.

This is the pipeline in reading order, so the whole journey of a page can be
read top to bottom in two functions. Each step lives in its own module; this
module only composes them and never touches files or Pelican.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .errors import ContentError
from .metadata import locate_fields


@dataclass(frozen=True, kw_only=True)
class PreparedSource:
    """Markdown text ready for Python-Markdown, and what was learnt reading it."""

    text: str
    field_lines: dict[str, int]
    metadata: dict[str, Any] = field(default_factory=dict)
    notes: tuple[dict[str, Any], ...] = ()


def decode(data: bytes) -> str:
    """Decode a source file strictly as UTF-8 (a BOM is allowed)."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        before = data[: error.start]
        line = before.count(b"\n") + 1
        col = error.start - (before.rfind(b"\n") + 1) + 1
        raise ContentError(
            f"not valid UTF-8 (byte 0x{data[error.start]:02x}); save the file as UTF-8",
            line=line,
            col=col,
        ) from error
    return text.replace("\r\n", "\n").replace("\r", "\n")


def prepare_source(data: bytes) -> PreparedSource:
    """Turn a source file's bytes into Markdown text plus what the plugin found."""
    text = decode(data)
    return PreparedSource(text=text, field_lines=locate_fields(text))


def finish_html(html: str) -> str:
    """Return the rendered HTML of a page, enriched."""
    return html
