"""The Markdown instance a build reuses renders as Python-Markdown's own does."""

from __future__ import annotations

import runpy
from pathlib import Path

from markdown import Markdown
from markdown.inlinepatterns import SimpleTagInlineProcessor
from markdown.util import Registry

from conftest import ROOT
from legalsite.pelican.readers import ready_for_a_page


def _site_markdown(*more: str) -> Markdown:
    options = dict(runpy.run_path(str(ROOT / "pelicanconf.py"))["MARKDOWN"])
    options["extensions"] = [*options["extension_configs"], *more]
    return Markdown(**options)


def test_the_real_pages_render_as_with_a_new_instance_each():
    sources = sorted((ROOT / "content").rglob("*.md"))
    assert len(sources) >= 5
    reused = _site_markdown()
    for source in [*sources, *reversed(sources)]:
        text = Path(source).read_text("utf-8")
        expected = _site_markdown().convert(text)
        assert ready_for_a_page(reused).convert(text) == expected, source


def test_patterns_registered_between_pages_are_used():
    reused = _site_markdown()
    text = "A ==marked== word."
    assert "<mark>" not in ready_for_a_page(reused).convert(text)
    mark = SimpleTagInlineProcessor(r"()==(.+?)==", "mark")
    reused.inlinePatterns.register(mark, "mark", 65)
    assert "<mark>marked</mark>" in ready_for_a_page(reused).convert(text)
    reused.inlinePatterns.deregister("mark")
    assert "<mark>" not in ready_for_a_page(reused).convert(text)


def test_an_inline_step_with_patterns_of_its_own_keeps_them():
    # smarty runs a second inline step over quotes and dashes, its own list.
    reused = _site_markdown("markdown.extensions.smarty")
    text = 'He said "it\'s done" -- twice... and *then* left.'
    for _ in range(2):
        assert ready_for_a_page(reused).convert(text) == (
            _site_markdown("markdown.extensions.smarty").convert(text)
        )
    smarty = reused.treeprocessors["smarty"]
    assert isinstance(smarty.inlinePatterns, Registry)
