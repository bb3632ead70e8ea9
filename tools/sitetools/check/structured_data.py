"""Structured data: one JSON-LD block per page that parses, is complete and is true.

"True" here means what a search engine may show next to the page is on the
page: every telephone number in the data is visible in its text.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any

from sitetools.check.pages import Page, Problem

CHECK = "structured-data"
REQUIRED = ("@context", "@type", "name")
# A phone number as people write it: digits with spaces, dots, dashes,
# parentheses, an optional leading "+"; at least seven digits.
_PHONE_RE = re.compile(r"\+?\d[\d\s().\-\u00a0\u2011\u2013]{5,}\d")
_MIN_DIGITS = 7


def check_structured_data(page: Page) -> list[Problem]:
    """Exactly one JSON-LD block: valid JSON, required fields, visible phones."""

    def problem(reason: str, line: int = 0) -> Problem:
        return Problem(page=page.relative, check=CHECK, reason=reason, line=line)

    if len(page.json_ld) != 1:
        lines = ", ".join(str(line) for line, _raw in page.json_ld)
        return [
            problem(
                f"expected exactly one JSON-LD block, found {len(page.json_ld)}"
                + (f" (lines {lines})" if lines else "")
            )
        ]
    line, raw = page.json_ld[0]
    try:
        data = json.loads(raw)
    except json.JSONDecodeError as error:
        return [problem(f"JSON-LD does not parse: {error}", line)]
    if not isinstance(data, dict):
        return [
            problem(f"JSON-LD is a {type(data).__name__}, expected an object", line)
        ]
    problems = [
        problem(f"JSON-LD lacks {field!r}", line)
        for field in REQUIRED
        if not data.get(field)
    ]
    visible = {_digits(match) for match in _PHONE_RE.findall(page.text)}
    for node in _nodes(data):
        if node.get("@type") == "ContactPoint" and not node.get("telephone"):
            problems.append(problem("JSON-LD ContactPoint lacks 'telephone'", line))
        for key in ("telephone", "faxNumber"):
            number = node.get(key)
            if isinstance(number, str) and not _shown(_digits(number), visible):
                problems.append(
                    problem(
                        f"JSON-LD {key} {number!r} is not visible on the page", line
                    )
                )
    return problems


def _nodes(data: Any) -> Iterator[dict[str, Any]]:
    if isinstance(data, dict):
        yield data
        for value in data.values():
            yield from _nodes(value)
    elif isinstance(data, list):
        for value in data:
            yield from _nodes(value)


def _digits(text: str) -> str:
    return "".join(char for char in text if char.isdigit())


def _shown(number: str, visible: set[str]) -> bool:
    """True when the page shows ``number``, with or without its country code.

    "+1-877-270-4998" is shown by "1 (877) 270-4998" and by "(877) 270-4998";
    a country code is at most three digits.
    """
    if len(number) < _MIN_DIGITS:
        return False
    return any(
        seen == number
        or (
            len(seen) >= _MIN_DIGITS
            and 0 < len(number) - len(seen) <= 3
            and number.endswith(seen)
        )
        for seen in visible
    )
