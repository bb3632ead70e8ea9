"""The corpus sweep's cost: every real archived file of the tests, built as one site.

``python -m sitetools.bench.corpus --output docs/benchmarks.md`` builds
``tests/corpus/citp`` with real Pelican and the plugin, cold, ``--runs`` times,
and writes the median wall time and peak memory into its own section of the
benchmarks file (between markers, so ``sitetools.bench`` may rewrite the rest).
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
from pathlib import Path

from sitetools.bench.run import ROOT, SETTINGS, Sample, run_build
from sitetools.build import pelican_command

CORPUS = ROOT / "tests" / "corpus" / "citp"
BEGIN, END = "<!-- corpus-sweep:begin -->", "<!-- corpus-sweep:end -->"


def sweep(runs: int) -> tuple[int, int, list[Sample]]:
    """Build the corpus ``runs`` times from a cold cache; files, bytes, samples."""
    files = sorted(CORPUS.glob("*.md"))
    samples = []
    with tempfile.TemporaryDirectory(prefix="corpus-sweep-") as tmp:
        work = Path(tmp)
        content = work / "content" / "archive"
        content.mkdir(parents=True)
        for file in files:
            shutil.copyfile(file, content / file.name)
        for run in range(runs):
            shutil.rmtree(work / "cache", ignore_errors=True)
            command = pelican_command(
                work / "content",
                settings=SETTINGS,
                output=work / "output",
                extra_settings={
                    "CACHE_PATH": str(work / "cache"),
                    "LEGALSITE_REPORT_PATH": str(work / "report.json"),
                },
            )
            samples.append(run_build(command, log=work / f"run{run}.log", cwd=ROOT))
    return len(files), sum(f.stat().st_size for f in files), samples


def render(files: int, size: int, samples: list[Sample]) -> str:
    """The section, as Markdown between its markers."""
    seconds = statistics.median(s.seconds for s in samples)
    cpu = statistics.median(s.cpu_seconds for s in samples)
    rss = statistics.median(s.max_rss_kb for s in samples) / 1024
    return "\n".join(
        [
            BEGIN,
            "## The corpus sweep",
            "",
            f"Every real archived file of the tests ({files} files, "
            f"{size / 1e6:.2f} MB, `tests/corpus/citp`) built as one site with "
            f"the plugin, cold, median of {len(samples)} runs:",
            "",
            "| wall (s) | CPU (s) | ms per file | peak RSS (MiB) |",
            "|---:|---:|---:|---:|",
            f"| {seconds:.2f} | {cpu:.2f} | {1000 * seconds / files:.1f} | {rss:.0f} |",
            END,
        ]
    )


def write_section(path: Path, section: str) -> None:
    """Replace the section in ``path``, or add it at the end."""
    text = path.read_text("utf-8") if path.is_file() else ""
    if BEGIN in text and END in text:
        before, rest = text.split(BEGIN, 1)
        text = before + section + rest.split(END, 1)[1]
    else:
        text = text.rstrip("\n") + "\n\n" + section + "\n"
    path.write_text(text, "utf-8")


def main(argv: list[str] | None = None) -> int:
    """Command line: ``python -m sitetools.bench.corpus --runs 3 --output FILE``."""
    parser = argparse.ArgumentParser(prog="python -m sitetools.bench.corpus")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--output", type=Path, default=ROOT / "docs/benchmarks.md")
    args = parser.parse_args(argv)
    section = render(*sweep(args.runs))
    write_section(args.output, section)
    print(section)
    return 0


if __name__ == "__main__":
    sys.exit(main())
