"""One build's state: made when a build starts, closed when it ends.

Pelican keeps one instance across ``--autoreload`` rebuilds and fires
``initialized`` only once, so nothing here lives at module level: each run of
``Pelican.run`` gets a fresh :class:`Build`, stored on the settings dict that
readers, generators and content objects all share.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from legalsite.contacts.points import (
    SiteContacts,
    SiteContactsResult,
    build_site_contacts,
)
from legalsite.errors import ContentError
from legalsite.history.git import History, RepositoryState
from legalsite.settings import SettingsError, SiteOptions, read_options
from legalsite.site.sitemap import SitemapEntry

# The settings key under which the running build is kept. Lower case, so it is
# never mistaken for a setting an author could write.
BUILD_KEY = "legalsite_build"


class BuildFailed(RuntimeError):
    """Raised at the end of a build that logged errors, so Pelican exits 1."""


class ProblemCounter(logging.Handler):
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


class Build:
    """What one build accumulates across signals."""

    def __init__(self, options: SiteOptions, contacts: SiteContactsResult) -> None:
        self.options = options
        self.contacts = contacts
        self.counter = ProblemCounter()
        self.sitemap: list[SitemapEntry] = []
        self.repairs: list[dict[str, Any]] = []
        self.suspects: list[dict[str, Any]] = []
        self.dropped: list[dict[str, Any]] = []
        self.comparisons: list[tuple[Any, Any]] = []
        self.history = History(RepositoryState(kind="none"))
        self.rendered: dict[str, str] = {}
        self.rendered_used: set[str] = set()
        self.rendered_path: Path | None = None
        self.closed = False

    def start_counting(self) -> None:
        logging.getLogger().addHandler(self.counter)

    def close(self) -> None:
        """Stop counting and let go of git; safe to call twice."""
        if self.closed:
            return
        self.closed = True
        logging.getLogger().removeHandler(self.counter)
        self.history.close()

    def load_rendered(self, path: Path) -> None:
        """Earlier texts' renderings kept by the previous build, if readable."""
        self.rendered_path = path
        if path.is_file():
            try:
                self.rendered = json.loads(path.read_text("utf-8"))
            except ValueError:
                self.rendered = {}  # a damaged cache is rebuilt, never trusted

    def save_rendered(self) -> None:
        """Keep the renderings this build used, for the next build."""
        if self.rendered_path is None or not self.rendered_used:
            return
        kept = {k: v for k, v in self.rendered.items() if k in self.rendered_used}
        self.rendered_path.parent.mkdir(parents=True, exist_ok=True)
        self.rendered_path.write_text(json.dumps(kept, sort_keys=True), "utf-8")


def start_build(settings: dict[str, Any]) -> Build:
    """Validate the settings and make the build that every receiver will use.

    A build left open by an earlier run that stopped half-way is closed first,
    so its counter never counts this build's problems.
    """
    earlier = settings.get(BUILD_KEY)
    if isinstance(earlier, Build):
        earlier.close()
    options = _options(settings)
    build = Build(options, _site_contacts(options))
    settings[BUILD_KEY] = build
    # Templates render these (footer, support page); pages' JSON-LD lists them.
    settings["SITE_CONTACTS"] = build.contacts
    build.start_counting()
    return build


def build_of(settings: Mapping[str, Any]) -> Build:
    """The running build, for receivers and readers handed the settings."""
    return settings[BUILD_KEY]


def _options(settings: Mapping[str, Any]) -> SiteOptions:
    try:
        return read_options(settings)
    except SettingsError as error:
        raise BuildFailed(f"pelicanconf: {error}") from error


def _site_contacts(options: SiteOptions) -> SiteContactsResult:
    try:
        return build_site_contacts(
            SiteContacts(
                contacts=options.contacts,
                hours=options.support_hours,
                region=options.region,
            )
        )
    except ContentError as error:
        raise BuildFailed(f"pelicanconf: LEGALSITE_CONTACTS: {error}") from error
