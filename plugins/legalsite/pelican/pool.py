"""Worker processes for one build, and the log records they carry back.

Owns running numbered tasks in workers forked from the build (so they start
with everything the build holds), the build's own process taking its share;
bringing each task's log records back to be replayed in task order; and
stopping cleanly, saying how, when a worker dies. It knows nothing of pages.
"""

from __future__ import annotations

import contextlib
import gc
import logging
import multiprocessing
import os
import pickle
import signal
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from typing import Any

from pelican.log import FilteredMessage

# A worker is given this share of the tasks left (divided by the number of
# processes) at a time: large shares first, one at a time near the end, so no
# process waits long for the slowest.
_SHARE = 4


class WorkerDied(RuntimeError):
    """A worker process ended before it finished its tasks."""

    def __init__(self, pid: int, fate: str, tasks: range) -> None:
        super().__init__(f"a build worker (pid {pid}) {fate}")
        self.pid = pid
        self.fate = fate
        self.tasks = tasks


@dataclass(frozen=True, slots=True)
class Outcome:
    """One task's value and the log records it made.

    ``redo`` is set when the task raised, logged an exception, or its value
    could not travel between processes: the caller runs it again in the build's
    own process, where it fails (or not) exactly as in a build of one process.
    """

    value: Any = None
    records: tuple[logging.LogRecord, ...] = ()
    redo: bool = False


def cores() -> int:
    """The processors this process may run on (its CPU affinity)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


def can_fork() -> bool:
    """Workers are forked: they share the build's memory and need no pickling."""
    return "fork" in multiprocessing.get_all_start_methods()


def run_captured(work: Callable[[int], Any], index: int) -> Outcome:
    """Run one task, keeping its log records instead of logging them.

    Records are taken before any logger filter sees them (Pelican's filter
    drops repeats, counting as it goes), so that replaying them later in the
    build's process filters them once, in task order.
    """
    records: list[logging.LogRecord] = []
    original = logging.Logger.handle
    logging.Logger.handle = lambda _logger, record: records.append(record)  # type: ignore[method-assign,assignment]
    try:
        value = work(index)
    except Exception:  # the build's process runs it again, and fails there
        return Outcome(redo=True)
    finally:
        logging.Logger.handle = original  # type: ignore[method-assign]
    if any(record.exc_info for record in records):
        return Outcome(redo=True)  # a traceback cannot travel: run it again
    return Outcome(value=value, records=tuple(records))


def replay(records: Sequence[logging.LogRecord]) -> None:
    """Log records made elsewhere as if they were made here and now."""
    for record in records:
        # Pelican's log filter may drop it, as its own loggers do.
        with contextlib.suppress(FilteredMessage):
            logging.getLogger(record.name).handle(record)


def run_tasks(count: int, work: Callable[[int], Any], *, jobs: int) -> list[Outcome]:
    """Run ``work(0)`` to ``work(count - 1)`` in ``jobs`` processes, this one included.

    Outcomes come back in task order whatever process ran each task. A worker
    that dies raises :class:`WorkerDied` once the others are stopped.
    """
    outcomes: list[Outcome] = [Outcome(redo=True)] * count
    helpers = min(jobs, count) - 1
    if helpers < 1 or not can_fork():
        return [run_captured(work, index) for index in range(count)]
    pool = _Pool(work, helpers)
    try:
        pool.run(count, outcomes)
    except BaseException:
        pool.stop(kill=True)
        raise
    pool.stop(kill=False)
    return outcomes


@dataclass(slots=True)
class _Worker:
    process: Any
    conn: Connection
    tasks: range | None = None


class _Pool:
    """Forked workers and the loop that shares tasks out and gathers outcomes."""

    def __init__(self, work: Callable[[int], Any], size: int) -> None:
        self.work = work
        self.workers: list[_Worker] = []
        context = multiprocessing.get_context("fork")
        # Objects the workers inherit are never walked by their collector, so
        # their memory pages stay shared instead of being copied.
        gc.freeze()
        try:
            for _ in range(size):
                mine, theirs = context.Pipe()
                inherited = [mine, *(w.conn for w in self.workers)]
                process = context.Process(
                    target=_serve, args=(theirs, work, inherited), daemon=True
                )
                process.start()
                theirs.close()
                self.workers.append(_Worker(process, mine))
        finally:
            gc.unfreeze()

    def run(self, count: int, outcomes: list[Outcome]) -> None:
        # Workers take shares from the front; this process takes one task at a
        # time from the back, and looks for finished shares between tasks.
        low, high = 0, count
        processes = len(self.workers) + 1
        while True:
            for worker in self.workers:
                if worker.tasks is None and low < high:
                    size = max(1, (high - low) // (_SHARE * processes))
                    worker.tasks = range(low, low + size)
                    low += size
                    self._send(worker, list(worker.tasks))
            if low < high:
                high -= 1
                outcomes[high] = run_captured(self.work, high)
                timeout: float | None = 0
            elif any(worker.tasks is not None for worker in self.workers):
                timeout = None
            else:
                return
            ready = wait([worker.conn for worker in self.workers], timeout)
            for worker in self.workers:
                if worker.conn in ready:
                    self._receive(worker, outcomes)

    def _send(self, worker: _Worker, message: Any) -> None:
        try:
            worker.conn.send(message)
        except OSError as error:
            raise self._died(worker) from error

    def _receive(self, worker: _Worker, outcomes: list[Outcome]) -> None:
        try:
            data = worker.conn.recv_bytes()
        except (EOFError, OSError) as error:
            raise self._died(worker) from error
        for index, blob in pickle.loads(data):
            outcomes[index] = _arrived(blob)
        worker.tasks = None

    def _died(self, worker: _Worker) -> WorkerDied:
        worker.process.join(timeout=5)
        code = worker.process.exitcode
        if code is None:
            fate = "stopped answering"
        elif code < 0:
            fate = f"was killed by signal {signal.Signals(-code).name}"
        else:
            fate = f"exited with status {code}"
        return WorkerDied(worker.process.pid, fate, worker.tasks or range(0))

    def stop(self, *, kill: bool) -> None:
        """Let the workers go (or kill them) and wait for each to end."""
        for worker in self.workers:
            if kill:
                worker.process.kill()
            else:
                with contextlib.suppress(OSError):  # it is already gone
                    worker.conn.send(None)
            worker.conn.close()
        for worker in self.workers:
            worker.process.join(timeout=10)
            if worker.process.is_alive():
                worker.process.kill()
                worker.process.join()


def _serve(conn: Connection, work: Callable[[int], Any], inherited: list[Any]) -> None:
    """A worker: run each share of tasks it is sent, until told to stop."""
    # Only the build's process may hold the other ends of the pipes, so that a
    # worker sees its pipe close if the build dies.
    for other in inherited:
        other.close()
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    while True:
        try:
            tasks = conn.recv()
        except EOFError:
            return
        if tasks is None:
            return
        done = [(index, _travel(run_captured(work, index))) for index in tasks]
        try:
            conn.send_bytes(pickle.dumps(done, protocol=pickle.HIGHEST_PROTOCOL))
        except OSError:  # the build is gone
            return


def _travel(outcome: Outcome) -> bytes | None:
    """An outcome as bytes, or None when the task must be run again at home."""
    if outcome.redo:
        return None
    records = [dict(record.__dict__, exc_info=None) for record in outcome.records]
    try:
        return pickle.dumps((outcome.value, records), protocol=pickle.HIGHEST_PROTOCOL)
    except Exception:  # an unpicklable value or log argument
        return None


def _arrived(blob: bytes | None) -> Outcome:
    if blob is None:
        return Outcome(redo=True)
    value, records = pickle.loads(blob)
    return Outcome(
        value=value, records=tuple(logging.makeLogRecord(r) for r in records)
    )
