"""Mojibake left in what readers and search engines see: visible text, labels, metadata.

Owns where the check looks (title, description, visible text, labels,
JSON-LD) and how it says what it found.  What is mojibake is the site
plugin's one detector (``legalsite.text.mojibake.find_mojibake``): what the
build would have repaired or reported is what the audit flags.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from legalsite.text.mojibake import Repair
from legalsite.text.mojibake import find_mojibake as _find_in_text
from sitetools.check.pages import Page, Problem

CHECK = "text"
_LINE_RE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)?")


@dataclass(frozen=True, kw_only=True)
class Mojibake:
    """One span found: where it starts, what it is, what it meant, and why."""

    start: int
    text: str
    meant: str
    reason: str

    def describe(self) -> str:
        """Say what was found, and what it most likely was."""
        if self.meant:
            return f"{self.text!r} is {self.meant!r} ({self.reason})"
        return f"{self.text!r} ({self.reason})"


def find_mojibake(text: str) -> list[Mojibake]:
    """Every span of ``text`` the site plugin would repair or report.

    >>> [m.text for m in find_mojibake("Ã©tÃ© Âge SÃO")]
    ['Ã©tÃ©']
    """
    if text.isascii():
        return []
    starts, at = [], 0
    for match in _LINE_RE.finditer(text):
        starts.append(at)
        at += len(match.group())
        if not match.group():
            break
    found = []
    for hit in _find_in_text(text):
        start = starts[hit.line - 1] + hit.col - 1
        if isinstance(hit, Repair):
            found.append(
                Mojibake(
                    start=start,
                    text=hit.before,
                    meant=hit.after,
                    reason=hit.explanation,
                )
            )
        else:
            found.append(
                Mojibake(start=start, text=hit.text, meant="", reason=hit.reason)
            )
    return found


def check_text(page: Page) -> list[Problem]:
    """Mojibake in a page's title, description, visible text, labels and JSON-LD."""
    places: list[tuple[str, str]] = [
        ("<title>", page.title),
        ("meta description", page.description),
        ("visible text", page.text),
        *(("label", label) for label in page.labels),
    ]
    for _line, raw in page.json_ld:
        try:
            data = json.loads(raw)
        except json.JSONDecodeError:
            continue  # the structured-data check reports it
        places.extend(("JSON-LD", value) for value in _strings(data))
    problems = []
    for place, text in places:
        for hit in find_mojibake(text):
            context = text[max(0, hit.start - 20) : hit.start + 20]
            problems.append(
                Problem(
                    page=page.relative,
                    check=CHECK,
                    reason=f"mojibake in {place}: {hit.describe()}, in {context!r}",
                )
            )
    return problems


def _strings(data: Any) -> Iterator[str]:
    if isinstance(data, str):
        yield data
    elif isinstance(data, dict):
        for key, value in data.items():
            yield key
            yield from _strings(value)
    elif isinstance(data, list):
        for value in data:
            yield from _strings(value)
