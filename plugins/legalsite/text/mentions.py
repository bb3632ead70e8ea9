"""Mentions of mojibake: text that quotes a broken form on purpose.

Owns one judgement: whether a repair would destroy an example, in a help text,
a test or a replacement table, that shows what mojibake looks like.  It knows
nothing of how the repair was found; ``mojibake`` asks it about each one.
"""

from __future__ import annotations

import codecs
import functools
import re
from collections.abc import Callable

# A quoted or code-marked token: "...", '...', `...`, “...”, ‘...’, «...».
_QUOTED_RE = re.compile(
    r"\"[^\"\n]*\"|'[^'\n]*'|`[^`\n]*`|“[^”\n]*”|‘[^’\n]*’|«[^»\n]*»"
)
# Encoding names as people write them: 'UTF-8', 'CP1252', 'latin-1',
# 'Windows-1251'.  Python's codec registry says which of them are encodings.
_CODEC_TOKEN_RE = re.compile(r"\b[A-Za-z][A-Za-z-]*[0-9][A-Za-z0-9_-]*\b")
# Words that only a text about decoding uses beside a quoted example: a test
# expecting "wrong" output ('expect(wrong[0]?.text).toBe(...)',
# cl-mention-cp1251-test), an agent's note "(mojibake)".
_CUE_RE = re.compile(
    r"\b(?:mojibake|garbled|wrong(?:ly)?|mis-?decoded|encod(?:ed|ing)|decod(?:ed|ing))\b",
    re.IGNORECASE,
)
_MOJIBAKE_RE = re.compile(r"\bmojibake\b", re.IGNORECASE)


def is_mention(
    line: str, start: int, end: int, after: str, *, fold: Callable[[str], str]
) -> bool:
    """Whether ``line[start:end]``, repaired to ``after``, is quoted on purpose.

    It is when the line names mojibake outright ('donâ€t -> don’t
    (mojibake)'), or when the span is quoted and either its repaired token
    stands elsewhere in the line (``.replace("ÃƒÂ©", "é")``; ``fold`` maps
    it to ASCII quotes as well, for tables that map 'â€™' to "'") or the line
    names an encoding or talks about decoding ('yields "Ïðèâåò"' as CP1252).

    >>> is_mention('s.replace("Ã©", "é")', 11, 13, "é", fold=str)
    True
    >>> is_mention('title("Ïðèâåò!")', 7, 13, "Привет", fold=str)
    False
    """
    if _MOJIBAKE_RE.search(line):
        return True
    quoted = _quoted(line, start, end)
    if quoted is None:
        return False
    token_start, token_end = quoted
    broken = line[token_start:token_end]
    repaired = line[token_start:start] + after + line[end:token_end]
    rest = line[:token_start] + "\0" + line[token_end:]
    # The same damage twice ('«quoteÂ» «quoteÂ»') is no example beside its
    # repair.
    if (
        repaired.strip()
        and broken not in rest
        and (repaired in rest or fold(repaired) in rest)
    ):
        return True
    return bool(_CUE_RE.search(line)) or _names_encoding(line)


def _quoted(line: str, start: int, end: int) -> tuple[int, int] | None:
    """The inside of the quotes around a span, if it is quoted."""
    for match in _QUOTED_RE.finditer(line):
        if match.start() < start and end < match.end():
            return match.start() + 1, match.end() - 1
    return None


def _names_encoding(line: str) -> bool:
    return any(_is_text_encoding(m.group()) for m in _CODEC_TOKEN_RE.finditer(line))


@functools.cache
def _is_text_encoding(name: str) -> bool:
    try:
        info = codecs.lookup(name)
    except LookupError:
        return False
    return bool(getattr(info, "_is_text_encoding", True))
