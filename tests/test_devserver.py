"""The dev server: a real server on 127.0.0.1, real Chromium, a real git site.

A page is edited, broken and mended while Chromium has it open; after each
step the served page, the overlay, the git dates, the build report and the
build's output (byte for byte what the make html command line builds) are
checked, and the open page must have reloaded by itself.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import queue
import signal
import subprocess
import sys
import threading
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from conftest import ROOT, run_pelican
from legalsite.errors import Problem
from sitetools.console import Outcome
from sitetools.devserver.builder import Built
from sitetools.devserver.server import inject

GIT_ENV = {
    "GIT_CONFIG_GLOBAL": os.devnull,
    "GIT_CONFIG_NOSYSTEM": "1",
    "GIT_AUTHOR_NAME": "Legal Team",
    "GIT_AUTHOR_EMAIL": "legal@example.test",
    "GIT_COMMITTER_NAME": "Legal Team",
    "GIT_COMMITTER_EMAIL": "legal@example.test",
}
PARAGRAPH = "We provide the panel as described, and we answer every letter. " * 8
TERMS = (
    "Title: Terms of service\nSlug: terms\nTemplate: legal\nLegal: yes\n"
    "Effective: 2024-02-01\n\n" + f"{PARAGRAPH}\n\n" * 30
)
# A premium-rate number warns in every build: each build must count it.
SUPPORT = "Title: Support\n\nCall 1-900-555-0199 for premium support.\n"
HOME = "Title: Home\nSave_as: index.html\nUrl: \n\nWelcome.\n"


def _git(repo: Path, *args: str, date: str) -> None:
    env = {**os.environ, **GIT_ENV, "GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date}
    subprocess.run(["git", *args], cwd=repo, env=env, check=True, capture_output=True)


@pytest.fixture
def repo(tmp_path) -> Path:
    """A site with a legal page changed in two commits (two revisions)."""
    root = tmp_path / "repo"
    pages = root / "content" / "pages"
    pages.mkdir(parents=True)
    _git(root, "init", "-q", "-b", "main", date="2024-01-15T09:00:00Z")
    (pages / "index.md").write_text(HOME, "utf-8")
    (pages / "support.md").write_text(SUPPORT, "utf-8")
    (pages / "terms.md").write_text(TERMS, "utf-8")
    _git(root, "add", "-A", date="2024-01-15T09:00:00Z")
    _git(root, "commit", "-q", "-m", "Add the site", date="2024-01-15T09:00:00Z")
    (pages / "terms.md").write_text(TERMS.replace("every letter", "every call"))
    _git(root, "commit", "-qam", "Calls per JIRA-9", date="2024-03-01T12:00:00Z")
    return root


class DevServer:
    """``python -m sitetools.devserver`` in a process of its own, read as it runs."""

    def __init__(
        self, repo: Path, work: Path, *mode: str, settings: Path | None = None
    ) -> None:
        self.output = repo / "output"
        self.report = work / "report.json"
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "sitetools.devserver",
                "-c",
                "content",
                "-o",
                "output",
                "-s",
                str(settings or ROOT / "pelicanconf.py"),
                "--port",
                "0",
                "-e",
                f'CACHE_PATH="{work / "cache"}"',
                f'LEGALSITE_REPORT_PATH="{self.report}"',
                *mode,
            ],
            cwd=repo,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        self.lines: queue.Queue[str] = queue.Queue()
        self.log: list[str] = []
        self.readers = [
            threading.Thread(target=self._read, args=(stream,), daemon=True)
            for stream in (self.process.stdout, self.process.stderr)
        ]
        for reader in self.readers:
            reader.start()
        self.url = ""
        if "--no-serve" not in mode:
            first = self.next_line()
            assert first.startswith("serving "), first
            self.url = next(w for w in first.split() if w.startswith("http://"))

    def _read(self, stream) -> None:
        for line in stream:
            self.lines.put(line.rstrip("\n"))

    def next_line(self, timeout: float = 60) -> str:
        line = self.lines.get(timeout=timeout)
        self.log.append(line)
        return line

    def build(self, number: int) -> list[str]:
        """The lines build ``number`` printed, its summary last."""
        printed = []
        while True:
            line = self.next_line()
            printed.append(line)
            if line.startswith(f"build {number}: "):
                return printed

    def get(self, path: str) -> tuple[int, str]:
        try:
            with urllib.request.urlopen(self.url + path, timeout=10) as response:
                return response.status, response.read().decode("utf-8")
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode("utf-8")

    def stop(self) -> None:
        self.process.send_signal(signal.SIGINT)
        try:
            self.process.wait(timeout=20)
        finally:
            if self.process.poll() is None:
                self.process.kill()
                self.process.wait()
            for reader in self.readers:
                reader.join(timeout=10)
            self.process.stdout.close()
            self.process.stderr.close()


def _manifest(folder: Path) -> dict[str, str]:
    return {
        str(path.relative_to(folder)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def _as_make_html_builds_it(repo: Path, work: Path, name: str) -> dict[str, str]:
    """The same tree, built by the make html command line, as a manifest."""
    build = run_pelican(repo / "content", work / name)
    assert build.returncode == 0, build.log
    return _manifest(work / name)


def _report(server: DevServer) -> dict:
    return json.loads(server.report.read_text("utf-8"))


def _dates(html: str) -> dict[str, str]:
    soup = BeautifulSoup(html, "html.parser")
    return {
        t.parent.get_text(" ", strip=True).split()[0]: t["datetime"]
        for t in soup.select(".page-dates time")
    }


def test_edit_break_and_mend_a_page_while_chromium_watches(repo, tmp_path, chromium):
    server = DevServer(repo, tmp_path)
    terms = repo / "content" / "pages" / "terms.md"
    try:
        # 1. The first build: the site as make html builds it.
        first = server.build(1)
        assert first == [
            "content/pages/support.md:3: warning: premium-rate number not linked: "
            "'1-900-555-0199'",
            first[-1],
        ]
        assert first[-1].startswith("build 1: 0 errors, 1 warning; output/ replaced")
        assert _manifest(server.output) == _as_make_html_builds_it(repo, tmp_path, "a")
        assert _report(server)["warnings"] == [first[0].replace(" warning:", "")]
        with contextlib.closing(chromium.new_context()) as browser:
            page = browser.new_page()
            page.goto(server.url + "terms/", wait_until="load")
            assert _dates(page.content()) == {
                "Effective": "2024-02-01",
                "Last": "2024-03-01",
            }
            assert page.locator("a", has_text="revision history").count() == 1
            page.evaluate("window.scrollTo(0, 900)")

            # 2. An edit: the page reloads by itself, where the reader was.
            # (Only the page's own reload can fire "load": nothing here does.)
            with page.expect_event("load", timeout=30_000):
                terms.write_text(TERMS + "We keep invoices for seven years.\n")
            second = server.build(2)
            assert second[-1].startswith("build 2: 0 errors, 1 warning; output/")
            assert "seven years" in page.inner_text("article")
            assert page.locator(".devserver-problems").count() == 0
            assert abs(page.evaluate("window.scrollY") - 900) <= 2
            # Uncommitted: the page is still dated by its last commit.
            assert _dates(page.content())["Last"] == "2024-03-01"
            assert page.locator("a", has_text="revision history").count() == 1
            assert _report(server)["errors"] == []
            assert len(_report(server)["warnings"]) == 1
            assert _manifest(server.output) == _as_make_html_builds_it(
                repo, tmp_path, "b"
            )

            # 3. Broken: the last good page stays, with the problem over it.
            with page.expect_event("load", timeout=30_000):
                terms.write_text(
                    TERMS.replace("Legal: yes\n", "Legal: yes\nDate: 2024-02-30\n")
                    + "A sentence that never reaches the site.\n"
                )
            third = server.build(3)
            error = (
                "content/pages/terms.md:5: error: date: '2024-02-30' is not a "
                "real date (day is out of range for month)"
            )
            assert error in third
            assert third[-1] == (
                "build 3: 1 error, 1 warning; output/ left as it was; "
                "open pages show the problems"
            )
            box = page.locator(".devserver-problems")
            assert box.is_visible()
            assert error.replace(" error:", "") in box.inner_text()
            assert "Build 3 failed: 1 error, 1 warning" in box.inner_text()
            assert "seven years" in page.inner_text("article")
            assert "never reaches" not in page.inner_text("article")
            assert abs(page.evaluate("window.scrollY") - 900) <= 2
            # Every page shows it, the missing ones too, until a good build.
            for path in ("", "support/", "no-such-page/"):
                status, html = server.get(path)
                assert "devserver-problems" in html, path
                assert status == (404 if path == "no-such-page/" else 200)
            report = _report(server)
            assert report["errors"] == [error.replace(" error:", "")]
            assert len(report["warnings"]) == 1

            # 4. Mended: the page reloads without the box, dated as before.
            with page.expect_event("load", timeout=30_000):
                terms.write_text(TERMS + "We keep invoices for ten years.\n")
            fourth = server.build(4)
            assert fourth[-1].startswith("build 4: 0 errors, 1 warning; output/")
            assert page.locator(".devserver-problems").count() == 0
            assert "ten years" in page.inner_text("article")
            assert _dates(page.content())["Last"] == "2024-03-01"
            assert abs(page.evaluate("window.scrollY") - 900) <= 2
            page.close()
        assert _report(server)["errors"] == []
        assert len(_report(server)["warnings"]) == 1
        assert _manifest(server.output) == _as_make_html_builds_it(repo, tmp_path, "c")
        # The script and the box live in responses only, never on disk.
        assert not [
            p
            for p in server.output.rglob("*")
            if p.is_file() and b"__devserver" in p.read_bytes()
        ]
    finally:
        server.stop()
    assert server.process.returncode == 0, server.log
    # Staging and old outputs are gone; output/ stays.
    assert sorted(p.name for p in repo.glob(".output*")) == []
    assert (repo / "output" / "index.html").is_file()


def test_built_sites_never_carry_the_reload_script_or_the_overlay(site, published_site):
    for build in (site, published_site):
        for path in build.output.rglob("*"):
            if path.is_file():
                data = path.read_bytes()
                assert b"__devserver" not in data and b"devserver-problems" not in data


def test_the_overlay_is_escaped_and_lists_every_problem():
    built = Built(
        number=7,
        outcome=Outcome(ok=False, errors=1, warnings=1, seconds=0.1),
        problems=(
            Problem(severity="error", path="a.md", line=2, reason="<script> here"),
            Problem(severity="warning", path="b.md", reason="w"),
        ),
    )
    page = inject(b"<html><head><title>t</title></head><body class=x><p>Hi</p>", built)
    soup = BeautifulSoup(page, "html.parser")
    assert soup.head.find_all("script")[-1]["data-build"] == "7"
    box = soup.body.contents[0]
    assert "devserver-problems" in box["class"]
    assert [li.code.get_text() for li in box("li")] == [
        "a.md:2: <script> here",
        "b.md: w",
    ]
    assert soup.find("script", string=True) is None  # escaped, not run
    good = Built(
        number=8,
        outcome=Outcome(ok=True, errors=0, warnings=0, seconds=0.1),
        problems=(),
    )
    assert b"devserver-problems" not in inject(b"<head></head><body></body>", good)


def test_regenerate_rebuilds_staged_without_serving(repo, tmp_path):
    server = DevServer(repo, tmp_path, "--no-serve")
    index = repo / "content" / "pages" / "index.md"
    try:
        assert server.build(1)[-1].startswith("build 1: 0 errors, 1 warning;")
        index.write_text(HOME.replace("Title: Home", "Title Home"), "utf-8")
        assert "build 2: 1 error" in server.build(2)[-1]
        assert "Welcome." in (server.output / "index.html").read_text("utf-8")
        index.write_text(HOME + "\nHello.\n", "utf-8")
        server.build(3)
        assert "Hello." in (server.output / "index.html").read_text("utf-8")
    finally:
        server.stop()


def test_serve_serves_output_as_built(repo, tmp_path):
    built = run_pelican(repo / "content", repo / "output")
    assert built.returncode == 0, built.log
    server = DevServer(repo, tmp_path, "--serve-only")
    try:
        status, html = server.get("terms/")
        assert status == 200
        assert html == (repo / "output" / "terms" / "index.html").read_text("utf-8")
        assert server.get("nowhere/")[0] == 404
    finally:
        server.stop()


def test_templates_and_settings_are_watched_too(repo, tmp_path):
    templates = tmp_path / "templates"
    templates.mkdir()
    page = (ROOT / "theme" / "templates" / "page.html").read_text("utf-8")
    (templates / "page.html").write_text(page, "utf-8")
    settings = tmp_path / "settings.py"
    base = (
        "import sys\n"
        f"sys.path.insert(0, {str(ROOT)!r})\n"
        "from pelicanconf import *\n"
        f"THEME_TEMPLATES_OVERRIDES = [{str(templates)!r}]\n"
    )
    settings.write_text(base, "utf-8")
    server = DevServer(repo, tmp_path, "--no-serve", settings=settings)
    try:
        server.build(1)
        (templates / "page.html").write_text(page + "{% if %}\n", "utf-8")
        second = server.build(2)
        where = templates / "page.html"
        line = len(page.splitlines()) + 1
        expected = f"{where}:{line}: error: template page.html: Expected an expression"
        assert [text for text in second if text.startswith(expected)], second
        (templates / "page.html").write_text(page, "utf-8")
        assert server.build(3)[-1].startswith("build 3: 0 errors")
        settings.write_text(base + 'LEGALSITE_REGION = "usa"\n', "utf-8")
        fourth = server.build(4)
        assert fourth[0] == (
            f"{settings}:5: error: LEGALSITE_REGION: expected a two-letter "
            "upper-case country code such as 'US' or 'GB', got 'usa'"
        )
        settings.write_text(base, "utf-8")
        assert server.build(5)[-1].startswith("build 5: 0 errors")
    finally:
        server.stop()
