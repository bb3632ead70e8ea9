"""The benchmark runs end to end on a tiny site and writes its table.

Timings are never asserted: they depend on the machine. What is checked is
that both builds succeed on the same generated site and every row is written.
"""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path

from conftest import ROOT
from sitetools.bench.corpus import BEGIN, END, render, sweep, write_section
from sitetools.bench.peak import PoolPeak
from sitetools.bench.reload import reload_rows, time_generated_site
from sitetools.bench.run import commit_site, main
from sitetools.bench.site import CORPUS_HEADER, generate_site, write_trees

WIRING = "plugins/legalsite/pelican/wiring.py"


def test_generated_site_is_deterministic_and_realistic() -> None:
    pages = generate_site(10, seed=3)
    assert [p.text for p in pages] == [p.text for p in generate_site(10, seed=3)]
    words = [len(p.body.split()) for p in pages]
    assert min(words) >= 1500 and max(words) <= 3000
    assert any("â€" in p.text for p in pages)  # mojibake
    assert any("please call" in p.text for p in pages)  # phones and hours
    corpus = [p for p in pages if p.text.startswith(CORPUS_HEADER[:40])]
    assert corpus and all(p.plain_text.startswith("Title: ") for p in corpus)


def test_bench_writes_every_row(tmp_path: Path) -> None:
    output = tmp_path / "benchmarks.md"
    # The builds import the plugin compiled, as they import Pelican.
    compiled = Path(importlib.util.cache_from_source(str(ROOT / WIRING)))
    compiled.unlink(missing_ok=True)
    assert (
        main(
            [
                "--sizes",
                "6",
                "--runs",
                "1",
                "--output",
                str(output),
                "--work",
                str(tmp_path / "work"),
                "--no-reload",
            ]
        )
        == 0
    )
    assert compiled.is_file()
    report = output.read_text("utf-8")
    assert "| 6 | cold |" in report
    assert "| 6 | warm |" in report
    assert "plugin, all cores" in report
    assert "## Scaling: the plugin's cold build, 6 pages" in report
    assert "| 1 | " in report  # the one-job row of the scaling table
    assert "Machine:" in report and "pelican 4.12.0" in report
    assert "Not judged" in report  # N = 1000 was not part of this run
    # Hugo (installed with the test suite) built the same pages, cold and warm.
    assert "Hugo: hugo v" in report
    rows = [line for line in report.splitlines() if line.startswith("| 6 | ")]
    assert [row.split("|")[-2].strip() != "–" for row in rows] == [True, True]


def test_peak_memory_is_the_builds_own(tmp_path: Path) -> None:
    # A parent holding 200 MiB: wait4's ru_maxrss would report at least that
    # for any child it starts (Linux carries the high-water mark over exec).
    script = (
        "import sys; from pathlib import Path\n"
        "from sitetools.bench.run import run_build\n"
        "held = b'x' * (200 << 20)\n"
        "sample = run_build([sys.executable, '-m', 'json.tool', '--help'],"
        f" log=Path({str(tmp_path / 'child.log')!r}), cwd=Path('.'))\n"
        "print(sample.max_rss_kb)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    )
    child_kib = int(result.stdout.split()[-1])
    assert 1024 < child_kib < 100 * 1024


CORPUS_DIR = Path(__file__).parent / "corpus" / "citp"


def test_corpus_sweep_section_replaces_only_itself(tmp_path):
    files, size, samples = sweep(1)
    assert files == len(list(CORPUS_DIR.glob("*.md"))) and size > 0
    path = tmp_path / "benchmarks.md"
    path.write_text(
        f"# Bench\n\nkept\n\n{BEGIN}\nstale figures\n{END}\n\ntail\n", "utf-8"
    )
    write_section(path, render(files, size, samples))
    text = path.read_text("utf-8")
    assert text.startswith("# Bench\n\nkept\n\n") and text.endswith("\n\ntail\n")
    assert "stale figures" not in text and f"({files} files," in text


def test_live_reload_is_timed_from_save_to_reloaded_page(tmp_path, chromium) -> None:
    pages = generate_site(3, seed=3)
    root = tmp_path / "site"
    tree = write_trees(pages, root)["plugin"]
    commit_site(root)
    source = tree / pages[0].path
    before = source.read_bytes()
    times = time_generated_site(
        root, tree, source, pages[0].slug, runs=2, pages=len(pages), browser=chromium
    )
    assert len(times.seconds) == 2 and all(s > 0 for s in times.seconds)
    assert source.read_bytes() == before  # the edit is undone
    section = "\n".join(reload_rows([times], target=0.5))
    assert "| generated site, 3 pages | 3 |" in section


def test_pool_peak_adds_up_the_processes_alive_together() -> None:
    # A parent holding 60 MiB forks a worker that adds 80 MiB of its own: the
    # worker's peak counts what it shares with its parent too (an upper bound).
    script = (
        "import os, time\n"
        "held = b'p' * (60 << 20)\n"
        "pid = os.fork()\n"
        "if pid == 0:\n"
        "    more = b'w' * (80 << 20)\n"
        "    time.sleep(0.5)\n"
        "    os._exit(0)\n"
        "os.waitpid(pid, 0)\n"
    )
    process = subprocess.Popen([sys.executable, "-c", script])
    with PoolPeak(process.pid) as pool:
        process.wait()
    assert pool.processes == 2
    assert 190 * 1024 < pool.peak_kib < 400 * 1024
    # Counted once, the shared 60 MiB: what the machine held.
    assert 130 * 1024 < pool.pss_peak_kib < pool.peak_kib - 40 * 1024
