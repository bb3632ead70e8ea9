"""Decoding of source files: the one place where bytes become text.

Sources must be UTF-8 (a BOM is tolerated and dropped); line endings become LF.
Control characters stop the build in a hand-written page; in an archived copy
(third-party text) shifted-font runs are decoded, page breaks become paragraph
breaks and the rest is removed, each change reported. Mojibake inside valid
UTF-8 is ``mojibake.py``'s concern, not this module's.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from legalsite.errors import ContentError
from legalsite.text.font_shift import decode_shifted_runs
from legalsite.text.mojibake import Repair
from legalsite.text.positions import (
    LineIndex,
    byte_line_and_column,
    line_and_column,
    line_before_additions,
)

_UTF8_BOM = b"\xef\xbb\xbf"
# C0 controls other than tab, LF, FF and CR (CR is gone by the time we look).
_CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0e-\x1f]")
_NOT_CONTROL = bytes(b for b in range(256) if not _CONTROL_RE.match(chr(b)))
_CONTROL_NAMES = {0: "NUL", 0x1B: "ESC", 0x0B: "VT", 0x08: "BS", 0x07: "BEL"}
# Human name -> Python codec, for the encodings guess_encoding can report.
_CODECS = {
    "UTF-8": "utf-8",
    "UTF-16LE": "utf-16-le",
    "UTF-16BE": "utf-16-be",
    "Windows-1252": "cp1252",
    "Latin-1": "latin-1",
    "Mac Roman": "mac_roman",
}
_FIX_HINT = "save the file as UTF-8 or run `make fix-sources`"
# What marks an archived copy: the corpus sentence on the first line, or
# Archive_* fields in the header (Markdown) or in <meta> (HTML sources).
CORPUS_HEADER_PREFIX = "> *The following text is extracted and transformed from the "
_ARCHIVE_FIELD = re.compile(r"archive_(?:snapshot|date|domain)\s*:", re.IGNORECASE)
_ARCHIVE_META = re.compile(r"<meta\s[^>]*name=[\"']?archive_snapshot\b", re.IGNORECASE)
_KEY_LINE = re.compile(r"[A-Za-z0-9_-]+:")
# C0 controls a hand-written page may not hold, plus the form feed, which an
# archived copy turns into a paragraph break.
_ARCHIVE_CONTROL_RE = re.compile(r"[\x00-\x08\x0b-\x1f]")
_FORM_FEED = "\x0c"


@dataclass(frozen=True, kw_only=True)
class RemovedControl:
    """A control character taken out of an archived copy: where, which, why."""

    line: int
    col: int
    text: str
    reason: str


@dataclass(frozen=True, kw_only=True)
class SourceText:
    """A decoded source, and what decoding changed in an archived copy.

    ``extra_lines`` are lines of ``text`` the file does not have (the second
    line of a page break made a paragraph break); ``source_line`` maps a line
    of ``text`` back to the file's, so every later message points at the file.
    """

    text: str
    archived: bool = False
    repairs: tuple[Repair, ...] = ()
    removed: tuple[RemovedControl, ...] = ()
    extra_lines: tuple[int, ...] = ()

    def source_line(self, line: int) -> int:
        """The file's line for line ``line`` of ``text``."""
        return line_before_additions(line, self.extra_lines)


def decode_source(data: bytes) -> str:
    """Decode a source file's bytes as strict UTF-8 and normalise line ends.

    A UTF-8 BOM is dropped; CRLF and lone CR become LF.  Anything that is not
    UTF-8 raises ContentError at the first bad byte, naming the encoding it
    looks like; so do control characters other than tab, LF, CR and FF, in
    a hand-written page. An archived copy's are cleaned (see ``read_source``).

    >>> decode_source(b"\\xef\\xbb\\xbfa\\r\\nb\\rc")
    'a\\nb\\nc'
    """
    return read_source(data).text


def read_source(data: bytes) -> SourceText:
    """Decode a source file and, in an archived copy, clean its control characters.

    Undecodable bytes fail the build in every file: they are not text. Control
    characters fail a hand-written page at their position; in an archived copy
    (``is_archived_copy``) they never fail the build: see ``clean_controls``.
    """
    if data.startswith(_UTF8_BOM):
        data = data[len(_UTF8_BOM) :]
    bad = 0 if data.startswith((b"\xff\xfe", b"\xfe\xff")) else _first_utf16_nul(data)
    try:
        if bad is not None:
            # BOM-less UTF-16 is valid UTF-8 full of NULs; name it for what it is.
            raise UnicodeDecodeError("utf-8", data, bad, bad + 1, "UTF-16")
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line, col = byte_line_and_column(data, error.start)
        looks = guess_encoding(data) or "an unknown encoding"
        raise ContentError(
            f"not valid UTF-8 (looks like {looks}: byte 0x{data[error.start]:02X} "
            f"at line {line}, column {col}); {_FIX_HINT}",
            line=line,
            col=col,
        ) from error
    if b"\r" in data:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    # Checking the bytes first is ~10x cheaper than a regex over the text, and
    # in UTF-8 these bytes only ever stand for these characters.
    archived = is_archived_copy(text)
    if not data.translate(None, _NOT_CONTROL) and b"\x0c" not in data:
        return SourceText(text=text, archived=archived)
    if archived:
        return clean_controls(text)
    match = _CONTROL_RE.search(text)
    if match:
        line, col = line_and_column(text, match.start())
        code = ord(match.group())
        name = _CONTROL_NAMES.get(code, "control character")
        raise ContentError(
            f"{name} (U+{code:04X}) at line {line}, column {col}; remove it",
            line=line,
            col=col,
        )
    return SourceText(text=text)


def is_archived_copy(text: str) -> bool:
    """Tell whether a source is an archived copy of a document: third-party text.

    One is marked by the corpus sentence on its first line, by ``Archive_*``
    fields in its Markdown header, or by ``<meta name="archive_snapshot">``.

    >>> is_archived_copy("Title: T\\nArchive_date: 2008-12-01\\n\\nText")
    True
    """
    if text.lstrip("\ufeff").startswith(CORPUS_HEADER_PREFIX):
        return True
    if _ARCHIVE_META.search(text):
        return True
    for line in text.split("\n"):
        if not line.strip() or not (_KEY_LINE.match(line) or line[:1] in " \t"):
            return False
        if _ARCHIVE_FIELD.match(line):
            return True
    return False


def clean_controls(text: str) -> SourceText:
    """Clean an archived copy's control characters, reporting each change.

    1. Runs of text written in a shifted font (``font_shift``) are decoded
       when they decode to words: repairs, explained like mojibake repairs.
    2. A form feed (a page break in text taken from a PDF) becomes a
       paragraph break.
    3. Any other control character is removed, and reported where it stood.

    Positions are the file's. Idempotent: the result holds no controls.
    """
    index = LineIndex(text)
    repairs: list[Repair] = []
    removed: list[RemovedControl] = []
    out: list[str] = []
    extra_lines: list[int] = []
    at = 0
    line_base = 0  # lines added so far

    def keep(upto: int) -> None:
        nonlocal at, line_base
        for match in _ARCHIVE_CONTROL_RE.finditer(text, at, upto):
            out.append(text[at : match.start()])
            at = match.end()
            char = match.group()
            line, col = index.position(match.start())
            if char == _FORM_FEED:
                breaks = _page_break(text, match.start(), match.end())
                for extra in range(breaks.count("\n")):
                    extra_lines.append(line + line_base + extra + 1)
                line_base += breaks.count("\n")
                out.append(breaks)
                continue
            removed.append(
                RemovedControl(
                    line=line,
                    col=col,
                    text=char,
                    reason=f"{_CONTROL_NAMES.get(ord(char), 'control character')}"
                    f" (U+{ord(char):04X}) removed from an archived copy",
                )
            )
        out.append(text[at:upto])
        at = upto

    for run in decode_shifted_runs(text):
        keep(run.start)
        line, col = index.position(run.start)
        before = text[run.start : run.end]
        repairs.append(
            Repair(
                line=line,
                col=col,
                before=before,
                after=run.decoded,
                explanation=f"text in a PDF font whose codes are moved down by "
                f"{run.shift} (U+{0x20 - run.shift:04X} stands for a space); "
                "decoded",
            )
        )
        out.append(run.decoded)
        at = run.end
    keep(len(text))
    return SourceText(
        text="".join(out),
        archived=True,
        repairs=tuple(repairs),
        removed=tuple(removed),
        extra_lines=tuple(extra_lines),
    )


def _page_break(text: str, start: int, end: int) -> str:
    """What a form feed at ``text[start:end]`` becomes: enough line ends for
    the text before and after it to be separate paragraphs, and no more."""
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    line_end = len(text) if line_end < 0 else line_end
    before = text[line_start:start]
    after = text[end:line_end]
    previous = text[
        text.rfind("\n", 0, max(line_start - 1, 0)) + 1 : max(line_start - 1, 0)
    ]
    if before.strip() and after.strip():
        return "\n\n"  # mid-line: end the paragraph, leave a blank line
    if before.strip() or after.strip():
        # At a line's edge: its own line needs a blank line on the other side.
        if after.strip() and (line_start == 0 or not previous.strip()):
            return ""
        return "\n"
    return ""  # alone on its line, which is now the blank line


def guess_encoding(data: bytes) -> str | None:
    """Name the encoding ``data`` most likely uses, or None if unclear.

    Names are for people ("Windows-1252", "UTF-16LE"); UTF-16 is recognised by
    its BOM or by NULs in every other byte, Mac Roman by CR-only line ends (as
    classic Mac editors wrote), Windows-1252 by its curly quotes in 0x80-0x9F.
    """
    if (
        data.startswith((b"\xff\xfe", b"\xfe\xff"))
        or _first_utf16_nul(data) is not None
    ):
        return _utf16_name(data)
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    else:
        return "UTF-8"
    if b"\r" in data and b"\n" not in data:
        return "Mac Roman"
    high = {byte for byte in data if 0x80 <= byte <= 0x9F}
    if not high:
        return "Latin-1"
    if high & {0x81, 0x8D, 0x8F, 0x90, 0x9D}:
        return None  # undefined in Windows-1252 and control codes in Latin-1
    return "Windows-1252"


def convert_to_utf8(data: bytes) -> str:
    """Decode a non-UTF-8 file in the encoding it most likely uses.

    Used on request (``make fix-sources``), never silently by the build.  Line
    endings are kept so the rewritten file differs only in its encoding.
    Raises ContentError when the encoding cannot be told.
    """
    if data.startswith(_UTF8_BOM):
        data = data[len(_UTF8_BOM) :]
    name = guess_encoding(data)
    if name is None:
        raise ContentError(f"cannot tell the encoding of this file; {_FIX_HINT}")
    if name.startswith("UTF-16") and data.startswith((b"\xff\xfe", b"\xfe\xff")):
        data = data[2:]
    return data.decode(_CODECS[name])


def _first_utf16_nul(data: bytes) -> int | None:
    """Offset of the first NUL if ``data`` looks like BOM-less UTF-16."""
    sample = data[:4096]
    if len(sample) < 4 or b"\x00" not in sample:
        return None
    even = sample[0::2].count(0)
    odd = sample[1::2].count(0)
    half = len(sample) // 2
    # Mostly-ASCII UTF-16 has a NUL in nearly every other byte.
    if max(even, odd) * 10 >= half * 7:
        return data.index(0)
    return None


def _utf16_name(data: bytes) -> str:
    if data.startswith(b"\xff\xfe"):
        return "UTF-16LE"
    if data.startswith(b"\xfe\xff"):
        return "UTF-16BE"
    sample = data[:4096]
    return "UTF-16LE" if sample[1::2].count(0) >= sample[0::2].count(0) else "UTF-16BE"
