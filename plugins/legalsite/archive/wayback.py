"""Wayback Machine snapshot URLs: parsed, checked and decoded for reading.

Owns the URL grammar (hosts, timestamps, modifiers, encoded originals). It knows
nothing of corpus files or pages.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from urllib.parse import unquote, urlsplit

from legalsite.errors import ContentError

_ARCHIVE_HOSTS = ("web.archive.org", "wayback.archive.org", "archive.org")


_ARCHIVE_PATH = re.compile(
    r"/web/(?P<timestamp>[0-9]+)(?P<modifier>[a-z]{2}_)?/(?P<original>.+)", re.DOTALL
)


# Modifiers the Wayback Machine puts after the timestamp; none means the framed view.
MODIFIERS = ("id_", "if_", "im_", "js_", "cs_", "oe_", "fw_")


_TIMESTAMP_LENGTHS = (4, 6, 8, 10, 12, 14)


_SCHEME = re.compile(r"(?P<scheme>[A-Za-z][A-Za-z0-9+.-]*):/*")


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
