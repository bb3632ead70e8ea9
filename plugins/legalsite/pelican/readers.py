"""Pelican's readers with the plugin's steps around them: decode, repair, describe.

The reader's output is what Pelican's reader cache stores, so the plugin's own
work is cached along with Markdown's.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path
from typing import Any

from markdown import Markdown
from pelican.readers import HTMLReader, MarkdownReader

from legalsite.errors import ContentError
from legalsite.page.pipeline import (
    FinishedHTML,
    PageFacts,
    PreparedSource,
    choose_region,
    describe_page,
    finish_html,
    prepare_source,
)
from legalsite.pelican.build import build_of

logger = logging.getLogger(__name__)


def shown(path: str) -> str:
    """The path as messages show it: relative to where the build runs, if inside."""
    relative = os.path.relpath(path)
    return os.path.abspath(path) if relative.startswith("..") else relative


class _LegalReading:
    """The plugin's steps around a Pelican reader: decode, repair, describe."""

    settings: dict[str, Any]
    # Each reader below provides ``_render(prepared)``: its own format's HTML,
    # the header as written, and Pelican's parsed metadata.

    def _read_with_plugin(self, source_path: str) -> tuple[str, dict[str, Any]]:
        where = shown(source_path)
        try:
            prepared = prepare_source(Path(source_path).read_bytes())
            facts, metadata, finished = self._run_pipeline(prepared)
        except ContentError as error:
            logger.error("%s", error.located(where))
            raise
        for line, reason in facts.warnings:
            logger.warning("%s:%s: %s", where, line, reason)
        for line, warning in finished.warnings:
            if line is None:
                logger.warning("%s: %s", where, warning)
            else:
                logger.warning("%s:%s: %s", where, line, warning)
        for repair in prepared.repairs:
            logger.info(
                "%s:%s: %r -> %r (%s)",
                where,
                repair["line"],
                repair["before"],
                repair["after"],
                repair["explanation"],
            )
        # Carried in the metadata so that a page read from the cache still
        # reports them in every build's report.
        metadata["legalsite_repairs"] = list(prepared.repairs)
        metadata["legalsite_suspects"] = list(prepared.suspects)
        metadata["legalsite_dropped"] = list(prepared.dropped)
        metadata["legalsite_structured"] = facts.structured_data
        metadata["legalsite_lines"] = dict(prepared.field_lines)
        metadata["legalsite_contact_points"] = list(finished.contact_points)
        return finished.html, metadata

    def render_source(self, text: str, source_path: str) -> str:
        """Render an earlier text of ``source_path`` the way the page is rendered.

        For the revision history: nothing is logged or reported, since the
        earlier text is not what the page publishes now.
        """
        self._source_path = source_path
        return self._run_pipeline(prepare_source(text.encode("utf-8")))[2].html

    def _run_pipeline(
        self, prepared: PreparedSource
    ) -> tuple[PageFacts, dict[str, Any], FinishedHTML]:
        """Render, describe and finish one prepared source."""
        html, header, metadata = self._render(prepared)
        facts = describe_page(prepared, header)
        metadata.update(facts.metadata)
        region = choose_region(metadata, default=build_of(self.settings).options.region)
        language = metadata.get("lang") or self.settings.get("DEFAULT_LANG")
        return (
            facts,
            metadata,
            finish_html(html, region=region, source=prepared.source, language=language),
        )


class LegalMarkdownReader(_LegalReading, MarkdownReader):
    """Markdown, read through the plugin's steps."""

    def read(self, source_path: str) -> tuple[str, dict[str, Any]]:
        self._source_path = source_path
        return self._read_with_plugin(source_path)

    def _render(
        self, prepared: PreparedSource
    ) -> tuple[str, dict[str, str], dict[str, Any]]:
        self._md = Markdown(**self.settings["MARKDOWN"])
        html = self._md.convert(prepared.text)
        meta = getattr(self._md, "Meta", {})
        header = {k.lower(): "\n".join(v) for k, v in meta.items()}
        parsed = self._parse_metadata(meta) if meta else {}
        for name, value in prepared.metadata.items():
            parsed.setdefault(name, self.process_metadata(name, value))
        return html, header, parsed


class LegalHTMLReader(_LegalReading, HTMLReader):
    """HTML sources, read through the plugin's steps."""

    def read(self, filename: str) -> tuple[str, dict[str, Any]]:
        return self._read_with_plugin(filename)

    def _render(
        self, prepared: PreparedSource
    ) -> tuple[str, dict[str, str], dict[str, Any]]:
        parser = self._HTMLParser(self.settings, "")
        parser.feed(prepared.text)
        parser.close()
        header = {k.lower(): str(v) for k, v in parser.metadata.items()}
        parsed = {k: self.process_metadata(k, v) for k, v in parser.metadata.items()}
        return parser.body, header, parsed


def install_readers(readers: Any) -> None:
    """Read Markdown and HTML sources through the plugin's steps."""
    for reader in (LegalMarkdownReader, LegalHTMLReader):
        for extension in reader.file_extensions:
            readers.reader_classes[extension] = reader
