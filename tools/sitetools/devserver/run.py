"""``make devserver``, ``make regenerate`` and ``make serve``: the loop that ties them.

Build, then on every change of a source, a template or the settings build
again; after each build, say how it went in one line and tell open pages.
``--no-serve`` rebuilds without serving; ``--serve-only`` serves ``output/``
as it is, with no reload script.
"""

from __future__ import annotations

import argparse
import contextlib
import signal
import sys
import threading
from pathlib import Path

from sitetools.build import build_arguments
from sitetools.console import summary_line
from sitetools.devserver.builder import Built, SiteBuilder
from sitetools.devserver.server import LiveState, serve
from sitetools.devserver.watch import Watcher


def announce(built: Built, output: Path) -> None:
    """One line per build, after its problems: counts, and what became of output."""
    outcome = built.outcome
    if built.ok:
        result = f"{output}/ replaced in {outcome.seconds:.2f} s"
    else:
        result = f"{output}/ left as it was; open pages show the problems"
    line = summary_line(outcome, result=result)
    print(f"build {built.number}: {line}", file=sys.stderr, flush=True)


def watch_and_build(
    builder: SiteBuilder, state: LiveState, *, stop: threading.Event
) -> None:
    """Build now, then after every change, until ``stop`` is set.

    The watcher starts before the build it follows, so nothing saved while a
    build runs is missed.
    """
    watcher = Watcher(builder.watched(), ignore=builder.not_sources())
    try:
        while not stop.is_set():
            built = builder.build()
            announce(built, builder.output)
            state.publish(built)
            configuration = {path.resolve() for path in builder.settings_files()}
            changed: set[Path] = set()
            while not changed and not stop.is_set():
                changed = watcher.changes(timeout=0.5)
            if {path.resolve() for path in changed} & configuration:
                # The theme or the content folder may have moved.
                builder.reload_settings()
                watcher.stop()
                watcher = Watcher(builder.watched(), ignore=builder.not_sources())
    finally:
        watcher.stop()


def main(argv: list[str] | None = None) -> int:
    """Command line: ``python -m sitetools.devserver [--port N] [-e ...]``."""
    parser = build_arguments("python -m sitetools.devserver", settings="pelicanconf.py")
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--bind", default="127.0.0.1")
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument(
        "--no-serve", action="store_true", help="rebuild on every change only"
    )
    mode.add_argument(
        "--serve-only", action="store_true", help="serve output/ as it is"
    )
    args, extra = parser.parse_known_args(argv)
    # Stopped by its supervisor (SIGTERM) as by Ctrl-C: the staging folder goes.
    signal.signal(signal.SIGTERM, _interrupt)
    state = LiveState()
    if args.serve_only:
        return _serve_only(args, state)
    builder = SiteBuilder(
        content=args.content,
        settings=args.settings,
        output=args.output,
        extra_args=tuple(extra),
    )
    stop = threading.Event()
    try:
        if args.no_serve:
            watch_and_build(builder, state, stop=stop)
        else:
            with serve(
                args.output,
                state=state,
                files=builder.files,
                host=args.bind,
                port=args.port,
            ) as url:
                print(
                    f"serving {url} (open pages reload after every good build; "
                    "Ctrl-C stops)",
                    flush=True,
                )
                watch_and_build(builder, state, stop=stop)
    except KeyboardInterrupt:
        pass
    finally:
        stop.set()
        builder.close()
    return 0


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def _serve_only(args: argparse.Namespace, state: LiveState) -> int:
    with serve(
        args.output,
        state=state,
        files=threading.Lock(),
        host=args.bind,
        port=args.port,
        live=False,
    ) as url:
        print(f"serving {args.output}/ on {url} (Ctrl-C stops)", flush=True)
        with contextlib.suppress(KeyboardInterrupt):
            threading.Event().wait()
    return 0
