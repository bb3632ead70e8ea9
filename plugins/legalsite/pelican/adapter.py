"""The only module that knows Pelican: signals, the reader, settings, logging.

Receivers are short and call the pure core; everything a build accumulates
lives in one :class:`BuildState` that is reset when the build ends.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import importlib.metadata
import itertools
import json
import logging
import os
import shutil
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from markdown import Markdown
from pelican import signals
from pelican.readers import HTMLReader, MarkdownReader
from pelican.utils import get_relative_path, path_to_url

from legalsite.contacts.points import SiteContact, SiteContacts, build_site_contacts
from legalsite.errors import ContentError
from legalsite.history.dates import choose_dates, repository_notice
from legalsite.history.git import GitError, History, RepositoryState, read_history
from legalsite.history.revisions import PageHistory, build_page_history, history_url
from legalsite.html.compare import compare_texts, text_of_html
from legalsite.page.pipeline import (
    FinishedHTML,
    PageFacts,
    PreparedSource,
    choose_region,
    describe_page,
    finish_html,
    prepare_source,
)
from legalsite.settings import SettingsError, SiteOptions, read_options
from legalsite.site.sitemap import SitemapEntry, render_robots, render_sitemap
from legalsite.site.structured_data import build_page_data, serialize_json_ld

logger = logging.getLogger(__name__)


class BuildFailed(RuntimeError):
    """Raised at the end of a build that logged errors, so Pelican exits 1."""


class _ProblemCounter(logging.Handler):
    """Counts errors (and warnings) logged anywhere during a build.

    Pelican logs "Could not process" for a broken page and still exits 0; this
    counter is how the build learns that a page went missing.
    """

    def __init__(self) -> None:
        super().__init__(level=logging.WARNING)
        self.errors: list[str] = []
        self.warnings: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        target = self.errors if record.levelno >= logging.ERROR else self.warnings
        target.append(record.getMessage())


class BuildState:
    """What one build accumulates across signals; reset when the build ends."""

    def __init__(self) -> None:
        self.options = SiteOptions()
        self.counter = _ProblemCounter()
        self.sitemap: list[SitemapEntry] = []
        self.repairs: list[dict[str, Any]] = []
        self.suspects: list[dict[str, Any]] = []
        self.dropped: list[dict[str, Any]] = []
        self.comparisons: list[tuple[Any, Any]] = []
        self.history = History(RepositoryState(kind="none"))
        self.rendered: dict[str, str] = {}
        self.rendered_used: set[str] = set()
        self.rendered_path: Path | None = None

    def reset(self) -> None:
        self.rendered.clear()
        self.rendered_used.clear()
        self.history.close()
        self.history = History(RepositoryState(kind="none"))
        self.counter.errors.clear()
        self.counter.warnings.clear()
        self.sitemap.clear()
        self.repairs.clear()
        self.suspects.clear()
        self.dropped.clear()
        self.comparisons.clear()


STATE = BuildState()


def _shown(path: str) -> str:
    """The path as messages show it: relative to where the build runs, if inside."""
    relative = os.path.relpath(path)
    return os.path.abspath(path) if relative.startswith("..") else relative


class _LegalReading:
    """The plugin's steps around a Pelican reader: decode, repair, describe.

    The reader's output is what Pelican's reader cache stores, so the
    plugin's own work is cached along with Markdown's.
    """

    settings: dict[str, Any]
    # Each reader below provides ``_render(prepared)``: its own format's HTML,
    # the header as written, and Pelican's parsed metadata.

    def _read_with_plugin(self, source_path: str) -> tuple[str, dict[str, Any]]:
        shown = _shown(source_path)
        try:
            prepared = prepare_source(Path(source_path).read_bytes())
            facts, metadata, finished = self._run_pipeline(prepared)
        except ContentError as error:
            logger.error("%s", error.located(shown))
            raise
        for line, reason in facts.warnings:
            logger.warning("%s:%s: %s", shown, line, reason)
        for warning in finished.warnings:
            logger.warning("%s: %s", shown, warning)
        for repair in prepared.repairs:
            logger.info(
                "%s:%s: %r -> %r (%s)",
                shown,
                repair["line"],
                repair["before"],
                repair["after"],
                repair["explanation"],
            )
        # Carried in the metadata so that a page read from the cache still
        # reports them in every build's report.
        metadata["legalsite_repairs"] = list(prepared.repairs)
        metadata["legalsite_suspects"] = list(prepared.suspects)
        metadata["legalsite_dropped"] = list(prepared.dropped)
        metadata["legalsite_structured"] = facts.structured_data
        metadata["legalsite_lines"] = dict(prepared.field_lines)
        metadata["legalsite_contact_points"] = list(finished.contact_points)
        return finished.html, metadata

    def render_source(self, text: str, source_path: str) -> str:
        """Render an earlier text of ``source_path`` the way the page is rendered.

        For the revision history: nothing is logged or reported, since the
        earlier text is not what the page publishes now.
        """
        self._source_path = source_path
        return self._run_pipeline(prepare_source(text.encode("utf-8")))[2].html

    def _run_pipeline(
        self, prepared: PreparedSource
    ) -> tuple[PageFacts, dict[str, Any], FinishedHTML]:
        """Render, describe and finish one prepared source."""
        html, header, metadata = self._render(prepared)
        facts = describe_page(prepared, header)
        metadata.update(facts.metadata)
        region = choose_region(metadata, default=STATE.options.region)
        return facts, metadata, finish_html(html, region=region, source=prepared.source)


class LegalMarkdownReader(_LegalReading, MarkdownReader):
    """Markdown, read through the plugin's steps."""

    def read(self, source_path: str) -> tuple[str, dict[str, Any]]:
        self._source_path = source_path
        return self._read_with_plugin(source_path)

    def _render(
        self, prepared: PreparedSource
    ) -> tuple[str, dict[str, str], dict[str, Any]]:
        self._md = Markdown(**self.settings["MARKDOWN"])
        html = self._md.convert(prepared.text)
        meta = getattr(self._md, "Meta", {})
        header = {k.lower(): "\n".join(v) for k, v in meta.items()}
        parsed = self._parse_metadata(meta) if meta else {}
        for name, value in prepared.metadata.items():
            parsed.setdefault(name, self.process_metadata(name, value))
        return html, header, parsed


class LegalHTMLReader(_LegalReading, HTMLReader):
    """HTML sources, read through the plugin's steps."""

    def read(self, filename: str) -> tuple[str, dict[str, Any]]:
        return self._read_with_plugin(filename)

    def _render(
        self, prepared: PreparedSource
    ) -> tuple[str, dict[str, str], dict[str, Any]]:
        parser = self._HTMLParser(self.settings, "")
        parser.feed(prepared.text)
        parser.close()
        header = {k.lower(): str(v) for k, v in parser.metadata.items()}
        parsed = {k: self.process_metadata(k, v) for k, v in parser.metadata.items()}
        return parser.body, header, parsed


def _install_reader(readers: Any) -> None:
    for reader in (LegalMarkdownReader, LegalHTMLReader):
        for extension in reader.file_extensions:
            readers.reader_classes[extension] = reader


_CACHE_INPUTS = (
    "pelican",
    "markdown",
    "ftfy",
    "phonenumbers",
    "beautifulsoup4",
    "lxml",
)
_CACHE_SETTINGS = ("MARKDOWN", "FORMATTED_FIELDS", "TYPOGRIFY", "DEFAULT_LANG")


def _scope_cache(settings: dict[str, Any]) -> None:
    """Give the reader cache a folder of its own per plugin code and settings.

    Pelican's cache only checks each source file's stamp, so a page cached
    before the plugin or its settings changed would be served unrepaired.
    The folder's name is a hash of everything that shapes a page's output.
    """
    digest = hashlib.sha256()
    for module in sorted(Path(__file__).parents[1].rglob("*.py")):
        digest.update(module.read_bytes())
    for name in _CACHE_INPUTS:
        digest.update(f"{name}={importlib.metadata.version(name)};".encode())
    shaping = {k: v for k, v in settings.items() if k in _CACHE_SETTINGS}
    shaping.update((k, v) for k, v in settings.items() if k.startswith("LEGALSITE_"))
    digest.update(repr(sorted(shaping.items(), key=lambda item: item[0])).encode())
    root = Path(settings["CACHE_PATH"])
    scoped = root / f"legalsite-{digest.hexdigest()[:16]}"
    if root.is_dir():
        for stale in root.glob("legalsite-*"):
            if stale != scoped:
                shutil.rmtree(stale, ignore_errors=True)
    settings["CACHE_PATH"] = str(scoped)


def _initialise(pelican: Any) -> None:
    STATE.reset()
    try:
        STATE.options = read_options(pelican.settings)
    except SettingsError as error:
        raise BuildFailed(f"pelicanconf: {error}") from error
    _scope_cache(pelican.settings)
    options = STATE.options
    try:
        site = build_site_contacts(
            SiteContacts(
                contacts=tuple(
                    SiteContact(label=c.label, phone=c.phone) for c in options.contacts
                ),
                hours=options.support_hours,
                region=options.region,
            )
        )
    except ContentError as error:
        raise BuildFailed(f"pelicanconf: LEGALSITE_CONTACTS: {error}") from error
    # Templates render these (footer, support page); pages' JSON-LD lists them.
    pelican.settings["SITE_CONTACTS"] = site
    logging.getLogger().addHandler(STATE.counter)
    _read_history(pelican.settings)


def _read_history(settings: dict[str, Any]) -> None:
    """Read the content's git history once per build; say what git cannot give."""
    cache = Path(settings["CACHE_PATH"]) / "history.json"
    STATE.rendered_path = Path(settings["CACHE_PATH"]) / "revision-html.json"
    if STATE.rendered_path.is_file():
        try:
            STATE.rendered = json.loads(STATE.rendered_path.read_text("utf-8"))
        except ValueError:
            STATE.rendered = {}  # a damaged cache is rebuilt, never trusted
    try:
        STATE.history = read_history(settings["PATH"], cache_path=cache)
    except GitError as error:
        raise BuildFailed(str(error)) from error
    state = STATE.history.state
    notice = repository_notice(state, strict=STATE.options.fail_on_warnings)
    if notice is not None and notice.level == "error":
        raise BuildFailed(notice.message)
    if notice is not None:
        logger.log(logging.getLevelName(notice.level.upper()), "%s", notice.message)


def _record_page(content: Any) -> None:
    """Collect the page's repairs for the report, and attach its JSON-LD."""
    source = _shown(content.source_path)
    for key, target in (
        ("legalsite_repairs", STATE.repairs),
        ("legalsite_suspects", STATE.suspects),
        ("legalsite_dropped", STATE.dropped),
    ):
        target.extend(
            {"path": source, **item} for item in content.metadata.get(key, ())
        )
    url = content.url  # Pelican formats it anew on every read
    _date_page(content, source, url)
    _attach_structured_data(content, url)


def _date_page(content: Any, shown: str, url: str) -> None:
    """Give the page its dates and, for a legal page git knows, a history URL."""
    history = STATE.history.for_file(content.source_path)
    content.dates = choose_dates(content.metadata, history, STATE.history.state)
    legal = bool(content.metadata.get("legal"))
    published = legal and history.revisions and STATE.options.history
    content.history_url = history_url(url) if published else ""
    if legal and content.metadata.get("status") != "draft":
        for warning in content.dates.warnings:
            logger.warning("%s: %s", shown, warning)


def _merge_points(*groups: Any) -> list[dict[str, Any]]:
    """Site contacts, then the page's own, each telephone number once."""
    seen: dict[str, dict[str, Any]] = {}
    for group in groups:
        for point in group:
            key = point.get("telephone") or point.get("faxNumber") or repr(point)
            seen.setdefault(key, point)
    return list(seen.values())


def _json_ld_for(
    settings: dict[str, Any],
    *,
    name: str,
    url: str,
    metadata: dict[str, Any] | None = None,
    extra: Mapping[str, Any] | None = None,
) -> str:
    """The page's one JSON-LD block, with the site's contacts and the page's own."""
    metadata = metadata or {}
    site_url = settings.get("SITEURL", "")
    absolute = bool(site_url) and not settings.get("RELATIVE_URLS")
    data = build_page_data(
        name=name,
        url=f"{site_url}/{url}" if absolute else "",
        publisher=settings.get("PUBLISHER", settings.get("AUTHOR", "")),
        site_name=settings.get("SITENAME", ""),
        site_url=f"{site_url}/" if absolute else "",
        description=metadata.get("summary", ""),
        language=metadata.get("lang", settings.get("DEFAULT_LANG", "en")),
        extra={**metadata.get("legalsite_structured", {}), **(extra or {})},
        contact_points=_merge_points(
            settings["SITE_CONTACTS"].contact_points,
            metadata.get("legalsite_contact_points", ()),
        ),
    )
    return serialize_json_ld(data)


class _JsonLdWhenWritten:
    """A page's JSON-LD, serialised when its template writes it.

    Kept as text on every page until the end of the build, it would add
    ~1.3 KB per page to the build's peak memory. Jinja's ``safe`` filter and
    ``str()`` both ask for the text.
    """

    __slots__ = ("_content", "_url")

    def __init__(self, content: Any, url: str) -> None:
        self._content, self._url = content, url

    def __str__(self) -> str:
        content = self._content
        legal = content.metadata.get("legal")
        return _json_ld_for(
            content.settings,
            name=content.title,
            url=self._url,
            metadata=content.metadata,
            extra=content.dates.structured_data() if legal else {},
        )

    __html__ = __str__

    def __bool__(self) -> bool:
        return True


def _attach_structured_data(content: Any, url: str) -> None:
    content.json_ld = _JsonLdWhenWritten(content, url)


def _collect_sitemap(generator: Any) -> None:
    if not STATE.options.sitemap:
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
        STATE.sitemap.extend(
            SitemapEntry(url=f"{site_url}/{url}", lastmod=lastmod) for url in urls
        )
    archived = [
        page.provenance.archived_datetime[:10]
        for page in (*generator.pages, *generator.hidden_pages)
        if getattr(page, "provenance", None) is not None
    ]
    if archived:  # the archive index lists them: it changes with the newest
        newest = dt.date.fromisoformat(max(archived))
        STATE.sitemap.append(SitemapEntry(url=f"{site_url}/archive/", lastmod=newest))


def _write_sitemap(output_path: str, site_url: str) -> None:
    output = Path(output_path)
    (output / "sitemap.xml").write_text(render_sitemap(STATE.sitemap), "utf-8")
    robots = render_robots(sitemap_url=f"{site_url}/sitemap.xml")
    (output / "robots.txt").write_text(robots, "utf-8")


def _refuse_duplicate_outputs(generator: Any) -> None:
    """Stop before writing when two sources would write the same file.

    Pelican would write the first and then crash on the second with a
    traceback; authors get one line per clash instead, pointing at the field
    to change.
    """
    writers: dict[str, list[Any]] = {}
    for page in (
        *generator.pages,
        *generator.hidden_pages,
        *generator.draft_pages,
        *generator.translations,
        *generator.hidden_translations,
        *generator.draft_translations,
    ):
        writers.setdefault(os.path.normpath(page.save_as), []).append(page)
    clashes = 0
    for save_as, pages in sorted(writers.items()):
        if len(pages) < 2:
            continue
        clashes += 1
        for page in pages:
            lines = page.metadata.get("legalsite_lines", {})
            line = lines.get("save_as") or lines.get("slug") or 1
            others = ", ".join(_shown(p.source_path) for p in pages if p is not page)
            logger.error(
                "%s:%s: this page and %s would both be written to %s; "
                "give one of them another Slug",
                _shown(page.source_path),
                line,
                others,
                save_as,
            )
    if clashes:
        # Pelican would go on to write, and crash on the second file: stop
        # here, with the report written as at the end of any failed build.
        path = _write_report()
        STATE.reset()
        raise BuildFailed(
            f"{clashes} output path(s) claimed by more than one page "
            f"(report: {path}); nothing was written"
        )


def _link_archive_versions(generator: Any) -> None:
    """Order each domain's archived versions and link neighbours to each other."""
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
            STATE.comparisons.append((older, newer))
        groups.append((domain, versions[::-1]))
    generator.context["archive_groups"] = groups


def _write_archive_pages(generator: Any, writer: Any) -> None:
    """Write the archive index and each "what changed" view."""
    settings = generator.settings
    relative = settings.get("RELATIVE_URLS", False)
    if generator.context.get("archive_groups"):
        writer.write_file(
            "archive/index.html",
            generator.get_template("archive-index"),
            generator.context,
            relative_urls=relative,
            url="archive/",
            json_ld=_json_ld_for(settings, name="Archived documents", url="archive/"),
        )
    for older, newer in STATE.comparisons:
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
            json_ld=_json_ld_for(
                settings,
                name=f"What changed: {newer.title}",
                url=newer.archive_changes_url,
            ),
        )


def _renderer(generator: Any, page: Any, depth_of: str) -> Callable[[str], str]:
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
        if key not in STATE.rendered:
            html = reader.render_source(text, page.source_path)
            STATE.rendered[key] = page._update_content(html, siteurl)
        STATE.rendered_used.add(key)
        return STATE.rendered[key]

    return render


def _page_history(generator: Any, page: Any) -> PageHistory:
    history = STATE.history.for_file(page.source_path)
    return build_page_history(
        history,
        page_url=page.url,
        read=lambda revision: STATE.history.blob(revision.commit, revision.path),
        render=_renderer(generator, page, f"{page.history_url}x/index.html"),
    )


def _write_history_pages(generator: Any, writer: Any) -> None:
    """Write each legal page's history, superseded versions and comparisons."""
    settings = generator.settings
    for page in generator.pages:
        if not getattr(page, "history_url", ""):
            continue
        history = _page_history(generator, page)
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
                json_ld=_json_ld_for(settings, name=name, url=url),
            )


def _position(item: dict[str, Any]) -> tuple[str, int, int]:
    return (item["path"], item["line"], item["col"])


def _write_report() -> Path:
    """Write the build's report (errors, warnings, repairs) and stop counting."""
    counter = STATE.counter
    logging.getLogger().removeHandler(counter)
    report = {
        "errors": list(counter.errors),
        "warnings": list(counter.warnings),
        "repairs": sorted(STATE.repairs, key=_position),
        "suspects": sorted(STATE.suspects, key=_position),
        "dropped": sorted(STATE.dropped, key=_position),
    }
    path = Path(STATE.options.report_path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(report, indent=2, sort_keys=True) + "\n", "utf-8")
    return path


def _save_rendered_revisions() -> None:
    """Keep the renderings this build used, for the next build."""
    if STATE.rendered_path is None or not STATE.rendered_used:
        return
    kept = {k: v for k, v in STATE.rendered.items() if k in STATE.rendered_used}
    STATE.rendered_path.parent.mkdir(parents=True, exist_ok=True)
    STATE.rendered_path.write_text(json.dumps(kept, sort_keys=True), "utf-8")


def _finish(pelican: Any) -> None:
    counter = STATE.counter
    path = _write_report()
    _save_rendered_revisions()
    errors = len(counter.errors)
    warnings = [
        w
        for w in counter.warnings
        if not any(allowed in w for allowed in STATE.options.allowed_warnings)
    ]
    if STATE.options.sitemap and not errors:
        _write_sitemap(pelican.output_path, pelican.settings.get("SITEURL", ""))
    STATE.reset()
    if errors:
        raise BuildFailed(
            f"{errors} error(s) in the build; see the messages above "
            f"(report: {path}). Nothing from this build may be published."
        )
    if STATE.options.fail_on_warnings and warnings:
        raise BuildFailed(
            f"{len(warnings)} warning(s) in a build that allows none "
            "(LEGALSITE_FAIL_ON_WARNINGS); see the messages above."
        )


def register() -> None:
    """Connect the plugin to Pelican's signals."""
    # Validate settings once, before any page is read.
    signals.initialized.connect(_initialise)
    # Swap in our reader: decoding, repairs and enrichment happen as text is
    # read, before Markdown and typography, and land in Pelican's reader cache.
    signals.readers_init.connect(_install_reader)
    # URLs are known once the content object exists; JSON-LD needs them.
    signals.content_object_init.connect(_record_page)
    # Published pages and their URLs are final once the page generator is done.
    signals.page_generator_finalized.connect(_refuse_duplicate_outputs)
    signals.page_generator_finalized.connect(_collect_sitemap)
    # Archived versions of one domain link to each other; the archive index
    # and the "what changed" views are written with the other pages.
    signals.page_generator_finalized.connect(_link_archive_versions)
    signals.page_writer_finalized.connect(_write_archive_pages)
    # Each legal page's revision history is written with the other pages,
    # once every page's URL is final and links between pages resolve.
    signals.page_writer_finalized.connect(_write_history_pages)
    # Fail the build (exit 1) when anything went wrong, and write the report.
    signals.finalized.connect(_finish)
