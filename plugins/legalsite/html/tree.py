"""Page-body HTML as a tree: the one module that imports lxml.

Parsing a fragment, serialising it back, and the element type the walkers
(``enrich``, ``safety``, ``compare``) annotate with. What to look for in the
tree is theirs to say.
"""

from __future__ import annotations

from html import escape
from types import ModuleType
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import lxml.html

    Element = lxml.html.HtmlElement


def parse_fragment(html: str) -> Element:
    """A page body parsed under one ``<div>``: its children are the body's.

    ``sourceline`` on each element is its line in ``html``; libxml2 stops
    counting at 65,535.
    """
    return _lxml_html().fragment_fromstring(html, create_parent="div")


def serialise_fragment(root: Element) -> str:
    """The body under ``root`` as HTML, without the ``<div>`` around it."""
    tostring = _lxml_html().tostring
    parts = [escape(root.text, quote=False)] if root.text else []
    parts += [tostring(child, encoding="unicode") for child in root]
    return "".join(parts)


def tag_of(node: Element) -> str:
    """An element's tag name; "" for comments and processing instructions."""
    return node.tag if isinstance(node.tag, str) else ""


def is_comment(node: Element) -> bool:
    """Tell whether a node is an HTML comment."""
    return isinstance(node, _lxml_html().HtmlComment)


def _lxml_html() -> ModuleType:
    """``lxml.html``, imported on the first page that needs a tree.

    Importing lxml costs ~50 ms and ~3 MB per build: a warm rebuild whose changed
    pages need no tree never pays it.
    """
    import lxml.html  # noqa: PLC0415 (deliberately lazy, see above)

    return lxml.html
