"""Pelican, run with messages like a compiler's: one line per problem, then a summary.

``python -m sitetools.console`` takes Pelican's own command line and runs a
build as ``python -m pelican`` does; only what it prints differs. Each problem
is printed once as ``path:line[:col]: error|warning: reason``, never wrapped
whatever the terminal; Pelican's own messages are rewritten the same way or
dropped where ours say it (``legalsite.pelican.problems``); a traceback follows
only the line that says a bug was found. Under GitHub Actions every problem is
also an annotation; under GitLab CI they are also written to
:data:`CODE_QUALITY_REPORT`. Deciding what a problem is belongs elsewhere.
"""

from __future__ import annotations

import argparse
import gc
import hashlib
import json
import logging
import os
import re
import sys
import time
from collections.abc import Iterator, Mapping
from dataclasses import asdict, dataclass, replace
from pathlib import Path
from typing import IO, Any

from pelican import DEFAULT_CONFIG_NAME, Pelican, get_instance, parse_arguments
from pelican import main as pelican_main
from pelican.log import console as pelican_console
from pelican.log import init as init_logging

from legalsite.errors import Problem
from legalsite.pelican.problems import (
    Reported,
    problem_of,
    problem_of_exception,
    raised_in_plugin,
    shown,
)

# GitLab reads this file as the job's code-quality report (see .gitlab-ci.yml).
CODE_QUALITY_REPORT = Path("build/code-quality.json")
_GITLAB_SEVERITY = {"error": "major", "warning": "minor"}
_STAR_IMPORT = re.compile(r"^from\s+(\w+)\s+import\s+\*")


@dataclass(frozen=True, kw_only=True)
class Outcome:
    """How a build ended: counts, time, and why it failed when counts do not say."""

    ok: bool
    errors: int
    warnings: int
    seconds: float
    note: str = ""


def counted(number: int, noun: str) -> str:
    """``1 error``, ``2 errors``, ``0 warnings``."""
    return f"{number} {noun}{'' if number == 1 else 's'}"


def summary_line(outcome: Outcome, *, result: str) -> str:
    """The one line a build ends with: counts, why it failed, and ``result``.

    >>> summary_line(Outcome(ok=False, errors=2, warnings=1, seconds=1.0),
    ...              result="output/ left as it was")
    '2 errors, 1 warning; output/ left as it was'
    """
    parts = [
        f"{counted(outcome.errors, 'error')}, {counted(outcome.warnings, 'warning')}"
    ]
    if outcome.note:
        parts.append(outcome.note)
    parts.append(result)
    return "; ".join(parts)


class ProblemPrinter(logging.Handler):
    """Prints each problem once, on one line, and remembers the current build's.

    Records that are not problems (Pelican's information at ``-v``) are
    printed as they are, on one line. :meth:`begin` starts a new build's list,
    so a dev server can show each build's problems on their own.
    """

    def __init__(
        self,
        stream: IO[str],
        *,
        annotations: IO[str] | None = None,
        settings_file: str = DEFAULT_CONFIG_NAME,
        overridden: frozenset[str] = frozenset(),
    ) -> None:
        super().__init__(level=logging.DEBUG)
        self.stream = stream
        self.annotations = annotations
        self.settings_file = settings_file
        self.overridden = overridden
        self.content_root = ""
        self.problems: list[Problem] = []

    def begin(self) -> None:
        """Start a new build: its problems are counted afresh."""
        self.problems = []

    @property
    def errors(self) -> int:
        """Errors printed since :meth:`begin`."""
        return sum(p.severity == "error" for p in self.problems)

    @property
    def warnings(self) -> int:
        """Warnings printed since :meth:`begin`."""
        return sum(p.severity == "warning" for p in self.problems)

    def emit(self, record: logging.LogRecord) -> None:
        try:
            problem = problem_of(record, content_root=self.content_root)
            if problem is not None:
                self.add(problem)
            elif record.levelno < logging.WARNING:
                self._print(" ".join(record.getMessage().split()))
        except Exception:  # logging's contract for handlers
            self.handleError(record)

    def add(self, problem: Problem) -> None:
        """Print ``problem`` unless this build already printed it."""
        problem = self._in_settings_file(problem)
        if problem in self.problems:
            return
        self.problems.append(problem)
        self._print(str(problem))
        if problem.traceback:
            self._print(problem.traceback)
        if self.annotations is not None:
            print(github_annotation(problem), file=self.annotations, flush=True)

    def _print(self, text: str) -> None:
        print(text, file=self.stream, flush=True)

    def _in_settings_file(self, problem: Problem) -> Problem:
        """A setting's problem, at the line of the settings file that sets it."""
        if not problem.setting or problem.path:
            return problem
        if problem.setting in self.overridden:
            return Problem(
                severity=problem.severity,
                reason=f"{problem.reason} (given with --extra-settings)",
                setting=problem.setting,
            )
        path, line = locate_setting(Path(self.settings_file), problem.setting)
        return Problem(
            severity=problem.severity,
            path=shown(str(path)),
            line=line,
            reason=problem.reason,
            setting=problem.setting,
        )


def locate_setting(settings_file: Path, name: str) -> tuple[Path, int | None]:
    """The file and line that assign ``name``: the settings file, or a file it
    star-imports from its own folder (``publishconf.py`` builds on
    ``pelicanconf.py``)."""
    assignment = re.compile(rf"^{re.escape(name)}\s*(?::[^=]*)?=")
    for path in settings_files(settings_file):
        for number, line in enumerate(_lines(path), start=1):
            if assignment.match(line):
                return path, number
    return settings_file, None


def settings_files(first: Path) -> Iterator[Path]:
    """The settings file, then the files of its folder it star-imports."""
    yield first
    for line in _lines(first):
        found = _STAR_IMPORT.match(line)
        if found and (first.parent / f"{found.group(1)}.py").is_file():
            yield first.parent / f"{found.group(1)}.py"


def _lines(path: Path) -> list[str]:
    try:
        return path.read_text("utf-8", errors="replace").splitlines()
    except OSError:
        return []


def github_annotation(problem: Problem) -> str:
    """The problem as a GitHub Actions workflow command (an annotation)."""
    properties = {
        "file": problem.path,
        "line": problem.line,
        "col": problem.col if problem.line is not None else None,
    }
    given = ",".join(
        f"{key}={_escape(str(value), property_value=True)}"
        for key, value in properties.items()
        if value not in (None, "")
    )
    return (
        f"::{problem.severity}{' ' + given if given else ''}::{_escape(problem.reason)}"
    )


def _escape(text: str, *, property_value: bool = False) -> str:
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    if property_value:
        text = text.replace(":", "%3A").replace(",", "%2C")
    return text


def code_quality_report(problems: list[Problem], *, settings_file: str) -> list[dict]:
    """The problems as GitLab's code-quality report (a Code Climate subset)."""
    return [
        {
            "description": problem.reason,
            "check_name": "site-build",
            "fingerprint": hashlib.sha256(str(problem).encode()).hexdigest(),
            "severity": _GITLAB_SEVERITY[problem.severity],
            "location": {
                "path": problem.path or shown(settings_file),
                "lines": {"begin": problem.line or 1},
            },
        }
        for problem in problems
    ]


def settings_problem(exc: BaseException, settings_file: str) -> Problem:
    """An exception raised while Pelican read the settings: the settings' fault.

    Located at the settings file's line when the traceback passes through it
    (a syntax or name error), else at the file; a bug of ours stays a bug.
    """
    if isinstance(exc, SyntaxError) and exc.filename:
        return Problem(
            severity="error",
            path=shown(exc.filename),
            line=exc.lineno,
            col=exc.offset,
            reason=f"{exc.msg}",
        )
    problem = problem_of_exception(exc, path=shown(settings_file))
    if problem is None:  # already said
        return _unexplained(exc)
    if not problem.traceback or raised_in_plugin(exc):
        return problem
    line = None
    target = os.path.abspath(settings_file)
    tb = exc.__traceback__
    while tb is not None:
        if os.path.abspath(tb.tb_frame.f_code.co_filename) == target:
            line = tb.tb_lineno
        tb = tb.tb_next
    words = exc.args[0] if len(exc.args) == 1 else exc
    return Problem(
        severity="error",
        path=shown(settings_file),
        line=line,
        reason=f"{type(exc).__name__}: {words}",
    )


def open_site(args: argparse.Namespace, printer: ProblemPrinter) -> Pelican | None:
    """Read the settings and start Pelican (plugins check theirs); None if that
    failed, once the reason is printed."""
    try:
        instance, settings = get_instance(args)
    except Reported:
        return None
    except Exception as error:  # every failure is reported
        printer.add(settings_problem(error, printer.settings_file))
        return None
    printer.content_root = settings["PATH"]
    return instance


def build_once(instance: Pelican, printer: ProblemPrinter) -> Outcome:
    """Run one build with ``instance``; never raises.

    Under a dev server the same instance builds again and again, as under
    Pelican's ``--autoreload``: every build's state is the plugin's business.
    """
    start = time.perf_counter()
    note = ""
    try:
        instance.run()
    except Reported as reported:
        note = getattr(reported, "summary", "")
        if not printer.errors and not note:
            note = str(reported)
    except Exception as error:  # every failure is reported
        printer.add(problem_of_exception(error) or _unexplained(error))
    return Outcome(
        ok=printer.errors == 0 and not note,
        errors=printer.errors,
        warnings=printer.warnings,
        seconds=time.perf_counter() - start,
        note=note,
    )


def run(args: argparse.Namespace, printer: ProblemPrinter) -> Outcome:
    """Read the settings, build once, and say how it ended; never raises."""
    start = time.perf_counter()
    instance = open_site(args, printer)
    if instance is None:
        outcome = Outcome(
            ok=False, errors=printer.errors, warnings=printer.warnings, seconds=0
        )
    else:
        outcome = build_once(instance, printer)
    return replace(outcome, seconds=time.perf_counter() - start)


def _unexplained(error: BaseException) -> Problem:
    return Problem(severity="error", reason=f"{type(error).__name__}: {error}")


def install_printer(args: argparse.Namespace) -> ProblemPrinter:
    """Make Pelican's logging print problems our way, for the run ``args`` describe.

    Pelican's rich handler (which wraps at 80 columns when the output is not
    a terminal) is never installed, and Pelican's closing "Done: Processed"
    line gives way to the summary line.
    """
    if args.settings is None and os.path.isfile(DEFAULT_CONFIG_NAME):
        args.settings = DEFAULT_CONFIG_NAME
    printer = ProblemPrinter(
        sys.stderr,
        annotations=sys.stdout if _on("GITHUB_ACTIONS") else None,
        settings_file=args.settings or DEFAULT_CONFIG_NAME,
        overridden=frozenset(args.overrides),
    )
    init_logging(
        level=args.verbosity,
        fatal=args.fatal,
        name="pelican",
        handler=printer,
        logs_dedup_min_level=getattr(logging, args.logs_dedup_min_level),
    )
    pelican_console.quiet = True
    return printer


def main(argv: list[str] | None = None) -> int:
    """``python -m sitetools.console [--summary-file F] <pelican arguments>``."""
    ours = argparse.ArgumentParser(add_help=False)
    ours.add_argument("--summary-file", type=Path)
    own, rest = ours.parse_known_args(argv)
    args = parse_arguments(rest)
    if args.autoreload or args.listen:
        # Rebuilding and serving are the dev server's (sitetools.devserver).
        pelican_main(rest)
        return 0
    printer = install_printer(args)
    outcome = run(args, printer)
    if _on("GITLAB_CI"):
        write_code_quality_report(printer.problems, settings_file=printer.settings_file)
    if own.summary_file is not None:
        own.summary_file.write_text(json.dumps(asdict(outcome)), "utf-8")
    else:
        result = (
            f"wrote {args.output or 'output'}/ in {outcome.seconds:.2f} s"
            if outcome.ok
            else "the build failed"
        )
        print(summary_line(outcome, result=result), file=sys.stderr, flush=True)
    return 0 if outcome.ok else 1


def write_code_quality_report(problems: list[Problem], *, settings_file: str) -> None:
    """Write :data:`CODE_QUALITY_REPORT` (an empty list when all is well)."""
    report = code_quality_report(problems, settings_file=settings_file)
    CODE_QUALITY_REPORT.parent.mkdir(parents=True, exist_ok=True)
    CODE_QUALITY_REPORT.write_text(json.dumps(report, indent=2) + "\n", "utf-8")


def read_outcome(path: Path) -> Outcome | None:
    """The outcome a ``--summary-file`` holds, or None if the run left none."""
    try:
        data: Mapping[str, Any] = json.loads(path.read_text("utf-8"))
        return Outcome(**data)
    except (OSError, ValueError, TypeError):
        return None


def _on(variable: str) -> bool:
    return os.environ.get(variable, "").lower() == "true"


def leave(code: int) -> None:
    """End the process with ``code``, without a last garbage collection.

    Everything the build made is still in memory when Python shuts down, and
    shutdown collects cycles over all of it: about a tenth of a second after
    a 1,000-page build, more than writing its changed pages. Frozen, the
    objects are freed as modules are cleared and the rest is the operating
    system's; files are closed by then and exit handlers (log flushing) run.
    """
    gc.freeze()
    sys.exit(code)


if __name__ == "__main__":
    leave(main())
