"""What a page body may not contain: scripts, handlers, frames and script URLs.

Pages must read and work without running anything (the site's CSP would block
it anyway), and archived texts come from outside. This module finds the
offending markup in rendered HTML and points at it in the source; it never
rewrites anything.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html.parser import HTMLParser

from .errors import ContentError

_FORBIDDEN_TAGS = frozenset(
    {"script", "style", "iframe", "frame", "object", "embed", "applet", "base", "meta"}
)
_URL_ATTRIBUTES = frozenset(
    {"href", "src", "action", "formaction", "xlink:href", "poster", "data", "srcset"}
)
_BAD_SCHEME = re.compile(r"^\s*(javascript|vbscript|data)\s*:", re.IGNORECASE)
# One pass over the page decides whether the parser needs to run at all.
_MAYBE_UNSAFE = re.compile(
    r"<(?:script|style|i?frame|object|embed|applet|base|meta)\b"
    r"|\son[a-z]+\s*="
    r"""|=\s*["']?\s*(?:javascript|vbscript|data)\s*:""",
    re.IGNORECASE,
)


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
            elif name in _URL_ATTRIBUTES and value and _BAD_SCHEME.match(value):
                scheme = _BAD_SCHEME.match(value).group(1).lower()
                self.found.append(
                    UnsafeMarkup(
                        snippet=f"{scheme}:",
                        reason=f"a {scheme}: link is not allowed "
                        f"(link to a page or an https:// address instead)",
                    )
                )


def find_unsafe_markup(html: str) -> list[UnsafeMarkup]:
    """Return every script, handler, frame or script URL in rendered HTML.

    Text that merely mentions ``<script>`` (escaped, in code blocks) is fine:
    only elements and attributes count. Clean pages cost one regex search.

    >>> find_unsafe_markup("<p><code>&lt;script&gt;</code></p>")
    []
    >>> [u.snippet for u in find_unsafe_markup('<a href="javascript:x()">a</a>')]
    ['javascript:']
    """
    if not _MAYBE_UNSAFE.search(html):
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
    more = f" (and {len(found) - 1} more)" if len(found) > 1 else ""
    raise ContentError(
        f"{first.reason}: pages must work without running anything{more}",
        line=line,
        col=col,
    )
