"""Staged builds: a fresh folder replaces ``output/`` only when the build succeeds.

A failed build, or one killed half-way, leaves the previous ``output/`` exactly
as it was, and says so in its last line. An incremental build stages over the
output before last, kept aside as ``.output.spare``, so that pages that did
not change are left in place. This module does not know what the site
contains; ``sitetools.console`` runs Pelican and prints the problems.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

from sitetools.console import Outcome, read_outcome, summary_line


class BuildError(RuntimeError):
    """Pelican failed; the previous output is untouched.

    The message is the build's counts (``2 errors, 1 warning``); ``outcome``
    has them all, when the build got far enough to count.
    """

    def __init__(self, message: str, *, outcome: Outcome | None = None) -> None:
        super().__init__(message)
        self.outcome = outcome


def pelican_command(
    content: Path,
    *,
    settings: Path,
    output: Path,
    extra_settings: dict[str, object] | None = None,
    extra_args: tuple[str, ...] = (),
) -> list[str]:
    """The one Pelican command line every build, test and bench runs.

    Pelican's own command line, run by ``sitetools.console`` so problems print
    one per line. ``extra_settings`` override the settings file (JSON values,
    Pelican's ``--extra-settings``), so callers isolate caches and reports
    per build.
    """
    command = [
        sys.executable,
        "-m",
        "sitetools.console",
        str(content),
        "--settings",
        str(settings),
        "--output",
        str(output),
        *extra_args,
    ]
    if extra_settings:
        command.append("--extra-settings")
        command += [f"{k}={json.dumps(v)}" for k, v in extra_settings.items()]
    return command


def jobs_value(text: str) -> int:
    """``JOBS``, as ``make html`` passes it: a whole number of processes, 1 or more.

    >>> jobs_value("4")
    4
    """
    value = int(text) if text.strip().isdigit() else 0
    if value < 1:
        raise argparse.ArgumentTypeError(
            f"JOBS: expected a whole number of processes, 1 or more, got {text!r}"
        )
    return value


def build_arguments(prog: str, *, settings: str) -> argparse.ArgumentParser:
    """The command line that ``sitetools.build`` and ``sitetools.publish`` share."""
    parser = argparse.ArgumentParser(prog=prog)
    parser.add_argument("-s", "--settings", type=Path, default=Path(settings))
    parser.add_argument("-o", "--output", type=Path, default=Path("output"))
    parser.add_argument("-c", "--content", type=Path, default=Path("content"))
    parser.add_argument(
        "-j",
        "--jobs",
        type=jobs_value,
        default=None,
        help="processes to build with (JOBS; default: one per core)",
    )
    return parser


def with_settings(
    extra_args: tuple[str, ...], settings: dict[str, object]
) -> tuple[str, ...]:
    """``extra_args`` with ``settings`` added to its one ``--extra-settings`` list.

    Pelican keeps only the last ``-e`` list it is given; the caller's own
    values come after these, so they win.
    """
    items = [f"{k}={json.dumps(v)}" for k, v in settings.items()]
    args = list(extra_args)
    for flag in ("-e", "--extra-settings"):
        if flag in args:
            at = args.index(flag) + 1
            return (*args[:at], *items, *args[at:])
    return (*args, "--extra-settings", *items) if items else tuple(args)


def _spare(output: Path) -> Path:
    return output.with_name(f".{output.name}.spare")


def _previous(output: Path) -> Path:
    return output.with_name(f".{output.name}.previous")


def recover(output: Path) -> None:
    """Finish or undo a swap that a killed process left half-done.

    The swap is two renames; if only the first happened, the old output is
    parked under ``.output.previous`` and is put back.
    """
    previous = _previous(output)
    if previous.exists():
        if output.exists():
            shutil.rmtree(previous)
        else:
            previous.rename(output)


def swap_in(staging: Path, output: Path, *, keep_spare: bool = False) -> None:
    """Replace ``output`` by ``staging`` with two renames and no copying.

    ``keep_spare`` keeps the replaced output aside for the next incremental
    build to stage over, instead of deleting it.
    """
    recover(output)
    previous = _previous(output)
    if output.exists():
        output.rename(previous)
    staging.rename(output)
    if previous.exists():
        spare = _spare(output)
        if keep_spare and not spare.exists():
            previous.rename(spare)
        else:
            shutil.rmtree(previous)


def build(
    *,
    settings: Path,
    output: Path,
    content: Path = Path("content"),
    extra_args: tuple[str, ...] = (),
    jobs: int | None = None,
    incremental: bool = False,
) -> Outcome:
    """Build the site into a staging folder, then swap it in as ``output``.

    The exit status decides: any logged error is a non-zero exit, so a page
    that failed to build never reaches ``output``. ``jobs`` sets
    ``LEGALSITE_JOBS``. ``incremental`` stages over the output before last,
    which the site plugin cleans of what this build does not make.
    """
    recover(output)
    # A build killed earlier leaves its staging folder behind; never used again.
    for leftover in output.parent.glob(f".{output.name}.staging-*"):
        if leftover.is_dir():
            shutil.rmtree(leftover, ignore_errors=True)
        else:
            leftover.unlink(missing_ok=True)  # its summary file
    staging = output.with_name(f".{output.name}.staging-{os.getpid()}")
    summary = staging.with_name(f"{staging.name}.json")
    spare = _spare(output)
    if incremental and spare.is_dir():
        spare.rename(staging)
    # Whatever the settings say, a staging folder holds this build alone.
    overrides: dict[str, object] = {"DELETE_OUTPUT_DIRECTORY": True}
    if jobs is not None:
        overrides["LEGALSITE_JOBS"] = jobs
    command = pelican_command(
        content,
        settings=settings,
        output=staging,
        extra_args=(
            "--summary-file",
            str(summary),
            *with_settings(extra_args, overrides),
        ),
    )
    try:
        result = subprocess.run(command, check=False)
        outcome = read_outcome(summary)
    finally:
        summary.unlink(missing_ok=True)
    if result.returncode != 0 or outcome is None or not outcome.ok:
        shutil.rmtree(staging, ignore_errors=True)
        counts = (
            summary_line(outcome, result="the build failed")
            if outcome is not None
            else f"the build failed (exit status {result.returncode})"
        )
        raise BuildError(counts, outcome=outcome)
    swap_in(staging, output, keep_spare=incremental)
    return outcome


def main(argv: list[str] | None = None) -> int:
    """Command line: ``python -m sitetools.build -s pelicanconf.py -o output``."""
    parser = build_arguments("python -m sitetools.build", settings="pelicanconf.py")
    args, extra = parser.parse_known_args(argv)
    try:
        outcome = build(
            settings=args.settings,
            output=args.output,
            content=args.content,
            extra_args=tuple(extra),
            jobs=args.jobs,
            incremental=True,
        )
    except BuildError as error:
        kept = f"{args.output}/ left as it was"
        line = summary_line(error.outcome, result=kept) if error.outcome else kept
        print(line if error.outcome else f"{error}; {kept}", file=sys.stderr)
        return 1
    print(
        summary_line(outcome, result=f"built {args.output}/ in {outcome.seconds:.2f} s")
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
