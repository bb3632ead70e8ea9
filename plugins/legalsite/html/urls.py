"""URLs in markup: which attributes hold one, and the scheme a browser reads.

The one reader of URL schemes, for the plugin's allow-list and for the site
checks alike. It says what a URL is; what is allowed is ``safety``'s to decide.
"""

from __future__ import annotations

import re
from html import unescape

# Attributes whose value a browser follows or fetches as a URL.
URL_ATTRIBUTES = frozenset(
    {
        "action",
        "background",
        "cite",
        "data",
        "formaction",
        "href",
        "icon",
        "longdesc",
        "manifest",
        "ping",
        "poster",
        "src",
        "srcset",
        "xlink:href",
    }
)
# Schemes that run script wherever a browser meets them.
SCRIPT_SCHEMES = frozenset({"javascript", "vbscript"})
# Schemes no page may use in a URL: script, or a document smuggled inline.
FORBIDDEN_SCHEMES = SCRIPT_SCHEMES | {"data"}
_SCHEME = re.compile(r"([a-z][a-z0-9+.\-]*):")
# What a browser ignores in a URL: ASCII tabs and newlines anywhere, and C0
# controls and spaces around it ("java\tscript:" runs as "javascript:").
_IGNORED = str.maketrans("", "", "\t\n\r")
_EDGES = "".join(map(chr, range(0x21)))


def scheme_of(url: str) -> str:
    """The scheme a browser would see, lower-cased; "" for a relative URL.

    ``url`` is the attribute's value as a parser gives it (references decoded).

    >>> scheme_of(" JaVa\\tScript:alert(1)"), scheme_of("../x/"), scheme_of("tel:+1")
    ('javascript', '', 'tel')
    >>> scheme_of("#fn:1")
    ''
    """
    cleaned = url.translate(_IGNORED).strip(_EDGES).lower()
    match = _SCHEME.match(cleaned)
    return match.group(1) if match else ""


def scheme_of_written(value: str) -> str:
    """The scheme of an attribute value as written in markup, references and all.

    >>> scheme_of_written("&#106;ava&Tab;script&colon;x()")
    'javascript'
    """
    return scheme_of(unescape(value) if "&" in value else value)


def host_of(url: str) -> str:
    """The host of an absolute URL, lower-cased; "" when it has none.

    >>> host_of("https://Forms.Example.com:443/x?y")
    'forms.example.com'
    """
    cleaned = url.translate(_IGNORED).strip(_EDGES)
    rest = cleaned.partition("//")[2] if "//" in cleaned[:10] else ""
    authority = re.split(r"[/?#]", rest, maxsplit=1)[0]
    return authority.rpartition("@")[2].partition(":")[0].lower()
