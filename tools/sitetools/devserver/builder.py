"""Builds of the site, one after another in one process, each staged and swapped in.

The command line, settings and staged swap are ``make html``'s
(``sitetools.build``); only the process is kept between builds, as under
Pelican's ``--autoreload``, so a rebuild costs the build and not Python's
start. What each build learns belongs to that build (the site plugin makes a
fresh build object on every run); this module keeps only the Pelican instance
and the last result.
"""

from __future__ import annotations

import shutil
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pelican import Pelican, get_config, parse_arguments
from pelican.settings import read_settings

from legalsite.errors import Problem
from sitetools.build import pelican_command, recover
from sitetools.console import (
    Outcome,
    ProblemPrinter,
    build_once,
    install_printer,
    open_site,
    settings_files,
)


@dataclass(frozen=True, kw_only=True)
class Built:
    """One build's result: its number, outcome, and the problems it printed."""

    number: int
    outcome: Outcome
    problems: tuple[Problem, ...]

    @property
    def ok(self) -> bool:
        """True when this build's output was swapped in."""
        return self.outcome.ok


class SiteBuilder:
    """Builds ``content`` into a staging folder and swaps it in as ``output``.

    ``files`` is held while the output is swapped, so a server holding it
    while it reads a file never sees the folder half-replaced.
    """

    def __init__(
        self,
        *,
        content: Path,
        settings: Path,
        output: Path,
        extra_args: tuple[str, ...] = (),
        printer: ProblemPrinter | None = None,
    ) -> None:
        self.content = content
        self.settings = settings
        self.output = output
        # Not ".output.staging-*": make html clears those as leftovers of killed builds.
        self.staging = output.with_name(f".{output.name}.devserver")
        self.files = threading.Lock()
        self.number = 0
        self._removers: list[threading.Thread] = []
        # Pelican's own arguments, as make html passes them (minus the
        # interpreter and module), with the staging folder as output.
        argv = pelican_command(
            content, settings=settings, output=self.staging, extra_args=extra_args
        )[3:]
        self._args = parse_arguments(argv)
        self.printer = printer or install_printer(self._args)
        self._instance: Pelican | None = None

    def settings_files(self) -> list[Path]:
        """The settings file and those it builds on: a change means reading again."""
        return list(settings_files(self.settings))

    def watched(self) -> list[Path]:
        """What a change in means a new build: content, theme, settings."""
        settings = self._settings() or {}
        theme = [
            Path(folder)
            for folder in (
                *settings.get("THEME_TEMPLATES_OVERRIDES", ()),
                settings.get("THEME", ""),
            )
            if folder
        ]
        return [self.content, *self.settings_files(), *theme]

    def not_sources(self) -> list[Path]:
        """Folders the builds write, which no change in may trigger a build."""
        settings = self._settings()
        cache = [Path(settings["CACHE_PATH"])] if settings else []
        return [self.output, self.staging, *cache]

    def _settings(self) -> dict[str, Any] | None:
        """The settings in use, or as the next build will read them."""
        if self._instance is not None:
            return self._instance.settings
        try:
            return read_settings(str(self.settings), override=get_config(self._args))
        except Exception:  # the next build says what is wrong with them
            return None

    def reload_settings(self) -> None:
        """Read the settings again at the next build (the settings file changed)."""
        self._instance = None

    def build(self) -> Built:
        """Build once; swap the result in if it has no error."""
        self.number += 1
        self.printer.begin()
        start = time.perf_counter()
        shutil.rmtree(self.staging, ignore_errors=True)
        if self._instance is None:
            self._instance = open_site(self._args, self.printer)
        if self._instance is None:
            outcome = Outcome(
                ok=False,
                errors=self.printer.errors,
                warnings=self.printer.warnings,
                seconds=time.perf_counter() - start,
            )
        else:
            outcome = build_once(self._instance, self.printer)
        if outcome.ok:
            self._swap_in()
        return Built(
            number=self.number, outcome=outcome, problems=tuple(self.printer.problems)
        )

    def _swap_in(self) -> None:
        """Swap the staging folder in; the old output is removed in the background.

        Two renames, as ``make html`` swaps (a process killed between them
        leaves ``.output.previous``, which ``recover`` puts back), then a third
        that moves the old output out of the way. Removing a big site's old
        output takes longer than building it again: open pages must not wait
        for it (measured by ``make bench``).
        """
        previous = self.output.with_name(f".{self.output.name}.previous")
        old = self.output.with_name(f".{self.output.name}.old-{self.number}")
        with self.files:
            recover(self.output)
            if self.output.exists():
                self.output.rename(previous)
            self.staging.rename(self.output)
            if previous.exists():
                previous.rename(old)
        if old.exists():
            remover = threading.Thread(target=shutil.rmtree, args=(old, True))
            remover.start()
            self._removers = [r for r in self._removers if r.is_alive()]
            self._removers.append(remover)

    def close(self) -> None:
        """Remove the staging folder and old outputs."""
        for remover in self._removers:
            remover.join()
        for leftover in self.output.parent.glob(f".{self.output.name}.old-*"):
            shutil.rmtree(leftover, ignore_errors=True)
        shutil.rmtree(self.staging, ignore_errors=True)
