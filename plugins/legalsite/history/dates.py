"""Which dates a page shows: when it takes effect and when it was last updated.

The rules, with the metadata override and what to say when git cannot help;
pure, fed by ``history.py``. Reading git and rendering are elsewhere.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal

from legalsite.history.git import FileHistory, RepositoryState
from legalsite.text.written_dates import date_words


@dataclass(frozen=True, kw_only=True)
class PageDates:
    """A page's effective and last-updated dates, and where the latter came from.

    ``updated_from`` is ``"metadata"`` (an ``Updated:`` field), ``"git"`` (the
    last commit that changed the source) or ``""`` (unknown; ``warnings`` then
    says what to do).
    """

    effective: dt.date | None = None
    updated: dt.date | None = None
    updated_from: Literal["metadata", "git", ""] = ""
    warnings: tuple[str, ...] = ()

    @property
    def effective_words(self) -> str:
        """The effective date as people read it, e.g. ``1 January 2025``."""
        return date_words(self.effective) if self.effective else ""

    @property
    def updated_words(self) -> str:
        """The last-updated date as people read it."""
        return date_words(self.updated) if self.updated else ""

    def structured_data(self) -> dict[str, str]:
        """schema.org ``datePublished`` (effective) and ``dateModified`` (updated)."""
        data: dict[str, str] = {}
        if self.effective:
            data["datePublished"] = self.effective.isoformat()
        if self.updated:
            data["dateModified"] = self.updated.isoformat()
        return data


@dataclass(frozen=True, kw_only=True)
class Notice:
    """Something the build must say once about the repository, and how loudly."""

    level: Literal["error", "warning", "info"]
    message: str


def choose_dates(
    metadata: Mapping[str, Any],
    history: FileHistory,
    state: RepositoryState,
) -> PageDates:
    """Choose a page's dates: metadata first, then git, never the build clock.

    ``Effective:`` is only ever written by hand. ``Updated:`` wins over git so
    a typo fix need not move the date readers rely on; otherwise the date
    (UTC) of the last commit that changed the source. A page git cannot date
    gets no date and a warning saying how to give it one; in a shallow clone
    the repository notice already says it, once.
    """
    effective = _date(metadata.get("effective"))
    updated = _date(metadata.get("updated"))
    if updated is not None:
        return PageDates(effective=effective, updated=updated, updated_from="metadata")
    changed = history.last_changed
    if changed is not None:
        return PageDates(
            effective=effective,
            updated=changed.astimezone(dt.UTC).date(),
            updated_from="git",
        )
    warnings: tuple[str, ...] = ()
    if state.kind == "full":
        warnings = (
            "no last-updated date: the page is not committed yet; commit it, "
            "or set 'Updated: YYYY-MM-DD'",
        )
    elif state.kind == "none":
        warnings = (
            "no last-updated date: the site is not built from a git checkout; "
            "set 'Updated: YYYY-MM-DD', or build from a git clone",
        )
    return PageDates(effective=effective, warnings=warnings)


def repository_notice(state: RepositoryState, *, strict: bool) -> Notice | None:
    """What to say about the repository once per build, and how loudly.

    A shallow clone dates pages wrongly, so a build that allows no warnings
    (production) stops before reading a page; a local build warns. Outside a
    checkout the pages that lose a date warn one by one, so this is only
    information.
    """
    if state.kind == "full":
        return None
    if state.kind == "shallow":
        return Notice(level="error" if strict else "warning", message=state.message)
    return Notice(level="info", message=state.message)


def _date(value: object) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return None
