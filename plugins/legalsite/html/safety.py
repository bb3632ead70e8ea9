"""What a page body may contain: a small text-formatting allow-list (the nh3 importer).

Pages must read and work without running anything, and archived texts come
from outside. Markup outside the allow-list fails a hand-written page at its
line (a setting may add elements the author needs); in an archived copy it is
removed by nh3 (the ammonia sanitiser), its text kept, and each removal is
reported. Markdown's own output passes unchanged, byte for byte.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from html import unescape

import nh3

from legalsite.errors import ContentError
from legalsite.html.tree import is_comment, parse_fragment, tag_of
from legalsite.html.urls import (
    FORBIDDEN_SCHEMES,
    SCRIPT_SCHEMES,
    URL_ATTRIBUTES,
    host_of,
    scheme_of,
    scheme_of_written,
)
from legalsite.settings import (
    NEVER_ALLOWED_ATTRIBUTES,
    NEVER_ALLOWED_ELEMENTS,
    AllowedElement,
)
from legalsite.text.positions import line_and_column

# Text formatting, as Python-Markdown and its extra, toc and footnote
# extensions write it: the whole vocabulary of an ordinary page.
_TEXT_TAGS = frozenset(
    {"p", "br", "hr", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre",
     "code", "ul", "ol", "li", "dl", "dt", "dd", "table", "thead", "tbody",
     "tfoot", "tr", "th", "td", "caption", "div", "span", "a", "em", "strong",
     "b", "i", "u", "s", "del", "ins", "sub", "sup", "small", "abbr", "kbd",
     "samp", "var", "q", "cite", "mark", "img"}
)  # fmt: skip
_GLOBAL_ATTRIBUTES = frozenset({"id", "class", "title", "lang", "dir"})
_TEXT_ATTRIBUTES: Mapping[str, frozenset[str]] = {
    "a": frozenset({"href", "name"}),
    "img": frozenset({"src", "alt", "width", "height"}),
    "ol": frozenset({"start", "type"}),
    "li": frozenset({"value"}),
    "th": frozenset({"colspan", "rowspan", "align", "scope"}),
    "td": frozenset({"colspan", "rowspan", "align"}),
    "blockquote": frozenset({"cite"}),
    "q": frozenset({"cite"}),
    "del": frozenset({"cite", "datetime"}),
    "ins": frozenset({"cite", "datetime"}),
}
# The one style a page body may carry: Markdown's table column alignment.
_ALIGN_STYLES = frozenset(
    f"text-align: {side};" for side in ("left", "center", "right")
)
_LINK_SCHEMES = frozenset({"", "http", "https", "mailto", "tel"})
_IMAGE_SCHEMES = frozenset({"", "https"})
# Elements whose content is not text: removed with what they hold.
_CONTENT_NOT_TEXT = frozenset(
    {"script", "style", "template", "iframe", "frame", "frameset", "object",
     "embed", "applet", "noembed", "noframes", "xmp"}
)  # fmt: skip
_ALLOW_HINT = "add it to LEGALSITE_ALLOWED_HTML if the page needs it"
_SAFE = "pages must work without running anything"
# A tag exactly as Markdown writes one: lower-case names, double-quoted values
# without markup, HTML whitespace only. A body whose every "<" opens such a tag
# is read without a parser.
_WS = "[ \t\n\r\f]"
_PLAIN_TAG = re.compile(
    rf'<(/?)([a-z][a-z0-9]*)((?:{_WS}+[a-z][a-z0-9:-]*(?:="[^"<>]*")?)*){_WS}*/?>'
)
_PLAIN_ATTRIBUTE = re.compile(rf'{_WS}+([a-z][a-z0-9:-]*)(?:="([^"]*)")?')


@dataclass(frozen=True, kw_only=True)
class HtmlPolicy:
    """What a page body may hold: elements, their attributes, form hosts.

    ``attributes`` maps an element (or ``*``, every element) to its allowed
    attribute names.
    """

    tags: frozenset[str]
    attributes: Mapping[str, frozenset[str]]
    form_hosts: frozenset[str] = frozenset()


def html_policy(allowed: Sequence[AllowedElement] = ()) -> HtmlPolicy:
    """The text-formatting allow-list, plus the elements a site's settings add.

    >>> "form" in html_policy().tags
    False
    """
    attributes = {"*": _GLOBAL_ATTRIBUTES, **_TEXT_ATTRIBUTES}
    for element in allowed:
        attributes[element.name] = attributes.get(element.name, frozenset()) | set(
            element.attributes
        )
    return HtmlPolicy(
        tags=_TEXT_TAGS | {e.name for e in allowed},
        attributes=attributes,
        form_hosts=frozenset(h for e in allowed for h in e.action_hosts),
    )


TEXT_POLICY = html_policy()


@dataclass(frozen=True, kw_only=True)
class UnsafeMarkup:
    """One piece of markup outside the allow-list, and why.

    ``snippet`` is what the source spells (``<form``, ``style=``,
    ``javascript:``), so the finding can be located there. ``unsafe`` marks
    what no page may ever hold (it runs code or frames a page): no setting
    allows it.
    """

    snippet: str
    reason: str
    unsafe: bool = False
    line: int | None = field(default=None, compare=False)


@dataclass(frozen=True, kw_only=True)
class CleanedHTML:
    """An archived body with what was outside the allow-list removed.

    ``removed`` holds JSON-ready dicts (line, col, text, reason) with source
    positions, for the build report.
    """

    html: str
    removed: tuple[dict[str, int | str | None], ...] = ()


def is_plain(html: str, policy: HtmlPolicy = TEXT_POLICY) -> bool:
    """Tell, without a parser, that every tag is Markdown-shaped and allowed.

    Sound because the allow-list holds no element whose content a browser
    reads as anything but markup and text (no script, style, textarea, SVG):
    if every ``<`` opens a well-formed, allowed tag, there is nothing else.
    A clean 2,000-word page costs one regex pass over its tags.
    """
    matches = _PLAIN_TAG.findall(html)
    if len(matches) != html.count("<"):
        return False
    tags, allowed, everywhere = policy.tags, policy.attributes, policy.attributes["*"]
    for closing, tag, attributes in matches:
        if tag not in tags:
            return False
        if closing or not attributes:
            continue
        own = allowed.get(tag, frozenset())
        for name, value in _PLAIN_ATTRIBUTE.findall(attributes):
            if name not in everywhere and name not in own:
                if not (name == "style" and tag in ("th", "td")):
                    return False
                if value not in _ALIGN_STYLES:
                    return False
            elif _value_problem(tag, name, value, policy, written=True):
                return False
    return True


def find_disallowed_markup(
    html: str, policy: HtmlPolicy = TEXT_POLICY, *, comments: bool = False
) -> list[UnsafeMarkup]:
    """Every element, attribute and URL of a body outside ``policy``, in order.

    Text that merely mentions ``<script>`` (escaped, in code blocks) is fine:
    only elements and attributes count. ``comments``: report HTML comments too
    (an archived copy loses them). Markdown-shaped pages cost no parse.

    >>> [u.snippet for u in find_disallowed_markup('<p style="x">a</p>')]
    ['style=']
    """
    return [] if is_plain(html, policy) else _find(html, policy, comments=comments)


def find_unsafe_markup(html: str) -> list[UnsafeMarkup]:
    """Every script, handler, frame or script URL in rendered HTML.

    What no setting can allow; ``find_disallowed_markup`` finds the rest too.

    >>> find_unsafe_markup("<p><code>&lt;script&gt;</code></p>")
    []
    >>> [u.snippet for u in find_unsafe_markup('<a href="javascript:x()">a</a>')]
    ['javascript:']
    """
    return [u for u in find_disallowed_markup(html) if u.unsafe]


def refuse_disallowed_markup(
    html: str, source: str, *, policy: HtmlPolicy = TEXT_POLICY
) -> str:
    """A hand-written body as it may be published, or ContentError at its source line.

    A Markdown-shaped body comes back as the very same string. One whose markup
    needed the parser, with nothing outside the allow-list, comes back as nh3
    writes it (the sanitiser, not the finder, decides what reaches readers).
    The error names the first problem; the source file says where.
    """
    if is_plain(html, policy):
        return html
    found = _find(html, policy, comments=False)
    if not found:
        return _clean(html, policy, comments=True)
    first = found[0]
    line, col = _locate([first], source)[0]
    more = f" (and {len(found) - 1} more)" if len(found) > 1 else ""
    tail = _SAFE if first.unsafe else _ALLOW_HINT
    raise ContentError(f"{first.reason}: {tail}{more}", line=line, col=col)


def refuse_unsafe_markup(html: str, source: str) -> None:
    """Raise ContentError for the first unsafe markup, located in ``source``."""
    found = find_unsafe_markup(html)
    if found:
        line, col = _locate([found[0]], source)[0]
        more = f" (and {len(found) - 1} more)" if len(found) > 1 else ""
        raise ContentError(f"{found[0].reason}: {_SAFE}{more}", line=line, col=col)


def clean_archived_markup(
    html: str, source: str, *, source_line: Callable[[int], int] | None = None
) -> CleanedHTML:
    """An archived body with everything outside the text allow-list removed.

    Removed elements keep their text where it is text (a form's words stay,
    a style sheet goes); each removal is reported at its line in ``source``
    (``source_line`` maps it to the file's when decoding added lines).
    A Markdown-shaped body comes back as the very same string.
    """
    if is_plain(html):
        return CleanedHTML(html=html)
    found = _find(html, TEXT_POLICY, comments=True)
    removed = []
    for item, (at, col) in zip(found, _locate(found, source), strict=True):
        line = source_line(at) if at is not None and source_line is not None else at
        removed.append(
            {
                "line": line or 0,  # 0: not found in the source (report sorts)
                "col": col or 0,
                "text": item.snippet,
                "reason": f"{item.reason}: removed from an archived copy",
            }
        )
    return CleanedHTML(
        html=_clean(html, TEXT_POLICY, comments=False), removed=tuple(removed)
    )


def _find(html: str, policy: HtmlPolicy, *, comments: bool) -> list[UnsafeMarkup]:
    """Walk the parsed body: each element, then its attributes, in order."""
    found: list[UnsafeMarkup] = []
    for node in parse_fragment(html).iterdescendants():
        tag = tag_of(node)
        if tag:
            found += _element_problems(node, tag, policy)
        elif comments and is_comment(node):
            found.append(
                UnsafeMarkup(
                    snippet="<!--", reason="HTML comment", line=node.sourceline
                )
            )
    return found


def _element_problems(node: object, tag: str, policy: HtmlPolicy) -> list[UnsafeMarkup]:
    """What is wrong with one element: itself, then each of its attributes."""
    problems = []
    line = node.sourceline  # type: ignore[attr-defined]
    allowed_tag = tag in policy.tags
    if not allowed_tag:
        unsafe = tag in NEVER_ALLOWED_ELEMENTS
        problems.append(
            UnsafeMarkup(
                snippet=f"<{tag}",
                reason=f"raw HTML <{tag}> is not allowed in a page",
                unsafe=unsafe,
                line=line,
            )
        )
    own = policy.attributes.get(tag, frozenset()) | policy.attributes["*"]
    for written, value in node.attrib.items():  # type: ignore[attr-defined]
        problem = _attribute_problem(
            tag, written.lower(), value, policy, own=own, allowed_tag=allowed_tag
        )
        if problem is not None:
            problems.append(
                UnsafeMarkup(
                    snippet=problem[0], reason=problem[1], unsafe=problem[2], line=line
                )
            )
    return problems


def _attribute_problem(
    tag: str,
    name: str,
    value: str,
    policy: HtmlPolicy,
    *,
    own: frozenset[str],
    allowed_tag: bool,
) -> tuple[str, str, bool] | None:
    """(snippet, reason, unsafe) for an attribute outside the policy, or None."""
    if name.startswith("on"):
        return name, f"event handler attribute {name}= is not allowed", True
    scheme = scheme_of_written(value) if "&" in value else scheme_of(value)
    if scheme in SCRIPT_SCHEMES or (scheme == "data" and name in URL_ATTRIBUTES):
        return (
            f"{scheme}:",
            f"a {scheme}: link is not allowed "
            "(link to a page or an https:// address instead)",
            True,
        )
    if not allowed_tag:
        return None  # the element goes, and its attributes with it
    if name in NEVER_ALLOWED_ATTRIBUTES:
        return f"{name}=", f"attribute {name}= is not allowed", True
    if name not in own:
        if name == "style" and tag in ("th", "td") and value in _ALIGN_STYLES:
            return None
        return (
            f"{name}=",
            f"attribute {name}= on <{tag}> is not allowed in a page",
            False,
        )
    problem = _value_problem(tag, name, value, policy, written=False)
    return (f"{name}=", problem, False) if problem else None


def _value_problem(
    tag: str, name: str, value: str, policy: HtmlPolicy, *, written: bool
) -> str | None:
    """Why an allowed URL attribute's value is not allowed, or None."""
    if name not in URL_ATTRIBUTES:
        return None
    scheme = scheme_of_written(value) if written else scheme_of(value)
    if tag == "form" and name == "action":
        host = host_of(unescape(value) if written else value)
        if scheme != "https" or host not in policy.form_hosts:
            return (
                f"<form action> sends to {host or value!r}; allowed: https:// to "
                f"{', '.join(sorted(policy.form_hosts)) or 'no host'}"
            )
        return None
    schemes = _IMAGE_SCHEMES if tag == "img" and name == "src" else _LINK_SCHEMES
    if scheme in schemes:
        return None
    if scheme in FORBIDDEN_SCHEMES:
        return f"a {scheme}: address is not allowed"
    if schemes is _IMAGE_SCHEMES:
        return f"an image from a {scheme}: address is not allowed (use https://)"
    return f"a {scheme}: address is not allowed in <{tag} {name}>"


def _locate(
    found: Sequence[UnsafeMarkup], source: str
) -> list[tuple[int | None, int | None]]:
    """Where each finding is spelt in the source, in order: (line, col).

    The rendered HTML says what is wrong; the next occurrence of the same
    snippet in the source file says where, which is where the author looks.
    A snippet spelt with references or tabs ("&#106;avascript:") gives its
    line only.
    """
    lower = source.lower()
    at = 0
    places: list[tuple[int | None, int | None]] = []
    for item in found:
        needle = item.snippet.lower()
        start = lower.find(needle, at)
        if start < 0:
            start = lower.find(needle)
        if start >= 0:
            at = start + 1
            places.append(line_and_column(source, start))
            continue
        line = next(
            (
                number
                for number, text in enumerate(source.splitlines(), start=1)
                if needle in unescape(text).translate(_URL_IGNORED).lower()
            ),
            None,
        )
        places.append((line, None))
    return places


_URL_IGNORED = dict.fromkeys(map(ord, "\t\n\r"))


def _clean(html: str, policy: HtmlPolicy, *, comments: bool) -> str:
    """The body as nh3 keeps it under ``policy`` (comments kept when asked)."""
    hosts = policy.form_hosts

    def keep(tag: str, name: str, value: str) -> str | None:
        # Runs only for what the policy lists; URLs are judged as above.
        if _value_problem(tag, name, value, policy, written=False):
            return None
        return value if tag != "form" or name != "action" or hosts else None

    attributes = {tag: set(names) for tag, names in policy.attributes.items()}
    return nh3.clean(
        html,
        tags=set(policy.tags - _CONTENT_NOT_TEXT),
        clean_content_tags=set(_CONTENT_NOT_TEXT - policy.tags),
        attributes=attributes,
        attribute_filter=keep,
        tag_attribute_values={
            cell: {"style": set(_ALIGN_STYLES)}
            for cell in ("th", "td")
            if "style" not in attributes.get(cell, ()) | attributes["*"]
        },
        strip_comments=not comments,
        link_rel=None,
        url_schemes={"http", "https", "mailto", "tel"},
    )
