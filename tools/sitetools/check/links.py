"""Links: every internal URL answers 200 over HTTP, every fragment names an element.

Also owns the rule that no URL anywhere runs code or smuggles a document
(``javascript:``, ``vbscript:``, ``data:``). External URLs are not fetched:
the checks never leave 127.0.0.1.
"""

from __future__ import annotations

import urllib.error
import urllib.request
from dataclasses import dataclass
from urllib.parse import unquote, urldefrag, urljoin

from legalsite.html.urls import FORBIDDEN_SCHEMES, scheme_of
from sitetools.check.pages import Link, Page, Problem, element_ids

CHECK = "links"
# Fragments a browser resolves without an element: the top of the page.
_TOP = frozenset({"", "top"})


@dataclass(frozen=True, kw_only=True)
class _Answer:
    status: int
    ids: frozenset[str]


def check_schemes(page: Page) -> list[Problem]:
    """URLs whose scheme runs script or embeds a document."""
    return [
        Problem(
            page=page.relative,
            check=CHECK,
            line=link.line,
            reason=(
                f"{scheme_of(link.value)}: URL in {_where(link)}: {link.value[:60]!r}"
            ),
        )
        for link in page.links
        if scheme_of(link.value) in FORBIDDEN_SCHEMES
    ]


def check_links(
    pages: list[Page], base_url: str, *, site_url: str = ""
) -> list[Problem]:
    """Fetch every internal URL of ``pages`` from the server at ``base_url``.

    A URL under ``site_url`` (the production address of a published build) is
    fetched from the local server instead. Each address is fetched once.
    """
    answers: dict[str, _Answer] = {}
    problems: list[Problem] = []
    root = base_url.rstrip("/") + "/"
    production = site_url.rstrip("/") + "/" if site_url else ""
    for page in pages:
        page_url = root + page.path.lstrip("/")
        for link in page.links:
            if scheme_of(link.value) in FORBIDDEN_SCHEMES or link.attribute == "ping":
                continue
            url = urljoin(page_url, link.value.strip())
            if production and url.startswith(production):
                url = root + url.removeprefix(production)
            if not url.startswith(root):
                continue
            address, fragment = urldefrag(url)
            if address not in answers:
                answers[address] = _fetch(address)
            answer = answers[address]
            shown = url.removeprefix(root.rstrip("/"))
            if answer.status != 200:
                reason = (
                    f"broken link in {_where(link)}: {shown} "
                    f"answers HTTP {answer.status}"
                )
            elif unquote(fragment) not in answer.ids | _TOP:
                reason = (
                    f"broken fragment in {_where(link)}: "
                    f"no id {unquote(fragment)!r} in {shown}"
                )
            else:
                continue
            problems.append(
                Problem(page=page.relative, check=CHECK, line=link.line, reason=reason)
            )
    return problems


def _where(link: Link) -> str:
    return f"<{link.tag} {link.attribute}>"


def _fetch(url: str) -> _Answer:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            body = response.read()
            is_html = response.headers.get_content_type() == "text/html"
            status = response.status
    except urllib.error.HTTPError as error:
        return _Answer(status=error.code, ids=frozenset())
    ids = element_ids(body.decode("utf-8", "replace")) if is_html else frozenset()
    return _Answer(status=status, ids=ids)
