"""A build's peak memory: its own, and that of all its processes together.

``python -m sitetools.bench.peak OUT -m MODULE ARGS...`` runs a module and
writes the process's peak resident set size, in KiB, to OUT. The bench needs
this because the figure a parent gets from ``wait4`` is wrong on Linux: a child
started with vfork or fork inherits, at exec, the high-water mark of the memory
it was copied from, so every build looked as big as the bench process itself
(307 MiB at 5,000 pages, for both builds). ``VmHWM`` belongs to the process's
own address space, which starts empty at exec.

A build that forks workers is more than one process: :class:`PoolPeak`,
started by the bench beside the build, adds up the peaks of the build and of
every process under it that are alive at the same moment.
"""

from __future__ import annotations

import atexit
import contextlib
import os
import resource
import runpy
import sys
import threading
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


def hwm_kib(pid: int) -> int | None:
    """The peak resident memory (``VmHWM``) of a live process, in KiB."""
    return _field(f"/proc/{pid}/status", "VmHWM:")


def pss_kib(pid: int) -> int | None:
    """A live process's proportional set size, in KiB: shared pages split."""
    return _field(f"/proc/{pid}/smaps_rollup", "Pss:")


def _field(path: str, name: str) -> int | None:
    try:
        text = Path(path).read_text("ascii")
    except OSError:
        return None
    for line in text.splitlines():
        if line.startswith(name):
            return int(line.split()[1])
    return None  # a zombie: its memory is gone


def descendants(pid: int) -> list[int]:
    """Every process under ``pid`` (children, their children ...), on Linux."""
    found: list[int] = []
    waiting = [pid]
    while waiting:
        current = waiting.pop()
        for task in Path(f"/proc/{current}/task").glob("*"):
            try:
                children = [int(c) for c in (task / "children").read_text().split()]
            except OSError:
                continue
            found += children
            waiting += children
    return found


class PoolPeak:
    """The peak of a build's processes together, sampled from outside it.

    Every ``interval`` seconds, the peaks (``VmHWM``) of the build and of each
    process under it that is alive then are added up; the largest sum is
    kept. Pages a worker shares with the build since it was forked count once
    per process: the figure is an upper bound. A worker's growth in its last
    ``interval`` before it exits can be missed. The processes under the build
    are looked for every ``rescan`` samples, and their proportional set sizes
    (``Pss``: a shared page counts once, split between the processes that
    share it, which is what the machine holds) added up every ``pss_every``
    samples: both cost the kernel more than a peak does.

    The sampler runs beside a build that keeps every core busy, so what it
    costs is taken from that build: each process's status file is kept open
    and read again in place: 4% of a core at 10 ms (opening the files
    and walking ``/proc`` at every sample took 12%).
    """

    def __init__(
        self,
        pid: int,
        *,
        interval: float = 0.01,
        rescan: int = 5,
        pss_every: int = 50,
    ) -> None:
        self.pid = pid
        self.interval = interval
        self.rescan = rescan
        self.pss_every = pss_every
        self.peak_kib = 0
        self.pss_peak_kib = 0
        self.processes = 1
        self._status: dict[int, int] = {}  # pid -> open /proc/<pid>/status
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._watch, daemon=True)

    def __enter__(self) -> PoolPeak:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()
        for descriptor in self._status.values():
            os.close(descriptor)
        self._status.clear()

    def _watch(self) -> None:
        tick = 0
        while True:
            if tick % self.rescan == 0:
                self._follow([self.pid, *descendants(self.pid)])
            peaks = [kib for kib in map(self._hwm, list(self._status)) if kib]
            self.peak_kib = max(self.peak_kib, sum(peaks))
            self.processes = max(self.processes, len(peaks))
            if tick % self.pss_every == 0:
                shares = [kib for kib in map(pss_kib, self._status) if kib is not None]
                self.pss_peak_kib = max(self.pss_peak_kib, sum(shares))
            tick += 1
            if self._stop.wait(self.interval):
                return

    def _follow(self, pids: list[int]) -> None:
        for pid in pids:
            if pid not in self._status:
                with contextlib.suppress(OSError):
                    self._status[pid] = os.open(f"/proc/{pid}/status", os.O_RDONLY)

    def _hwm(self, pid: int) -> int | None:
        """A followed process's ``VmHWM``; it is let go once it has exited."""
        try:
            text = os.pread(self._status[pid], 4096, 0)
        except OSError:
            text = b""
        at = text.find(b"VmHWM:")
        if at < 0:  # gone, or a zombie whose memory is gone
            os.close(self._status.pop(pid))
            return None
        return int(text[at + 6 : text.index(b"kB", at)])


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
