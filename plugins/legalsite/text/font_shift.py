"""Text moved by a constant: runs written in a PDF font whose codes are shifted.

A PDF subset font may number its glyphs from a base other than the character
codes; text extracted from it comes out as every character minus a constant
(29 in real policies: ``\\x03DQG\\x03SXUFKDVH`` is " and purchase", ``\\x03`` being
the space). This module finds such runs and decodes a run only when what it
decodes to is made of words. It knows nothing of files, positions or reports.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

# Characters a shifted run may hold: C0 controls (what gives it away), tab, and
# the printable ASCII a shifted letter or digit lands on. Never a space or a
# line end: both are text as written, and end a run.
_RUN = re.compile(r"[\x00-\x09\x0b-\x1f\x21-\x7e]+")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f]")
_SPACE = 0x20
_FORM_FEED = "\x0c"
_PRINTABLE = range(0x20, 0x7F)
# A word as policies write it: lower case, capitalised or all capitals, with
# inner hyphens or apostrophes; or a number with its separators.
_WORD = re.compile(
    r"(?:[a-z]+|[A-Z][a-z]+|[A-Z]+)(?:['’-](?:[a-z]+|[A-Z][a-z]+|[A-Z]+))*"
    r"|[0-9]+(?:[.,:/-][0-9]+)*"
)
_EDGE_PUNCTUATION = "\"'()[]{}.,;:!?*-/%$&#@+"
_VOWELS = frozenset("aeiouyAEIOUY")


@dataclass(frozen=True, kw_only=True)
class ShiftedRun:
    """One decoded run: ``text[start:end]`` was ``decoded`` moved down by ``shift``."""

    start: int
    end: int
    shift: int
    decoded: str


def find_shift(text: str) -> int | None:
    """The constant the text's control characters are moved by, if they are text.

    The most frequent control character of a shifted run is its space, so the
    constant is what takes it to a space; None when the text has no controls.
    Form feeds are not counted: as often as not they are page breaks, and a
    file with many pages and one shifted line must still be read as shifted.

    >>> find_shift("Read\\x03DQG\\x03SXUFKDVH")
    29
    """
    counts = Counter(c for c in _CONTROL.findall(text) if c != _FORM_FEED)
    if not counts:
        return None
    control, _ = counts.most_common(1)[0]
    return _SPACE - ord(control)


def decode_shifted_runs(text: str) -> list[ShiftedRun]:
    """Every run of ``text`` that is words moved down by one constant, decoded.

    A run is a stretch without spaces or line ends that holds a control
    character; it is decoded only when every character lands on printable
    ASCII and the result is made of words. A plain word glued to either end
    ("NOTICE\\x03WKH") stays as written. Runs that do not decode are left out:
    what to do with their control characters is the caller's decision.

    >>> [r.decoded for r in decode_shifted_runs("Read\\x03DQG\\x03SXUFKDVH")]
    [' and purchase']
    """
    shift = find_shift(text)
    if shift is None or shift <= 0:
        return []
    runs = []
    for match in _RUN.finditer(text):
        if not _CONTROL.search(match.group()):
            continue
        run = _decoded(match.group(), match.start(), shift)
        if run is not None:
            runs.append(run)
    return runs


def _decoded(chunk: str, offset: int, shift: int) -> ShiftedRun | None:
    """Decode one candidate run, leaving plain words glued to its ends alone."""
    start, end = 0, len(chunk)
    # Plain text glued on: the characters before the first control and after
    # the last one, unless they belong to it ("name" moved by 3 is "qdph").
    first = _CONTROL.search(chunk)
    last = max(m.start() for m in _CONTROL.finditer(chunk))
    assert first is not None  # the caller saw a control in the chunk
    head, tail = chunk[: first.start()], chunk[last + 1 :]
    if head and not _belongs(head, shift):
        start = first.start()
    if tail and not _belongs(tail, shift):
        end = last + 1
    decoded = _moved(chunk[start:end], shift)
    if decoded is None or not _made_of_words(decoded):
        return None
    return ShiftedRun(
        start=offset + start, end=offset + end, shift=shift, decoded=decoded
    )


def _moved(chunk: str, shift: int) -> str | None:
    """``chunk`` moved up by ``shift`` when every character lands on printable ASCII
    and its letters read as words; None otherwise."""
    codes = [ord(char) + shift for char in chunk]
    if not all(code in _PRINTABLE for code in codes):
        return None
    moved = "".join(map(chr, codes))
    return moved if _words_only(moved) else None


def _words_only(text: str) -> bool:
    """Every space-separated token is a word or a number, punctuation around it."""
    for token in text.split():
        core = token.strip(_EDGE_PUNCTUATION)
        if core and not _WORD.fullmatch(core):
            return False
    return True


def _made_of_words(text: str) -> bool:
    """Words only, two of them at least that read as language.

    One word is too little evidence: "NUL\\x00x" moved by 32 is "nul x".
    """
    return _words_only(text) and _language_words(text) >= 2


def _belongs(edge: str, shift: int) -> bool:
    """Tell whether text glued to a run's end is part of it: it decodes to words,
    and to language unless it was no language as written ("3.1)." is "0+.&+")."""
    moved = _moved(edge, shift)
    if moved is None:
        return False
    return _language_words(moved) > 0 or _language_words(edge) == 0


def _language_words(text: str) -> int:
    """How many tokens are words of two letters or more with a vowel."""
    return sum(
        1
        for core in (token.strip(_EDGE_PUNCTUATION) for token in text.split())
        if len(core) > 1 and core.isalpha() and _VOWELS & set(core)
    )
