"""Errors the site plugin's core raises about content.

The core knows the line and column; the Pelican adapter adds the path and turns
the error into a build failure that reads like a compiler message.
"""

from __future__ import annotations


class ContentError(ValueError):
    """A problem in a source file that must stop the build.

    ``line`` and ``col`` are 1-based positions in the source file (``None`` when
    the problem has no single place, such as a missing field).
    """

    def __init__(
        self, reason: str, *, line: int | None = None, col: int | None = None
    ) -> None:
        super().__init__(reason)
        self.reason = reason
        self.line = line
        self.col = col

    def located(self, path: str) -> str:
        """Return ``path:line[:col]: reason``, the form editors can jump to."""
        where = path
        if self.line is not None:
            where += f":{self.line}"
            if self.col is not None:
                where += f":{self.col}"
        return f"{where}: {self.reason}"
