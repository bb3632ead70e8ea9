"""CDN-ready output: fingerprints, rewritten references, ``_headers``, compression."""

from __future__ import annotations

import doctest
import gzip
import hashlib
import re
import shutil
from pathlib import Path

import brotli
import pytest

from sitetools.publish import cdn, plan, targets
from sitetools.publish import settings as publish_settings
from sitetools.publish.cdn import (
    CONTENT_SECURITY_POLICY,
    CachePolicy,
    CdnError,
    describe,
    fingerprint_assets,
    precompress,
    prepare,
    render_headers,
    rewrite_references,
)

SITE = "https://www.example.com"
RENAMES = {"theme/css/site.css": "theme/css/site.0123abcd.css"}


@pytest.mark.parametrize(
    "module", [cdn, plan, publish_settings, targets], ids=lambda m: m.__name__
)
def test_doctests(module):
    result = doctest.testmod(module)
    assert result.attempted > 0
    assert result.failed == 0


@pytest.mark.parametrize(
    ("page", "html", "expected"),
    [
        (
            "index.html",
            f'<link href="{SITE}/theme/css/site.css">',
            f'<link href="{SITE}/theme/css/site.0123abcd.css">',
        ),
        (
            "legal/index.html",
            '<link rel="stylesheet" href="../theme/css/site.css?v=2#top">',
            '<link rel="stylesheet" href="../theme/css/site.0123abcd.css?v=2#top">',
        ),
        (
            "a/b/index.html",
            "<link href='/theme/css/site.css'>",
            "<link href='/theme/css/site.0123abcd.css'>",
        ),
        (
            "index.html",
            '<link href="https://cdn.other.example/theme/css/site.css">',
            '<link href="https://cdn.other.example/theme/css/site.css">',
        ),
        (
            "index.html",
            '<a href="#theme/css/site.css">x</a><img src="data:image/png;base64,AA">',
            '<a href="#theme/css/site.css">x</a><img src="data:image/png;base64,AA">',
        ),
        (
            "index.html",
            "<p>theme/css/site.css is our stylesheet</p>",
            "<p>theme/css/site.css is our stylesheet</p>",
        ),
    ],
    ids=[
        "absolute",
        "relative-query",
        "root-relative",
        "other-host",
        "not-urls",
        "text",
    ],
)
def test_rewrite_references_in_html(page, html, expected):
    rewritten = rewrite_references(html, page=page, site_url=SITE, renames=RENAMES)
    assert rewritten == expected
    again = rewrite_references(rewritten, page=page, site_url=SITE, renames=RENAMES)
    assert again == rewritten


def test_rewrite_references_in_css():
    renames = {"theme/img/logo.png": "theme/img/logo.89abcdef.png", **RENAMES}
    css = (
        '@import "site.css";\n'
        "a { background: url(../img/logo.png) }\n"
        "b { background: url( '/theme/img/logo.png' ) }\n"
        "c { background: url(data:image/png;base64,AA) }\n"
    )
    assert rewrite_references(
        css, page="theme/css/print.css", site_url=SITE, renames=renames
    ) == (
        '@import "site.0123abcd.css";\n'
        "a { background: url(../img/logo.89abcdef.png) }\n"
        "b { background: url( '/theme/img/logo.89abcdef.png' ) }\n"
        "c { background: url(data:image/png;base64,AA) }\n"
    )


def _tree(root: Path, files: dict[str, bytes | str]) -> Path:
    for name, data in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(data, str):
            path.write_text(data, "utf-8")
        else:
            path.write_bytes(data)
    return root


SMALL_SITE = {
    "index.html": f'<link href="{SITE}/theme/css/site.css"><link href="/favicon.ico">',
    "legal/index.html": (
        '<link href="../theme/css/site.css"><img src="../theme/img/logo.png">'
    ),
    "theme/css/site.css": "body { background: url(../img/logo.png) }\n",
    "theme/img/logo.png": b"\x89PNG first",
    "favicon.ico": b"icon",
    "robots.txt": "User-agent: *\nAllow: /\n",
}


def test_fingerprint_assets_hashes_after_rewriting(tmp_path):
    root = _tree(tmp_path / "site", SMALL_SITE)
    renames = fingerprint_assets(root, site_url=SITE)
    assert set(renames) == {"theme/css/site.css", "theme/img/logo.png"}
    for new in renames.values():
        data = (root / new).read_bytes()
        stem = hashlib.sha256(data).hexdigest()[:8]
        assert re.search(rf"\.{stem}\.(css|png)$", new)
    css = (root / renames["theme/css/site.css"]).read_text()
    assert Path(renames["theme/img/logo.png"]).name in css
    index = (root / "index.html").read_text()
    assert renames["theme/css/site.css"] in index
    assert 'href="/favicon.ico"' in index
    assert (root / "favicon.ico").exists()
    assert not (root / "theme/css/site.css").exists()

    other = _tree(
        tmp_path / "other", {**SMALL_SITE, "theme/img/logo.png": b"\x89PNG 2"}
    )
    other_renames = fingerprint_assets(other, site_url=SITE)
    assert other_renames["theme/css/site.css"] != renames["theme/css/site.css"]


def test_stylesheets_importing_each_other_in_a_cycle_are_an_error(tmp_path):
    root = _tree(
        tmp_path,
        {
            "theme/css/a.css": '@import "b.css";',
            "theme/css/b.css": '@import "a.css";',
        },
    )
    with pytest.raises(CdnError, match="in a cycle"):
        fingerprint_assets(root, site_url=SITE)


def test_precompress_is_reproducible_and_lossless(tmp_path):
    first = _tree(tmp_path / "one", SMALL_SITE)
    second = _tree(tmp_path / "two", SMALL_SITE)
    written = precompress(first)
    precompress(second)
    assert "theme/img/logo.png.br" not in written
    assert {"index.html.br", "index.html.gz", "robots.txt.gz"} <= set(written)
    for name in written:
        assert (first / name).read_bytes() == (second / name).read_bytes()
    original = (first / "legal/index.html").read_bytes()
    assert brotli.decompress((first / "legal/index.html.br").read_bytes()) == original
    assert gzip.decompress((first / "legal/index.html.gz").read_bytes()) == original


def test_headers_file_sets_security_headers_and_asset_cache():
    text = render_headers(fingerprinted=["theme/css/site.0123abcd.css"])
    assert text == (
        "# Security headers for every response; cache policy per path below.\n"
        "/*\n"
        f"  Content-Security-Policy: {CONTENT_SECURITY_POLICY}\n"
        "  X-Content-Type-Options: nosniff\n"
        "  Referrer-Policy: strict-origin-when-cross-origin\n"
        "  X-Frame-Options: DENY\n"
        "/theme/css/site.0123abcd.css\n"
        "  Cache-Control: public, max-age=31536000, immutable\n"
    )
    assert "unsafe-inline" not in CONTENT_SECURITY_POLICY


def test_describe_orders_assets_pages_then_sitemap(tmp_path):
    root = _tree(tmp_path, {**SMALL_SITE, "sitemap.xml": "<urlset/>\n"})
    prepared = prepare(root, site_url=SITE, policy=CachePolicy(revalidate="max-age=60"))
    files = describe(
        root,
        fingerprinted=prepared.fingerprinted,
        policy=CachePolicy(revalidate="max-age=60"),
    )
    keys = [item.key for item in files]
    css = prepared.renames["theme/css/site.css"]
    assert keys.index(f"{css}.br") < keys.index(css) < keys.index("index.html")
    assert keys.index("legal/index.html") < keys.index("sitemap.xml")
    assert set(keys[-6:]) == {
        "robots.txt",
        "robots.txt.br",
        "robots.txt.gz",
        "sitemap.xml",
        "sitemap.xml.br",
        "sitemap.xml.gz",
    }
    by_key = {item.key: item for item in files}
    assert by_key[css].cache_control == "public, max-age=31536000, immutable"
    assert by_key["index.html"].cache_control == "max-age=60"
    assert by_key["index.html.br"].content_type == "text/html; charset=utf-8"
    assert by_key["index.html.br"].content_encoding == "br"
    assert by_key["index.html"].content_encoding is None
    assert by_key["favicon.ico"].content_type == "image/x-icon"
    assert by_key["_headers"].content_type == "application/octet-stream"


def test_prepare_on_the_real_production_build(published_site, tmp_path):
    root = tmp_path / "site"
    shutil.copytree(published_site.output, root)
    untouched = {
        name: (root / name).read_bytes() for name in ("robots.txt", "sitemap.xml")
    }
    prepared = prepare(root, site_url="https://www.dotnetpanel.com")
    assert "theme/css/site.css" in prepared.renames
    css = prepared.renames["theme/css/site.css"]
    assert (root / "404.html").is_file()
    for page in root.rglob("*.html"):
        text = page.read_text("utf-8")
        assert css in text, page
        for old, new in prepared.renames.items():
            assert old not in text, page
            assert (root / new).is_file()
    for name, data in untouched.items():
        assert (root / name).read_bytes() == data
    assert (root / "_headers").is_file()
    assert (root / "404.html.br").is_file()
