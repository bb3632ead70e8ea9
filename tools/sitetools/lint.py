"""The mojibake lint: ``python -m sitetools.lint [--fix] [--convert-encoding] PATH...``.

Reports mojibake and undecodable bytes in hand-written sources, and with
``--fix`` rewrites only the broken spans.  An adapter: it reads and writes
files and prints; deciding what is broken is left to ``mojibake`` and ``source``.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path

from legalsite.errors import ContentError
from legalsite.text.mojibake import repair_text
from legalsite.text.source import (
    convert_to_utf8,
    decode_source,
    guess_encoding,
    is_archived_copy,
)

SOURCE_SUFFIXES = (".md", ".markdown", ".html")
_UTF8_BOM = b"\xef\xbb\xbf"


def main(argv: Sequence[str] | None = None) -> int:
    """Lint (or fix) the given files and directories; return the exit status.

    0: nothing to report (or everything fixed); 1: mojibake or bad bytes left;
    2: bad usage or a missing path.
    """
    parser = argparse.ArgumentParser(
        prog="python -m sitetools.lint",
        description="Report (or fix) mojibake in hand-written site sources.",
    )
    parser.add_argument("paths", nargs="+", metavar="PATH", help="file or directory")
    parser.add_argument(
        "--fix", action="store_true", help="rewrite broken spans in place"
    )
    parser.add_argument(
        "--convert-encoding",
        action="store_true",
        help="with --fix, also re-save non-UTF-8 files as UTF-8",
    )
    args = parser.parse_args(argv)
    if args.convert_encoding and not args.fix:
        parser.error("--convert-encoding needs --fix")
    missing = [p for p in args.paths if not Path(p).exists()]
    if missing:
        parser.error(f"no such file or directory: {', '.join(missing)}")
    status = 0
    for path in _source_files(args.paths):
        if not _lint_file(path, fix=args.fix, convert=args.convert_encoding):
            status = 1
    return status


def _lint_file(path: Path, *, fix: bool, convert: bool) -> bool:
    """Lint one file, printing findings; return True when nothing is left."""
    data = path.read_bytes()
    try:
        decode_source(data)
    except ContentError as error:
        if not (convert and guess_encoding(data) not in (None, "UTF-8")):
            print(error.located(str(path)))
            return False
        name = guess_encoding(data)
        text = convert_to_utf8(data)
        path.write_bytes(text.encode("utf-8"))
        print(f"{path}: converted from {name} to UTF-8")
        data = path.read_bytes()
        try:
            decode_source(data)
        except ContentError as again:
            print(again.located(str(path)))
            return False
    bom = data.startswith(_UTF8_BOM)
    # Work on the text as stored (line endings included) so --fix rewrites
    # nothing but the broken spans.
    text = data[len(_UTF8_BOM) if bom else 0 :].decode("utf-8")
    if is_archived_copy(text):
        return True  # verbatim archive copies are repaired at build time only
    result = repair_text(text)
    verb = "fixed" if fix else "suspected"
    findings = [
        (s.line, s.col, f"warning: possible mojibake {s.text!r} ({s.reason})")
        for s in result.suspects
    ] + [
        (r.line, r.col, f"{verb} mojibake {r.before!r} -> {r.after!r}")
        for r in result.repairs
    ]
    for line, col, message in sorted(findings):
        print(f"{path}:{line}:{col}: {message}")
    if not result.changed:
        return True
    if fix:
        path.write_bytes((_UTF8_BOM if bom else b"") + result.text.encode("utf-8"))
        return True
    return False


def _source_files(paths: Sequence[str]) -> Iterator[Path]:
    """Yield files as given, and source files under directories, sorted."""
    for name in paths:
        path = Path(name)
        if path.is_dir():
            found = (p for p in path.rglob("*") if p.suffix in SOURCE_SUFFIXES)
            yield from sorted(p for p in found if p.is_file())
        else:
            yield path


if __name__ == "__main__":
    sys.exit(main())
