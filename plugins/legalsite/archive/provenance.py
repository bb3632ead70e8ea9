"""Provenance of an archived copy: which site's document, archived when, from where.

The same facts come from a corpus header or from ``archive_*`` metadata and give
identical notes and structured data.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from legalsite.archive.wayback import Snapshot, parse_snapshot_url
from legalsite.errors import ContentError
from legalsite.text.written_dates import date_words

_LABEL = r"[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?"


_DOMAIN = re.compile(rf"{_LABEL}(?:\.{_LABEL})+")


_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


@dataclass(frozen=True, kw_only=True)
class ArchiveWarning:
    """A doubt about provenance that should be reported, not fail the build."""

    reason: str
    line: int | None = field(default=None, compare=False)


@dataclass(frozen=True, kw_only=True)
class Provenance:
    """Where an archived page came from: the facts the header or metadata state.

    ``host_relation`` says how the snapshot's host relates to ``domain``: "same",
    "www", "subdomain" or "other" (a parked domain's policy served from elsewhere).
    ``line`` is where the facts were written (header line or metadata line).
    """

    domain: str
    archived: dt.date
    snapshot: Snapshot
    host_relation: str
    warnings: tuple[ArchiveWarning, ...] = ()
    line: int | None = field(default=None, compare=False)


@dataclass(frozen=True, kw_only=True)
class ProvenanceNote:
    """What the provenance partial shows; plain values so a dict of it works too."""

    domain: str
    archived_words: str
    archived_datetime: str
    original_url: str
    original_display: str
    view_url: str
    raw_url: str
    host: str
    host_relation: str


def provenance_from_metadata(
    meta: Mapping[str, object], *, lines: Mapping[str, int] | None = None
) -> Provenance | None:
    """Provenance from ``archive_snapshot``, ``archive_date`` and ``archive_domain``.

    Keys are lower-case, as Pelican gives them. None when no archive field is
    present; all three are required once one is. ``lines`` maps field names to
    source lines so errors and warnings can say where.
    """
    names = ("archive_snapshot", "archive_date", "archive_domain")
    present = [n for n in names if meta.get(n) not in (None, "")]
    if not present:
        return None
    where = dict(lines or {})
    missing = [n for n in names if n not in present]
    if missing:
        raise ContentError(
            f"archived page: {', '.join(missing)} missing"
            f" (an archived page needs all of {', '.join(names)})",
            line=where.get(present[0]),
        )
    return build_provenance(
        domain=str(meta["archive_domain"]).strip(),
        date=str(meta["archive_date"]).strip(),
        url=str(meta["archive_snapshot"]).strip(),
        lines={
            "domain": where.get("archive_domain"),
            "date": where.get("archive_date"),
            "url": where.get("archive_snapshot"),
        },
        cols={},
    )


def archive_slug(domain: str, date: dt.date) -> str:
    """Slug for an archived copy: ``archive/<domain with dashes>-<YYYY-MM-DD>``.

    >>> archive_slug("020.co.uk", dt.date(2010, 4, 30))
    'archive/020-co-uk-2010-04-30'
    """
    name = re.sub(r"[^a-z0-9]+", "-", _ascii_domain(domain)).strip("-")
    return f"archive/{name}-{date.isoformat()}"


def note_for(provenance: Provenance) -> ProvenanceNote:
    """The values the provenance partial shows readers.

    The date in words is the archived date; the machine value is the full capture
    time when the URL has minutes, otherwise that same date.
    """
    snap = provenance.snapshot
    day = provenance.archived
    machine = snap.captured if len(snap.timestamp) >= 12 else day.isoformat()
    return ProvenanceNote(
        domain=provenance.domain,
        archived_words=date_words(day),
        archived_datetime=machine,
        original_url=snap.original,
        original_display=snap.original_display,
        view_url=snap.view_url,
        raw_url=snap.raw_url,
        host=snap.host,
        host_relation=provenance.host_relation,
    )


def structured_data_for(provenance: Provenance) -> dict[str, str]:
    """Page-level JSON-LD properties for an archived copy (schema.org CreativeWork).

    ``archivedAt`` is the snapshot URL exactly as given; ``isBasedOn`` is the
    original page's address.
    """
    return {
        "archivedAt": provenance.snapshot.url,
        "isBasedOn": provenance.snapshot.original,
    }


def build_provenance(
    *,
    domain: str,
    date: str,
    url: str,
    lines: Mapping[str, int | None],
    cols: Mapping[str, int],
) -> Provenance:
    """Check the three stated facts and how they agree; build the Provenance."""
    if not _DOMAIN.fullmatch(_ascii_domain(domain)):
        raise ContentError(
            f"archive domain: expected a domain such as example.com, got {domain!r}",
            line=lines["domain"],
            col=cols.get("domain"),
        )
    archived = _parse_date(date, line=lines["date"], col=cols.get("date"))
    try:
        snapshot = parse_snapshot_url(url)
    except ContentError as error:
        raise ContentError(
            error.reason, line=lines["url"], col=cols.get("url")
        ) from error
    warnings: list[ArchiveWarning] = []
    stamp = snapshot.captured[:10]
    if not archived.isoformat().startswith(stamp):
        warnings.append(
            ArchiveWarning(
                reason=f"archive date {archived.isoformat()} does not match the"
                f" snapshot timestamp {snapshot.timestamp} ({stamp})",
                line=lines["date"],
            )
        )
    relation = _host_relation(snapshot.host, domain.lower())
    if relation == "other":
        warnings.append(
            ArchiveWarning(
                reason=f"snapshot host {snapshot.host} is not {domain} or one of its"
                " subdomains",
                line=lines["url"],
            )
        )
    return Provenance(
        domain=domain.lower(),
        archived=archived,
        snapshot=snapshot,
        host_relation=relation,
        warnings=tuple(warnings),
        line=lines["url"],
    )


def _parse_date(text: str, *, line: int | None, col: int | None) -> dt.date:
    """A YYYY-MM-DD date, or ContentError naming the value."""
    if _DATE.fullmatch(text):
        try:
            return dt.date.fromisoformat(text)
        except ValueError as error:
            raise ContentError(
                f"archive date: {text!r} is not a real date ({error})",
                line=line,
                col=col,
            ) from error
    raise ContentError(
        f"archive date: expected YYYY-MM-DD, got {text!r}", line=line, col=col
    )


def _ascii_domain(domain: str) -> str:
    """The domain in lower-case ASCII (IDNA for non-ASCII names)."""
    lowered = domain.strip().lower()
    try:
        return lowered.encode("idna").decode("ascii")
    except UnicodeError:
        return lowered


def _host_relation(host: str, domain: str) -> str:
    """How a snapshot host relates to the stated domain."""
    if host == domain:
        return "same"
    if host == f"www.{domain}":
        return "www"
    if host.endswith(f".{domain}"):
        return "subdomain"
    return "other"
