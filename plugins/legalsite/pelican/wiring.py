"""Where the plugin meets Pelican's signals: one short receiver per moment.

Each receiver finds the running build on the settings and hands the work to a
module of this layer; none keeps state of its own.
"""

from __future__ import annotations

import logging
from typing import Any

from pelican import signals

from legalsite.pelican.build import BuildFailed, build_of, start_build
from legalsite.pelican.cache import scope_cache
from legalsite.pelican.checks import refuse_missing_links, refuse_missing_templates
from legalsite.pelican.output_dir import note_static_files, take_over_output
from legalsite.pelican.outputs import (
    collect_sitemap,
    link_archive_versions,
    refuse_duplicate_outputs,
    write_archive_pages,
    write_history_pages,
    write_sitemap,
)
from legalsite.pelican.pages import read_history_once, record_page
from legalsite.pelican.problems import Reported, log_problem, problem_of_exception
from legalsite.pelican.read_ahead import finish_read_ahead, read_ahead
from legalsite.pelican.readers import check_markdown_settings, install_readers
from legalsite.pelican.report import finish_build, stop_if_failed, write_report
from legalsite.pelican.writer import SiteWriter, finish_writing

logger = logging.getLogger(__name__)


def _initialise(pelican: Any) -> None:
    # Once per Pelican instance: the cache folder depends on the plugin's code
    # and settings, which a rebuild in the same process does not change.
    start_build(pelican.settings)  # settings errors stop here, before anything
    check_markdown_settings(pelican.settings)
    scope_cache(pelican.settings)


def _start(pelican: Any) -> None:
    # Every run, first or hundredth under --autoreload, starts a build of its own.
    build = start_build(pelican.settings)
    read_history_once(pelican.settings, build)


def _check(generators: list[Any]) -> None:
    # Every source is read and every URL known; nothing is written yet.
    for generator in generators:
        if hasattr(generator, "pages"):
            refuse_missing_templates(generator)
    refuse_missing_links(generators)
    stop_if_failed(build_of(generators[0].settings))


def _writer(pelican: Any) -> type:
    return SiteWriter


def _finish(pelican: Any) -> None:
    # Queued pages are written first: their errors belong in the report.
    build = build_of(pelican.settings)
    try:
        finish_writing(pelican.settings)
    except Reported:
        raise
    except Exception as error:
        # A template failing on a page's values: located, reported, then stop.
        problem = problem_of_exception(error)
        if problem is None or problem.traceback:
            raise  # a bug, shown with its traceback
        log_problem(logger, problem)
        path = write_report(build)
        build.close()
        raise BuildFailed(f"{problem.located} (report: {path})") from error
    output, site_url = pelican.output_path, pelican.settings.get("SITEURL", "")
    finish_build(build, write_sitemap=lambda: write_sitemap(build, output, site_url))


def register() -> None:
    """Connect the plugin to Pelican's signals."""
    # Validate settings once, before any page is read.
    signals.initialized.connect(_initialise)
    # The first signal of every run (Pelican.run asks plugins for generators):
    # a fresh build, so a dev server's hundredth build counts like its first.
    signals.get_generators.connect(_start)
    # Before Pelican would delete the output: unchanged files stay in place.
    signals.get_generators.connect(take_over_output)
    # Swap in our reader: decoding, repairs and enrichment happen as text is
    # read, before Markdown and typography, and land in Pelican's reader cache.
    signals.readers_init.connect(install_readers)
    # Once the reader cache is loaded, workers read every source it lacks
    # while Pelican asks for each in turn; they stop when it has them all.
    signals.page_generator_init.connect(read_ahead)
    signals.page_generator_finalized.connect(finish_read_ahead)
    # Our writer queues page files and writes them together at the end.
    signals.get_writer.connect(_writer)
    # Static files are this build's output even when Pelican skips copying.
    signals.static_generator_finalized.connect(note_static_files)
    # URLs are known once the content object exists; JSON-LD needs them.
    signals.content_object_init.connect(record_page)
    # Published pages and their URLs are final once the page generator is done.
    # Archived versions of one domain link to each other; the archive index
    # and the "what changed" views are written with the other pages, so they
    # are known before the check for files written twice.
    signals.page_generator_finalized.connect(link_archive_versions)
    signals.page_generator_finalized.connect(refuse_duplicate_outputs)
    signals.page_generator_finalized.connect(collect_sitemap)
    # Every generator has read its files (static ones too): templates and
    # links are checked, and a build with errors stops before writing.
    signals.all_generators_finalized.connect(_check)
    signals.page_writer_finalized.connect(write_archive_pages)
    # Each legal page's revision history is written with the other pages,
    # once every page's URL is final and links between pages resolve.
    signals.page_writer_finalized.connect(write_history_pages)
    # Fail the build (exit 1) when anything went wrong, and write the report.
    signals.finalized.connect(_finish)
