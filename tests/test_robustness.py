"""Nothing lost, nothing different: killed builds keep output/, clones build alike."""

from __future__ import annotations

import hashlib
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from conftest import ROOT
from sitetools.build import pelican_command


def _manifest(output: Path) -> dict[str, str]:
    return {
        str(path.relative_to(output)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(output.rglob("*"))
        if path.is_file()
    }


def _big_site(content: Path, pages: int) -> None:
    (content / "pages").mkdir(parents=True)
    paragraph = "We keep your data safe and call you back within one day. " * 30
    for number in range(pages):
        text = f"Title: Page {number}\n\n" + f"{paragraph}\n\n" * 40
        (content / "pages" / f"p{number}.md").write_text(text, "utf-8")


def test_build_killed_mid_way_leaves_previous_output(tmp_path):
    output = tmp_path / "output"
    output.mkdir()
    (output / "index.html").write_text("previous", "utf-8")
    before = _manifest(output)
    content = tmp_path / "content"
    _big_site(content, 400)
    command = [
        sys.executable,
        "-m",
        "sitetools.build",
        "-c",
        str(content),
        "-o",
        str(output),
        "-e",
        f'CACHE_PATH="{tmp_path / "cache"}"',
        f'LEGALSITE_REPORT_PATH="{tmp_path / "report.json"}"',
    ]
    process = subprocess.Popen(
        command,
        cwd=ROOT,
        start_new_session=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    # Kill the whole build (the build command and Pelican under it) with
    # SIGKILL once Pelican has started writing pages into the staging folder.
    deadline = time.monotonic() + 60
    staged: list[Path] = []
    while time.monotonic() < deadline and process.poll() is None:
        staged = [p for p in tmp_path.glob(".output.staging-*/p*/index.html")]
        if staged:
            break
        time.sleep(0.01)
    assert staged, "the build finished or never started writing"
    os.killpg(process.pid, signal.SIGKILL)
    process.wait()
    assert _manifest(output) == before
    # The next build clears the leftovers and succeeds.
    subprocess.run(
        command,
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    assert (output / "p399" / "index.html").is_file()
    assert list(tmp_path.glob(".output.staging-*")) == []


def _clone_and_build(tmp_path: Path, name: str, env: dict[str, str]) -> Path:
    clone = tmp_path / name
    subprocess.run(["git", "clone", "-q", str(ROOT), str(clone)], check=True)
    # Different file times in each clone: mtimes must not matter.
    stamp = 1_000_000_000 if name == "a" else 1_700_000_000
    for path in (clone / "content").rglob("*"):
        os.utime(path, (stamp, stamp))
    output = tmp_path / f"{name}-output"
    subprocess.run(
        pelican_command(
            clone / "content",
            settings=clone / "pelicanconf.py",
            output=output,
            extra_settings={
                "CACHE_PATH": f"{tmp_path / name}-cache",
                "LEGALSITE_REPORT_PATH": f"{tmp_path / name}-report.json",
            },
        ),
        cwd=clone,
        check=True,
        capture_output=True,
        env={**os.environ, **env},
    )
    return output


def test_two_fresh_clones_build_byte_identical_sites(tmp_path):
    first = _clone_and_build(
        tmp_path,
        "a",
        {"PYTHONHASHSEED": "1", "SOURCE_DATE_EPOCH": "0", "TZ": "UTC"},
    )
    second = _clone_and_build(
        tmp_path,
        "b",
        {
            "PYTHONHASHSEED": "4242",
            "SOURCE_DATE_EPOCH": "1700000000",
            "TZ": "Pacific/Auckland",
        },
    )
    manifest = _manifest(first)
    assert len(manifest) > 5
    assert manifest == _manifest(second)
