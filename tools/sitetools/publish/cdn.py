"""CDN-ready output: fingerprinted assets, ``_headers``, ``.br`` and ``.gz`` siblings.

It also owns what a host needs to know about each file (content type, cache
policy, upload order). It works on a built folder and never talks to a target.
"""

from __future__ import annotations

import gzip
import hashlib
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urljoin, urlsplit

import brotli

from sitetools.policy import CONTENT_SECURITY_POLICY

HEADERS_FILE = "_headers"

# Pinned here rather than read from ``mimetypes``, whose answers depend on the
# host's /etc/mime.types: the same site must upload with the same headers.
CONTENT_TYPES: Mapping[str, str] = {
    ".html": "text/html",
    ".css": "text/css",
    ".js": "text/javascript",
    ".mjs": "text/javascript",
    ".json": "application/json",
    ".webmanifest": "application/manifest+json",
    ".xml": "application/xml",
    ".txt": "text/plain",
    ".svg": "image/svg+xml",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".gif": "image/gif",
    ".webp": "image/webp",
    ".avif": "image/avif",
    ".ico": "image/x-icon",
    ".woff": "font/woff",
    ".woff2": "font/woff2",
    ".pdf": "application/pdf",
}
TEXT_SUFFIXES = frozenset(
    {".html", ".css", ".js", ".mjs", ".json", ".webmanifest", ".xml", ".txt", ".svg"}
)
ASSET_SUFFIXES = frozenset(
    {".css", ".js", ".mjs", ".svg", ".png", ".jpg", ".jpeg", ".gif", ".webp", ".avif"}
    | {".ico", ".woff", ".woff2"}
)
ENCODINGS: Mapping[str, str] = {".br": "br", ".gz": "gzip"}
# Published last: crawlers read them to find pages, so every page exists first.
LAST_FILES = frozenset({"sitemap.xml", "robots.txt"})

_ATTRIBUTE = re.compile(r"""(\b(?:href|src)\s*=\s*)(["'])(.*?)\2""", re.IGNORECASE)
_CSS_URL = re.compile(r"""(url\(\s*)(["']?)([^"')]+)\2(\s*\))""", re.IGNORECASE)
_CSS_IMPORT = re.compile(r"""(@import\s+)(["'])([^"']+)\2""", re.IGNORECASE)
_LOCAL_BASE = "http://site.invalid"


class CdnError(ValueError):
    """The built site cannot be made CDN-ready (stylesheets import in a cycle)."""


@dataclass(frozen=True, kw_only=True)
class CachePolicy:
    """``Cache-Control``: fingerprinted assets never change; the rest revalidates."""

    immutable: str = "public, max-age=31536000, immutable"
    revalidate: str = "no-cache"


@dataclass(frozen=True, kw_only=True)
class Prepared:
    """What :func:`prepare` did: ``renames`` maps old to fingerprinted paths."""

    renames: Mapping[str, str]
    compressed: tuple[str, ...]

    @property
    def fingerprinted(self) -> frozenset[str]:
        return frozenset(self.renames.values())


@dataclass(frozen=True, kw_only=True)
class SiteFile:
    """One file to publish, with the headers a host should serve it with."""

    key: str
    path: Path
    sha256: str
    content_type: str
    content_encoding: str | None
    cache_control: str
    rank: int


def fingerprint_name(relative: str, data: bytes) -> str:
    """Return ``relative`` with a content hash before its suffix.

    >>> fingerprint_name("theme/css/site.css", b"body{}")
    'theme/css/site.7c98040a.css'
    """
    path = PurePosixPath(relative)
    digest = hashlib.sha256(data).hexdigest()[:8]
    return str(path.with_name(f"{path.stem}.{digest}{path.suffix}"))


_FINGERPRINTED = re.compile(r"\.[0-9a-f]{8}\.[A-Za-z0-9]+(?:\.br|\.gz)?$")


def is_fingerprinted(key: str) -> bool:
    """Tell whether ``key`` (or its ``.br``/``.gz`` sibling) has a content hash.

    >>> is_fingerprinted("theme/css/site.7c98040a.css.br")
    True
    """
    return _FINGERPRINTED.search(key) is not None


def rewrite_references(
    text: str, *, page: str, site_url: str, renames: Mapping[str, str]
) -> str:
    """Point every ``href``/``src`` and CSS ``url()``/``@import`` at renamed files.

    A reference is resolved against the page's own URL, so absolute, root-relative
    and relative forms all match; only its last path segment changes, so the
    rest of the reference (scheme, host, query, fragment) stays as written.
    """
    base = (site_url or _LOCAL_BASE).rstrip("/")

    def replace(match: re.Match[str]) -> str:
        reference = match.group(3)
        target = _resolve(reference, page=page, base=base)
        if target not in renames:
            return match.group(0)
        new_name = PurePosixPath(renames[target]).name
        old_name = PurePosixPath(target).name
        head, sep, tail = _split_query(reference)
        cut = head.rfind("/") + 1
        if unquote(head[cut:]) != old_name:
            return match.group(0)
        rewritten = head[:cut] + new_name + sep + tail
        return match.group(0).replace(reference, rewritten, 1)

    if page.endswith(".css"):
        return _CSS_IMPORT.sub(replace, _CSS_URL.sub(replace, text))
    return _ATTRIBUTE.sub(replace, text)


def prepare(
    root: Path, *, site_url: str, policy: CachePolicy | None = None
) -> Prepared:
    """Fingerprint assets, rewrite pages, write ``_headers``, then precompress.

    Run once on a fresh build: fingerprinted names are not recognised again.
    """
    renames = fingerprint_assets(root, site_url=site_url)
    write_headers(root, fingerprinted=renames.values(), policy=policy or CachePolicy())
    compressed = precompress(root)
    return Prepared(renames=renames, compressed=compressed)


def fingerprint_assets(root: Path, *, site_url: str) -> dict[str, str]:
    """Rename assets to content-hashed names and rewrite the files that use them.

    Assets at the top level (``favicon.ico``) keep their names: browsers ask
    for them by name. Stylesheets are hashed after their own references are
    rewritten, so a changed image gives its stylesheet a new name too.
    """
    files = _relative_files(root)
    assets = [name for name in files if _suffix(name) in ASSET_SUFFIXES and "/" in name]
    renames: dict[str, str] = {}
    for name in _dependency_order(root, assets, site_url=site_url):
        path = root / name
        if _suffix(name) == ".css":
            text = path.read_text("utf-8")
            path.write_text(
                rewrite_references(text, page=name, site_url=site_url, renames=renames),
                "utf-8",
            )
        new_name = fingerprint_name(name, path.read_bytes())
        path.rename(root / new_name)
        renames[name] = new_name
    for name in files:
        if _suffix(name) == ".html":
            path = root / name
            text = path.read_text("utf-8")
            new_text = rewrite_references(
                text, page=name, site_url=site_url, renames=renames
            )
            if new_text != text:
                path.write_text(new_text, "utf-8")
    return renames


def render_headers(
    *, fingerprinted: Iterable[str], policy: CachePolicy = CachePolicy()
) -> str:
    """Return a ``_headers`` file (Netlify / Cloudflare Pages) for the site.

    Cache-Control is set per fingerprinted path, never on ``/*``: both hosts
    merge the values of every matching rule, which would mix the two policies.
    """
    lines = [
        "# Security headers for every response; cache policy per path below.",
        "/*",
        f"  Content-Security-Policy: {CONTENT_SECURITY_POLICY}",
        "  X-Content-Type-Options: nosniff",
        "  Referrer-Policy: strict-origin-when-cross-origin",
        "  X-Frame-Options: DENY",
    ]
    for name in sorted(fingerprinted):
        lines += [f"/{name}", f"  Cache-Control: {policy.immutable}"]
    return "\n".join(lines) + "\n"


def write_headers(
    root: Path, *, fingerprinted: Iterable[str], policy: CachePolicy = CachePolicy()
) -> None:
    """Write ``_headers`` at the top of the site."""
    text = render_headers(fingerprinted=fingerprinted, policy=policy)
    (root / HEADERS_FILE).write_text(text, "utf-8")


def precompress(root: Path) -> tuple[str, ...]:
    """Write ``.br`` and ``.gz`` siblings of every text file; return their paths.

    Both are byte-for-byte reproducible (gzip without a timestamp or name), so
    an unchanged page gives unchanged siblings and nothing is re-uploaded.
    """
    written = []
    for name in _relative_files(root):
        if _suffix(name) not in TEXT_SUFFIXES:
            continue
        data = (root / name).read_bytes()
        (root / f"{name}.br").write_bytes(brotli.compress(data, quality=11))
        # GzipFile rather than gzip.compress: it can leave out the file name.
        with (
            (root / f"{name}.gz").open("wb") as raw,
            gzip.GzipFile(
                filename="", mode="wb", fileobj=raw, compresslevel=9, mtime=0
            ) as stream,
        ):
            stream.write(data)
        written += [f"{name}.br", f"{name}.gz"]
    return tuple(written)


def describe(
    root: Path,
    *,
    fingerprinted: frozenset[str],
    policy: CachePolicy = CachePolicy(),
    exclude: frozenset[str] = frozenset(),
) -> list[SiteFile]:
    """List every file under ``root`` with its headers, in upload order.

    Order: fingerprinted assets, other files, pages, then ``sitemap.xml`` and
    ``robots.txt``; a ``.br``/``.gz`` sibling goes just before its file. A page
    is never published before the assets it names.
    """
    described = []
    for name in _relative_files(root):
        if name in exclude:
            continue
        plain, encoding = _plain_name(name)
        data = (root / name).read_bytes()
        immutable = plain in fingerprinted
        described.append(
            SiteFile(
                key=name,
                path=root / name,
                sha256=hashlib.sha256(data).hexdigest(),
                content_type=content_type(plain),
                content_encoding=encoding,
                cache_control=policy.immutable if immutable else policy.revalidate,
                rank=_rank(plain, immutable=immutable),
            )
        )
    return sorted(described, key=_upload_order)


def content_type(name: str) -> str:
    """The ``Content-Type`` to serve ``name`` with; text says it is UTF-8.

    >>> content_type("legal/index.html")
    'text/html; charset=utf-8'
    """
    suffix = _suffix(name)
    value = CONTENT_TYPES.get(suffix, "application/octet-stream")
    return value + ("; charset=utf-8" if suffix in TEXT_SUFFIXES else "")


def is_page(key: str) -> bool:
    """Whether ``key`` is an HTML page (not a compressed sibling)."""
    return key.endswith(".html")


def _upload_order(item: SiteFile) -> tuple[int, str, int]:
    plain, encoding = _plain_name(item.key)
    return (item.rank, plain, 0 if encoding else 1)


def _rank(plain: str, *, immutable: bool) -> int:
    if immutable:
        return 0
    if plain in LAST_FILES:
        return 3
    if is_page(plain):
        return 2
    return 1


def _plain_name(name: str) -> tuple[str, str | None]:
    suffix = _suffix(name)
    if suffix in ENCODINGS:
        return name[: -len(suffix)], ENCODINGS[suffix]
    return name, None


def _resolve(reference: str, *, page: str, base: str) -> str | None:
    if not reference or reference.startswith(("#", "data:", "mailto:", "tel:")):
        return None
    absolute = urljoin(f"{base}/{page}", reference)
    if not absolute.startswith(base + "/"):
        return None
    path = urlsplit(absolute[len(base) :]).path
    return unquote(path.lstrip("/"))


def _split_query(reference: str) -> tuple[str, str, str]:
    cut = min(
        (index for index in (reference.find("?"), reference.find("#")) if index >= 0),
        default=-1,
    )
    if cut < 0:
        return reference, "", ""
    return reference[:cut], reference[cut], reference[cut + 1 :]


def _dependency_order(root: Path, assets: list[str], *, site_url: str) -> list[str]:
    known = set(assets)
    needs: dict[str, set[str]] = {}
    for name in assets:
        if _suffix(name) != ".css":
            needs[name] = set()
            continue
        text = (root / name).read_text("utf-8")
        base = (site_url or _LOCAL_BASE).rstrip("/")
        found = {
            _resolve(match.group(3), page=name, base=base)
            for pattern in (_CSS_URL, _CSS_IMPORT)
            for match in pattern.finditer(text)
        }
        needs[name] = {target for target in found if target in known} - {name}
    order: list[str] = []
    state: dict[str, str] = {}

    def visit(name: str) -> None:
        if state.get(name) == "done":
            return
        if state.get(name) == "visiting":
            raise CdnError(f"{name}: stylesheets import each other in a cycle")
        state[name] = "visiting"
        for dependency in sorted(needs[name]):
            visit(dependency)
        state[name] = "done"
        order.append(name)

    for name in sorted(assets):
        visit(name)
    return order


def _relative_files(root: Path) -> list[str]:
    return sorted(
        path.relative_to(root).as_posix() for path in root.rglob("*") if path.is_file()
    )


def _suffix(name: str) -> str:
    return PurePosixPath(name).suffix.lower()
