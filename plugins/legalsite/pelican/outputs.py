"""Site-wide outputs once every page is known: sitemap, archive and history pages."""

from __future__ import annotations

import datetime as dt
import hashlib
import itertools
import logging
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

from pelican.utils import get_relative_path, path_to_url

from legalsite.errors import Problem
from legalsite.history.revisions import PageHistory, build_page_history
from legalsite.html.compare import compare_texts, text_of_html
from legalsite.pelican.build import Build, BuildFailed, build_of
from legalsite.pelican.pages import SiteJsonLd, json_ld_for
from legalsite.pelican.problems import log_problem, shown
from legalsite.pelican.report import write_report
from legalsite.site.sitemap import SitemapEntry, render_robots, render_sitemap

logger = logging.getLogger(__name__)


def collect_sitemap(generator: Any) -> None:
    """Each published page's sitemap entry, with its last change."""
    build = build_of(generator.settings)
    if not build.options.sitemap:
        return
    site_url = generator.settings.get("SITEURL", "")
    for page in generator.pages:
        changed = page.dates.updated or getattr(page, "modified", None)
        lastmod = changed.date() if hasattr(changed, "date") else changed
        urls = [page.url]
        # A history page changes when its page does; superseded versions and
        # comparisons are kept out of search indexes, so out of the sitemap.
        if getattr(page, "history_url", ""):
            urls.append(page.history_url)
        build.sitemap.extend(
            SitemapEntry(url=f"{site_url}/{url}", lastmod=lastmod) for url in urls
        )
    archived = [
        page.provenance.archived_datetime[:10]
        for page in (*generator.pages, *generator.hidden_pages)
        if getattr(page, "provenance", None) is not None
    ]
    if archived:  # the archive index lists them: it changes with the newest
        newest = dt.date.fromisoformat(max(archived))
        build.sitemap.append(SitemapEntry(url=f"{site_url}/archive/", lastmod=newest))


def write_sitemap(build: Build, output_path: str, site_url: str) -> None:
    """Write ``sitemap.xml`` and ``robots.txt`` into the output."""
    output = Path(output_path)
    (output / "sitemap.xml").write_text(render_sitemap(build.sitemap), "utf-8")
    robots = render_robots(sitemap_url=f"{site_url}/sitemap.xml")
    (output / "robots.txt").write_text(robots, "utf-8")


def refuse_duplicate_outputs(generator: Any) -> None:
    """Stop before writing when two things would write the same file.

    Pelican would write the first and then crash on the second with a
    traceback; authors get one line per clash instead, at the first page,
    naming the others and the field to change. The plugin's own pages (the
    archive index, "what changed" views, history pages, the sitemap) count
    too. Pages that share a slug but not a file only warn: Pelican takes one
    for a translation of the other.
    """
    build = build_of(generator.settings)
    pages = [
        *generator.pages,
        *generator.hidden_pages,
        *generator.draft_pages,
        *generator.translations,
        *generator.hidden_translations,
        *generator.draft_translations,
    ]
    writers: dict[str, list[Any]] = {}
    for page in pages:
        writers.setdefault(os.path.normpath(page.save_as), []).append(page)
    own = _own_outputs(build, generator)
    clashes = 0
    for save_as, writing in sorted(writers.items()):
        others = [shown(p.source_path) for p in writing[1:]]
        if save_as in own:
            others.append(own[save_as])
        if not others:
            continue
        clashes += 1
        first = writing[0]
        log_problem(
            logger,
            Problem(
                severity="error",
                path=shown(first.source_path),
                line=_slug_line(first),
                reason=f"this page and {', '.join(others)} would both be written "
                f"to {save_as}; give "
                + ("one of them" if len(writing) > 1 else "this page")
                + " another Slug",
            ),
        )
    if clashes:
        # Pelican would go on to write, and crash on the second file: stop
        # here, with the report written as at the end of any failed build.
        path = write_report(build)
        build.close()
        raise BuildFailed(
            f"{clashes} output path(s) claimed by more than one page "
            f"(report: {path}); nothing was written"
        )
    _warn_shared_slugs(pages)


def _slug_line(page: Any) -> int:
    lines = page.metadata.get("legalsite_lines", {})
    return lines.get("save_as") or lines.get("slug") or 1


def _own_outputs(build: Build, generator: Any) -> dict[str, str]:
    """The files the plugin writes besides pages, by output path."""
    own: dict[str, str] = {}
    if generator.context.get("archive_groups"):
        own[os.path.normpath("archive/index.html")] = "the archive index"
    for _, newer in build.comparisons:
        own[os.path.normpath(f"{newer.archive_changes_url}index.html")] = (
            f"the comparison of {shown(newer.source_path)}"
        )
    for page in generator.pages:
        if getattr(page, "history_url", ""):
            own[os.path.normpath(f"{page.history_url}index.html")] = (
                f"the revision history of {shown(page.source_path)}"
            )
    if build.options.sitemap:
        own["sitemap.xml"] = "the sitemap"
        own["robots.txt"] = "robots.txt"
    return own


def _warn_shared_slugs(pages: list[Any]) -> None:
    """One warning per slug and language that several pages share.

    Pelican's own warning lists absolute paths on several lines; it is dropped
    (``problems``) in favour of this one.
    """
    sharing: dict[tuple[str, str, str], list[Any]] = {}
    for page in pages:
        sharing.setdefault((page.status, page.slug, page.lang), []).append(page)
    for (_, slug, lang), same in sorted(sharing.items()):
        if len(same) < 2:
            continue
        others = ", ".join(shown(p.source_path) for p in same[1:])
        log_problem(
            logger,
            Problem(
                severity="warning",
                path=shown(same[0].source_path),
                line=_slug_line(same[0]),
                reason=f"this page and {others} have the same slug {slug!r} in "
                f"language {lang!r}; Pelican takes one for a translation of the "
                "other: give one of them another Slug",
            ),
        )


def link_archive_versions(generator: Any) -> None:
    """Order each domain's archived versions and link neighbours to each other."""
    build = build_of(generator.settings)
    by_domain: dict[str, list[Any]] = {}
    for page in (*generator.pages, *generator.hidden_pages):
        if getattr(page, "provenance", None) is not None:
            by_domain.setdefault(page.provenance.domain, []).append(page)
    groups = []
    for domain in sorted(by_domain):
        versions = sorted(by_domain[domain], key=lambda p: p.archive_date)
        for older, newer in itertools.pairwise(versions):
            older.archive_newer = newer
            newer.archive_older = older
            newer.archive_changes_url = f"{newer.url}changes/"
            build.comparisons.append((older, newer))
        groups.append((domain, versions[::-1]))
    generator.context["archive_groups"] = groups


def write_archive_pages(generator: Any, writer: Any) -> None:
    """Write the archive index and each "what changed" view."""
    build = build_of(generator.settings)
    settings = generator.settings
    relative = settings.get("RELATIVE_URLS", False)
    if generator.context.get("archive_groups"):
        writer.write_file(
            "archive/index.html",
            generator.get_template("archive-index"),
            generator.context,
            relative_urls=relative,
            url="archive/",
            json_ld=json_ld_for(settings, name="Archived documents", url="archive/"),
        )
    for older, newer in build.comparisons:
        comparison = compare_texts(
            text_of_html(older.content), text_of_html(newer.content)
        )
        writer.write_file(
            f"{newer.archive_changes_url}index.html",
            generator.get_template("archive-changes"),
            generator.context,
            relative_urls=relative,
            url=newer.archive_changes_url,
            page=newer,
            older=older,
            comparison=comparison,
            json_ld=json_ld_for(
                settings,
                name=f"What changed: {newer.title}",
                url=newer.archive_changes_url,
            ),
        )


def _renderer(
    build: Build, generator: Any, page: Any, depth_of: str
) -> Callable[[str], str]:
    """Render an earlier text of ``page``, links resolved for ``depth_of``."""
    reader = generator.readers.readers[Path(page.source_path).suffix[1:]]
    siteurl = generator.settings.get("SITEURL", "")
    if generator.settings.get("RELATIVE_URLS"):
        siteurl = path_to_url(get_relative_path(depth_of))

    def render(text: str) -> str:
        # Earlier texts never change: their rendering is cached across builds
        # (in the cache folder scoped to the plugin's code and settings).
        key = hashlib.sha256(
            f"{siteurl}\0{page.source_path}\0{text}".encode()
        ).hexdigest()
        return build.rendered.get(
            key,
            lambda: page._update_content(
                reader.render_source(text, page.source_path), siteurl
            ),
        )

    return render


def _page_history(build: Build, generator: Any, page: Any) -> PageHistory:
    return build_page_history(
        page.file_history,  # the revisions readers can tell apart (pages.py)
        page_url=page.url,
        read=lambda revision: build.history.blob(revision.commit, revision.path),
        render=_renderer(build, generator, page, f"{page.history_url}x/index.html"),
        subjects=build.options.history_subjects,
    )


def write_history_pages(generator: Any, writer: Any) -> None:
    """Write each legal page's history, superseded versions and comparisons."""
    build = build_of(generator.settings)
    settings = generator.settings
    for page in generator.pages:
        if not getattr(page, "history_url", ""):
            continue
        history = _page_history(build, generator, page)
        views = [("history", history.url, f"Revision history: {page.title}", None)]
        views += [
            ("revision", e.url, f"{page.title}, version of {e.date_words}", e)
            for e in history.superseded()
        ]
        views += [
            ("revision-changes", e.changes_url, f"What changed: {page.title}", e)
            for e in history.compared()
        ]
        for template, url, name, entry in views:
            writer.write_file(
                f"{url}index.html",
                generator.get_template(template),
                generator.context,
                relative_urls=settings.get("RELATIVE_URLS", False),
                url=url,
                page=page,
                history=history,
                entry=entry,
                json_ld=SiteJsonLd(settings, name=name, url=url),
            )
