"""Page metadata: which fields exist, where each one is written, what it may hold.

This is the metadata reference in code form (the README's table mirrors it).
It checks values and names; it does not render anything.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections.abc import Mapping
from dataclasses import dataclass

from legalsite.errors import ContentError


@dataclass(frozen=True)
class Field:
    """One metadata field: its kind of value and what it is for."""

    kind: str  # "text", "date", "flag", "region", "url", "choice"
    meaning: str


FIELDS: dict[str, Field] = {
    "title": Field("text", "Page title, shown as the heading and in <title>."),
    "slug": Field("path", "Last part of the URL; defaults to the file name."),
    "save_as": Field("path", "Output path, for pages outside the slug scheme."),
    "url": Field("path", "URL the page is linked as, paired with save_as."),
    "status": Field("choice", "published (default), hidden or draft."),
    "template": Field("text", "Theme template to render with, without .html."),
    "summary": Field("text", "One or two sentences for search results."),
    "lang": Field("text", "Language of the page, as a BCP 47 tag."),
    "legal": Field("flag", "yes: a legal document, listed on the legal index."),
    "effective": Field("date", "Date the document takes effect (YYYY-MM-DD)."),
    "updated": Field("date", "Date last updated (YYYY-MM-DD), overriding git."),
    "region": Field("region", "Country for national phone numbers (ISO 3166)."),
    "archive_snapshot": Field("url", "Web archive snapshot URL, exactly as given."),
    "archive_date": Field("date", "Date the snapshot was archived (YYYY-MM-DD)."),
    "archive_domain": Field("text", "Domain the archived document came from."),
    "date": Field("date", "Pelican's date; pages rarely need it."),
    "modified": Field("date", "Pelican's modification date."),
}

_STATUSES = ("published", "hidden", "draft")
_FLAGS = {"yes": True, "true": True, "no": False, "false": False}
_KEY_LINE = re.compile(r"^([A-Za-z0-9_-]+):\s*(.*)$")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def locate_fields(text: str) -> dict[str, int]:
    """Return the 1-based line of each metadata field in a Markdown header.

    The header is the block of ``Key: value`` lines at the top of the file, as
    Python-Markdown's meta extension reads it. A line in that block which is
    neither a field nor an indented continuation would silently end the
    header and fall into the body, so it is an error here.
    """
    lines: dict[str, int] = {}
    if not _KEY_LINE.match(text.split("\n", 1)[0]):
        return lines
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            break
        match = _KEY_LINE.match(line)
        if match:
            lines.setdefault(match.group(1).lower(), number)
        elif not line.startswith((" ", "\t")):
            raise ContentError(
                f"header line without a colon: {line.strip()[:60]!r}; write it as "
                "'Field: value', or leave an empty line between header and text",
                line=number,
                col=1,
            )
    return lines


def _suggest(name: str) -> str:
    close = difflib.get_close_matches(name, FIELDS, n=1, cutoff=0.6)
    return f"; did you mean '{close[0]}'?" if close else ""


def check_metadata(
    meta: Mapping[str, object], lines: Mapping[str, int] | None = None
) -> dict[str, object]:
    """Check field names and values; return the normalised values we own.

    Pelican has already parsed the values of its own fields (``date`` becomes a
    datetime); this checks the rest and turns ``legal`` into a bool and dates
    into ``datetime.date``. An unknown field is an error, since a misspelled
    ``Efective:`` would otherwise leave a legal page without its date.
    """
    lines = lines or {}
    out: dict[str, object] = {}
    for name, value in meta.items():
        line = lines.get(name)
        if name not in FIELDS:
            raise ContentError(
                f"unknown metadata field '{name}'{_suggest(name)}", line=line
            )
        kind = FIELDS[name].kind
        if not isinstance(value, str) or kind == "text":
            continue
        text = value.strip()
        if kind == "date":
            out[name] = parse_date(text, field=name, line=line)
        elif kind == "flag":
            if text.lower() not in _FLAGS:
                raise ContentError(
                    f"{name}: expected yes or no, got {text!r}", line=line
                )
            out[name] = _FLAGS[text.lower()]
        elif kind == "region":
            if not re.fullmatch(r"[A-Za-z]{2}", text):
                raise ContentError(
                    f"{name}: expected a two-letter country code such as US or GB, "
                    f"got {text!r}",
                    line=line,
                )
            out[name] = text.upper()
        elif kind == "path":
            _check_path(name, text, line)
        elif kind == "choice" and text not in _STATUSES:
            raise ContentError(
                f"{name}: expected one of {', '.join(_STATUSES)}, got {text!r}",
                line=line,
            )
    if not str(meta.get("title", "")).strip():
        raise ContentError(
            "missing title: start the file with a 'Title: ...' line",
            line=lines.get("title", 1),
        )
    return out


def _check_path(name: str, text: str, line: int | None) -> None:
    """Refuse output paths that would land outside the site's output folder."""
    parts = text.replace("\\", "/").split("/")
    if text.startswith(("/", "\\")) or ".." in parts or ":" in text:
        raise ContentError(
            f"{name}: {text!r} would be written outside the site; use a path "
            "inside it without '..', a leading '/' or a drive letter, "
            "such as 'terms' or 'legal/terms'",
            line=line,
        )


def parse_date(text: str, *, field: str, line: int | None = None) -> dt.date:
    """Parse a ``YYYY-MM-DD`` date, refusing other spellings.

    ``03/04/2021`` means March or April depending on the reader, so only the
    ISO form is accepted for legal dates.
    """
    if not _DATE.fullmatch(text):
        raise ContentError(
            f"{field}: expected a date as YYYY-MM-DD, got {text!r}", line=line
        )
    try:
        return dt.date.fromisoformat(text)
    except ValueError as error:
        raise ContentError(
            f"{field}: {text!r} is not a real date ({error})", line=line
        ) from error
