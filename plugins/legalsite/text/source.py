"""Decoding of source files: the one place where bytes become text.

Sources must be UTF-8 (a BOM is tolerated and dropped); line endings become LF
and stray control characters stop the build.  Mojibake inside valid UTF-8 is
``mojibake.py``'s concern, not this module's.
"""

from __future__ import annotations

import re

from legalsite.errors import ContentError

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


def decode_source(data: bytes) -> str:
    """Decode a source file's bytes as strict UTF-8 and normalise line ends.

    A UTF-8 BOM is dropped; CRLF and lone CR become LF.  Anything that is not
    UTF-8 raises ContentError at the first bad byte, naming the encoding it
    looks like; so do control characters other than tab, LF, CR and FF.

    >>> decode_source(b"\\xef\\xbb\\xbfa\\r\\nb\\rc")
    'a\\nb\\nc'
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
        line, col = _position(data, error.start)
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
    match = _CONTROL_RE.search(text) if data.translate(None, _NOT_CONTROL) else None
    if match:
        line = text.count("\n", 0, match.start()) + 1
        col = match.start() - (text.rfind("\n", 0, match.start()) + 1) + 1
        code = ord(match.group())
        name = _CONTROL_NAMES.get(code, "control character")
        raise ContentError(
            f"{name} (U+{code:04X}) at line {line}, column {col}; remove it",
            line=line,
            col=col,
        )
    return text


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


def _position(data: bytes, offset: int) -> tuple[int, int]:
    """1-based line and character column of byte ``offset``.

    The prefix before the first bad byte is valid UTF-8, so the column counts
    characters, as editors do.  Lone CRs end lines too (Mac Roman files).
    """
    prefix = data[:offset]
    line_start = max(prefix.rfind(b"\n"), prefix.rfind(b"\r")) + 1
    line = prefix.count(b"\n") + prefix.replace(b"\r\n", b"\n").count(b"\r") + 1
    col = len(prefix[line_start:].decode("utf-8", errors="replace")) + 1
    return line, col
