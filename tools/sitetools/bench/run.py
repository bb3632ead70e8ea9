"""``make bench``: the plugin's build against plain Pelican, on every core, measured.

Builds one synthetic site (``sitetools.bench.site``) with real Pelican in
subprocesses: plain Pelican, the plugin with one job and with one job per core,
cold and warm, alternating in one run, plus the plugin's cold build at 1, 2, 4
... jobs for the scaling table. It writes a Markdown report and judges nothing
by itself; the tables say.
"""

from __future__ import annotations

import argparse
import compileall
import datetime as dt
import importlib.metadata
import os
import platform
import runpy
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from legalsite.contacts.points import SiteContacts, build_site_contacts
from legalsite.pelican.pool import cores
from legalsite.settings import Contact
from sitetools.bench import reload
from sitetools.bench.peak import PoolPeak
from sitetools.bench.site import BenchPage, generate_site, hugo_page_path, write_trees
from sitetools.build import pelican_command as pelican_line

ROOT = Path(__file__).resolve().parents[3]
SETTINGS = ROOT / "pelicanconf.py"
PLAIN, ONE, ALL = "plain", "plugin-1", "plugin-all"
CASES = ("cold", "warm")
_LIBRARIES = (
    "pelican", "markdown", "jinja2", "ftfy", "phonenumbers", "lxml",
    "beautifulsoup4", "tzdata",
)  # fmt: skip
# Targets on 1,000 pages, medians of one run: the plugin on every core against
# plain Pelican (cold, warm), its memory against its one-job build, scaling.
TARGETS = {
    "cold": 0.85,
    "warm": 1.0,
    "memory": 2.0,
    "efficiency": 0.7,
    "per_page": 0.15,
}
SCALING_SIZE = 1000
# Save to reloaded page on the real site, in seconds (median).
RELOAD_TARGET = 0.5


METHOD = (
    "## How it is measured",
    "",
    "- The site (`sitetools/bench/site.py`, seed 9) has N pages of 1,500 to 3,000 "
    "words of policy prose: a third give phone numbers and support hours, a fifth "
    "carry Windows-1252 mojibake, a quarter are archived-corpus files (header, "
    "then `# Title`). It is committed to a fresh git repository, as the real site "
    "is built from a checkout.",
    "- Every build runs Pelican (`sitetools.build.pelican_command`: `python -m "
    "sitetools.console`, Pelican's command line with one line per problem) with "
    "`pelicanconf.py`, the same theme and Markdown settings, in the same run, "
    "alternating the order. The plain build gets `PLUGINS=[]` and the footer "
    "snippets the plugin would compute (`SITE_CONTACTS`), precomputed, so it "
    "renders the same templates and footer. Plain Pelican cannot read corpus "
    "headers, so its copy of those files carries `Title`, `Slug` and `Template` "
    "lines above the unchanged text: same pages, same URLs, same amount of Markdown.",
    "- Every build imports compiled modules: pip compiled Pelican's and the other "
    "installed packages' when it installed them, and the bench compiles the "
    "plugin's and the tools' (`compileall`) before it times anything, as Python "
    "does on a first run unless `PYTHONDONTWRITEBYTECODE` is set (compiling "
    "them again in every build cost each build about 0.1 s).",
    "- The plugin builds with `LEGALSITE_JOBS=1` (one process) and with one job "
    "per core (`LEGALSITE_JOBS=0`): sources are read, and pages written, by "
    "worker processes forked from the build. What only the plugin does is "
    "counted against it: decoding checks, mojibake repair, archive headers, "
    "phone and hours markup, JSON-LD, the report, the archive index, dates and "
    "revision history from git (one more page per legal page).",
    "- cold: an empty cache and output folder. warm: the same cache and output "
    "after one page (with a phone number) was edited; plain Pelican deletes its "
    "output and writes every page again, the plugin leaves unchanged pages in "
    "place. Time is wall-clock; CPU is user + system of the build and of every "
    "process it waited for (its workers). Peak memory is, for plain Pelican and "
    "the one-job build, the process's own high-water mark (`VmHWM`, read by "
    "`sitetools.bench.peak` as it exits); for builds with workers, the largest "
    "sum of the high-water marks of the build and of its workers alive at the "
    "same moment, sampled every 10 ms (`sitetools.bench.peak.PoolPeak`, which "
    "takes about 4% of a core from the build). Pages a worker shares with the "
    "build since it was forked count in both, so that sum is an upper bound. "
    "The PSS column adds up, every 500 ms, the "
    "proportional set sizes of the same processes (a shared page counts once, "
    "split between them): what the machine holds.",
    "- The scaling table times the plugin's cold build at 1, 2, 4 ... jobs, up to "
    "the machine's cores, on "
    f"{SCALING_SIZE:,} pages (or the largest N of the run): speed-up is the "
    "one-job time over the N-job time, efficiency the speed-up over the jobs.",
    "- Hugo (Debian's package, which `make bench` installs) builds the same page "
    "bodies with a one-template site (no theme, no plugin work): a reference for "
    "the generator alone. Its command line has no incremental build: its warm "
    "figure is a full build after the same one-page edit.",
)


@dataclass(frozen=True, kw_only=True)
class Sample:
    """One timed build: wall and CPU seconds, and the peak resident memory.

    CPU seconds (user + system) are kept beside wall time because they are
    less disturbed by other work on a shared machine.
    """

    seconds: float
    cpu_seconds: float
    max_rss_kb: int
    pss_kb: int = 0


@dataclass(frozen=True, kw_only=True)
class Row:
    """Samples of one size and case, for each builder that ran it."""

    size: int
    case: str
    samples: dict[str, list[Sample]]


def plain_settings() -> dict[str, object]:
    """Extra settings that let plain Pelican render our theme unchanged.

    The theme's footer reads ``SITE_CONTACTS``, which the plugin computes at
    start-up from ``LEGALSITE_CONTACTS``; the plain build gets the very same
    snippets precomputed, so both builds write the same footer on every page.
    """
    conf = runpy.run_path(str(SETTINGS))
    site = build_site_contacts(
        SiteContacts(
            contacts=tuple(
                Contact(label=c["label"], phone=c["phone"])
                for c in conf.get("LEGALSITE_CONTACTS", [])
            ),
            hours=conf.get("LEGALSITE_SUPPORT_HOURS", ""),
            region=conf.get("LEGALSITE_REGION", "US"),
        )
    )
    return {
        "PLUGINS": [],
        "SITE_CONTACTS": {
            "phones_html": list(site.phones_html),
            "hours_html": site.hours_html,
        },
    }


def run_build(command: list[str], *, log: Path, cwd: Path) -> Sample:
    """Run one build and measure it: wall time, CPU and peak memory.

    A Python build runs under ``sitetools.bench.peak``, which reports the
    process's own peak memory: the ``ru_maxrss`` that ``wait4`` gives includes
    the bench process's memory, inherited at exec (see ``peak``). Workers the
    build forks are added in while they run (``PoolPeak``).
    """
    peak = log.with_suffix(".peak")
    peak.unlink(missing_ok=True)
    if command[0] == sys.executable and command[1] == "-m":
        command = [
            sys.executable,
            "-m",
            "sitetools.bench.peak",
            str(peak),
            *command[1:],
        ]
    # The previous build's output is still being written back to disk: flush
    # it now, or that I/O lands in this build's time (warm builds after cold
    # ones read up to 50% slower).
    os.sync()
    with log.open("w", encoding="utf-8") as out:
        start = time.perf_counter()
        child = subprocess.Popen(command, cwd=cwd, stdout=out, stderr=out)
        with PoolPeak(child.pid) as pool:
            _, status, usage = os.wait4(child.pid, 0)
        seconds = time.perf_counter() - start
        child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode != 0:
        tail = log.read_text("utf-8", errors="replace")[-2000:]
        raise RuntimeError(f"build failed ({child.returncode}): {command}\n{tail}")
    # Both in KiB; Hugo, not run under ``peak``, keeps the inflated figure.
    max_rss = int(peak.read_text("ascii")) if peak.is_file() else usage.ru_maxrss
    if pool.processes > 1:
        max_rss = max(max_rss, pool.peak_kib)
    return Sample(
        seconds=seconds,
        cpu_seconds=usage.ru_utime + usage.ru_stime,
        max_rss_kb=max_rss,
        pss_kb=pool.pss_peak_kib,
    )


def job_counts(machine_cores: int) -> list[int]:
    """1, 2, 4, 8 ... up to the cores, and the cores themselves.

    >>> job_counts(2), job_counts(6)
    ([1, 2], [1, 2, 4, 6])
    """
    counts = [1]
    while counts[-1] * 2 < machine_cores:
        counts.append(counts[-1] * 2)
    if machine_cores > 1:
        counts.append(machine_cores)
    return counts


def bench_command(
    content: Path, work: Path, *, variant: str, extra: dict[str, object]
) -> list[str]:
    """``python -m pelican`` with the site's settings, isolated in ``work``.

    ``variant`` is ``plain``, or ``plugin-N`` for the plugin with N jobs
    (``plugin-all``: one per core).
    """
    settings: dict[str, object] = {
        "CACHE_PATH": str(work / "cache"),
        "LEGALSITE_REPORT_PATH": str(work / "report.json"),
    }
    if variant == PLAIN:
        settings.update(extra)
    else:
        jobs = variant.removeprefix("plugin-")
        settings["LEGALSITE_JOBS"] = 0 if jobs == "all" else int(jobs)
    return pelican_line(
        content, settings=SETTINGS, output=work / "output", extra_settings=settings
    )


def bench_size(
    pages: list[BenchPage],
    root: Path,
    *,
    runs: int,
    hugo: str | None,
    scaling: list[int],
) -> list[Row]:
    """Time every builder on one site, ``runs`` times, alternating the order.

    ``scaling`` lists more job counts whose cold builds are timed too.
    """
    trees = write_trees(pages, root)
    commit_site(root)
    extra = plain_settings()
    variants = (PLAIN, ONE, ALL)
    samples: dict[tuple[str, str], list[Sample]] = {}
    edited = pages[0].path
    hugo_edited = hugo_page_path(pages[0])
    for run in range(runs):
        order = variants if run % 2 == 0 else variants[::-1]
        more = [f"plugin-{jobs}" for jobs in scaling]
        for variant in (*order, *(more if run % 2 == 0 else more[::-1])):
            work = root / f"work-{variant}"
            shutil.rmtree(work, ignore_errors=True)
            work.mkdir()
            tree = trees["plain" if variant == PLAIN else "plugin"]
            command = bench_command(tree, work, variant=variant, extra=extra)
            sample = run_build(command, log=work / "cold.log", cwd=ROOT)
            samples.setdefault(("cold", variant), []).append(sample)
        if hugo:
            hugo_work = root / "work-hugo"
            shutil.rmtree(hugo_work, ignore_errors=True)
            hugo_work.mkdir()
            sample = run_build(
                hugo_command(hugo, trees["hugo"], hugo_work),
                log=root / "hugo.log",
                cwd=ROOT,
            )
            samples.setdefault(("cold", "hugo"), []).append(sample)
        # One page edited: the cache must re-read exactly that page.
        copies = {"plain": edited, "plugin": edited, "hugo": hugo_edited}
        originals = {t: (trees[t] / name).read_bytes() for t, name in copies.items()}
        for tree, original in originals.items():
            added = f"\nThis paragraph was added in run {run}.\n".encode()
            (trees[tree] / copies[tree]).write_bytes(original + added)
        for variant in order:
            work = root / f"work-{variant}"
            tree = trees["plain" if variant == PLAIN else "plugin"]
            command = bench_command(tree, work, variant=variant, extra=extra)
            sample = run_build(command, log=work / "warm.log", cwd=ROOT)
            samples.setdefault(("warm", variant), []).append(sample)
        if hugo:  # Hugo's command line has no incremental build: all pages again
            sample = run_build(
                hugo_command(hugo, trees["hugo"], hugo_work),
                log=root / "hugo.log",
                cwd=ROOT,
            )
            samples.setdefault(("warm", "hugo"), []).append(sample)
        for tree, original in originals.items():
            (trees[tree] / copies[tree]).write_bytes(original)
    return [
        Row(
            size=len(pages),
            case=case,
            samples={b: s for (c, b), s in samples.items() if c == case},
        )
        for case in CASES
    ]


def compile_sources() -> None:
    """Compile the plugin's and the tools' modules, once, before any build.

    Installed packages were compiled by pip; the project's own modules are
    imported from the checkout, and where bytecode is never written
    (``PYTHONDONTWRITEBYTECODE``) every build would compile them again.
    """
    for folder in ("plugins", "tools"):
        compileall.compile_dir(ROOT / folder, quiet=1)


def hugo_command(hugo: str, source: Path, work: Path) -> list[str]:
    """Hugo's build of the same page bodies into ``work`` (absolute paths)."""
    return [
        hugo, "--quiet", "--source", str(source.resolve()),
        "--destination", str((work / "public").resolve()),
        "--cacheDir", str((work / "cache").resolve()),
    ]  # fmt: skip


def commit_site(root: Path) -> None:
    """Commit the generated site to a fresh git repository, as the real site is.

    The plugin dates legal pages from git and says so when it cannot; outside a
    checkout it would warn once per page, which is not the build anyone runs.
    A fixed author and date keep the history identical from run to run.
    """
    git = shutil.which("git")
    if git is None:
        return
    moment = "2025-01-01T00:00:00Z"
    env = {
        **os.environ,
        "GIT_AUTHOR_DATE": moment,
        "GIT_COMMITTER_DATE": moment,
        "GIT_AUTHOR_NAME": "bench",
        "GIT_AUTHOR_EMAIL": "bench@example.invalid",
        "GIT_COMMITTER_NAME": "bench",
        "GIT_COMMITTER_EMAIL": "bench@example.invalid",
    }
    for args in (
        ("init", "-q"),
        ("add", "-A", "plugin", "plain"),
        ("commit", "-q", "--no-gpg-sign", "-m", "Generated benchmark site"),
    ):
        subprocess.run([git, *args], cwd=root, env=env, check=True)


def _reload_sites(
    work: Path, count: int, *, seed: int
) -> list[tuple[Path, Path, Path, str, int]]:
    """A generated site of ``count`` pages, committed, for timing live reload."""
    if count <= 0:
        return []
    root = work / f"reload-n{count}"
    shutil.rmtree(root, ignore_errors=True)
    pages = generate_site(count, seed=seed)
    tree = write_trees(pages, root)["plugin"]
    commit_site(root)
    return [(root, tree, tree / pages[0].path, pages[0].slug, count)]


def machine() -> dict[str, str]:
    """CPU model, cores, memory and versions, for the report's header."""
    cpu = platform.processor() or platform.machine()
    memory = ""
    for path, key in (("/proc/cpuinfo", "model name"), ("/proc/meminfo", "MemTotal")):
        try:
            for line in Path(path).read_text("utf-8").splitlines():
                if line.startswith(key):
                    value = line.split(":", 1)[1].strip()
                    if key == "MemTotal":
                        memory = f"{int(value.split()[0]) / 1024**2:.1f} GiB"
                    else:
                        cpu = value
                    break
        except OSError:
            pass
    versions = ", ".join(
        f"{name} {importlib.metadata.version(name)}" for name in _LIBRARIES
    )
    return {
        "cpu": cpu,
        "cores": str(os.cpu_count()),
        "memory": memory or "unknown",
        "os": platform.platform(),
        "python": platform.python_version(),
        "libraries": versions,
    }


def hugo_version(hugo: str | None) -> str:
    if not hugo:
        return "not installed"
    result = subprocess.run(
        [hugo, "version"], capture_output=True, text=True, check=False
    )
    return result.stdout.strip() or "unknown"


def _median(samples: list[Sample]) -> tuple[float, float, float]:
    """Median wall seconds, CPU seconds and peak memory (MiB) of some runs."""
    seconds = statistics.median(s.seconds for s in samples)
    cpu = statistics.median(s.cpu_seconds for s in samples)
    rss = statistics.median(s.max_rss_kb for s in samples) / 1024
    return seconds, cpu, rss


def _median_pss(samples: list[Sample]) -> float:
    """Median peak proportional set size (MiB), all processes together."""
    return statistics.median(s.pss_kb for s in samples) / 1024


def render_report(
    rows: list[Row],
    *,
    runs: int,
    info: dict[str, str],
    hugo: str,
    note: str = "",
    reloads: list[str] | None = None,
) -> str:
    """The Markdown results: header, the tables, then the targets judged."""
    sizes = sorted({r.size for r in rows})
    lines = [
        "# Build benchmark: the site plugin against plain Pelican",
        "",
        f"Generated by `python -m sitetools.bench --sizes "
        f"{','.join(map(str, sizes))} --runs {runs}` on "
        f"{dt.date.today().isoformat()}.",
        "",
        f"- Machine: {info['cpu']}, {info['cores']} cores, {info['memory']} RAM "
        f"({info['os']})",
        f"- Python {info['python']}; {info['libraries']}",
        f"- Hugo: {hugo}",
        f"- Pages (N): {', '.join(map(str, sizes))}; runs per case: {runs}; "
        "figures are medians of the runs",
        f"- Plugin, all cores: {info['cores']} jobs",
        "",
        "| N | case | plain Pelican (s) | plugin, 1 job (s) "
        "| plugin, all cores (s) | all cores / plain | 1 job / plain "
        "| all cores / plain, CPU | plain ms/page | all cores ms/page "
        "| plain peak (MiB) | 1 job peak (MiB) | all cores peak, all processes "
        "(MiB) | memory, all cores / 1 job | PSS, 1 job / all cores (MiB) "
        "| Hugo (s) |",
        "|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
        "---:|",
    ]
    for row in rows:
        plain_s, plain_cpu, plain_rss = _median(row.samples[PLAIN])
        one_s, _, one_rss = _median(row.samples[ONE])
        all_s, all_cpu, all_rss = _median(row.samples[ALL])
        hugo_s = (
            f"{_median(row.samples['hugo'])[0]:.2f}" if "hugo" in row.samples else "–"
        )
        lines.append(
            f"| {row.size} | {row.case} | {plain_s:.2f} | {one_s:.2f} | {all_s:.2f} "
            f"| {all_s / plain_s:.2f}x | {one_s / plain_s:.2f}x "
            f"| {all_cpu / plain_cpu:.2f}x "
            f"| {1000 * plain_s / row.size:.2f} | {1000 * all_s / row.size:.2f} "
            f"| {plain_rss:.0f} | {one_rss:.0f} | {all_rss:.0f} "
            f"| {all_rss / one_rss:.2f}x "
            f"| {_median_pss(row.samples[ONE]):.0f} / "
            f"{_median_pss(row.samples[ALL]):.0f} | {hugo_s} |"
        )
    machine_cores = int(info["cores"])
    lines += ["", *_scaling(rows, cores=machine_cores)]
    lines += ["", *_judge(rows, cores=machine_cores)]
    lines += ["", *METHOD]
    if reloads:
        lines += ["", *reloads]
    if note:
        lines += ["", note]
    return "\n".join(lines) + "\n"


def _scaling_row(rows: list[Row]) -> Row | None:
    cold = [r for r in rows if r.case == "cold"]
    if not cold:
        return None
    sized = [r for r in cold if r.size == SCALING_SIZE]
    return sized[0] if sized else max(cold, key=lambda r: r.size)


def _speedups(row: Row, *, cores: int) -> list[tuple[int, float, float]]:
    """(jobs, seconds, speed-up) for each job count timed on ``row``."""
    one = _median(row.samples[ONE])[0]
    found = {}
    for builder, samples in row.samples.items():
        jobs = builder.removeprefix("plugin-")
        if builder == ALL:
            jobs = str(cores)
        if builder.startswith("plugin-") and jobs.isdigit():
            seconds = _median(samples)[0]
            found[int(jobs)] = (int(jobs), seconds, one / seconds)
    return sorted(found.values())


def _scaling(rows: list[Row], *, cores: int) -> list[str]:
    """The plugin's cold build at 1, 2, 4 ... jobs: speed-up and efficiency."""
    row = _scaling_row(rows)
    if row is None:
        return []
    lines = [
        f"## Scaling: the plugin's cold build, {row.size:,} pages",
        "",
        "| jobs | seconds | speed-up | efficiency |",
        "|---:|---:|---:|---:|",
    ]
    for jobs, seconds, speedup in _speedups(row, cores=cores):
        lines.append(
            f"| {jobs} | {seconds:.2f} | {speedup:.2f}x | {speedup / jobs:.2f} |"
        )
    return lines


def _judge(rows: list[Row], *, cores: int) -> list[str]:
    """The targets: ratios and scaling on 1,000 pages, seconds per page to 5,000."""
    by = {(r.size, r.case): r for r in rows}
    out = ["## Targets (1,000 pages, medians of one run)", ""]
    if (1000, "cold") not in by:
        return [*out, "Not judged: the run did not include N = 1000."]

    def median(case: str, builder: str, index: int) -> float:
        return _median(by[(1000, case)].samples[builder])[index]

    checks = [
        ("cold build, all cores / plain", median("cold", ALL, 0)
         / median("cold", PLAIN, 0), TARGETS["cold"]),
        ("warm rebuild after a one-page edit, all cores / plain",
         median("warm", ALL, 0) / median("warm", PLAIN, 0), TARGETS["warm"]),
        ("peak memory (cold), all processes, all cores / 1 job",
         median("cold", ALL, 2) / median("cold", ONE, 2), TARGETS["memory"]),
    ]  # fmt: skip
    for label, value, limit in checks:
        verdict = "met" if value <= limit else "missed"
        out.append(f"- {label}: {value:.2f}x (target ≤ {limit:.2f}x): {verdict}")
    for jobs, _, speedup in _speedups(by[(1000, "cold")], cores=cores):
        if 1 < jobs <= 8:
            limit = TARGETS["efficiency"] * jobs
            verdict = "met" if speedup >= limit else "missed"
            out.append(
                f"- speed-up at {jobs} jobs: {speedup:.2f}x "
                f"(target ≥ {limit:.2f}x): {verdict}"
            )
    if cores < 2:
        out.append("- speed-up: not judged, the machine has one core")
    if (5000, "cold") in by:
        for case in CASES:
            per_page = [
                _median(by[(n, case)].samples[ALL])[0] / n for n in (1000, 5000)
            ]
            drift = per_page[1] / per_page[0] - 1
            verdict = "met" if abs(drift) <= TARGETS["per_page"] else "missed"
            out.append(
                f"- {case} seconds per page, all cores, 5,000 vs 1,000: "
                f"{drift:+.0%} (target within ±15%): {verdict}"
            )
    else:
        out.append("- seconds per page at 5,000 pages: not measured in this run")
    return out


def main(argv: list[str] | None = None) -> int:
    """Command line: ``python -m sitetools.bench --sizes 100,1000 --runs 5``."""
    parser = argparse.ArgumentParser(prog="python -m sitetools.bench")
    parser.add_argument("--sizes", default="100,1000,5000")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--output", type=Path, default=ROOT / "docs/benchmarks.md")
    parser.add_argument("--seed", type=int, default=9)
    parser.add_argument("--work", type=Path, help="keep the sites here (default: temp)")
    parser.add_argument("--note", default="", help="a paragraph added to the report")
    parser.add_argument("--no-hugo", action="store_true", help="skip the Hugo row")
    parser.add_argument(
        "--reload-pages",
        type=int,
        default=1000,
        help="pages of the generated site whose live reload is timed (0: none)",
    )
    parser.add_argument(
        "--no-reload", action="store_true", help="skip timing the live reload"
    )
    args = parser.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    hugo = None if args.no_hugo else shutil.which("hugo")
    scaled = SCALING_SIZE if SCALING_SIZE in sizes else max(sizes)
    counts = job_counts(cores())
    extra_jobs = [jobs for jobs in counts if jobs not in (1, cores())]
    compile_sources()
    rows: list[Row] = []
    with tempfile.TemporaryDirectory(prefix="bench-") as temp:
        work = args.work or Path(temp)
        for size in sizes:
            root = work / f"n{size}"
            shutil.rmtree(root, ignore_errors=True)
            pages = generate_site(size, seed=args.seed)
            rows += bench_size(
                pages,
                root,
                runs=args.runs,
                hugo=hugo,
                scaling=extra_jobs if size == scaled else [],
            )
            print(f"bench: {size} pages done", file=sys.stderr)
        reloads = None
        if not args.no_reload:
            reloads = reload.measure(
                _reload_sites(work, args.reload_pages, seed=args.seed),
                work / "reload",
                runs=args.runs,
                target=RELOAD_TARGET,
            )
            print("bench: live reload done", file=sys.stderr)
    info = machine()
    info["cores"] = str(cores())
    report = render_report(
        rows,
        runs=args.runs,
        info=info,
        hugo=hugo_version(hugo),
        note=args.note,
        reloads=reloads,
    )
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(report, "utf-8")
    print(report)
    return 0


if __name__ == "__main__":
    sys.exit(main())
