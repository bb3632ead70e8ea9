"""The build report and the end of a build: counted problems decide the exit."""

from __future__ import annotations

import json
import logging
from pathlib import Path
from typing import Any

from legalsite.errors import Problem
from legalsite.pelican.build import Build, BuildFailed

logger = logging.getLogger(__name__)


def _position(item: dict[str, Any]) -> tuple[str, int, int]:
    return (item["path"], item["line"], item["col"])


def _problem_dict(problem: Problem) -> dict[str, Any]:
    return {
        "severity": problem.severity,
        "path": problem.path,
        "line": problem.line,
        "col": problem.col,
        "reason": problem.reason,
    }


def write_report(build: Build) -> Path:
    """Write the build's report (errors, warnings, repairs) and stop counting."""
    counter = build.counter
    logging.getLogger().removeHandler(counter)
    report = {
        "errors": counter.errors,
        "warnings": counter.warnings,
        "problems": [_problem_dict(p) for p in counter.problems],
        "repairs": sorted(build.repairs, key=_position),
        "suspects": sorted(build.suspects, key=_position),
        "dropped": sorted(build.dropped, key=_position),
    }
    path = Path(build.options.report_path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(report, indent=2, sort_keys=True) + "\n", "utf-8")
    return path


def stop_if_failed(build: Build) -> None:
    """End the build before anything is written if it has logged an error.

    Every source has been read by then, so every problem in them is already
    reported; writing would only add Pelican's tracebacks for the same causes.
    """
    if not build.counter.errors:
        return
    path = write_report(build)
    build.close()
    raise BuildFailed(
        f"{len(build.counter.errors)} error(s) in the sources (report: {path}); "
        "nothing was written"
    )


def finish_build(build: Build, *, write_sitemap: Any) -> None:
    """Write the report (and the sitemap of a good build), then pass or fail."""
    counter = build.counter
    path = write_report(build)
    build.save_kept()
    errors = len(counter.errors)
    warnings = [
        w
        for w in counter.warnings
        if not any(allowed in w for allowed in build.options.allowed_warnings)
    ]
    if build.options.sitemap and not errors:
        write_sitemap()
    build.close()
    if errors:
        raise BuildFailed(
            f"{errors} error(s) in the build; see the messages above "
            f"(report: {path}). Nothing from this build may be published."
        )
    if build.options.fail_on_warnings and warnings:
        raise BuildFailed(
            f"{len(warnings)} warning(s) in a build that allows none "
            "(LEGALSITE_FAIL_ON_WARNINGS); see the messages above.",
            summary="warnings fail this build (LEGALSITE_FAIL_ON_WARNINGS)",
        )
