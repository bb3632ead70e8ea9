"""Errors the core raises about content, and problems as authors read them.

The core knows the line and column; the Pelican adapter adds the path and turns
the error into a :class:`Problem`, which reads like a compiler message.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

Severity = Literal["error", "warning"]


@dataclass(frozen=True, kw_only=True)
class Problem:
    """One thing the author must hear about: where, how bad, and why.

    ``path`` is shown as given (the adapter makes it relative to the project);
    ``setting`` names the setting a problem in the settings is about, so the
    command line can point at the line that sets it. ``traceback`` is only
    ever set for a bug, to be shown after the line that says it is one.

    >>> str(Problem(severity="error", path="pages/a.md", line=3, reason="bad"))
    'pages/a.md:3: error: bad'
    """

    severity: Severity
    reason: str
    path: str = ""
    line: int | None = None
    col: int | None = None
    setting: str = ""
    traceback: str = field(default="", compare=False, repr=False)

    @property
    def where(self) -> str:
        """``path:line[:col]``, or as much of it as is known."""
        where = self.path
        if self.path and self.line is not None:
            where += f":{self.line}"
            if self.col is not None:
                where += f":{self.col}"
        return where

    @property
    def located(self) -> str:
        """``path:line[:col]: reason``, without the severity."""
        return f"{self.where}: {self.reason}" if self.where else self.reason

    def __str__(self) -> str:
        prefix = f"{self.where}: " if self.where else ""
        return f"{prefix}{self.severity}: {self.reason}"


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
        return self.problem(path).located

    def problem(self, path: str) -> Problem:
        """The error as a problem in the file at ``path``."""
        return Problem(
            severity="error",
            path=path,
            line=self.line,
            col=self.col if self.line is not None else None,
            reason=self.reason,
        )
