"""Shared fixtures: real Pelican builds of the real site and of fixture sites."""

from __future__ import annotations

import json
import os
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest

from sitetools.build import pelican_command
from sitetools.check.browser import open_browser

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).parent / "fixtures"
# A byte-for-byte copy of the seed the privacy policy was restored from.
SEED = FIXTURES / "seed" / "000_6e6b278bb7d8de7a.txt"


@dataclass
class Build:
    """The result of one real Pelican run."""

    output: Path
    returncode: int
    log: str
    report: dict

    def page(self, relative: str) -> str:
        return (self.output / relative).read_text("utf-8")


def run_pelican(
    content: Path,
    output: Path,
    *,
    settings: Path = ROOT / "pelicanconf.py",
    extra: dict | None = None,
    env: dict | None = None,
) -> Build:
    """Build ``content`` with real Pelican into ``output``, isolated from the repo.

    The cache and the plugin's report go next to ``output`` so tests never
    share state with each other or with a developer's build.
    """
    work = output.parent
    settings_extra = {
        "CACHE_PATH": str(work / f"{output.name}-cache"),
        "LEGALSITE_REPORT_PATH": str(work / f"{output.name}-report.json"),
        **(extra or {}),
    }
    command = pelican_command(
        content, settings=settings, output=output, extra_settings=settings_extra
    )
    result = subprocess.run(
        command,
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**os.environ, **(env or {})},
        check=False,
    )
    report_path = Path(settings_extra["LEGALSITE_REPORT_PATH"])
    report = json.loads(report_path.read_text("utf-8")) if report_path.exists() else {}
    return Build(output, result.returncode, result.stdout + result.stderr, report)


@pytest.fixture(scope="session")
def site(tmp_path_factory: pytest.TempPathFactory) -> Build:
    """The real site, built once with the local settings."""
    out = tmp_path_factory.mktemp("site") / "output"
    build = run_pelican(ROOT / "content", out)
    assert build.returncode == 0, build.log
    return build


@pytest.fixture(scope="session")
def published_site(tmp_path_factory: pytest.TempPathFactory) -> Build:
    """The real site, built once with the production settings."""
    out = tmp_path_factory.mktemp("published") / "output"
    build = run_pelican(ROOT / "content", out, settings=ROOT / "publishconf.py")
    assert build.returncode == 0, build.log
    return build


@pytest.fixture(scope="session")
def seed_text() -> str:
    """The archived privacy policy the site is built from."""
    return SEED.read_text("utf-8")


@pytest.fixture(scope="session")
def chromium():
    """Debian's Chromium, started once: Playwright's sync API allows one per thread."""
    with open_browser() as browser:
        yield browser


def case_param(case: dict) -> object:
    """A data case as a pytest parameter: its label the id, a gap a strict xfail."""
    marks = []
    if "xfail" in case:
        marks.append(pytest.mark.xfail(strict=True, reason=case["xfail"]))
    return pytest.param(case, id=case["label"], marks=marks)
