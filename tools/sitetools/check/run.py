"""``python -m sitetools.check OUTPUT_DIR``: verify a built site before anyone sees it.

Runs every check over HTTP on a local server and in headless Chromium, prints
one ``page: check: reason`` line per problem and a summary, and exits 1 on any
problem. The checks themselves live in the ``check_*`` modules.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sitetools.check import accessibility as check_accessibility
from sitetools.check import links as check_links
from sitetools.check import printing as check_print
from sitetools.check import security as check_security
from sitetools.check import structured_data as check_structured_data
from sitetools.check import text as check_text
from sitetools.check import weight as check_weight
from sitetools.check.html import ValidatorUnavailable, errors_only, validate_html
from sitetools.check.pages import Page, Problem, find_pages, read_page
from sitetools.check.server import serve
from sitetools.policy import VIEWPORT_WIDTHS

if TYPE_CHECKING:
    from sitetools.check.browser import Observation

CHECKS = (
    "html",
    "links",
    "accessibility",
    "structured-data",
    "text",
    "security",
    "weight",
    "print",
)
# Checks that need Chromium for all or part of their work.
_BROWSER_CHECKS = frozenset({"accessibility", "security", "weight", "print"})


class CheckUnavailable(RuntimeError):
    """A check could not run at all (no pages, no Java, no Chromium)."""


@dataclass(frozen=True, kw_only=True)
class Options:
    """What to check and where to put screenshots and PDFs.

    ``site_url`` is the production address of a published build: links under
    it are fetched from the local server. ``only`` narrows the run to some
    checks, for a quick look at one kind of problem.
    """

    artifacts: Path = Path("artifacts")
    site_url: str = ""
    only: frozenset[str] = frozenset(CHECKS)


@dataclass(frozen=True, kw_only=True)
class Report:
    """The outcome of one run: problems in page order, and what the browser saw."""

    pages: tuple[str, ...]
    checks: tuple[str, ...]
    layouts: dict[str, list[str]] = field(default_factory=dict)
    problems: tuple[Problem, ...] = ()
    observations: tuple[Observation, ...] = ()

    @property
    def ok(self) -> bool:
        """True when no check found a problem."""
        return not self.problems

    def summary(self) -> str:
        """One line: what was checked and how it went."""
        scope = (
            f"{_count(len(self.pages), 'page')}, {_count(len(self.checks), 'check')}"
        )
        if self.layouts:
            widths = " and ".join(str(width) for width in VIEWPORT_WIDTHS)
            scope += f", {len(self.layouts)} layouts audited at {widths} px"
        if self.ok:
            return f"check: {scope}: no problems"
        counts = Counter(problem.check for problem in self.problems)
        detail = ", ".join(f"{name} {counts[name]}" for name in CHECKS if counts[name])
        return f"check: {scope}: {_count(len(self.problems), 'problem')} ({detail})"


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}" if number == 1 else f"{number} {noun}s"


def check_site(
    output: Path, *, options: Options = Options(), browser: Any = None
) -> Report:
    """Run the selected checks on the built site in ``output``.

    ``browser`` is a started Chromium (``browser.open_browser()``) to share
    between runs; without one, a browser is started and closed here.
    """
    pages = [read_page(output, file) for file in find_pages(output)]
    if not pages:
        raise CheckUnavailable(f"{output}: no HTML pages (build the site first)")
    only = options.only
    problems: list[Problem] = []
    if "html" in only:
        problems += _check_html(output)
    for page in pages:
        if "links" in only:
            problems += check_links.check_schemes(page)
        if "structured-data" in only:
            problems += check_structured_data.check_structured_data(page)
        if "text" in only:
            problems += check_text.check_text(page)
        if "security" in only:
            problems += check_security.check_markup(page)
        if "weight" in only:
            problems += check_weight.check_weight(
                output, page, site_url=options.site_url
            )
    layouts = check_accessibility.pick_layouts(pages)
    observations: list[Observation] = []
    with serve(output) as base_url:
        if "links" in only:
            problems += check_links.check_links(
                pages, base_url, site_url=options.site_url
            )
        if only & _BROWSER_CHECKS:
            observations = _observe(pages, layouts, base_url, options, browser)
    for observation in observations:
        for name, module in (
            ("accessibility", check_accessibility),
            ("security", check_security),
            ("weight", check_weight),
            ("print", check_print),
        ):
            if name in only:
                problems += module.check_observation(observation)
    order = {page.relative: index for index, page in enumerate(pages)}
    problems.sort(
        key=lambda p: (order.get(p.page, len(order)), CHECKS.index(p.check), p.line)
    )
    return Report(
        pages=tuple(order),
        checks=tuple(name for name in CHECKS if name in only),
        layouts=layouts if "accessibility" in only else {},
        problems=tuple(problems),
        observations=tuple(observations),
    )


def _check_html(output: Path) -> list[Problem]:
    """The Nu HTML checker, once for every page."""
    root = output.resolve()
    try:
        messages = errors_only(validate_html(find_pages(root)))
    except ValidatorUnavailable as error:
        raise CheckUnavailable(str(error)) from error
    return [
        Problem(
            page=_relative(root, message.path),
            check="html",
            line=message.line,
            reason=message.text,
        )
        for message in messages
    ]


def _relative(root: Path, path: str) -> str:
    try:
        return Path(path).resolve().relative_to(root).as_posix()
    except ValueError:
        return path


def _observe(
    pages: list[Page],
    layouts: dict[str, list[str]],
    base_url: str,
    options: Options,
    browser: Any,
) -> list[Observation]:
    # Imported here: runs without browser checks need no Playwright.
    from sitetools.check import browser as chromium  # noqa: PLC0415

    root = options.site_url.rstrip("/") or base_url
    visits = [
        chromium.Visit(
            page=page.relative,
            url=root + page.path,
            audit=page.relative in layouts and "accessibility" in options.only,
            printable=page.legal and "print" in options.only,
        )
        for page in pages
    ]
    with ExitStack() as stack:
        if browser is None:
            try:
                browser = stack.enter_context(chromium.open_browser())
            except chromium.BrowserUnavailable as error:
                raise CheckUnavailable(str(error)) from error
        return chromium.observe(
            browser,
            visits,
            artifacts=options.artifacts,
            site_url=options.site_url,
            local_url=base_url,
        )


def main(argv: list[str] | None = None) -> int:
    """Command line; exit 0 when clean, 1 on any problem, 2 when a check cannot run."""
    parser = argparse.ArgumentParser(
        prog="python -m sitetools.check",
        description="Verify a built site: " + ", ".join(CHECKS) + ".",
    )
    parser.add_argument("output", type=Path, help="the built site, e.g. output/")
    parser.add_argument(
        "--artifacts",
        type=Path,
        default=Path("artifacts"),
        help="where screenshots and PDFs go (default: artifacts/)",
    )
    parser.add_argument(
        "--site-url",
        default="",
        help="production address of a published build, e.g. https://www.dotnetpanel.com",
    )
    parser.add_argument(
        "--only",
        default=",".join(CHECKS),
        help="comma-separated checks to run (default: all)",
    )
    args = parser.parse_args(argv)
    only = frozenset(name.strip() for name in args.only.split(",") if name.strip())
    unknown = sorted(only - set(CHECKS))
    if unknown:
        parser.error(f"unknown check {unknown[0]!r}; choose from {', '.join(CHECKS)}")
    if not args.output.is_dir():
        parser.error(f"{args.output}: not a folder (build the site first)")
    options = Options(artifacts=args.artifacts, site_url=args.site_url, only=only)
    try:
        report = check_site(args.output, options=options)
    except CheckUnavailable as error:
        print(f"check: error: {error}", file=sys.stderr)
        return 2
    for problem in report.problems:
        print(problem)
    print(report.summary())
    return 0 if report.ok else 1


if __name__ == "__main__":
    sys.exit(main())
