"""A page's public revision history: which pages show it, at which URLs.

From a file's git revisions to the history index, one readable page per
superseded revision and one comparison per change. Pure: reading old texts
and rendering them are callables the adapter passes in; writing is its job.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from dataclasses import dataclass

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
    """

    revision: Revision
    url: str
    changes_url: str | None
    html: str
    comparison: Comparison | None
    older: Revision | None
    newer: Revision | None
    problem: str = ""

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


def build_page_history(
    history: FileHistory,
    *,
    page_url: str,
    read: Callable[[Revision], str],
    render: Callable[[str], str],
) -> PageHistory:
    """Render every revision and compare each with the one before it.

    ``read`` gives a revision's source text; ``render`` turns source into the
    page body exactly as the page itself is rendered, so comparisons are
    between what readers saw. A revision that no longer renders (it uses a
    field since removed) is shown as its source text, with the reason.
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
            )
        )
    return PageHistory(page_url=page_url, url=base, entries=tuple(entries))


def _render(source: str, render: Callable[[str], str]) -> tuple[str, str]:
    try:
        return render(source), ""
    except ContentError as error:
        shown = html.escape(source, quote=False)
        return f"<pre>{shown}</pre>", f"shown as written: {error.reason}"
