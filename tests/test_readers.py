"""The Markdown instance a build reuses renders as Python-Markdown's own does."""

from __future__ import annotations

import runpy
from pathlib import Path

from markdown import Markdown
from markdown.inlinepatterns import SimpleTagInlineProcessor

from conftest import ROOT
from legalsite.pelican.readers import _ListedRegistry


def _site_markdown() -> Markdown:
    options = dict(runpy.run_path(str(ROOT / "pelicanconf.py"))["MARKDOWN"])
    options["extensions"] = list(options["extension_configs"])
    return Markdown(**options)


def test_patterns_by_position_follow_every_change_to_the_registry():
    patterns = _site_markdown().inlinePatterns
    patterns.__class__ = _ListedRegistry
    mark = SimpleTagInlineProcessor(r"()==(.+?)==", "mark")
    changes = [
        lambda: None,
        lambda: patterns.register(mark, "mark", 65),
        lambda: patterns.register(mark, "mark", 5),  # the same name, moved
        lambda: patterns.deregister("mark"),
        lambda: patterns.deregister("backtick"),
    ]
    for change in changes:
        change()
        # Iterating sorts as Python-Markdown's own registry does.
        in_order = list(patterns)
        assert [patterns[i] for i in range(len(patterns))] == in_order
    assert mark not in in_order and len(in_order) >= 10


def test_the_real_pages_render_as_with_a_new_instance_each():
    sources = sorted((ROOT / "content").rglob("*.md"))
    assert len(sources) >= 5
    reused = _site_markdown()
    reused.inlinePatterns.__class__ = _ListedRegistry
    for source in [*sources, *reversed(sources)]:
        text = Path(source).read_text("utf-8")
        expected = _site_markdown().convert(text)
        assert reused.reset().convert(text) == expected, source
