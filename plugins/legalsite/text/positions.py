"""Offsets in a text as people point at them: 1-based line and column.

Every message that says ``path:line:col`` gets its numbers here. Columns count
characters, as editors do; a line ends at LF (sources are normalised before
anything asks). Where a position lies is not this module's business.
"""

from __future__ import annotations

from bisect import bisect_right


def line_and_column(text: str, offset: int) -> tuple[int, int]:
    """The 1-based line and column of character ``offset`` in ``text``.

    >>> line_and_column("ab\\ncd", 4)
    (2, 2)
    """
    start = text.rfind("\n", 0, offset) + 1
    return text.count("\n", 0, offset) + 1, offset - start + 1


def byte_line_and_column(data: bytes, offset: int) -> tuple[int, int]:
    """The 1-based line and character column of byte ``offset`` of undecoded bytes.

    For a decoding error: the prefix before the first bad byte is valid UTF-8,
    so the column counts characters. Lone CRs end lines too (Mac Roman files).

    >>> byte_line_and_column("a\\r\\ncafé!".encode(), 8)
    (2, 5)
    """
    prefix = data[:offset]
    line_start = max(prefix.rfind(b"\n"), prefix.rfind(b"\r")) + 1
    line = prefix.count(b"\n") + prefix.replace(b"\r\n", b"\n").count(b"\r") + 1
    col = len(prefix[line_start:].decode("utf-8", errors="replace")) + 1
    return line, col


def line_before_additions(line: int, added: tuple[int, ...]) -> int:
    """A line of a text that had lines ``added`` (sorted), as the original numbers it.

    >>> line_before_additions(5, (3,))
    4
    """
    return line - bisect_right(added, line)


class LineIndex:
    """Line and column of many offsets in one text, each found by bisection.

    For a text with many positions to report (one per repaired character), so
    each costs a lookup instead of a count from the start.
    """

    __slots__ = ("_starts",)

    def __init__(self, text: str) -> None:
        starts = [0]
        at = text.find("\n")
        while at >= 0:
            starts.append(at + 1)
            at = text.find("\n", at + 1)
        self._starts = starts

    def position(self, offset: int) -> tuple[int, int]:
        """The 1-based line and column of ``offset``.

        >>> LineIndex("ab\\ncd").position(4)
        (2, 2)
        """
        line = bisect_right(self._starts, offset)
        return line, offset - self._starts[line - 1] + 1
