"""Weight: bytes a reader waits for, compressed as served, against the site's budgets.

Counts a page's HTML and the CSS and JavaScript it loads from the site, each
brotli-compressed, and checks that nothing readable needs JavaScript.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import unquote, urljoin, urlsplit

import brotli

from sitetools.check.pages import Page, Problem
from sitetools.policy import BUDGET, Budget

if TYPE_CHECKING:
    from sitetools.check.browser import Observation

CHECK = "weight"
_LOCAL = "http://site.invalid"


@dataclass(frozen=True, kw_only=True)
class Weight:
    """A page's compressed bytes: HTML, CSS, JavaScript, and the files missing."""

    html: int
    css: int
    js: int
    missing: tuple[str, ...] = ()

    @property
    def total(self) -> int:
        """All three, as a reader downloads them."""
        return self.html + self.css + self.js


def compressed_size(data: bytes) -> int:
    """Bytes after brotli at quality 11, as a server pre-compresses static files."""
    return len(brotli.compress(data, quality=11))


def weigh(output: Path, page: Page, *, site_url: str = "") -> Weight:
    """The page's HTML plus the same-site stylesheets and scripts it loads."""
    html = compressed_size((output / page.relative).read_bytes())
    sizes = {"css": 0, "js": 0}
    missing = []
    for kind, urls in (("css", page.stylesheets), ("js", page.scripts)):
        for url in urls:
            file = _local_file(output, page.path, url, site_url)
            if file is None:
                continue
            if file.is_file():
                sizes[kind] += compressed_size(file.read_bytes())
            else:
                missing.append(url)
    return Weight(html=html, css=sizes["css"], js=sizes["js"], missing=tuple(missing))


def check_weight(
    output: Path, page: Page, *, site_url: str = "", budget: Budget = BUDGET
) -> list[Problem]:
    """Every page under ``budget.page``; a legal page's HTML + CSS in one round trip."""

    def problem(reason: str) -> Problem:
        return Problem(page=page.relative, check=CHECK, reason=reason)

    weight = weigh(output, page, site_url=site_url)
    problems = [
        problem(f"{url} is loaded but not in the site") for url in weight.missing
    ]
    if weight.total > budget.page:
        problems.append(
            problem(
                f"{_kb(weight.total)} compressed (HTML {_kb(weight.html)}, CSS "
                f"{_kb(weight.css)}, JS {_kb(weight.js)}) is over the "
                f"{_kb(budget.page)} page budget"
            )
        )
    first = weight.html + weight.css
    if page.legal and first > budget.first_round_trip:
        problems.append(
            problem(
                f"legal page HTML + CSS is {_kb(first)} compressed, over the "
                f"{_kb(budget.first_round_trip)} of the first round trip"
            )
        )
    return problems


def check_observation(observation: Observation) -> list[Problem]:
    """Text that only appears when JavaScript runs.

    Script may enrich a block that already reads without it (the browser
    records those additions); any other text it adds or reveals is a problem.
    """
    shown = " ".join(observation.text.split())
    for addition in observation.enrichments:
        shown = shown.replace(" ".join(addition.split()), "", 1)
    if _squeeze(shown) == _squeeze(observation.text_without_js):
        return []
    with_js = shown.split()
    without = observation.text_without_js.split()
    matcher = difflib.SequenceMatcher(a=without, b=with_js, autojunk=False)
    added = [
        " ".join(with_js[start:end])
        for tag, _a0, _a1, start, end in matcher.get_opcodes()
        if tag in ("insert", "replace")
    ] or ["(text differs)"]
    return [
        Problem(
            page=observation.page,
            check=CHECK,
            reason=f"text shown only with JavaScript: {added[0][:80]!r}",
        )
    ]


def _squeeze(text: str) -> str:
    """Text without whitespace: layout may move spaces, not words."""
    return "".join(text.split())


def _local_file(output: Path, page_path: str, url: str, site_url: str) -> Path | None:
    absolute = urljoin(_LOCAL + page_path, url.strip())
    if site_url and absolute.startswith(site_url.rstrip("/") + "/"):
        absolute = _LOCAL + "/" + absolute.removeprefix(site_url.rstrip("/") + "/")
    if not absolute.startswith(_LOCAL + "/"):
        return None  # another origin: the CSP refuses it anyway
    path = unquote(urlsplit(absolute).path).lstrip("/")
    file = output / path
    return file / "index.html" if path == "" or path.endswith("/") else file


def _kb(size: int) -> str:
    return f"{size / 1024:.1f} KB"
