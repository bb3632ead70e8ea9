"""Archived copies of other sites' policies: where each came from and how to say so.

Owns the header of the "Privacy Policies over Time" corpus files, Wayback Machine
snapshot URLs, the equivalent ``archive_*`` metadata fields and the conversion
debris those files carry. It does not read files, render Markdown or know Pelican.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from urllib.parse import unquote, urlsplit

from .dates import date_words
from .errors import ContentError

# The corpus writes this sentence, byte for byte, as the first line of every file;
# detection is a prefix test so pages that are not archive copies cost almost nothing.
HEADER_PREFIX = "> *The following text is extracted and transformed from the "

_HEADER = re.compile(
    r"> \*The following text is extracted and transformed from the "
    r"(?P<domain>\S*) privacy policy that was archived on (?P<date>\S*)\. "
    r"Please check the \[original snapshot on the Wayback Machine\]"
    r"\((?P<url>\S*?)\) for the most accurate reproduction\.\*[ \t]*\r?$",
    re.MULTILINE,
)
_ATX_H1 = re.compile(r" {0,3}#(?:[ \t]+(?P<text>.*?))?(?:[ \t]+#+)?[ \t]*\r?$")
_BLANK = re.compile(r"[ \t]*\r?$")

_ARCHIVE_HOSTS = ("web.archive.org", "wayback.archive.org", "archive.org")
_ARCHIVE_PATH = re.compile(
    r"/web/(?P<timestamp>[0-9]+)(?P<modifier>[a-z]{2}_)?/(?P<original>.+)", re.DOTALL
)
# Modifiers the Wayback Machine puts after the timestamp; none means the framed view.
MODIFIERS = ("id_", "if_", "im_", "js_", "cs_", "oe_", "fw_")
_TIMESTAMP_LENGTHS = (4, 6, 8, 10, 12, 14)
_SCHEME = re.compile(r"(?P<scheme>[A-Za-z][A-Za-z0-9+.-]*):/*")
_LABEL = r"[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?"
_DOMAIN = re.compile(rf"{_LABEL}(?:\.{_LABEL})+")
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")

# Headings the corpus carries that name nothing (1800hotels.ie: "# test"); compared
# case-insensitively after stripping emphasis markers and spaces.
JUNK_TITLES = frozenset(
    {"test", "title", "untitled", "untitled document", "untitled page", "new page"}
)

# An inline link whose text is empty or only spaces (3mp3.ru: "[ ](https://...)").
# Python-Markdown renders it as an <a> with no accessible name, so it is dropped.
_EMPTY_LINK = re.compile(
    r"(?<![!\\])\[(?P<space>[^\S\r\n]*)\]"
    r"\([^\S\r\n]*(?:<[^<>\r\n]*>|[^()\s]*(?:\([^()\s]*\)[^()\s]*)*)"
    r"(?:[^\S\r\n]+(?:\"[^\"\r\n]*\"|'[^'\r\n]*'|\([^()\r\n]*\)))?[^\S\r\n]*\)"
)
_FENCE = re.compile(r" {0,3}(?P<fence>`{3,}|~{3,})")
_CODE_SPAN = re.compile(r"(?P<ticks>`+).*?(?<!`)(?P=ticks)(?!`)")


@dataclass(frozen=True, kw_only=True)
class Snapshot:
    """A Wayback Machine capture, parsed from its URL.

    ``url`` is the address exactly as written; ``original`` is the archived page's
    address with the archive's own encoding undone once (a usable URL);
    ``original_display`` is decoded fully, for people to read.
    """

    url: str
    timestamp: str
    modifier: str
    original: str
    original_display: str
    host: str

    @property
    def captured(self) -> str:
        """Machine-readable capture time at the URL's precision (HTML ``datetime``).

        >>> base = "https://web.archive.org/web/{}/http://a.example/"
        >>> parse_snapshot_url(base.format("20081201192019")).captured
        '2008-12-01T19:20:19Z'
        >>> parse_snapshot_url(base.format("200812")).captured
        '2008-12'
        """
        ts = self.timestamp
        parts = [ts[0:4], ts[4:6], ts[6:8]]
        date = "-".join(p for p in parts if p)
        if len(ts) >= 14:
            return f"{date}T{ts[8:10]}:{ts[10:12]}:{ts[12:14]}Z"
        if len(ts) >= 12:
            return f"{date}T{ts[8:10]}:{ts[10:12]}Z"
        # An hour alone has no valid HTML datetime form; the day is the best claim.
        return date

    @property
    def view_url(self) -> str:
        """The capture as the Wayback Machine shows it to readers (no modifier)."""
        return f"https://web.archive.org/web/{self.timestamp}/{self.original}"

    @property
    def raw_url(self) -> str:
        """The capture as archived, without the Wayback Machine's toolbar (``id_``)."""
        return f"https://web.archive.org/web/{self.timestamp}id_/{self.original}"


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
class CorpusDocument:
    """A corpus file split into provenance, title and body.

    ``heading`` is the ``#`` line's text as written (None when there is none);
    ``title`` is what the page shows (``heading`` or the fallback). ``body`` is
    the rest of the file, verbatim, and starts on source line ``body_line``.
    """

    provenance: Provenance
    heading: str | None
    title: str
    title_is_fallback: bool
    body: str
    body_line: int


@dataclass(frozen=True, kw_only=True)
class Debris:
    """One piece of conversion debris that was dropped, and why."""

    text: str
    line: int
    col: int
    reason: str


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


_NOT_IN_URLS = re.compile(r"[\s\"'<>`\\^{}|]")


def parse_snapshot_url(url: str) -> Snapshot:
    """Parse a Wayback Machine snapshot URL, or raise ContentError saying why not.

    Accepts http or https on web.archive.org, wayback.archive.org or archive.org,
    a timestamp of 4 to 14 digits in pairs (YYYY[MM[DD[hh[mm[ss]]]]]), any known
    modifier or none, and an original that may be percent-encoded, even twice.

    >>> s = parse_snapshot_url(
    ...     "https://web.archive.org/web/20081201192019id_/http%3A//www.dotnetpanel.com/x")
    >>> s.original, s.modifier, s.host
    ('http://www.dotnetpanel.com/x', 'id_', 'www.dotnetpanel.com')
    """
    given = url.strip()
    scheme = _SCHEME.match(given)
    if scheme is None or scheme.group("scheme").lower() not in ("http", "https"):
        raise ContentError(
            f"archive snapshot: expected an http(s) Wayback Machine URL, got {url!r}"
        )
    # Quotes, angle brackets, spaces and backticks never appear in a real
    # snapshot URL (they are percent-encoded); one that has them is pasted
    # markup, and would break out of the href it is written into.
    if bad := _NOT_IN_URLS.search(given):
        raise ContentError(
            f"archive snapshot: {bad.group(0)!r} is not allowed in a URL "
            f"(percent-encode it), got {url!r}"
        )
    parts = urlsplit(given)
    host = (parts.hostname or "").lower()
    if host.startswith("www.") and host[4:] == "archive.org":
        host = "archive.org"
    try:
        port = parts.port
    except ValueError:
        port = -1
    if host not in _ARCHIVE_HOSTS or port is not None or parts.username is not None:
        raise ContentError(
            f"archive snapshot: {parts.netloc or url!r} is not a Wayback Machine host"
            f" (expected one of {', '.join(_ARCHIVE_HOSTS)})"
        )
    # The original keeps its own query and fragment, so split the raw text, not
    # the parsed path (rvtraderonline.com: "about.html%3Fview%3Dprivacy").
    rest = given[given.index(parts.netloc) + len(parts.netloc) :]
    match = _ARCHIVE_PATH.fullmatch(rest)
    if match is None:
        raise ContentError(
            f"archive snapshot: expected /web/<timestamp>[modifier]/<original URL>,"
            f" got {rest!r}"
        )
    timestamp, modifier = match.group("timestamp"), match.group("modifier") or ""
    _check_timestamp(timestamp)
    if modifier and modifier not in MODIFIERS:
        raise ContentError(
            f"archive snapshot: unknown modifier {modifier!r}"
            f" (expected one of {', '.join(MODIFIERS)} or none)"
        )
    original = _decode_original(match.group("original"))
    return Snapshot(
        url=given,
        timestamp=timestamp,
        modifier=modifier,
        original=original,
        original_display=_decode_fully(original),
        host=(urlsplit(original).hostname or "").lower(),
    )


def split_corpus_header(text: str) -> CorpusDocument | None:
    """Split a corpus file into provenance, title and body; None if it is not one.

    Costs one prefix test on other pages. A file that starts with the corpus
    sentence but does not complete it is an error, not an ordinary page.
    """
    start = 1 if text.startswith("\ufeff") else 0
    if not text.startswith(HEADER_PREFIX, start):
        return None
    header = _HEADER.match(text, start)
    if header is None:
        raise ContentError(
            "archive header: expected '> *The following text is extracted and"
            " transformed from the <domain> privacy policy that was archived on"
            " <YYYY-MM-DD>. Please check the [original snapshot on the Wayback"
            " Machine](<snapshot URL>) for the most accurate reproduction.*'",
            line=1,
        )
    provenance = _provenance(
        domain=header.group("domain"),
        date=header.group("date"),
        url=header.group("url"),
        lines={"domain": 1, "date": 1, "url": 1},
        cols={k: header.start(k) - start + 1 for k in ("domain", "date", "url")},
    )
    lines = text[header.end() :].split("\n")
    lines = lines[1:] if lines and lines[0] == "" else lines  # the header's newline
    index, line_no = 0, 2
    while index < len(lines) and _BLANK.fullmatch(lines[index]):
        index, line_no = index + 1, line_no + 1
    heading = None
    if index < len(lines) and (h1 := _ATX_H1.fullmatch(lines[index])):
        heading = h1.group("text") or ""
        index, line_no = index + 1, line_no + 1
        while index < len(lines) and _BLANK.fullmatch(lines[index]):
            index, line_no = index + 1, line_no + 1
    title = fallback_title(heading, provenance.domain)
    return CorpusDocument(
        provenance=provenance,
        heading=heading,
        title=title,
        title_is_fallback=title != (heading or "").strip(),
        body="\n".join(lines[index:]),
        body_line=line_no,
    )


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
    return _provenance(
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


def fallback_title(heading: str | None, domain: str) -> str:
    """The heading, unless it names nothing; then "<domain> privacy policy".

    A heading names nothing when, without emphasis markers, it has no letter or
    digit ("", "_", "|") or is a placeholder word from ``JUNK_TITLES``.

    >>> fallback_title("# test"[2:], "1800hotels.ie")
    '1800hotels.ie privacy policy'
    >>> fallback_title("Legal", "0hosting.org")
    'Legal'
    """
    text = (heading or "").strip()
    bare = " ".join(text.replace("*", " ").replace("_", " ").split()).casefold()
    if not any(ch.isalnum() for ch in bare) or bare in JUNK_TITLES:
        return f"{domain} privacy policy"
    return text


def archive_slug(domain: str, date: dt.date) -> str:
    """Slug for an archived copy: ``archive/<domain with dashes>-<YYYY-MM-DD>``.

    >>> archive_slug("020.co.uk", dt.date(2010, 4, 30))
    'archive/020-co-uk-2010-04-30'
    """
    name = re.sub(r"[^a-z0-9]+", "-", _ascii_domain(domain)).strip("-")
    return f"archive/{name}-{date.isoformat()}"


_LIST_ITEM = re.compile(r" {0,3}(?:[-*+]|\d{1,9}[.)])[ \t]")


def drop_debris(body: str, *, first_line: int = 1) -> tuple[str, tuple[Debris, ...]]:
    """Remove conversion debris that would break the page; report each removal.

    Debris is an inline link with empty or blank text (``[](...)``, ``[ ](...)``);
    its blank text is kept so neighbouring words stay apart. Code spans, fenced
    and indented code are left alone. ``first_line`` is the source line ``body``
    starts on.
    Clean text comes back unchanged, and the result is a fixed point.
    """
    if "](" not in body:
        return body, ()
    out: list[str] = []
    found: list[Debris] = []
    fence = ""
    code = listed = False  # in an indented code block; in a list's lines
    previous = ""
    for offset, line in enumerate(body.split("\n")):
        blank = not line.strip()
        indented = line.startswith(("    ", "\t"))
        if not blank and not indented:
            code = False
            listed = bool(_LIST_ITEM.match(line)) or (listed and bool(previous.strip()))
        elif indented and not blank and not code and not previous.strip():
            # Four spaces after a blank line start a code block, unless they
            # continue a list item (a second paragraph of it).
            code = not listed
        previous = line
        if code and not fence:
            out.append(line)
            continue
        opener = _FENCE.match(line)
        if fence:
            if (
                opener
                and opener.group("fence")[0] == fence[0]
                and (len(opener.group("fence")) >= len(fence))
            ):
                fence = ""
            out.append(line)
            continue
        if opener:
            fence = opener.group("fence")
            out.append(line)
            continue
        out.append(_drop_from_line(line, first_line + offset, found))
    if not found:
        return body, ()
    return "\n".join(out), tuple(found)


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


def _provenance(
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


def _check_timestamp(timestamp: str) -> None:
    """Reject timestamps of the wrong length or naming an impossible moment."""
    if len(timestamp) not in _TIMESTAMP_LENGTHS:
        raise ContentError(
            f"archive snapshot: timestamp {timestamp!r} has {len(timestamp)} digits"
            " (expected YYYY[MM[DD[hh[mm[ss]]]]]: 4, 6, 8, 10, 12 or 14)"
        )
    # Missing fields take their first value, so "200812" checks as 2008-12-01 00:00.
    full = timestamp + "0101000000"[len(timestamp) - 4 :]
    fields = [int(full[0:4])] + [int(full[i : i + 2]) for i in range(4, 14, 2)]
    try:
        dt.datetime(*fields)
    except ValueError as error:
        raise ContentError(
            f"archive snapshot: timestamp {timestamp!r} is not a real moment ({error})"
        ) from error


def _decode_original(encoded: str) -> str:
    """Undo the archive's encoding of the original URL, once or until it has a scheme.

    The corpus encodes the original once ("http%3A//"); twice ("http%253A//") is
    decoded twice. Escapes inside an already-usable URL stay, so "%2520" in a
    path becomes "%20", not a bare space.
    """
    original = encoded
    for _ in range(3):
        if _SCHEME.match(original) and ":" in original:
            break
        decoded = unquote(original)
        if decoded == original:
            break
        original = decoded
    scheme = _SCHEME.match(original)
    if scheme is None:
        # The Wayback Machine accepts originals without a scheme; it means http.
        return "http://" + original
    if scheme.group("scheme").lower() not in ("http", "https"):
        raise ContentError(
            f"archive snapshot: the archived address must be http or https,"
            f" got {original!r}"
        )
    # Captures sometimes collapse "http://" to "http:/"; write the usual form.
    return f"{scheme.group('scheme').lower()}://{original[scheme.end() :]}"


def _decode_fully(url: str) -> str:
    """Percent-decode to a fixed point for reading; stop at bytes that are not UTF-8."""
    text = url
    for _ in range(4):
        try:
            decoded = unquote(text, errors="strict")
        except UnicodeDecodeError:
            return text
        if decoded == text:
            break
        text = decoded
    return text


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


def _drop_from_line(line: str, line_no: int, found: list[Debris]) -> str:
    """Drop empty links from one line outside code spans, recording each."""
    if "](" not in line:
        return line
    spans = [m.span() for m in _CODE_SPAN.finditer(line)] if "`" in line else []
    pieces: list[str] = []
    last = 0
    for match in _EMPTY_LINK.finditer(line):
        if any(a <= match.start() < b for a, b in spans):
            continue
        pieces.append(line[last : match.start()])
        pieces.append(match.group("space"))
        last = match.end()
        found.append(
            Debris(
                text=match.group(0),
                line=line_no,
                col=match.start() + 1,
                reason="empty link: it would render as a link with no text",
            )
        )
    pieces.append(line[last:])
    return "".join(pieces)
