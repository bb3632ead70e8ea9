"""Readable comparisons of two versions of a text: words added and removed.

Used for the archive's "what changed" view between consecutive archived
versions. Works on plain text paragraphs; escaping for HTML happens here, once.
"""

from __future__ import annotations

import difflib
import html
import re
from dataclasses import dataclass

from legalsite.html.tree import parse_fragment, tag_of


@dataclass(frozen=True, kw_only=True)
class Comparison:
    """A word-level comparison: HTML with ``<ins>``/``<del>``, and counts."""

    html: str
    added: int
    removed: int

    @property
    def changed(self) -> bool:
        """True when any word was added or removed."""
        return bool(self.added or self.removed)


def compare_texts(old: str, new: str) -> Comparison:
    """Compare two texts paragraph by paragraph, then word by word.

    Paragraphs (text between blank lines) are aligned first; a paragraph
    that was edited shows its removed words in ``<del>`` and added words in
    ``<ins>``, while a paragraph rewritten beyond recognition is shown whole,
    removed then added, which reads better than a confetti of word changes.

    >>> compare_texts("a b c", "a x c").html
    '<p>a <del>b</del><ins>x</ins> c</p>'
    """
    old_paras, new_paras = _paragraphs(old), _paragraphs(new)
    matcher = difflib.SequenceMatcher(None, old_paras, new_paras, autojunk=False)
    out: list[str] = []
    added = removed = 0
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            out.extend(
                f"<p>{html.escape(p, quote=False)}</p>" for p in new_paras[j1:j2]
            )
            continue
        olds, news = old_paras[i1:i2], new_paras[j1:j2]
        while olds or news:
            if olds and news and _similar(olds[0], news[0]):
                body, plus, minus = _compare_words(olds.pop(0), news.pop(0))
                out.append(f"<p>{body}</p>")
            elif olds and (not news or not any(_similar(olds[0], n) for n in news)):
                text = olds.pop(0)
                plus, minus = 0, len(text.split())
                out.append(f"<p><del>{html.escape(text, quote=False)}</del></p>")
            else:
                text = news.pop(0)
                plus, minus = len(text.split()), 0
                out.append(f"<p><ins>{html.escape(text, quote=False)}</ins></p>")
            added, removed = added + plus, removed + minus
    return Comparison(html="\n".join(out), added=added, removed=removed)


def _paragraphs(text: str) -> list[str]:
    return [" ".join(p.split()) for p in re.split(r"\n\s*\n", text) if p.strip()]


def _similar(old: str, new: str) -> bool:
    return difflib.SequenceMatcher(None, old.split(), new.split()).ratio() >= 0.5


def _compare_words(old: str, new: str) -> tuple[str, int, int]:
    old_words, new_words = old.split(), new.split()
    matcher = difflib.SequenceMatcher(None, old_words, new_words, autojunk=False)
    out: list[str] = []
    added = removed = 0
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            out.append(html.escape(" ".join(new_words[j1:j2]), quote=False))
            continue
        if i2 > i1:
            removed += i2 - i1
            out.append(
                f"<del>{html.escape(' '.join(old_words[i1:i2]), quote=False)}</del>"
            )
        if j2 > j1:
            added += j2 - j1
            out.append(
                f"<ins>{html.escape(' '.join(new_words[j1:j2]), quote=False)}</ins>"
            )
    return " ".join(out).replace("</del> <ins>", "</del><ins>"), added, removed


_BLOCKS = frozenset(
    {"p", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "blockquote", "pre", "br"}
)


def text_of_html(markup: str) -> str:
    """Return the readable text of a rendered page body, paragraphs kept.

    Each block element (and ``<br>``) starts a new paragraph; comments say
    nothing.

    >>> text_of_html("<p>One <b>two</b></p><p>three</p>")
    '\\n\\nOne two\\n\\nthree'
    """
    if "<" not in markup:
        return html.unescape(markup)
    root = parse_fragment(markup)
    parts = [root.text] if root.text else []
    _collect_text(root, parts)
    return "".join(parts)


def _collect_text(node: object, parts: list[str]) -> None:
    for child in node:  # type: ignore[attr-defined]
        tag = tag_of(child)
        if tag in _BLOCKS:
            parts.append("\n\n")
        if tag and child.text:
            parts.append(child.text)
        if tag:
            _collect_text(child, parts)
        if child.tail:
            parts.append(child.tail)
