"""One build's state: made when a build starts, closed when it ends.

Pelican keeps one instance across ``--autoreload`` rebuilds and fires
``initialized`` only once, so nothing here lives at module level: each run of
``Pelican.run`` gets a fresh :class:`Build`, stored on the settings dict that
readers, generators and content objects all share.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any, NoReturn

from pelican.log import LimitFilter

from legalsite.contacts.points import (
    SiteContacts,
    SiteContactsResult,
    build_site_contacts,
)
from legalsite.errors import ContentError, Problem
from legalsite.history.git import History, RepositoryState
from legalsite.pelican.problems import Reported, log_problem, problem_of
from legalsite.settings import SettingsError, SiteOptions, read_options
from legalsite.site.sitemap import SitemapEntry

# The settings key under which the running build is kept. Lower case, so it is
# never mistaken for a setting an author could write.
BUILD_KEY = "legalsite_build"
logger = logging.getLogger(__name__)


class BuildFailed(Reported):
    """Raised to end a build whose problems were logged, so Pelican exits 1.

    ``summary`` says why when the problems alone do not (warnings that fail
    a production build); the command line adds it to its summary line.
    """

    def __init__(self, message: str, *, summary: str = "") -> None:
        super().__init__(message)
        self.summary = summary


class ProblemLog(logging.Handler):
    """Every problem logged anywhere during one build, each once.

    Pelican logs "Could not process" for a broken page and still exits 0; this
    log is how the build learns that a page went missing. Records are read
    by :func:`problem_of`, so Pelican's messages that repeat ours are not
    counted twice.
    """

    def __init__(self, content_root: str) -> None:
        super().__init__(level=logging.WARNING)
        self.content_root = content_root
        self.problems: list[Problem] = []

    def emit(self, record: logging.LogRecord) -> None:
        problem = problem_of(record, content_root=self.content_root)
        if problem is not None and problem not in self.problems:
            self.problems.append(problem)

    @property
    def errors(self) -> list[str]:
        """The errors, as ``path:line[:col]: reason`` lines."""
        return [p.located for p in self.problems if p.severity == "error"]

    @property
    def warnings(self) -> list[str]:
        """The warnings, as ``path:line[:col]: reason`` lines."""
        return [p.located for p in self.problems if p.severity == "warning"]


class Build:
    """What one build accumulates across signals."""

    def __init__(
        self,
        options: SiteOptions,
        contacts: SiteContactsResult,
        *,
        content_root: str = "",
    ) -> None:
        self.options = options
        self.contacts = contacts
        self.counter = ProblemLog(content_root)
        self.sitemap: list[SitemapEntry] = []
        self.repairs: list[dict[str, Any]] = []
        self.suspects: list[dict[str, Any]] = []
        self.dropped: list[dict[str, Any]] = []
        self.comparisons: list[tuple[Any, Any]] = []
        self.history = History(RepositoryState(kind="none"))
        # Earlier texts, rendered; and what readers see of each (hashed).
        self.rendered = KeptTexts()
        self.visible = KeptTexts()
        # The Markdown instance this process's readers reset and reuse, or
        # False when the configured extensions do not allow it (readers.py).
        self.markdown: Any = None
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

    def load_kept(self, folder: Path) -> None:
        """What earlier builds kept about earlier texts, if readable."""
        self.rendered.load(folder / "revision-html.json")
        self.visible.load(folder / "revision-visible.json")

    def save_kept(self) -> None:
        """Keep what this build used about earlier texts, for the next build."""
        self.rendered.save()
        self.visible.save()


class KeptTexts:
    """Texts derived from earlier revisions, kept across builds by key.

    An earlier text never changes, so what is derived from it is computed once
    (in the cache folder scoped to the plugin's code and settings); each build
    keeps only what it used.
    """

    def __init__(self) -> None:
        self.texts: dict[str, str] = {}
        self.used: set[str] = set()
        self.path: Path | None = None

    def load(self, path: Path) -> None:
        """Read the texts an earlier build kept at ``path``, if readable."""
        self.path = path
        if path.is_file():
            try:
                self.texts = json.loads(path.read_text("utf-8"))
            except ValueError:
                self.texts = {}  # a damaged cache is rebuilt, never trusted

    def get(self, key: str, make: Callable[[], str]) -> str:
        """The text kept under ``key``, made (and kept) the first time."""
        if key not in self.texts:
            self.texts[key] = make()
        self.used.add(key)
        return self.texts[key]

    def save(self) -> None:
        """Write the texts this build used, for the next build."""
        if self.path is None or not self.used:
            return
        kept = {k: v for k, v in self.texts.items() if k in self.used}
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.path.write_text(json.dumps(kept, sort_keys=True), "utf-8")


def start_build(settings: dict[str, Any]) -> Build:
    """Validate the settings and make the build that every receiver will use.

    A build left open by an earlier run that stopped half-way is closed first,
    so its counter never counts this build's problems.
    """
    earlier = settings.get(BUILD_KEY)
    if isinstance(earlier, Build):
        earlier.close()
    # Pelican's log filter lets each warning through once per process: under
    # --autoreload, the second build would hide (and not count) every warning
    # the first one gave. Each build starts with the filter's memory cleared.
    LimitFilter._raised_messages.clear()
    LimitFilter._group_count.clear()
    options = _options(settings)
    # A report always belongs to the last build: one stopped by an error in a
    # template, while writing, leaves none rather than the previous one.
    Path(options.report_path).unlink(missing_ok=True)
    # The site's own hours are written in the site's language ("du lundi au
    # vendredi de 9h à 18h" on a French site).
    contacts = _site_contacts(options, language=settings.get("DEFAULT_LANG"))
    build = Build(options, contacts, content_root=settings["PATH"])
    settings[BUILD_KEY] = build
    # Templates render these (footer, support page); pages' JSON-LD lists them.
    settings["SITE_CONTACTS"] = build.contacts
    build.start_counting()
    return build


def build_of(settings: Mapping[str, Any]) -> Build:
    """The running build, for receivers and readers handed the settings."""
    return settings[BUILD_KEY]


def fail(problem: Problem) -> NoReturn:
    """Log ``problem`` and end the build with it."""
    log_problem(logger, problem)
    raise BuildFailed(problem.located)


def _options(settings: Mapping[str, Any]) -> SiteOptions:
    try:
        return read_options(settings)
    except SettingsError as error:
        fail(Problem(severity="error", reason=str(error), setting=error.setting))


def _site_contacts(options: SiteOptions, *, language: str | None) -> SiteContactsResult:
    try:
        return build_site_contacts(
            SiteContacts(
                contacts=options.contacts,
                hours=options.support_hours,
                region=options.region,
                language=language,
            )
        )
    except ContentError as error:
        name = "LEGALSITE_CONTACTS"
        fail(Problem(severity="error", reason=f"{name}: {error}", setting=name))
