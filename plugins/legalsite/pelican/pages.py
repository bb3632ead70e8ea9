"""Per-page work once Pelican made the content object: dates, report, JSON-LD."""

from __future__ import annotations

import functools
import hashlib
import logging
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from legalsite.errors import Problem
from legalsite.history.dates import choose_dates, repository_notice
from legalsite.history.git import FileHistory, GitError, Revision, read_history
from legalsite.history.revisions import history_url, visible_revisions
from legalsite.pelican.build import Build, build_of, fail
from legalsite.pelican.problems import log_problem, shown
from legalsite.pelican.readers import reader_for
from legalsite.site.structured_data import build_page_data, serialize_json_ld

logger = logging.getLogger(__name__)


def read_history_once(settings: dict[str, Any], build: Build) -> None:
    """Read the content's git history once per build; say what git cannot give."""
    cache = Path(settings["CACHE_PATH"]) / "history.json"
    build.load_kept(Path(settings["CACHE_PATH"]))
    try:
        build.history = read_history(settings["PATH"], cache_path=cache)
    except GitError as error:
        fail(Problem(severity="error", reason=str(error)))
    state = build.history.state
    notice = repository_notice(state, strict=build.options.fail_on_warnings)
    if notice is None:
        return
    if notice.level == "info":
        logger.info("%s", notice.message)
        return
    problem = Problem(severity=notice.level, reason=notice.message)
    if notice.level == "error":
        fail(problem)
    log_problem(logger, problem)


def record_page(content: Any) -> None:
    """Report the page's warnings, collect its repairs, and attach its JSON-LD."""
    build = build_of(content.settings)
    metadata = content.metadata
    # The path as messages show it, made only for a page with something to say.
    source = functools.cache(lambda: shown(content.source_path))
    # Said on every build, the page read afresh or from the reader cache.
    for warning in metadata.get("legalsite_warnings", ()):
        problem = Problem(severity="warning", path=source(), **warning)
        log_problem(logger, problem)
    for key, target in (
        ("legalsite_repairs", build.repairs),
        ("legalsite_suspects", build.suspects),
        ("legalsite_dropped", build.dropped),
    ):
        target.extend({"path": source(), **item} for item in metadata.get(key, ()))
    url = content.url  # Pelican formats it anew on every read
    _date_page(build, content, source, url)
    _attach_structured_data(content, url)


def _date_page(build: Build, content: Any, source: Callable[[], str], url: str) -> None:
    """Give the page its dates and, for a legal page git knows, a history URL."""
    history = _visible_history(build, content)
    content.file_history = history
    content.dates = choose_dates(content.metadata, history, build.history.state)
    legal = bool(content.metadata.get("legal"))
    published = legal and history.revisions and build.options.history
    content.history_url = history_url(url) if published else ""
    if legal and content.metadata.get("status") != "draft":
        for warning in content.dates.warnings:
            problem = Problem(severity="warning", path=source(), reason=warning)
            log_problem(logger, problem)


def _visible_history(build: Build, content: Any) -> FileHistory:
    """The page's revisions that changed what readers see.

    Each earlier text is read through the page's own reader; what it shows is
    kept (hashed) across builds, keyed by the text's blob, which never changes.
    """
    history = build.history.for_file(content.source_path)
    if len(history.revisions) < 2:
        return history
    reader = reader_for(content.settings, content.source_path)

    def fingerprint(revision: Revision) -> str:
        def make() -> str:
            text = build.history.blob(revision.commit, revision.path)
            seen = reader.visible_text(text, content.source_path)
            return hashlib.sha256(seen.encode()).hexdigest()

        kind = Path(content.source_path).suffix  # read as Markdown or HTML
        return build.visible.get(f"{kind}\0{revision.blob}", make)

    return visible_revisions(history, fingerprint=fingerprint)


def _merge_points(*groups: Any) -> list[dict[str, Any]]:
    """Site contacts, then the page's own, each telephone number once."""
    seen: dict[str, dict[str, Any]] = {}
    for group in groups:
        for point in group:
            key = point.get("telephone") or point.get("faxNumber") or repr(point)
            seen.setdefault(key, point)
    return list(seen.values())


def json_ld_for(
    settings: dict[str, Any],
    *,
    name: str,
    url: str,
    metadata: dict[str, Any] | None = None,
    extra: Mapping[str, Any] | None = None,
) -> str:
    """The page's one JSON-LD block, with the site's contacts and the page's own.

    The numbers in an archived copy of another site's document are that
    site's: they go on its organisation, and the publisher keeps the site's.
    """
    metadata = metadata or {}
    owner = metadata.get("legalsite_owner")
    page_points = metadata.get("legalsite_contact_points", ())
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
            settings["SITE_CONTACTS"].contact_points, () if owner else page_points
        ),
        document_owner=owner,
        owner_points=_merge_points(page_points) if owner else (),
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
        return json_ld_for(
            content.settings,
            name=content.title,
            url=self._url,
            metadata=content.metadata,
            extra=content.dates.structured_data() if legal else {},
        )

    __html__ = __str__

    def __bool__(self) -> bool:
        return True


class SiteJsonLd:
    """The JSON-LD of a page the site makes (a history view), made when written.

    A rebuild keys the file by the name and URL it is made from (and the
    settings, which every key covers) and, when the file is unchanged, never
    serialises it; a cold build serialises it in the worker that writes it.
    """

    def __init__(self, settings: dict[str, Any], *, name: str, url: str) -> None:
        self.settings, self.name, self.url = settings, name, url

    def __str__(self) -> str:
        return json_ld_for(self.settings, name=self.name, url=self.url)

    __html__ = __str__

    def __bool__(self) -> bool:
        return True


def _attach_structured_data(content: Any, url: str) -> None:
    content.json_ld = _JsonLdWhenWritten(content, url)
