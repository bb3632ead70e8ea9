"""Run a module as ``__main__`` and record its own peak memory when it exits.

``python -m sitetools.bench.peak OUT -m MODULE ARGS...`` writes the process's peak
resident set size, in KiB, to OUT. The bench needs this because the figure a
parent gets from ``wait4`` is wrong on Linux: a child started with vfork or
fork inherits, at exec, the high-water mark of the memory it was copied from,
so every build looked as big as the bench process itself (307 MiB at 5,000
pages, for both builds). ``VmHWM`` belongs to the process's own address space,
which starts empty at exec.
"""

from __future__ import annotations

import atexit
import resource
import runpy
import sys
from pathlib import Path


def peak_rss_kib() -> int:
    """This process's peak resident memory since exec, in KiB."""
    try:
        status = Path("/proc/self/status").read_text("ascii")
    except OSError:  # not Linux: the best the platform offers
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    for line in status.splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def main(argv: list[str]) -> None:
    """Run ``-m MODULE ARGS...`` with ``argv[0]`` as the file to write."""
    if len(argv) < 3 or argv[1] != "-m":
        raise SystemExit(
            "usage: python -m sitetools.bench.peak OUT -m MODULE [ARGS...]"
        )
    out, module, args = Path(argv[0]), argv[2], argv[3:]
    atexit.register(lambda: out.write_text(f"{peak_rss_kib()}\n", "ascii"))
    sys.argv = [module, *args]
    runpy.run_module(module, run_name="__main__", alter_sys=True)


if __name__ == "__main__":
    main(sys.argv[1:])
