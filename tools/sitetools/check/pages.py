"""Built pages, read once into the facts the checks ask about; the Problem they report.

The only module of the checks that parses HTML (BeautifulSoup, html.parser for
its line numbers). It reads; it judges nothing.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from bs4 import BeautifulSoup, Tag

from legalsite.html.urls import URL_ATTRIBUTES

# Attributes people read: their text is checked like visible text.
_LABEL_ATTRIBUTES = ("alt", "title", "aria-label", "placeholder")
_INVISIBLE = ("script", "style", "template", "noscript", "head")
_SECTIONING = frozenset(
    {"article", "aside", "footer", "form", "header", "nav", "section"}
)
_REFRESH_URL = re.compile(r"url\s*=\s*(.*)", re.IGNORECASE | re.DOTALL)
_JSON_LD = "application/ld+json"
_HTML_SPACE = re.compile(r"[ \t\n\r\f]+")


@dataclass(frozen=True, kw_only=True)
class Problem:
    """One failed expectation, printed as ``page[:line]: check: reason``."""

    page: str
    check: str
    reason: str
    line: int = 0

    def __str__(self) -> str:
        where = f"{self.page}:{self.line}" if self.line else self.page
        return f"{where}: {self.check}: {self.reason}"


@dataclass(frozen=True, kw_only=True)
class Link:
    """A URL-valued attribute as written in the page."""

    tag: str
    attribute: str
    value: str
    line: int


@dataclass(frozen=True, kw_only=True)
class Marked:
    """Markup the security check looks at: where it is and what it is."""

    line: int
    what: str


@dataclass(frozen=True, kw_only=True)
class Page:
    """What one built HTML file says, in the terms the checks use."""

    relative: str  # path under the output folder, "privacy-policy/index.html"
    path: str  # URL path it is served at, "/privacy-policy/"
    title: str
    description: str
    text: str  # visible text of the body
    labels: tuple[str, ...]  # alt, title, aria-label ... texts
    json_ld: tuple[tuple[int, str], ...]  # (line, raw text) of each JSON-LD block
    links: tuple[Link, ...]
    ids: frozenset[str]
    inline_scripts: tuple[Marked, ...]
    handlers: tuple[Marked, ...]
    style_attributes: tuple[Marked, ...]
    style_elements: tuple[Marked, ...]
    stylesheets: tuple[str, ...]  # href of each <link rel=stylesheet>
    scripts: tuple[str, ...]  # src of each <script src>
    layout: str
    legal: bool


def url_path(relative: str) -> str:
    """The URL path a file is served at: ``a/index.html`` is ``/a/``.

    >>> url_path("index.html"), url_path("legal/index.html"), url_path("404.html")
    ('/', '/legal/', '/404.html')
    """
    if relative == "index.html":
        return "/"
    if relative.endswith("/index.html"):
        return "/" + relative.removesuffix("index.html")
    return "/" + relative


def find_pages(output: Path) -> list[Path]:
    """Every HTML file of a built site, in a stable order."""
    return sorted(output.rglob("*.html"))


def read_page(output: Path, file: Path) -> Page:
    """Parse one built file."""
    relative = file.relative_to(output).as_posix()
    return parse_page(relative, file.read_text("utf-8"))


def parse_page(relative: str, html: str) -> Page:
    """Parse one page's HTML, given its path under the output folder."""
    soup = BeautifulSoup(html, "html.parser")
    title = soup.title.get_text() if soup.title else ""
    meta = soup.find("meta", attrs={"name": "description"})
    description = str(meta.get("content", "")) if isinstance(meta, Tag) else ""
    scripts = soup.find_all("script")
    json_ld = tuple(
        (s.sourceline or 0, s.string or "")
        for s in scripts
        if _script_type(s) == _JSON_LD
    )
    inline = tuple(
        Marked(
            line=s.sourceline or 0, what="inline script (only JSON-LD may be inline)"
        )
        for s in scripts
        if not s.get("src") and _script_type(s) != _JSON_LD
    )
    elements = list(soup.find_all(True))
    return Page(
        relative=relative,
        path=url_path(relative),
        title=title,
        description=description,
        text=_visible_text(soup),
        labels=tuple(
            str(tag[name])
            for tag in elements
            for name in _LABEL_ATTRIBUTES
            if tag.get(name)
        ),
        json_ld=json_ld,
        links=tuple(_links(elements)),
        ids=frozenset(
            str(tag.get("id") or tag.get("name"))
            for tag in elements
            if tag.get("id") or (tag.name == "a" and tag.get("name"))
        ),
        inline_scripts=inline,
        handlers=tuple(
            Marked(line=tag.sourceline or 0, what=f"{name} attribute on <{tag.name}>")
            for tag in elements
            for name in tag.attrs
            if name.lower().startswith("on")
        ),
        style_attributes=tuple(
            Marked(line=tag.sourceline or 0, what=f"style attribute on <{tag.name}>")
            for tag in elements
            if tag.has_attr("style")
        ),
        style_elements=tuple(
            Marked(line=tag.sourceline or 0, what="<style> element")
            for tag in soup.find_all("style")
        ),
        stylesheets=tuple(
            str(tag["href"])
            for tag in soup.find_all("link", href=True)
            if "stylesheet" in [str(rel).lower() for rel in tag.get("rel", [])]
        ),
        scripts=tuple(str(s["src"]) for s in scripts if s.get("src")),
        layout=_layout(soup),
        legal=soup.select_one("article.page.legal") is not None,
    )


def element_ids(html: str) -> frozenset[str]:
    """Fragment targets of a page: every ``id``, and ``name`` of ``<a>``."""
    return parse_page("", html).ids


def _script_type(script: Tag) -> str:
    return str(script.get("type", "")).strip().lower()


def _visible_text(soup: BeautifulSoup) -> str:
    body = soup.body or soup
    parts: list[str] = []
    for text in body.find_all(string=True):
        if any(
            parent.name in _INVISIBLE or parent.has_attr("hidden")
            for parent in text.parents
        ):
            continue
        parts.append(str(text))
    # Collapse the spaces HTML collapses, but keep no-break spaces: they are
    # text, and mojibake hides behind them ("Â\u00a0").
    return _HTML_SPACE.sub(" ", " ".join(parts)).strip()


def _links(elements: list[Tag]) -> Iterator[Link]:
    for tag in elements:
        for name, value in tag.attrs.items():
            if name.lower() not in URL_ATTRIBUTES:
                continue
            values = [str(value)] if not isinstance(value, list) else [" ".join(value)]
            if name.lower() == "srcset":
                values = [
                    item.split()[0] for item in values[0].split(",") if item.split()
                ]
            for item in values:
                yield Link(
                    tag=tag.name, attribute=name, value=item, line=tag.sourceline or 0
                )
        if tag.name == "meta" and str(tag.get("http-equiv", "")).lower() == "refresh":
            match = _REFRESH_URL.search(str(tag.get("content", "")))
            if match:
                yield Link(
                    tag="meta",
                    attribute="content",
                    value=match.group(1).strip("'\" "),
                    line=tag.sourceline or 0,
                )


def _layout(soup: BeautifulSoup) -> str:
    """A page's template, recognised by its skeleton.

    Markdown output carries no classes, so the classed and sectioning elements
    of ``<main>`` (and the body's class) are what the template put there: two
    pages with the same skeleton share a template.
    """
    body = soup.body or soup
    root = body.find("main") or body
    parts = [".".join(["body", *(body.get("class") or [])])]
    for tag in root.find_all(True):
        if tag.get("class") or tag.name in _SECTIONING:
            part = ".".join([tag.name, *tag.get("class", [])])
            if parts[-1] != part:
                parts.append(part)
    return " ".join(parts)
