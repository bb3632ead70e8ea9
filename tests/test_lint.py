"""The lint CLI, run as a subprocess on real files in a temporary tree."""

from __future__ import annotations

import subprocess
import sys

CORPUS_HEADER = (
    "> *The following text is extracted and transformed from the dotnetpanel.com "
    "privacy policy that was archived on 2008-12-01.*\n\n"
)


def run_lint(*args, cwd):
    return subprocess.run(
        [sys.executable, "-m", "sitetools.lint", *map(str, args)],
        cwd=cwd,
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=False,
    )


def write(path, text, encoding="utf-8"):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text.encode(encoding))
    return path


def test_reports_mojibake_and_exits_1(tmp_path):
    page = write(tmp_path / "pages" / "terms.md", "Title: Terms\n\nWe donâ€™t sell.\n")
    before = page.read_bytes()
    result = run_lint("pages", cwd=tmp_path)
    assert result.returncode == 1
    assert result.stdout == "pages/terms.md:3:7: suspected mojibake 'â€™' -> '’'\n"
    assert page.read_bytes() == before


def test_clean_tree_exits_0(tmp_path):
    write(tmp_path / "a.md", "Title: A\n\nNaïve “café” — €5, © 2008.\n")
    write(tmp_path / "b.html", "<p>HÂLÂ 1, SÃO PAULO, XÃ HỘI</p>\n")
    write(tmp_path / "notes.txt", "donâ€™t\n")  # not a source file: ignored
    result = run_lint(".", cwd=tmp_path)
    assert (result.returncode, result.stdout) == (0, "")


def test_fix_rewrites_only_broken_spans(tmp_path):
    original = "Title: Terms\r\n\r\nCall 1Â (877) now.\r\nLeave “this” — alone.\r\n"
    page = write(tmp_path / "terms.markdown", "\ufeff" + original)
    clean = write(tmp_path / "clean.md", "Title: Clean\n\nFine.\n")
    clean_mtime = clean.stat().st_mtime_ns
    result = run_lint("--fix", tmp_path, cwd=tmp_path)
    assert result.returncode == 0
    assert result.stdout == f"{page}:3:7: fixed mojibake 'Â ' -> '\\xa0'\n"
    expected = "\ufeff" + original.replace("1Â (877)", "1\u00a0(877)")
    assert page.read_bytes() == expected.encode("utf-8")
    assert clean.stat().st_mtime_ns == clean_mtime
    again = run_lint(tmp_path, cwd=tmp_path)
    assert (again.returncode, again.stdout) == (0, "")


def test_archive_copies_are_exempt(tmp_path):
    write(tmp_path / "seed.md", CORPUS_HEADER + "call 270-4998.Â\u00a0 Our phone\n")
    write(
        tmp_path / "meta.md",
        "Title: Old policy\nARCHIVE_SNAPSHOT: 2008-12-01\n\nWe donâ€™t.\n",
    )
    write(
        tmp_path / "old.html",
        '<html><head><meta name="archive_snapshot" content="2008"></head>'
        "<body>donâ€™t</body></html>\n",
    )
    not_archive = write(
        tmp_path / "body.md", "Title: New\n\nArchive_snapshot: in body\nWe donâ€™t.\n"
    )
    result = run_lint("--fix", tmp_path, cwd=tmp_path)
    assert result.returncode == 0
    assert result.stdout == f"{not_archive}:4:7: fixed mojibake 'â€™' -> '’'\n"
    assert "Â" in (tmp_path / "seed.md").read_text("utf-8")
    assert "â€™" in (tmp_path / "meta.md").read_text("utf-8")


def test_non_utf8_fails_with_position_and_guess(tmp_path):
    page = write(tmp_path / "word.md", "Title: W\n\nWe don’t.\n", encoding="cp1252")
    before = page.read_bytes()
    result = run_lint(page, cwd=tmp_path)
    assert result.returncode == 1
    assert result.stdout == (
        f"{page}:3:7: not valid UTF-8 (looks like Windows-1252: byte 0x92 at line 3, "
        "column 7); save the file as UTF-8 or run `make fix-sources`\n"
    )
    fixed_only = run_lint("--fix", page, cwd=tmp_path)
    assert fixed_only.returncode == 1
    assert page.read_bytes() == before


def test_convert_encoding_resaves_as_utf8_then_fixes(tmp_path):
    page = write(tmp_path / "word.md", "Title: W\n\nWe don’t, 9Â AM.\n", "cp1252")
    result = run_lint("--fix", "--convert-encoding", page, cwd=tmp_path)
    assert result.returncode == 0
    assert result.stdout == (
        f"{page}: converted from Windows-1252 to UTF-8\n"
        f"{page}:3:12: fixed mojibake 'Â ' -> '\\xa0'\n"
    )
    assert page.read_text("utf-8") == "Title: W\n\nWe don’t, 9\u00a0AM.\n"


def test_suspects_are_warnings(tmp_path):
    write(tmp_path / "s.md", "Title: S\n\nsaid â€œweâ€ or, 6 PSTÂ AM\n")
    result = run_lint("s.md", cwd=tmp_path)
    assert result.returncode == 1
    assert result.stdout == (
        "s.md:3:6: suspected mojibake 'â€œ' -> '“'\n"
        "s.md:3:11: suspected mojibake 'â€' -> '”'\n"
        "s.md:3:23: warning: possible mojibake 'Â ' ('Â' then a space after a "
        "capital)\n"
    )


def test_usage_errors_exit_2(tmp_path):
    assert run_lint("missing.md", cwd=tmp_path).returncode == 2
    assert run_lint("--convert-encoding", ".", cwd=tmp_path).returncode == 2
