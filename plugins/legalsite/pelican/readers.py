"""Pelican's readers with the plugin's steps around them: decode, repair, describe.

The reader's output is what Pelican's reader cache stores, so the plugin's own
work is cached along with Markdown's.
"""

from __future__ import annotations

import logging
import os
import re
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from markdown import Markdown
from markdown.treeprocessors import InlineProcessor
from markdown.util import Registry
from pelican.readers import HTMLReader, MarkdownReader

from legalsite.errors import ContentError, Problem
from legalsite.page.metadata import FIELDS, parse_date
from legalsite.page.pipeline import (
    FinishedHTML,
    PageFacts,
    PreparedSource,
    choose_region,
    describe_page,
    finish_html,
    owners_of,
    prepare_source,
)
from legalsite.pelican.build import build_of, fail
from legalsite.pelican.problems import Reported, log_problem, shown

logger = logging.getLogger(__name__)
# Whitespace next to a block's tags shows nowhere: "as is. </p>" reads as
# "as is.</p>". Next to inline tags ("a <em>b</em>") it does show.
_AROUND_BLOCKS = re.compile(
    r"\s*(</?(?:p|li|ul|ol|dl|dt|dd|h[1-6]|div|blockquote|table|thead|tbody|"
    r"tfoot|tr|td|th|caption|section|article|aside|header|footer|figure|"
    r"figcaption|hr|br)\b[^>]*>)\s*"
)
# Text every Markdown setting must be able to render, checked once per build.
_SAMPLE = "Title: Sample\n\n# Heading\n\nText with a [link](https://example.com/).\n"

# The settings key under which this run's sources read ahead, in parallel, wait
# for Pelican to ask for them (``legalsite.pelican.read_ahead``).
READ_AHEAD_KEY = "legalsite_read_ahead"


class _LegalReading:
    """The plugin's steps around a Pelican reader: decode, repair, describe."""

    settings: dict[str, Any]
    # Each reader below provides ``_render(prepared)``: its own format's HTML,
    # the header as written, and Pelican's parsed metadata.

    def _read_with_plugin(self, source_path: str) -> tuple[str, dict[str, Any]]:
        ahead = self.settings.get(READ_AHEAD_KEY)
        read = ahead.take(source_path) if ahead is not None else None
        if read is not None:
            return read
        where = shown(source_path)
        try:
            prepared = prepare_source(_read_bytes(source_path))
            facts, metadata, finished = self._run_pipeline(prepared)
        except ContentError as error:
            # Said here, with the line; Pelican's "Could not process" then
            # has nothing to add (problems.problem_of drops it).
            log_problem(logger, error.problem(where))
            raise Reported(error.located(where)) from error
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
        # reports them in every build (pages.record_page logs the warnings).
        metadata["legalsite_warnings"] = [
            {"line": line, "reason": reason} for line, reason in facts.warnings
        ] + [{"line": line, "reason": reason} for line, reason in finished.warnings]
        metadata["legalsite_repairs"] = list(prepared.repairs)
        metadata["legalsite_suspects"] = list(prepared.suspects)
        metadata["legalsite_dropped"] = [*prepared.dropped, *finished.removed]
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

    def visible_text(self, text: str, source_path: str) -> str:
        """What readers see of a source text, to tell revisions apart.

        The finished body, its whitespace collapsed (except around ``<pre>``,
        where whitespace shows), and the fields as parsed, in name order, so
        reflowing a paragraph or reordering the header changes nothing. A
        text that no longer renders is compared as written. Nothing is logged.
        """
        self._source_path = source_path
        try:
            _, metadata, finished = self._run_pipeline(
                prepare_source(text.encode("utf-8"))
            )
        except ContentError:
            return " ".join(text.split())
        body = finished.html
        if "<pre" not in body:
            body = _AROUND_BLOCKS.sub(r"\1", " ".join(body.split()))
        fields = sorted(
            (name, " ".join(str(value).split()))
            for name, value in metadata.items()
            if not name.startswith("legalsite_")
        )
        return f"{body}\0{fields!r}"

    def _run_pipeline(
        self, prepared: PreparedSource
    ) -> tuple[PageFacts, dict[str, Any], FinishedHTML]:
        """Render, describe and finish one prepared source."""
        html, header, metadata = self._render(prepared)
        options = build_of(self.settings).options
        facts = describe_page(prepared, header, own_domains=options.own_domains)
        metadata.update(facts.metadata)
        region = choose_region(metadata, default=options.region)
        language = metadata.get("lang") or self.settings.get("DEFAULT_LANG")
        finished = finish_html(
            html,
            region=region,
            prepared=prepared,
            allowed_html=options.allowed_html,
            language=language,
            owners=owners_of(
                metadata,
                site_name=str(self.settings.get("SITENAME", "")),
                own_domains=options.own_domains,
            ),
        )
        return facts, metadata, finished


class LegalMarkdownReader(_LegalReading, MarkdownReader):
    """Markdown, read through the plugin's steps."""

    def read(self, source_path: str) -> tuple[str, dict[str, Any]]:
        self._source_path = source_path
        return self._read_with_plugin(source_path)

    def _render(
        self, prepared: PreparedSource
    ) -> tuple[str, dict[str, str], dict[str, Any]]:
        converter = _markdown_of(self.settings)
        try:
            html = converter.convert(prepared.text)
        except BaseException:
            # Stopped half-way, its parser may still hold the page's state
            # (an open list): the next page gets a new instance.
            build = build_of(self.settings)
            if build.markdown is converter:
                build.markdown = None
            raise
        meta = getattr(converter, "Meta", {})
        header = {k.lower(): "\n".join(v) for k, v in meta.items()}
        # Pelican's field parsing takes the meta step out of the instance it
        # is handed: it gets one of its own, made only if a field needs it.
        self._md = _FieldMarkdown(self.settings["MARKDOWN"])
        try:
            parsed = self._parse_metadata(meta) if meta else {}
        except (ValueError, TypeError, OverflowError) as error:
            raise _field_error(meta, prepared.field_lines, self.process_metadata) from (
                error
            )
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
        try:
            parsed = {
                k: self.process_metadata(k, v) for k, v in parser.metadata.items()
            }
        except (ValueError, TypeError, OverflowError) as error:
            fields = {k: [str(v)] for k, v in parser.metadata.items()}
            raise _field_error(fields, {}, self.process_metadata) from error
        return parser.body, header, parsed


def _markdown_of(settings: Mapping[str, Any]) -> Markdown:
    """A Markdown instance ready for a new page: the build's own, reset.

    Making one per page, as Pelican does, costs about a tenth of rendering
    the page. An instance reset between pages renders as a new one does when
    every step it runs is Python-Markdown's own (their state is cleared by
    ``reset``) and no footnote ids are numbered per document (``UNIQUE_IDS``
    counts resets, so ids would depend on which pages a process rendered
    before). Otherwise each page gets a new instance.
    """
    build = build_of(settings)
    if build.markdown is None:
        converter = Markdown(**settings["MARKDOWN"])
        build.markdown = converter if _resets_cleanly(converter) else False
        if not build.markdown:
            return converter
    if build.markdown is False:
        return Markdown(**settings["MARKDOWN"])
    return ready_for_a_page(build.markdown)


def ready_for_a_page(converter: Markdown) -> Markdown:
    """Reset a reused instance; its inline step gets the patterns as a list.

    That step asks for each pattern by position, for every piece of text of
    every page: about 750 asks a page, each of which the registry answers by
    sorting (or checking the order) and looking the pattern up by name, 8% of
    rendering. A list of the same patterns, in the same order, made when the
    page starts, answers at once: a pattern registered between pages is in
    it. Python-Markdown's own steps register none while a page renders.
    """
    converter.reset()
    registry = converter.inlinePatterns
    patterns = _PatternList(registry)
    for step in converter.treeprocessors:
        if not isinstance(step, InlineProcessor):
            continue
        held = step.inlinePatterns
        # The instance's own patterns only (smarty's step has its own).
        if held is registry or getattr(held, "registry", None) is registry:
            step.inlinePatterns = patterns
    return converter


class _PatternList(list):
    """A registry's patterns in its order, and which registry they are from."""

    def __init__(self, registry: Registry) -> None:
        super().__init__(registry)
        self.registry = registry


def _resets_cleanly(converter: Markdown) -> bool:
    steps = [
        *converter.preprocessors,
        *converter.parser.blockprocessors,
        *converter.inlinePatterns,
        *converter.treeprocessors,
        *converter.postprocessors,
    ]
    if any(not type(step).__module__.startswith("markdown.") for step in steps):
        return False
    return not any(
        extension.getConfigs().get("UNIQUE_IDS")
        for extension in converter.registeredExtensions
        if hasattr(extension, "getConfigs")
    )


class _FieldMarkdown:
    """What Pelican's field parsing is handed as the reader's Markdown.

    Pelican removes the ``meta`` step from it, then renders formatted fields
    (``FORMATTED_FIELDS``) with it. The page's own instance must keep that
    step; this one makes an instance without it the first time a field is
    rendered, and none for a page whose fields are all plain.
    """

    def __init__(self, options: Mapping[str, Any]) -> None:
        self._options = options
        self._converter: Markdown | None = None
        self.preprocessors = _DeferredSteps()

    def reset(self) -> Markdown:
        return self._instance().reset()

    def convert(self, text: str) -> str:
        return self._instance().convert(text)

    def _instance(self) -> Markdown:
        if self._converter is None:
            self._converter = Markdown(**self._options)
            for name in self.preprocessors.removed:
                self._converter.preprocessors.deregister(name, strict=False)
        return self._converter


class _DeferredSteps:
    """Steps removed before the instance exists are removed when it is made."""

    def __init__(self) -> None:
        self.removed: list[str] = []

    def deregister(self, name: str, strict: bool = True) -> None:
        self.removed.append(name)


def reader_for(settings: dict[str, Any], source_path: str) -> _LegalReading:
    """The plugin's reader for a source, by its file name's extension."""
    extension = Path(source_path).suffix[1:].lower()
    for reader in (LegalMarkdownReader, LegalHTMLReader):
        if extension in reader.file_extensions:
            return reader(settings)
    raise ValueError(f"no reader for {source_path}")


def install_readers(readers: Any) -> None:
    """Read Markdown and HTML sources through the plugin's steps."""
    for reader in (LegalMarkdownReader, LegalHTMLReader):
        for extension in reader.file_extensions:
            readers.reader_classes[extension] = reader


def _read_bytes(source_path: str) -> bytes:
    """The file's bytes, or a content error saying why it cannot be read."""
    try:
        return Path(source_path).read_bytes()
    except OSError as error:
        reason = f"cannot read this file: {error.strerror or error}"
        if os.path.islink(source_path):
            reason += f" (it is a link to {os.readlink(source_path)})"
        raise ContentError(reason) from error


def _field_error(
    meta: Mapping[str, list[str]],
    lines: Mapping[str, int],
    process: Callable[[str, Any], Any],
) -> ContentError:
    """Which field Pelican could not read, at its line, and why.

    Pelican reads its own fields (``Date:``, ``Modified:``) before the plugin
    checks the header, and its error names neither field nor line.
    """
    for name, values in meta.items():
        key = name.lower()
        value = values[0] if len(values) == 1 else values
        try:
            process(key, value)
        except (ValueError, TypeError, OverflowError) as error:
            line = lines.get(key)
            if key in FIELDS and FIELDS[key].kind == "date":
                # Ours says what a date must look like, or why it is not one.
                parse_date(str(value).strip(), field=key, line=line)
            return ContentError(f"{key}: {value!r}: {error}", line=line)
    return ContentError("Pelican could not read the metadata of this page")


def check_markdown_settings(settings: Mapping[str, Any]) -> None:
    """Stop the build, naming the setting, when Python-Markdown refuses it.

    Each extension is tried on its own with its configuration, then the other
    options, so the message names the one that fails and its value, once,
    instead of every page failing with Markdown's traceback.
    """
    config = dict(settings.get("MARKDOWN") or {})
    configs = dict(config.pop("extension_configs", None) or {})
    extensions = list(dict.fromkeys([*config.pop("extensions", []), *configs]))
    for extension in extensions:
        options = configs.get(extension, {}) if isinstance(extension, str) else {}
        _try_markdown(
            f"extension {extension!r}" + (f" with {options!r}" if options else ""),
            extensions=[extension],
            extension_configs={extension: options} if options else {},
        )
    _try_markdown(f"{config!r}", **config)


def _try_markdown(what: str, **options: Any) -> None:
    try:
        Markdown(**options).convert(_SAMPLE)
    # Whatever Markdown raises for these settings, the settings are the cause.
    except Exception as error:
        words = error.args[0] if len(error.args) == 1 else error
        fail(
            Problem(
                severity="error",
                setting="MARKDOWN",
                reason=f"MARKDOWN: {what}: {type(error).__name__}: {words}",
            )
        )
