"""A page's public revision history: which revisions, what each one says, at which URLs.

From a file's git revisions to the history index, one readable page per
superseded revision and one comparison per change. A commit that changes
nothing readers see is no revision, and a commit's subject (written for the
team) is never published unless the site asks. Pure: reading old texts and
rendering them are callables the adapter passes in; writing is its job.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from dataclasses import dataclass, replace

from legalsite.errors import ContentError
from legalsite.history.dates import date_words
from legalsite.history.git import FileHistory, Revision
from legalsite.html.compare import Comparison, compare_texts, text_of_html


@dataclass(frozen=True, kw_only=True)
class RevisionEntry:
    """One revision as the history shows it.

    ``url`` is where its text reads: the page itself for the current
    revision, ``<page>history/<short>/`` for a superseded one. ``changes_url``
    compares it with ``older`` (None for the first revision). ``problem`` says
    why ``html`` is the source as plain text rather than the rendered page.
    ``summary`` is the public line the history shows for it, or empty.
    """

    revision: Revision
    url: str
    changes_url: str | None
    html: str
    comparison: Comparison | None
    older: Revision | None
    newer: Revision | None
    problem: str = ""
    summary: str = ""

    @property
    def public_line(self) -> str:
        """What readers are told about this revision besides its date.

        The summary written for them, else only that the text was revised
        (or first published): never a commit subject the site did not choose
        to publish.
        """
        if self.summary:
            return self.summary
        return "Revised" if self.older is not None else "First published"

    @property
    def current(self) -> bool:
        """True for the revision the page shows now."""
        return self.newer is None

    @property
    def date_words(self) -> str:
        """The revision's date in words (UTC)."""
        return date_words(self.revision.date.date())

    @property
    def iso_date(self) -> str:
        """The revision's date, ``YYYY-MM-DD`` (UTC), for ``<time datetime>``."""
        return self.revision.date.date().isoformat()

    @property
    def superseded_words(self) -> str:
        """When a newer revision replaced this one, in words; empty if current."""
        return date_words(self.newer.date.date()) if self.newer else ""

    @property
    def superseded_iso(self) -> str:
        """When a newer revision replaced this one, ``YYYY-MM-DD``."""
        return self.newer.date.date().isoformat() if self.newer else ""

    @property
    def older_words(self) -> str:
        """The date of the revision before this one, in words; empty if first."""
        return date_words(self.older.date.date()) if self.older else ""

    @property
    def older_iso(self) -> str:
        """The date of the revision before this one, ``YYYY-MM-DD``."""
        return self.older.date.date().isoformat() if self.older else ""


@dataclass(frozen=True, kw_only=True)
class PageHistory:
    """Everything a page's history pages show; entries newest first."""

    page_url: str
    url: str
    entries: tuple[RevisionEntry, ...]

    def superseded(self) -> tuple[RevisionEntry, ...]:
        """Revisions that need a page of their own: all but the current one."""
        return tuple(e for e in self.entries if not e.current)

    def compared(self) -> tuple[RevisionEntry, ...]:
        """Revisions with a comparison page: all but the first one."""
        return tuple(e for e in self.entries if e.changes_url)


def history_url(page_url: str) -> str:
    """Where a page's history lives: ``<page url>history/``.

    A page saved as a file (``terms.html``) gets ``terms/history/``.

    >>> history_url("privacy-policy/"), history_url("terms.html"), history_url("")
    ('privacy-policy/history/', 'terms/history/', 'history/')
    """
    if page_url.endswith(".html"):
        page_url = page_url.removesuffix(".html") + "/"
    return f"{page_url}history/" if page_url else "history/"


def public_summary(revision: Revision, *, subjects: bool = False) -> str:
    """The line a revision publishes: its ``Public-Summary:`` trailer, else its
    commit subject when the site publishes subjects, else nothing.

    >>> import datetime as dt
    >>> r = Revision(commit="c", short="c", date=dt.datetime(2024, 1, 1),
    ...              subject="Fix per JIRA-123", path="p.md", blob="b")
    >>> public_summary(r), public_summary(r, subjects=True)
    ('', 'Fix per JIRA-123')
    """
    if revision.summary:
        return revision.summary
    return revision.subject if subjects else ""


def visible_revisions(
    history: FileHistory, *, fingerprint: Callable[[Revision], str]
) -> FileHistory:
    """Only the revisions that changed what readers see, newest first.

    ``fingerprint`` gives what a revision shows readers (its rendered page,
    whitespace aside, and its fields in any order). A commit that reflows a
    paragraph or reorders the header changes the file, not the page: it is
    no revision, and the page keeps the date of the one before it.
    """
    if len(history.revisions) < 2:
        return history
    kept: list[Revision] = []
    shown = None
    for revision in reversed(history.revisions):  # oldest first
        seen = fingerprint(revision)
        if seen != shown:
            kept.append(revision)
            shown = seen
    return replace(history, revisions=tuple(reversed(kept)))


def build_page_history(
    history: FileHistory,
    *,
    page_url: str,
    read: Callable[[Revision], str],
    render: Callable[[str], str],
    subjects: bool = False,
) -> PageHistory:
    """Render every revision and compare each with the one before it.

    ``read`` gives a revision's source text; ``render`` turns source into the
    page body exactly as the page itself is rendered, so comparisons are
    between what readers saw. A revision that no longer renders (it uses a
    field since removed) is shown as its source text, with the reason.
    ``subjects`` publishes commit subjects where no summary was written.
    """
    base = history_url(page_url)
    revisions = history.revisions
    # A page with one revision has nothing superseded and nothing to compare:
    # its only revision reads on the page itself, so nothing is rendered.
    rendered: list[tuple[str, str]] = (
        [_render(read(r), render) for r in revisions]
        if len(revisions) > 1
        else [("", "")] * len(revisions)
    )
    entries: list[RevisionEntry] = []
    for index, revision in enumerate(revisions):
        newer = revisions[index - 1] if index > 0 else None
        older = revisions[index + 1] if index + 1 < len(revisions) else None
        html, problem = rendered[index]
        comparison = None
        if older is not None:
            comparison = compare_texts(
                text_of_html(rendered[index + 1][0]), text_of_html(html)
            )
        own = f"{base}{revision.short}/"
        entries.append(
            RevisionEntry(
                revision=revision,
                url=page_url if newer is None else own,
                changes_url=f"{own}changes/" if older is not None else None,
                html=html,
                comparison=comparison,
                older=older,
                newer=newer,
                problem=problem,
                summary=public_summary(revision, subjects=subjects),
            )
        )
    return PageHistory(page_url=page_url, url=base, entries=tuple(entries))


def _render(source: str, render: Callable[[str], str]) -> tuple[str, str]:
    try:
        return render(source), ""
    except ContentError as error:
        shown = html.escape(source, quote=False)
        return f"<pre>{shown}</pre>", f"shown as written: {error.reason}"
