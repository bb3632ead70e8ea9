"""Forked worker processes for one build, and the log records they bring back.

Owns sharing numbered tasks between workers and the build's own process,
replaying each task's records in task order, and saying how a worker died.
It knows nothing of pages.
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

    def __init__(self, pid: int, fate: str, tasks: tuple[int, ...]) -> None:
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


class Stream:
    """Tasks this process asks for one at a time, in order, while workers run ahead.

    Workers take shares from the back of the list; this process asks from the
    front and does itself any task no worker has started (so it never waits
    while there is work), and waits only for tasks a worker holds. Where they
    meet, the tasks are split between them. ``take`` returns None for a task
    this process must run itself: one no worker ran, or every task once a
    worker has died (``died`` says how).
    """

    _PENDING, _GIVEN, _MINE = 0, 1, 2

    def __init__(self, count: int, work: Callable[[int], Any], *, jobs: int) -> None:
        self._state = bytearray(count)
        self._pending = count
        self._high = count
        self._outcomes: dict[int, Outcome] = {}
        self.died: WorkerDied | None = None
        helpers = min(jobs, count) - 1
        self._pool = _Pool(work, helpers) if helpers > 0 and can_fork() else None
        self._share()

    def take(self, index: int) -> Outcome | None:
        """Task ``index``'s outcome, or None: run it here, now."""
        if self._pool is None:
            return None
        self._gather(timeout=0)
        while True:
            if index in self._outcomes:
                return self._outcomes.pop(index)
            if self._state[index] == self._PENDING:
                self._state[index] = self._MINE
                self._pending -= 1
                return None
            if self.died is not None or self._pool is None:
                return None  # its worker is gone: run it here
            self._gather(timeout=None)

    def close(self) -> None:
        """Stop the workers; outcomes nobody asked for are dropped."""
        if self._pool is not None:
            self._pool.stop(kill=self.died is not None)
            self._pool = None

    def _share(self) -> None:
        if self._pool is None or self.died is not None:
            return
        processes = len(self._pool.workers) + 1
        for worker in self._pool.workers:
            if worker.tasks is not None or not self._pending:
                continue
            size = max(1, self._pending // (_SHARE * processes))
            tasks: list[int] = []
            while self._high > 0 and len(tasks) < size:
                self._high -= 1
                if self._state[self._high] == self._PENDING:
                    self._state[self._high] = self._GIVEN
                    tasks.append(self._high)
            if tasks:
                self._pending -= len(tasks)
                try:
                    self._pool.give(worker, tasks)
                except WorkerDied as died:
                    self.died = died
                    self._pool.stop(kill=True)
                    return

    def _gather(self, *, timeout: float | None) -> None:
        assert self._pool is not None
        try:
            for index, outcome in self._pool.gather(timeout=timeout):
                self._outcomes[index] = outcome
        except WorkerDied as died:
            self.died = died
            self._pool.stop(kill=True)
            return
        self._share()


def run_tasks(count: int, work: Callable[[int], Any], *, jobs: int) -> list[Outcome]:
    """Run ``work(0)`` to ``work(count - 1)`` in ``jobs`` processes, this one included.

    Workers take shares from the front, this process runs one task at a time
    from the back. Outcomes come back in task order whatever process ran
    each task. A worker that dies raises :class:`WorkerDied` once the others
    are stopped.
    """
    helpers = min(jobs, count) - 1
    if helpers < 1 or not can_fork():
        return [run_captured(work, index) for index in range(count)]
    outcomes: list[Outcome] = [Outcome(redo=True)] * count
    pool = _Pool(work, helpers)
    try:
        low, high = 0, count
        processes = helpers + 1
        while True:
            for worker in pool.workers:
                if worker.tasks is None and low < high:
                    size = max(1, (high - low) // (_SHARE * processes))
                    pool.give(worker, list(range(low, low + size)))
                    low += size
            if low < high:
                high -= 1
                outcomes[high] = run_captured(work, high)
                timeout: float | None = 0
            elif any(worker.tasks is not None for worker in pool.workers):
                timeout = None
            else:
                break
            for index, outcome in pool.gather(timeout=timeout):
                outcomes[index] = outcome
    except BaseException:
        pool.stop(kill=True)
        raise
    pool.stop(kill=False)
    return outcomes


@dataclass(slots=True)
class _Worker:
    process: Any
    conn: Connection
    tasks: list[int] | None = None


class _Pool:
    """Forked workers: give each a share of tasks, gather what they send back."""

    def __init__(self, work: Callable[[int], Any], size: int) -> None:
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

    def give(self, worker: _Worker, tasks: list[int]) -> None:
        worker.tasks = tasks
        try:
            worker.conn.send(tasks)
        except OSError as error:
            raise self._died(worker) from error

    def gather(self, *, timeout: float | None) -> list[tuple[int, Outcome]]:
        """Outcomes of the shares finished now (waiting up to ``timeout``)."""
        ready = wait([worker.conn for worker in self.workers], timeout)
        arrived: list[tuple[int, Outcome]] = []
        for worker in self.workers:
            if worker.conn not in ready:
                continue
            try:
                data = worker.conn.recv_bytes()
            except (EOFError, OSError) as error:
                raise self._died(worker) from error
            arrived += [(index, _arrived(blob)) for index, blob in pickle.loads(data)]
            worker.tasks = None
        return arrived

    def _died(self, worker: _Worker) -> WorkerDied:
        worker.process.join(timeout=5)
        code = worker.process.exitcode
        if code is None:
            fate = "stopped answering"
        elif code < 0:
            fate = f"was killed by signal {signal.Signals(-code).name}"
        else:
            fate = f"exited with status {code}"
        return WorkerDied(worker.process.pid, fate, tuple(worker.tasks or ()))

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
        self.workers = []


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
