"""What a page body may not contain: scripts, handlers, frames and script URLs.

Pages must read and work without running anything (the site's CSP would block
it anyway), and archived texts come from outside. This module finds the
offending markup in rendered HTML and points at it in the source; it never
rewrites anything.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html import unescape
from html.parser import HTMLParser

from legalsite.errors import ContentError

_FORBIDDEN_TAGS = frozenset(
    {"script", "style", "iframe", "frame", "frameset", "object", "embed", "applet",
     "base", "meta", "animate", "set"}
)  # fmt: skip
_URL_ATTRIBUTES = frozenset(
    {"href", "src", "action", "formaction", "xlink:href", "poster", "data", "srcset"}
)
_SCRIPT_SCHEMES = ("javascript", "vbscript")
# What a browser ignores in a URL: ASCII tabs and newlines anywhere, and C0
# controls and spaces around it ("java\tscript:" runs as "javascript:").
_URL_IGNORED = dict.fromkeys(map(ord, "\t\n\r"))
_URL_EDGES = "".join(map(chr, range(0x21)))
# Cheap tests, on the lower-cased page, that decide whether the parser runs:
# each finds a superset of what the parser would find.
_TAG_OPENING = re.compile(rf"<(?:{'|'.join(sorted(_FORBIDDEN_TAGS))})\b")
_HANDLER = re.compile(r"on[a-z]+\s*=")
# Attribute values are unescaped before a browser reads them ("&#106;avascript:",
# "javascript&colon;"); any reference but the four escapes needs the parser.
_REFERENCE = re.compile(r"&(?!(?:amp|lt|gt|quot);)[#a-z]")
_VALUE_START = "=\"'"
_SCHEMES = frozenset({*_SCRIPT_SCHEMES, "data"})
_LONGEST_SCHEME = max(map(len, _SCHEMES))


@dataclass(frozen=True, kw_only=True)
class UnsafeMarkup:
    """One piece of markup a page may not contain, and why."""

    snippet: str
    reason: str


class _Finder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[UnsafeMarkup] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _FORBIDDEN_TAGS:
            self.found.append(
                UnsafeMarkup(
                    snippet=f"<{tag}",
                    reason=f"raw HTML <{tag}> is not allowed in a page",
                )
            )
        for name, value in attrs:
            if name.startswith("on"):
                self.found.append(
                    UnsafeMarkup(
                        snippet=name,
                        reason=f"event handler attribute {name}= is not allowed",
                    )
                )
                continue
            scheme = _scheme_of(value or "")
            if scheme in _SCRIPT_SCHEMES or (
                scheme == "data" and name in _URL_ATTRIBUTES
            ):
                self.found.append(
                    UnsafeMarkup(
                        snippet=f"{scheme}:",
                        reason=f"a {scheme}: link is not allowed "
                        f"(link to a page or an https:// address instead)",
                    )
                )


def _scheme_of(value: str) -> str:
    """The scheme a browser reads at the start of an attribute value, lower-cased.

    ``value`` is already unescaped (the parser decodes references).
    """
    url = value.translate(_URL_IGNORED).strip(_URL_EDGES)
    scheme, colon, _ = url.partition(":")
    return scheme.lower() if colon else ""


def _may_hold_unsafe_markup(html: str) -> bool:
    """Tell cheaply whether the parser could find anything (False means clean).

    A handful of literal-led scans of the lower-cased page instead of one regex
    with alternatives at every character: a clean 2,000-word page costs ~30 µs.
    """
    lower = html.lower()
    if _TAG_OPENING.search(lower) or _HANDLER.search(lower) or _REFERENCE.search(lower):
        return True
    colon = lower.find(":")
    while colon >= 0:
        if _scheme_ends_at(lower, colon):
            return True
        colon = lower.find(":", colon + 1)
    return False


def _scheme_ends_at(lower: str, colon: int) -> bool:
    """Tell whether a script or data scheme that starts a value ends at ``colon``.

    Reads backwards as a browser would read forwards: tabs and newlines are
    skipped wherever they are, however many; before the scheme only spaces or
    controls may stand between it and ``=`` or a quote.
    """
    kept: list[str] = []
    at = colon - 1
    while at >= 0 and len(kept) < _LONGEST_SCHEME:
        if lower[at] not in "\t\n\r":
            kept.append(lower[at])
        at -= 1
        if len(kept) == 1 and kept[0] not in "ta":  # no scheme ends otherwise
            return False
        word = "".join(reversed(kept))
        if word in _SCHEMES:
            # Empty: the page starts here, or 64 spaces or controls do.
            lead = lower[max(0, at - 63) : at + 1].rstrip(_URL_EDGES)
            if not lead or lead[-1] in _VALUE_START:
                return True
    return False


def find_unsafe_markup(html: str) -> list[UnsafeMarkup]:
    """Return every script, handler, frame or script URL in rendered HTML.

    Text that merely mentions ``<script>`` (escaped, in code blocks) is fine:
    only elements and attributes count. Clean pages cost one regex search.

    >>> find_unsafe_markup("<p><code>&lt;script&gt;</code></p>")
    []
    >>> [u.snippet for u in find_unsafe_markup('<a href="javascript:x()">a</a>')]
    ['javascript:']
    """
    if not _may_hold_unsafe_markup(html):
        return []
    finder = _Finder()
    finder.feed(html)
    finder.close()
    return finder.found


def refuse_unsafe_markup(html: str, source: str) -> None:
    """Raise ContentError for the first unsafe markup, located in ``source``.

    The rendered HTML says what is wrong; the first occurrence of the same
    snippet in the source file says where, which is where the author looks.
    """
    found = find_unsafe_markup(html)
    if not found:
        return
    first = found[0]
    match = re.search(re.escape(first.snippet), source, re.IGNORECASE)
    line = col = None
    if match:
        line = source.count("\n", 0, match.start()) + 1
        col = match.start() - (source.rfind("\n", 0, match.start()) + 1) + 1
    else:  # spelt with references or tabs ("&#106;avascript:"): find the line
        line = next(
            (
                number
                for number, text in enumerate(source.splitlines(), start=1)
                if first.snippet in unescape(text).translate(_URL_IGNORED).lower()
            ),
            None,
        )
    more = f" (and {len(found) - 1} more)" if len(found) > 1 else ""
    raise ContentError(
        f"{first.reason}: pages must work without running anything{more}",
        line=line,
        col=col,
    )
