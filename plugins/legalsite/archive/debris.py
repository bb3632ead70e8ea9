"""Conversion debris in archived bodies: empty links the corpus conversion left.

Each dropped piece is returned with its line and column for the build report;
code blocks and code spans are never touched.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# An inline link whose text is empty or only spaces (3mp3.ru: "[ ](https://...)").
# Python-Markdown renders it as an <a> with no accessible name, so it is dropped.
_EMPTY_LINK = re.compile(
    r"(?<![!\\])\[(?P<space>[^\S\r\n]*)\]"
    r"\([^\S\r\n]*(?:<[^<>\r\n]*>|[^()\s]*(?:\([^()\s]*\)[^()\s]*)*)"
    r"(?:[^\S\r\n]+(?:\"[^\"\r\n]*\"|'[^'\r\n]*'|\([^()\r\n]*\)))?[^\S\r\n]*\)"
)


_FENCE = re.compile(r" {0,3}(?P<fence>`{3,}|~{3,})")


_CODE_SPAN = re.compile(r"(?P<ticks>`+).*?(?<!`)(?P=ticks)(?!`)")


@dataclass(frozen=True, kw_only=True)
class Debris:
    """One piece of conversion debris that was dropped, and why."""

    text: str
    line: int
    col: int
    reason: str


_LIST_ITEM = re.compile(r" {0,3}(?:[-*+]|\d{1,9}[.)])[ \t]")


def drop_debris(body: str, *, first_line: int = 1) -> tuple[str, tuple[Debris, ...]]:
    """Remove conversion debris that would break the page; report each removal.

    Debris is an inline link with empty or blank text (``[](...)``, ``[ ](...)``);
    its blank text is kept so neighbouring words stay apart. Code spans, fenced
    and indented code are left alone. ``first_line`` is the source line ``body``
    starts on.
    Clean text comes back unchanged, and the result is a fixed point.
    """
    if "](" not in body:
        return body, ()
    out: list[str] = []
    found: list[Debris] = []
    fence = ""
    code = listed = False  # in an indented code block; in a list's lines
    previous = ""
    for offset, line in enumerate(body.split("\n")):
        blank = not line.strip()
        indented = line.startswith(("    ", "\t"))
        if not blank and not indented:
            code = False
            listed = bool(_LIST_ITEM.match(line)) or (listed and bool(previous.strip()))
        elif indented and not blank and not code and not previous.strip():
            # Four spaces after a blank line start a code block, unless they
            # continue a list item (a second paragraph of it).
            code = not listed
        previous = line
        if code and not fence:
            out.append(line)
            continue
        opener = _FENCE.match(line)
        if fence:
            if (
                opener
                and opener.group("fence")[0] == fence[0]
                and (len(opener.group("fence")) >= len(fence))
            ):
                fence = ""
            out.append(line)
            continue
        if opener:
            fence = opener.group("fence")
            out.append(line)
            continue
        out.append(_drop_from_line(line, first_line + offset, found))
    if not found:
        return body, ()
    return "\n".join(out), tuple(found)


def _drop_from_line(line: str, line_no: int, found: list[Debris]) -> str:
    """Drop empty links from one line outside code spans, recording each."""
    if "](" not in line:
        return line
    spans = [m.span() for m in _CODE_SPAN.finditer(line)] if "`" in line else []
    pieces: list[str] = []
    last = 0
    for match in _EMPTY_LINK.finditer(line):
        if any(a <= match.start() < b for a, b in spans):
            continue
        pieces.append(line[last : match.start()])
        pieces.append(match.group("space"))
        last = match.end()
        found.append(
            Debris(
                text=match.group(0),
                line=line_no,
                col=match.start() + 1,
                reason="empty link: it would render as a link with no text",
            )
        )
    pieces.append(line[last:])
    return "".join(pieces)
