"""Checks once every source is read, before anything is written: templates and links.

Pelican finds a missing template only when it writes the page (a traceback)
and a link to a missing file only as a warning with no source (the link stays
broken in the page). These checks say both at the source line that names
them. They change nothing.
"""

from __future__ import annotations

import html
import logging
import os
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlparse

from pelican.generators import PelicanTemplateNotFound

from legalsite.errors import Problem
from legalsite.pelican.problems import log_problem, problem_of_exception, shown

logger = logging.getLogger(__name__)
# What Pelican's link syntax points into: pages and other sources, or static files.
_CONTEXT_KEYS = {
    "filename": ("generated_content", "static_content"),
    "static": ("static_content",),
    "attach": ("static_content",),
}


def _pages_of(generator: Any) -> Iterator[Any]:
    for name in (
        "pages",
        "hidden_pages",
        "draft_pages",
        "translations",
        "hidden_translations",
        "draft_translations",
    ):
        yield from getattr(generator, name, ())


def refuse_missing_templates(generator: Any) -> None:
    """Each page's ``Template:`` must be a template of the theme that loads.

    A template that does not exist is the page's problem, at its
    ``Template:`` line; one with an error of its own is reported once, at
    the template's line.
    """
    failed: set[str] = set()
    for page in _pages_of(generator):
        name = page.template
        if name in failed:
            continue
        try:
            generator.get_template(name)
        except PelicanTemplateNotFound:
            failed.add(name)
            log_problem(logger, _no_such_template(page, name, generator))
        except Exception as error:
            failed.add(name)
            problem = problem_of_exception(error, path=shown(page.source_path))
            if problem is not None:
                log_problem(logger, problem)


def _no_such_template(page: Any, name: str, generator: Any) -> Problem:
    settings = generator.settings
    folders = [
        *settings.get("THEME_TEMPLATES_OVERRIDES", ()),
        os.path.join(settings["THEME"], "templates"),
    ]
    names = sorted(
        {
            path.stem
            for folder in folders
            for path in Path(folder).glob("*")
            if path.suffix in settings["TEMPLATE_EXTENSIONS"]
        }
    )
    return Problem(
        severity="error",
        path=shown(page.source_path),
        line=page.metadata.get("legalsite_lines", {}).get("template"),
        reason=f"template: the theme has no template {name!r}; "
        f"it has {', '.join(names)}",
    )


def refuse_missing_links(generators: Iterable[Any]) -> None:
    """A ``{filename}``, ``{static}`` or ``{attach}`` link must find its file.

    Resolved as Pelican resolves it (relative to the page's folder, or to the
    content folder with a leading ``/``; as written, unquoted, or unescaped),
    once every generator has read its files. A link to a source that failed
    to build is already reported with that source, so it is not repeated.
    """
    generators = list(generators)
    for generator in generators:
        for page in _pages_of(generator):
            for what, value, written in _intrasite_links(page):
                if not _resolves(page, generator.context, what, value):
                    line, col = _position(page.source_path, written)
                    log_problem(
                        logger,
                        Problem(
                            severity="error",
                            path=shown(page.source_path),
                            line=line,
                            col=col,
                            reason=f"link to a missing file: {written} (no such "
                            "page or file in the content folder)",
                        ),
                    )


def _intrasite_links(page: Any) -> Iterator[tuple[str, str, str]]:
    """(what, value, as written) for each link in Pelican's intrasite syntax."""
    seen: set[str] = set()
    for match in page._get_intrasite_link_regex().finditer(page._content or ""):
        what = match.group("what")
        if what not in _CONTEXT_KEYS:
            continue
        written = html.unescape(match.group("path"))
        if written not in seen:
            seen.add(written)
            yield what, match.group("value"), written


def _resolves(page: Any, context: dict[str, Any], what: str, value: str) -> bool:
    url = urlparse(value)
    candidates = (url.path, unquote(url.path), urlparse(html.unescape(value)).path)
    for candidate in candidates:
        if candidate.startswith("/"):
            relative = candidate[1:]
        else:
            joined = os.path.join(page.relative_dir, candidate)
            relative = page.get_relative_source_path(joined)
        if any(relative in context.get(key, {}) for key in _CONTEXT_KEYS[what]):
            return True
    return False


def _position(source_path: str, written: str) -> tuple[int | None, int | None]:
    """Line and column where ``written`` first appears in the source file."""
    try:
        text = Path(source_path).read_text("utf-8", errors="replace")
    except OSError:
        return None, None
    for number, line in enumerate(text.splitlines(), start=1):
        column = line.find(written)
        if column >= 0:
            return number, column + 1
    return None, None
