"""Problems as authors read them: ours, Pelican's rewritten, exceptions explained.

Every record logged during a build, the plugin's or Pelican's, and every
exception that ends one, is read here as a :class:`~legalsite.errors.Problem`
(or dropped, where one of ours already says it), so the command line, the
build report and the dev server's overlay list the same problems in the same
words. Printing them is the command line's business, not this module's.
"""

from __future__ import annotations

import logging
import os
import sys
import traceback
from collections.abc import Callable
from pathlib import Path
from types import TracebackType
from urllib.parse import quote

from jinja2 import TemplateError, TemplateNotFound, TemplateSyntaxError

from legalsite.errors import ContentError, Problem

# The attribute of a log record that carries one of our problems.
PROBLEM_KEY = "legalsite_problem"
_LEVELS = {"error": logging.ERROR, "warning": logging.WARNING}
# Code whose exceptions are bugs of ours, not problems in an author's files.
_OUR_CODE = (str(Path(__file__).resolve().parents[1]),)
_BUG = (
    "internal error (a bug in the build, not a problem in your files; "
    "please report it with the traceback below)"
)


class Reported(Exception):
    """Raised once the problem has been logged: whoever catches it says no more."""


def shown(path: str) -> str:
    """A path as messages show it: relative to where the build runs, if inside."""
    relative = os.path.relpath(path)
    return os.path.abspath(path) if relative.startswith("..") else relative


def log_problem(logger: logging.Logger, problem: Problem) -> None:
    """Log ``problem`` at its level, carried whole on the record.

    The message is the located text (``path:line: reason``), so Pelican's own
    handler and ``LOG_FILTER`` see a readable line too.
    """
    logger.log(
        _LEVELS[problem.severity],
        "%s",
        problem.located,
        extra={PROBLEM_KEY: problem},
    )


def problem_of(record: logging.LogRecord, *, content_root: str = "") -> Problem | None:
    """Read one log record as a problem, or None when it is not one.

    Our records carry their problem. Pelican's known messages are rewritten
    with a path relative to the project (``content_root`` is Pelican's
    ``PATH``, which its own messages are relative to), or dropped where a
    message of ours already says the same with a line. Anything else at
    warning level or above is kept, on one line.
    """
    own = getattr(record, PROBLEM_KEY, None)
    if isinstance(own, Problem):
        return own
    if record.levelno < logging.WARNING:
        return None
    severity = "error" if record.levelno >= logging.ERROR else "warning"
    template = record.msg if isinstance(record.msg, str) else ""
    for prefix, rewrite in _PELICAN_MESSAGES:
        if template.startswith(prefix):
            return rewrite(record, severity, content_root)
    return Problem(severity=severity, reason=_one_line(record.getMessage()))


def problem_of_exception(exc: BaseException, *, path: str = "") -> Problem | None:
    """What an exception that stopped a page or a build tells the author.

    None for :class:`Reported` (already said). Content errors and template
    errors point at their file and line; anything else is a bug, and carries
    its traceback to be shown after the line that says so.
    """
    if isinstance(exc, Reported):
        return None
    if isinstance(exc, ContentError):
        return exc.problem(path)
    if isinstance(exc, TemplateSyntaxError):
        return Problem(
            severity="error",
            path=shown(exc.filename) if exc.filename else exc.name or "",
            line=exc.lineno,
            reason=f"template {exc.name}: {exc.message}",
        )
    raised_in_ours = raised_in_plugin(exc)
    template = _template_frame(exc.__traceback__)
    if template is not None and not raised_in_ours:
        name, line = template
        what = (
            f"no template named {exc.name!r}"
            if isinstance(exc, TemplateNotFound)
            else _exception_words(exc)
        )
        return Problem(
            severity="error",
            path=shown(name),
            line=line,
            reason=f"template {Path(name).name}: {what}",
        )
    if isinstance(exc, TemplateError | OSError) and not raised_in_ours:
        return Problem(severity="error", path=path, reason=_exception_words(exc))
    return Problem(
        severity="error",
        path=path,
        reason=f"{_BUG}: {_exception_words(exc)}",
        traceback="".join(traceback.format_exception(exc)).rstrip("\n"),
    )


def raised_in_plugin(exc: BaseException) -> bool:
    """True when the innermost frame of ``exc`` is the site plugin's code."""
    frames = traceback.extract_tb(exc.__traceback__)
    return bool(frames) and frames[-1].filename.startswith(_OUR_CODE)


def _template_frame(tb: TracebackType | None) -> tuple[str, int] | None:
    """The innermost frame that is a template line: (template file, line)."""
    found = None
    for frame in traceback.extract_tb(tb):
        if frame.filename.endswith((".html", ".htm", ".xml", ".j2", ".jinja")):
            found = (frame.filename, frame.lineno or 0)
    return found


def _exception_words(exc: BaseException) -> str:
    text = exc.args[0] if len(exc.args) == 1 and isinstance(exc.args[0], str) else ""
    return f"{type(exc).__name__}: {_one_line(text or str(exc))}"


def _one_line(text: str) -> str:
    """A multi-line message as one line, its lines joined by ``; ``."""
    return "; ".join(part.strip() for part in text.splitlines() if part.strip())


def _in_content(content_root: str, relative: object) -> str:
    return shown(os.path.join(content_root, str(relative)))


def _could_not_process(record: logging.LogRecord, _: str, root: str) -> Problem | None:
    # Pelican logs this inside its ``except`` block, without the exception
    # unless DEBUG is set: the exception being handled is the reason.
    exc = record.exc_info[1] if record.exc_info else sys.exc_info()[1]
    path = _in_content(root, record.args[0]) if record.args else ""
    if exc is None:
        return Problem(severity="error", path=path, reason="Pelican could not read it")
    return problem_of_exception(exc, path=path)


def _said_by_us(*_: object) -> None:
    """Pelican's message repeats one of ours, which has the line: drop it."""


def _static_through_filename(
    record: logging.LogRecord, severity: str, root: str
) -> Problem:
    target, source = record.args if isinstance(record.args, tuple) else ("", "")
    return Problem(
        severity="warning" if severity == "warning" else "error",
        path=_in_content(root, source),
        reason=f"{{filename}}{target} links to a static file; write "
        f"{{static}}{quote(str(target), safe='/')} instead",
    )


def _skipped_page(record: logging.LogRecord, severity: str, _: str) -> Problem:
    page, *rest = record.args if isinstance(record.args, tuple) else ("",)
    reasons = {
        "Skipping %s: file %r would be written outside output path": (
            "Pelican would write this page to {0!r}, outside the output folder; "
            "it was left out"
        ),
        "Skipping %s: could not find information about '%s'": (
            "Pelican found no {0} for this page; it was left out"
        ),
    }
    return Problem(
        severity="error" if severity == "error" else "warning",
        path=shown(str(page)),
        reason=reasons[str(record.msg)].format(*rest),
    )


def _unknown_status(record: logging.LogRecord, severity: str, _: str) -> Problem:
    status, page, allowed = record.args if isinstance(record.args, tuple) else "???"
    return Problem(
        severity="error" if severity == "error" else "warning",
        path=shown(str(page)),
        reason=f"status: expected one of {', '.join(allowed)}, got {status!r}; "
        "the page was left out",
    )


def _image_without_alt(record: logging.LogRecord, _: str, __: str) -> Problem:
    image, page = record.args if isinstance(record.args, tuple) else ("", "")
    return Problem(
        severity="warning",
        path=shown(str(page)),
        reason=f"image {image} has an empty alt text; describe it for readers "
        "who cannot see it",
    )


_Rewrite = Callable[[logging.LogRecord, str, str], Problem | None]
# Pelican's messages by the start of their template, and what becomes of them.
_PELICAN_MESSAGES: tuple[tuple[str, _Rewrite], ...] = (
    ("Could not process %s", _could_not_process),
    # Two pages with one slug: our duplicate check names both files and the
    # field to change (outputs.refuse_duplicate_outputs).
    ("There are %s items", _said_by_us),
    ("There are %s original (not translated) items", _said_by_us),
    # A link to a missing file: ours has the line (links.refuse_missing_links).
    ("Unable to find '%s', skipping url replacement.", _said_by_us),
    ("Other resources were not found and their urls not replaced", _said_by_us),
    ("{filename} used for linking to static content", _static_through_filename),
    ("Skipping %s: file %r would be written outside output path", _skipped_page),
    ("Skipping %s: could not find information about '%s'", _skipped_page),
    ("Unknown status '%s' for file %s", _unknown_status),
    ("Empty alt attribute for image %s in %s", _image_without_alt),
    # Pelican's cache cannot stamp a file it cannot read: ours says why.
    ("Cannot get modification stamp for %s", _said_by_us),
)
