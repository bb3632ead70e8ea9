"""Print: legal pages print to PDF without site navigation and with link targets.

A printed contract is read without a mouse: the nav and footer are noise on
paper, and a link's text is useless unless its address is printed after it.
"""

from __future__ import annotations

import re
import string
from typing import TYPE_CHECKING

from sitetools.check.pages import Problem

if TYPE_CHECKING:
    from sitetools.check.browser import Observation

CHECK = "print"
# In-page and phone links print their own text; everything else needs its target.
_SELF_EXPLAINING = ("#", "tel:")
# A CSS string in a computed ``content`` value, and the escapes inside one.
_CSS_STRING = re.compile(r'"((?:[^"\\]|\\.)*)"|\'((?:[^\'\\]|\\.)*)\'', re.DOTALL)
_CSS_ESCAPE = re.compile(r"\\([0-9a-fA-F]{1,6}\s?|.)", re.DOTALL)


def printed_text(content: str) -> str:
    """The text a computed ``content`` value prints: its strings, unescaped.

    >>> printed_text(r'" <" "a\\"b" ">"')
    ' <a"b>'
    """
    strings = (
        match.group(1) if match.group(1) is not None else match.group(2)
        for match in _CSS_STRING.finditer(content)
    )
    return "".join(_CSS_ESCAPE.sub(_unescape, text) for text in strings)


def _unescape(match: re.Match[str]) -> str:
    escaped = match.group(1)
    if escaped[0] in string.hexdigits:
        return chr(int(escaped.strip(), 16))
    return escaped


def check_observation(observation: Observation) -> list[Problem]:
    """Print media hides navs and the page footer, prints link targets, makes a PDF."""
    view = observation.print_view
    if view is None:
        return []

    def problem(reason: str) -> Problem:
        return Problem(page=observation.page, check=CHECK, reason=reason)

    problems = [
        problem(f"<{chrome.element}> is shown in print (display: {chrome.display})")
        for chrome in view.chrome
        if chrome.visible
    ]
    problems += [
        problem(f"link target {link.href!r} is not printed after the link")
        for link in view.links
        if not link.href.startswith(_SELF_EXPLAINING)
        and link.href not in printed_text(link.after)
    ]
    if not view.pdf_is_pdf or view.pdf_size == 0:
        problems.append(problem(f"Chromium made no PDF ({view.pdf})"))
    return problems
