"""The author's loop, timed: from saving a page to Chromium showing it again.

A dev server (``python -m sitetools.devserver``) runs on the site in a process
of its own; headless Chromium keeps the edited page open. Each sample appends
a paragraph to the page's source and measures until the page has reloaded by
itself (its ``load`` event), which takes in the watcher's wait for the save to
end, the build, the swap, the event to the page and the reload.
"""

from __future__ import annotations

import contextlib
import os
import queue
import signal
import statistics
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from sitetools.check.browser import Browser, BrowserUnavailable, open_browser

ROOT = Path(__file__).resolve().parents[3]
# Between samples, so one save's build is over before the next save.
_SETTLE_SECONDS = 0.3


@dataclass(frozen=True, kw_only=True)
class ReloadTimes:
    """Save-to-reloaded seconds of one site, one per sample."""

    site: str
    pages: int
    seconds: tuple[float, ...]

    @property
    def median(self) -> float:
        """The median of the samples, in seconds."""
        return statistics.median(self.seconds)


class _Server:
    """The dev server on ``content``, its output and caches under ``work``."""

    def __init__(self, repo: Path, content: Path, work: Path) -> None:
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "sitetools.devserver",
                "-c",
                str(content),
                "-o",
                str(work / "output"),
                "-s",
                str(ROOT / "pelicanconf.py"),
                "--port",
                "0",
                "-e",
                f'CACHE_PATH="{work / "cache"}"',
                f'LEGALSITE_REPORT_PATH="{work / "report.json"}"',
            ],
            cwd=repo,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        self.lines: queue.Queue[str] = queue.Queue()
        self._reader = threading.Thread(
            target=self._read, args=(self.process.stdout,), daemon=True
        )
        self._reader.start()
        first = self.lines.get(timeout=120)
        if not first.startswith("serving "):
            raise RuntimeError(f"the dev server did not start: {first}")
        self.url = first.split()[1]

    def _read(self, stream: IO[str]) -> None:
        for line in stream:
            self.lines.put(line.rstrip("\n"))

    def built(self, number: int) -> str:
        """Wait for build ``number`` to end; its summary line."""
        while True:
            line = self.lines.get(timeout=300)
            if line.startswith(f"build {number}: "):
                if " replaced " not in line:
                    raise RuntimeError(f"the build failed: {line}")
                return line

    def stop(self) -> None:
        self.process.send_signal(signal.SIGINT)
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self._reader.join(timeout=10)
        if self.process.stdout is not None:
            self.process.stdout.close()


def time_reloads(
    repo: Path,
    content: Path,
    source: Path,
    url_path: str,
    *,
    work: Path,
    runs: int,
    site: str,
    pages: int,
    browser: Browser | None = None,
) -> ReloadTimes:
    """Save ``source`` ``runs`` times with the page at ``url_path`` open.

    Chromium is started for it unless ``browser`` is given. The source is
    restored afterwards.
    """
    work.mkdir(parents=True, exist_ok=True)
    original = source.read_bytes()
    server = _Server(repo, content, work)
    seconds: list[float] = []
    try:
        server.built(1)
        with contextlib.ExitStack() as stack:
            if browser is None:
                browser = stack.enter_context(open_browser())
            context = browser.new_context()
            stack.callback(context.close)
            page = context.new_page()
            page.goto(server.url + url_path, wait_until="load")
            for run in range(runs):
                added = f"\nThis paragraph was added in sample {run}.\n".encode()
                with page.expect_event("load", timeout=60_000):
                    start = time.perf_counter()
                    source.write_bytes(original + added)
                seconds.append(time.perf_counter() - start)
                server.built(run + 2)
                if f"sample {run}." not in page.inner_text("body"):
                    raise RuntimeError("the page reloaded without the edit")
                time.sleep(_SETTLE_SECONDS)
            page.close()
    finally:
        server.stop()
        source.write_bytes(original)
    return ReloadTimes(site=site, pages=pages, seconds=tuple(seconds))


def time_real_site(work: Path, *, runs: int) -> ReloadTimes:
    """The project's own site, from a clone (its git history dates the pages)."""
    clone = work / "real-site"
    subprocess.run(
        ["git", "clone", "-q", "--no-hardlinks", str(ROOT), str(clone)],
        check=True,
        env={**os.environ, "GIT_TERMINAL_PROMPT": "0"},
    )
    content = clone / "content"
    return time_reloads(
        clone,
        content,
        content / "pages" / "privacy-policy.md",
        "privacy-policy/",
        work=work / "real-site-work",
        runs=runs,
        site="the real site (privacy policy open)",
        pages=sum(1 for p in content.rglob("*.md")),
    )


def time_generated_site(
    root: Path,
    tree: Path,
    source: Path,
    slug: str,
    *,
    runs: int,
    pages: int,
    browser: Browser | None = None,
) -> ReloadTimes:
    """A generated bench site, one of its pages open."""
    return time_reloads(
        root,
        tree,
        source,
        f"{slug}/",
        work=root / "work-reload",
        runs=runs,
        site=f"generated site, {pages:,} pages",
        pages=pages,
        browser=browser,
    )


def reload_rows(times: list[ReloadTimes], *, target: float) -> list[str]:
    """The report's section: one row per site, and the target judged."""
    lines = [
        "## Live reload: save to reloaded page (dev server, Chromium)",
        "",
        "| site | pages | median (s) | fastest (s) | slowest (s) | samples |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for t in times:
        lines.append(
            f"| {t.site} | {t.pages:,} | {t.median:.2f} | {min(t.seconds):.2f} "
            f"| {max(t.seconds):.2f} | {len(t.seconds)} |"
        )
    real = [t for t in times if t.site.startswith("the real site")]
    if real:
        verdict = "met" if real[0].median <= target else "missed"
        lines += [
            "",
            f"- the real site, median: {real[0].median:.2f} s "
            f"(target ≤ {target:.1f} s): {verdict}",
        ]
    lines += [
        "",
        "Each sample appends a paragraph to the open page's source and waits for "
        "the page's own reload (its `load` event): the watcher's 50 ms wait for "
        "the save to end, the build in the dev server's process, the swap of "
        "`output/`, the event to the page, and the reload. Headless Debian "
        "Chromium, driven by Playwright.",
    ]
    return lines


def measure(
    generated: list[tuple[Path, Path, Path, str, int]],
    work: Path,
    *,
    runs: int,
    target: float,
) -> list[str]:
    """Time the real site and each generated site; the report's section."""
    try:
        times = [time_real_site(work, runs=runs)]
        times += [
            time_generated_site(root, tree, source, slug, runs=runs, pages=pages)
            for root, tree, source, slug, pages in generated
        ]
    except BrowserUnavailable as error:
        return ["## Live reload", "", f"Not measured: {error}."]
    return reload_rows(times, target=target)
