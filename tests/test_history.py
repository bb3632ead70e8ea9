"""Legal pages over time: git history, dates, and the public revision history.

Each test builds its own git repository in ``tmp_path`` with commits at fixed
dates (synthetic), so revisions, dates and subjects are exact.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import shutil
import subprocess
import sys
import tarfile
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from conftest import ROOT, run_pelican
from legalsite.errors import ContentError
from legalsite.history.dates import (
    PageDates,
    choose_dates,
    date_words,
    repository_notice,
)
from legalsite.history.git import (
    SHORT_LENGTH,
    Change,
    FileHistory,
    RepositoryState,
    Revision,
    follow_renames,
    read_history,
    read_state,
)
from legalsite.history.revisions import (
    build_page_history,
    history_url,
    public_summary,
    visible_revisions,
)
from legalsite.html.compare import text_of_html

# The site is built from a git checkout: without git these tests fail, loudly.
GIT = shutil.which("git") or "git"

# Hermetic git: no user or system configuration, fixed identity.
GIT_ENV = {
    "GIT_CONFIG_GLOBAL": os.devnull,
    "GIT_CONFIG_NOSYSTEM": "1",
    "GIT_AUTHOR_NAME": "Legal Team",
    "GIT_AUTHOR_EMAIL": "legal@example.test",
    "GIT_COMMITTER_NAME": "Legal Team",
    "GIT_COMMITTER_EMAIL": "legal@example.test",
}

TERMS_V1 = """Title: Terms of service
Slug: terms
Template: legal
Legal: yes
Effective: 2024-02-01

We provide the panel as is.

Refunds are given within 14 days.
"""
TERMS_V2 = TERMS_V1.replace("within 14 days", "within 30 days of purchase")
TERMS_V3 = TERMS_V2 + "\nWe keep invoices for seven years.\n"
TERMS_V4 = TERMS_V3.replace("as is", "as described")
HOME = "Title: Home\nSave_as: index.html\nUrl: \n\nWelcome.\n"

OLD, NEW = "content/pages/terms.md", "content/pages/terms-of-service.md"


def git(repo: Path, *args: str, date: str = "2024-01-01T00:00:00Z") -> str:
    """Run git in ``repo`` with the author date a day before the commit date."""
    author = dt.datetime.fromisoformat(date) - dt.timedelta(days=1)
    env = {
        **os.environ,
        **GIT_ENV,
        "GIT_AUTHOR_DATE": author.isoformat(),
        "GIT_COMMITTER_DATE": date,
    }
    result = subprocess.run(
        ["git", *args], cwd=repo, env=env, capture_output=True, text=True, check=True
    )
    return result.stdout.strip()


def commit(repo: Path, files: dict[str, str | None], subject: str, date: str) -> str:
    """Write (or delete, for None) ``files``, commit them, return the commit id."""
    for name, text in files.items():
        path = repo / name
        if text is None:
            path.unlink()
        else:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, "utf-8")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", subject, date=date)
    return git(repo, "rev-parse", "HEAD")


@pytest.fixture(scope="module")
def repo(tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    """A site whose terms were added, edited, renamed, edited twice more."""
    root = tmp_path_factory.mktemp("repo")
    git(root, "init", "-q", "-b", "main")
    ids = {}
    ids["add"] = commit(
        root,
        {OLD: TERMS_V1, "content/pages/index.md": HOME},
        "Add the terms of service",
        "2024-01-15T09:00:00Z",
    )
    ids["refunds"] = commit(
        root, {OLD: TERMS_V2}, "Give refunds for 30 days", "2024-03-01T12:00:00Z"
    )
    git(root, "mv", OLD, NEW)
    ids["rename"] = commit(
        root, {}, "Rename terms.md to terms-of-service.md", "2024-06-10T08:30:00Z"
    )
    ids["invoices"] = commit(
        root, {NEW: TERMS_V3}, "Say how long invoices are kept", "2024-09-20T17:45:00Z"
    )
    ids["home"] = commit(
        root,
        {"content/pages/index.md": HOME + "\nHello.\n", "README": "x\n"},
        "Greet visitors",
        "2024-10-01T10:00:00Z",
    )
    ids["described"] = commit(
        root,
        {NEW: TERMS_V4},
        "Describe the service instead of 'as is'",
        "2024-11-05T23:30:00+02:00",
    )
    return {"root": root, "ids": ids}


def utc(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text).astimezone(dt.UTC)


# --- reading git -----------------------------------------------------------


def test_revisions_follow_the_rename_with_exact_dates_and_subjects(repo):
    root, ids = repo["root"], repo["ids"]
    with read_history(root / "content") as history:
        assert history.state.kind == "full"
        assert history.state.head == ids["described"]
        terms = history.for_file(root / NEW)
    assert [
        (r.commit, r.short, r.date, r.subject, r.path) for r in terms.revisions
    ] == [
        (
            ids["described"],
            ids["described"][:SHORT_LENGTH],
            utc("2024-11-05T21:30:00+00:00"),
            "Describe the service instead of 'as is'",
            NEW,
        ),
        (
            ids["invoices"],
            ids["invoices"][:SHORT_LENGTH],
            utc("2024-09-20T17:45:00+00:00"),
            "Say how long invoices are kept",
            NEW,
        ),
        (
            ids["refunds"],
            ids["refunds"][:SHORT_LENGTH],
            utc("2024-03-01T12:00:00+00:00"),
            "Give refunds for 30 days",
            OLD,
        ),
        (
            ids["add"],
            ids["add"][:SHORT_LENGTH],
            utc("2024-01-15T09:00:00+00:00"),
            "Add the terms of service",
            OLD,
        ),
    ]
    assert all(r.date.tzinfo == dt.UTC for r in terms.revisions)


def test_the_old_path_has_no_history_of_its_own(repo):
    root = repo["root"]
    history = read_history(root / "content")
    assert history.for_file(root / OLD).revisions == ()
    assert set(history.files) == {NEW, "content/pages/index.md"}


def test_blobs_are_the_texts_as_committed_under_either_path(repo):
    root, ids = repo["root"], repo["ids"]
    with read_history(root / "content") as history:
        assert history.blob(ids["add"], OLD) == TERMS_V1
        assert history.blob(ids["refunds"], root / NEW) == TERMS_V2
        assert history.blob(ids["invoices"], NEW) == TERMS_V3
        assert history.blob(ids["described"], root / NEW) == TERMS_V4
        # Not a revision of the file, yet a commit where it exists.
        assert history.blob(ids["home"], NEW) == TERMS_V3


def test_paths_through_linked_folders_and_linked_files(repo, tmp_path):
    root = repo["root"]
    history = read_history(root / "content")
    expected = history.for_file(root / NEW).revisions
    # The content folder reached through a link, as a CI workspace may be.
    (tmp_path / "site").symlink_to(root)
    assert history.for_file(tmp_path / "site" / NEW).revisions == expected
    # A page that links to another publishes that text: its history.
    (tmp_path / "terms.md").symlink_to(root / NEW)
    assert history.for_file(tmp_path / "terms.md").revisions == expected


def test_public_summary_trailer_is_published_instead_of_the_subject(tmp_path):
    git(tmp_path, "init", "-q", "-b", "main")
    page = tmp_path / "content" / "terms.md"
    page.parent.mkdir()
    page.write_text(TERMS_V1, "utf-8")
    git(tmp_path, "add", "-A")
    git(tmp_path, "commit", "-q", "-m", "Add terms")
    page.write_text(TERMS_V2, "utf-8")
    git(tmp_path, "add", "-A")
    message = ["Fix per JIRA-123 (legal asked)", "Longer notes for the team."]
    trailer = "Public-Summary: Give refunds for 30 days"
    git(tmp_path, "commit", "-q", "-m", message[0], "-m", message[1], "-m", trailer)
    history = read_history(tmp_path / "content")
    revisions = history.for_file(page).revisions
    assert [r.summary for r in revisions] == ["Give refunds for 30 days", ""]
    assert [r.subject for r in revisions] == [message[0], "Add terms"]
    published = [public_summary(r) for r in revisions]
    assert published == ["Give refunds for 30 days", ""]
    with_subjects = [public_summary(r, subjects=True) for r in revisions]
    assert with_subjects == ["Give refunds for 30 days", "Add terms"]


def test_committer_date_not_author_date_is_the_last_change(repo):
    root = repo["root"]
    terms = read_history(root / "content").for_file(root / NEW)
    assert terms.last_changed == utc("2024-11-05T21:30:00+00:00")


def test_state_outside_a_checkout_says_what_to_do(tmp_path):
    state = read_state(tmp_path)
    assert state.kind == "none"
    assert "not in a usable git checkout" in state.message
    assert "Updated: YYYY-MM-DD" in state.message


def test_without_git_dates_come_from_metadata(tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path))
    history = read_history(tmp_path)
    assert history.state.kind == "none"
    assert "git is not installed" in history.state.message


def test_repository_without_commits_is_none(tmp_path):
    git(tmp_path, "init", "-q", "-b", "main")
    state = read_state(tmp_path)
    assert state.kind == "none"
    assert "no commits yet" in state.message


# --- renames, deletions, re-additions (synthetic changes) -----------------


def change(commit: str, status: str, path: str, **extra: object) -> Change:
    values = {
        "parents": 1,
        "timestamp": 1_700_000_000,
        "subject": commit,
        "blob": f"b-{commit}",
        "old_blob": f"o-{commit}",
    }
    values.update(extra)
    return Change(commit=commit, status=status, path=path, **values)


def test_rename_chain_and_a_path_reused_after_deletion():
    changes = [  # newest first, as git log gives them
        change("c6", "A", "a.md"),  # a new a.md: another document
        change("c5", "R", "c.md", old_path="b.md", blob="x", old_blob="x"),
        change("c4", "M", "b.md"),
        change("c3", "R", "b.md", old_path="a.md", blob="y", old_blob="z"),
        change("c2", "D", "gone.md"),
        change("c1", "A", "gone.md"),
        change("c0", "A", "a.md"),
    ]
    files = follow_renames(changes)
    assert [r.commit for r in files["c.md"].revisions] == ["c4", "c3", "c0"]
    assert [r.commit for r in files["a.md"].revisions] == ["c6"]
    assert "gone.md" not in files and "b.md" not in files


def test_shallow_boundary_changes_are_left_undated():
    changes = [change("c2", "M", "a.md"), change("c1", "A", "b.md", parents=0)]
    files = follow_renames(changes, drop_parentless=True)
    assert list(files) == ["a.md"]


# --- shallow clones and exports --------------------------------------------


def test_shallow_clone_is_detected_and_not_misdated(repo, tmp_path):
    clone = tmp_path / "clone"
    git(tmp_path, "clone", "-q", "--depth", "2", f"file://{repo['root']}", "clone")
    history = read_history(clone / "content")
    assert history.state.kind == "shallow"
    assert "git fetch --unshallow" in history.state.message
    assert "fetch-depth: 0" in history.state.message
    # The newest change is known; the boundary commit's "additions" are not.
    terms = history.for_file(clone / NEW)
    assert [r.commit for r in terms.revisions] == [repo["ids"]["described"]]
    assert history.for_file(clone / "content/pages/index.md").revisions == ()


def test_depth_one_clone_dates_nothing(repo, tmp_path):
    git(tmp_path, "clone", "-q", "--depth", "1", f"file://{repo['root']}", "clone")
    history = read_history(tmp_path / "clone" / "content")
    assert history.state.kind == "shallow"
    assert history.files == {}


def test_shallow_clone_stops_a_strict_build_and_warns_a_local_one():
    state = RepositoryState(kind="shallow", message="fetch it")
    assert repository_notice(state, strict=True).level == "error"
    assert repository_notice(state, strict=False).level == "warning"
    assert repository_notice(RepositoryState(kind="full"), strict=True) is None


def test_tarball_export_falls_back_to_metadata_with_a_warning(repo, tmp_path):
    archive = tmp_path / "site.tar"
    git(repo["root"], "archive", "-o", str(archive), "HEAD")
    with tarfile.open(archive) as tar:
        tar.extractall(tmp_path / "export", filter="data")
    history = read_history(tmp_path / "export" / "content")
    assert history.state.kind == "none"
    assert repository_notice(history.state, strict=True).level == "info"
    terms = history.for_file(tmp_path / "export" / NEW)
    undated = choose_dates({"effective": dt.date(2024, 2, 1)}, terms, history.state)
    assert undated.updated is None
    assert undated.effective == dt.date(2024, 2, 1)
    [warning] = undated.warnings
    assert "Updated: YYYY-MM-DD" in warning and "git clone" in warning
    dated = choose_dates({"updated": dt.date(2024, 12, 1)}, terms, history.state)
    assert (dated.updated, dated.updated_from, dated.warnings) == (
        dt.date(2024, 12, 1),
        "metadata",
        (),
    )


# --- the cache -------------------------------------------------------------


@pytest.fixture
def counted_git(tmp_path, monkeypatch):
    """Put a git on PATH that records each subcommand, then runs the real one."""
    shim = tmp_path / "bin"
    shim.mkdir()
    calls = tmp_path / "calls.txt"
    script = shim / "git"
    script.write_text(f'#!/bin/sh\necho "$1" >> "{calls}"\nexec "{GIT}" "$@"\n')
    script.chmod(0o755)
    monkeypatch.setenv("PATH", f"{shim}{os.pathsep}{os.environ['PATH']}")
    calls.write_text("")
    return lambda: calls.read_text().split()


def test_cache_is_reused_until_head_moves(repo, tmp_path, counted_git):
    source = tmp_path / "site"
    shutil.copytree(repo["root"], source)
    cache = tmp_path / "cache" / "history.json"
    first = read_history(source / "content", cache_path=cache)
    assert first.log_ran and counted_git() == ["rev-parse", "log"]
    second = read_history(source / "content", cache_path=cache)
    assert not second.log_ran and counted_git() == ["rev-parse", "log", "rev-parse"]
    assert second.files == first.files
    commit(
        source, {NEW: TERMS_V4 + "\nOne more line.\n"}, "More", "2025-01-02T00:00:00Z"
    )
    third = read_history(source / "content", cache_path=cache)
    assert third.log_ran
    assert third.for_file(source / NEW).revisions[0].subject == "More"


def test_damaged_cache_is_only_a_slower_build(repo, tmp_path):
    cache = tmp_path / "history.json"
    cache.write_text("{not json")
    history = read_history(repo["root"] / "content", cache_path=cache)
    assert history.log_ran
    assert json.loads(cache.read_text())["key"]["head"] == repo["ids"]["described"]


def test_one_cat_file_process_serves_every_blob(repo, counted_git):
    root, ids = repo["root"], repo["ids"]
    with read_history(root / "content") as history:
        for name in ("add", "refunds", "invoices", "described"):
            history.blob(ids[name], root / NEW)
    assert counted_git().count("cat-file") == 1


# --- dates -----------------------------------------------------------------


def test_updated_metadata_wins_over_git():
    history = FileHistory(path="p.md", revisions=(_revision("2024-05-06T23:59:00"),))
    full = RepositoryState(kind="full")
    from_git = choose_dates({}, history, full)
    assert (from_git.updated, from_git.updated_from) == (dt.date(2024, 5, 6), "git")
    chosen = choose_dates({"updated": dt.date(2024, 1, 1)}, history, full)
    assert (chosen.updated, chosen.updated_from) == (dt.date(2024, 1, 1), "metadata")


def test_uncommitted_page_gets_no_date_and_a_warning():
    dates = choose_dates({}, FileHistory(path="p.md"), RepositoryState(kind="full"))
    assert dates.updated is None
    assert "commit it" in dates.warnings[0]


def test_structured_data_uses_effective_and_updated():
    dates = PageDates(effective=dt.date(2025, 1, 1), updated=dt.date(2025, 3, 15))
    assert dates.structured_data() == {
        "datePublished": "2025-01-01",
        "dateModified": "2025-03-15",
    }
    assert PageDates().structured_data() == {}
    assert dates.updated_words == date_words(dt.date(2025, 3, 15)) == "15 March 2025"


def _revision(when: str, commit: str = "f" * 40) -> Revision:
    return Revision(
        commit=commit,
        short=commit[:SHORT_LENGTH],
        date=dt.datetime.fromisoformat(when).replace(tzinfo=dt.UTC),
        subject=f"change of {when}",
        path="p.md",
        blob=commit,
    )


# --- the revision history's pages ------------------------------------------


def test_history_urls():
    assert history_url("terms/") == "terms/history/"
    assert history_url("terms.html") == "terms/history/"


def test_page_history_renders_and_compares_each_revision():
    revisions = tuple(
        _revision(when, commit=c * 40)
        for when, c in (
            ("2024-03-01T00:00", "c"),
            ("2024-02-01T00:00", "b"),
            ("2024-01-01T00:00", "a"),
        )
    )
    texts = {"c" * 40: "one two four", "b" * 40: "one two three", "a" * 40: "one"}
    page = build_page_history(
        FileHistory(path="p.md", revisions=revisions),
        page_url="terms/",
        read=lambda r: texts[r.commit],
        render=lambda text: f"<p>{text}</p>",
    )
    assert page.url == "terms/history/"
    current, middle, first = page.entries
    assert current.current and current.url == "terms/"
    assert current.changes_url == "terms/history/cccccccccccc/changes/"
    assert current.comparison.html == "<p>one two <del>three</del><ins>four</ins></p>"
    assert middle.url == "terms/history/bbbbbbbbbbbb/"
    assert (middle.superseded_iso, middle.older_iso) == ("2024-03-01", "2024-01-01")
    assert first.changes_url is None and first.comparison is None
    assert page.superseded() == (middle, first)
    assert page.compared() == (current, middle)


def test_revision_that_no_longer_renders_is_shown_as_written():
    def render(text: str) -> str:
        if text.startswith("Owner:"):
            raise ContentError("unknown metadata field 'owner'")
        return "<p>Text</p>"

    old, new = _revision("2024-01-01T00:00", "a" * 40), _revision("2024-02-01T00:00")
    page = build_page_history(
        FileHistory(path="p.md", revisions=(new, old)),
        page_url="p/",
        read=lambda r: "Owner: <me>\n\nText" if r is old else "Title: P\n\nText",
        render=render,
    )
    [current, entry] = page.entries
    assert entry.html == "<pre>Owner: &lt;me&gt;\n\nText</pre>"
    assert "unknown metadata field" in entry.problem
    assert current.problem == ""


def test_public_line_is_the_summary_else_revised_never_the_subject():
    revisions = tuple(
        Revision(
            commit=c * 40,
            short=c * SHORT_LENGTH,
            date=utc(when),
            subject=subject,
            summary=summary,
            path="p.md",
            blob=c * 40,
        )
        for c, when, subject, summary in (
            ("c", "2024-03-01T00:00+00:00", "Fix per JIRA-123", ""),
            ("b", "2024-02-01T00:00+00:00", "Fix per JIRA-99", "Keep invoices 7 years"),
            ("a", "2024-01-01T00:00+00:00", "Site foundation", ""),
        )
    )
    history = FileHistory(path="p.md", revisions=revisions)
    options = {"page_url": "p/", "read": lambda r: r.commit, "render": str}
    lines = [e.public_line for e in build_page_history(history, **options).entries]
    assert lines == ["Revised", "Keep invoices 7 years", "First published"]
    subjects = build_page_history(history, **options, subjects=True).entries
    assert [e.public_line for e in subjects] == [
        "Fix per JIRA-123",
        "Keep invoices 7 years",
        "Site foundation",
    ]


def test_revisions_readers_cannot_tell_apart_are_one():
    # a: first text; b: reflowed; c: header reordered; d: a new sentence.
    shown = {"d": "two", "c": "one", "b": "one", "a": "one"}
    revisions = tuple(
        _revision(when, commit=c * 40)
        for when, c in (
            ("2024-04-01T00:00", "d"),
            ("2024-03-01T00:00", "c"),
            ("2024-02-01T00:00", "b"),
            ("2024-01-01T00:00", "a"),
        )
    )
    visible = visible_revisions(
        FileHistory(path="p.md", revisions=revisions),
        fingerprint=lambda r: shown[r.commit[0]],
    )
    # b and c show what a showed: a stands for all three, with its own date.
    assert [r.commit[0] for r in visible.revisions] == ["d", "a"]
    assert visible.last_changed == utc("2024-04-01T00:00+00:00")


def test_a_single_revision_is_not_rendered_again():
    def render(text: str) -> str:
        raise AssertionError("the only revision reads on the page itself")

    page = build_page_history(
        FileHistory(path="p.md", revisions=(_revision("2024-01-01T00:00"),)),
        page_url="p/",
        read=lambda r: "Title: P\n\nText",
        render=render,
    )
    [entry] = page.entries
    assert entry.url == "p/"
    assert entry.comparison is None


# --- a real site built from the repository ---------------------------------


@pytest.fixture(scope="module")
def history_site(repo, tmp_path_factory):
    out = tmp_path_factory.mktemp("history-site") / "output"
    return run_pelican(repo["root"] / "content", out)


def _soup(build, relative: str) -> BeautifulSoup:
    return BeautifulSoup(build.page(relative), "html.parser")


def test_legal_page_shows_effective_and_git_dates(history_site):
    assert history_site.returncode == 0, history_site.log
    soup = _soup(history_site, "terms/index.html")
    times = {t.parent.get_text(" ", strip=True).split()[0]: t for t in soup("time")}
    assert times["Effective"]["datetime"] == "2024-02-01"
    assert times["Last"]["datetime"] == "2024-11-05"
    data = json.loads(soup.find("script", type="application/ld+json").string)
    assert (data["datePublished"], data["dateModified"]) == ("2024-02-01", "2024-11-05")
    assert soup.find("a", string="revision history")["href"].endswith("history/")


def test_history_can_be_left_unpublished(repo, tmp_path):
    out = tmp_path / "output"
    build = run_pelican(
        repo["root"] / "content", out, extra={"LEGALSITE_HISTORY": False}
    )
    assert build.returncode == 0, build.log
    soup = _soup(build, "terms/index.html")
    assert soup.find("time", datetime="2024-11-05") is not None  # still dated by git
    assert soup.find("a", string="revision history") is None
    assert not (out / "terms" / "history").exists()


def test_history_page_lists_every_revision_newest_first(history_site, repo):
    soup = _soup(history_site, "terms/history/index.html")
    items = soup.select("ol.revisions > li")
    assert [li.time["datetime"] for li in items] == [
        "2024-11-05",
        "2024-09-20",
        "2024-03-01",
        "2024-01-15",
    ]
    # Commit subjects are the team's: none is published.
    lines = [li.time.next_sibling.strip().removeprefix(": ") for li in items]
    assert lines == [
        "Revised",
        "Revised",
        "Revised",
        "First published",
    ]
    short = repo["ids"]["refunds"][:SHORT_LENGTH]
    assert f"{short}/" in items[2].a["href"]
    # Its own JSON-LD: a web page of the site named for the page's history.
    title = _soup(history_site, "terms/index.html").h1.get_text(strip=True)
    data = json.loads(soup.find("script", type="application/ld+json").string)
    assert data["@type"] == "WebPage"
    assert data["name"] == f"Revision history: {title}"


SUBJECTS = (
    "Add the terms of service",
    "Give refunds for 30 days",
    "Say how long invoices are kept",
    "Describe the service instead of 'as is'",
)


def test_no_page_publishes_a_commit_subject(history_site):
    for page in history_site.output.rglob("*.html"):
        text = BeautifulSoup(page.read_text("utf-8"), "html.parser").get_text()
        assert not [s for s in SUBJECTS if s in text], page


def test_subjects_are_published_when_the_site_asks(repo, tmp_path):
    build = run_pelican(
        repo["root"] / "content",
        tmp_path / "output",
        extra={"LEGALSITE_HISTORY_SUBJECTS": True},
    )
    assert build.returncode == 0, build.log
    text = _soup(build, "terms/history/index.html").get_text(" ", strip=True)
    assert all(subject in text for subject in SUBJECTS), text


def test_a_commit_readers_cannot_see_is_no_revision(tmp_path):
    root = tmp_path / "repo"
    root.mkdir()
    git(root, "init", "-q", "-b", "main")
    page = "content/pages/terms.md"
    commit(root, {page: TERMS_V1}, "Add terms", "2024-01-15T09:00:00Z")
    # Reflowed lines and a reordered header: the same page for readers.
    reflowed = TERMS_V1.replace(
        "Legal: yes\nEffective: 2024-02-01", "Effective: 2024-02-01\nLegal:   yes"
    ).replace("We provide the panel as is.", "We provide\nthe panel   as is.  ")
    assert reflowed != TERMS_V1
    commit(root, {page: reflowed}, "Reflow per JIRA-7", "2024-05-01T09:00:00Z")
    build = run_pelican(root / "content", tmp_path / "output")
    assert build.returncode == 0, build.log
    soup = _soup(build, "terms/history/index.html")
    assert [li.time["datetime"] for li in soup.select("ol.revisions > li")] == [
        "2024-01-15"
    ]
    terms = _soup(build, "terms/index.html")
    assert terms.find("time", datetime="2024-01-15") is not None  # last updated
    assert terms.find("time", datetime="2024-05-01") is None
    # A change readers see is a revision again, dated when it landed.
    commit(root, {page: TERMS_V2}, "Refunds per JIRA-8", "2024-06-01T09:00:00Z")
    again = run_pelican(root / "content", tmp_path / "again")
    soup = _soup(again, "terms/history/index.html")
    assert [li.time["datetime"] for li in soup.select("ol.revisions > li")] == [
        "2024-06-01",
        "2024-01-15",
    ]


def test_superseded_revision_is_marked_noindexed_and_links_current(history_site, repo):
    short = repo["ids"]["refunds"][:SHORT_LENGTH]
    soup = _soup(history_site, f"terms/history/{short}/index.html")
    assert soup.find("meta", attrs={"name": "robots"})["content"] == "noindex"
    banner = soup.select_one("aside.superseded")
    assert "Superseded" in banner.get_text()
    assert "../../../terms/" in [a["href"] for a in banner("a")]
    body = soup.select_one(".body").get_text()
    assert "within 30 days of purchase" in body and "invoices" not in body


def test_changes_page_compares_rendered_text(history_site, repo):
    short = repo["ids"]["invoices"][:SHORT_LENGTH]
    soup = _soup(history_site, f"terms/history/{short}/changes/index.html")
    assert soup.find("meta", attrs={"name": "robots"})["content"] == "noindex"
    assert [i.get_text() for i in soup.select(".body ins")] == [
        "We keep invoices for seven years."
    ]
    assert "Title:" not in text_of_html(str(soup.select_one(".body")))


def test_sitemap_lastmod_is_the_git_date(repo, tmp_path):
    build = run_pelican(
        repo["root"] / "content",
        tmp_path / "output",
        settings=ROOT / "publishconf.py",
    )
    assert build.returncode == 0, build.log
    sitemap = (tmp_path / "output" / "sitemap.xml").read_text("utf-8")
    entries = dict(re.findall(r"<loc>(.*)</loc>\s*<lastmod>(.*)</lastmod>", sitemap))
    site = "https://www.dotnetpanel.com"
    assert entries[f"{site}/terms/"] == "2024-11-05"
    # The history page changes with its page; older versions stay out.
    assert entries[f"{site}/terms/history/"] == "2024-11-05"
    assert not [url for url in entries if re.search(r"/history/.", url)]


def test_production_build_stops_on_a_shallow_clone(repo, tmp_path):
    git(tmp_path, "clone", "-q", "--depth", "1", f"file://{repo['root']}", "clone")
    build = run_pelican(
        tmp_path / "clone" / "content",
        tmp_path / "output",
        settings=ROOT / "publishconf.py",
    )
    assert build.returncode != 0
    assert "git fetch --unshallow" in build.log
    local = run_pelican(tmp_path / "clone" / "content", tmp_path / "local")
    assert local.returncode == 0, local.log
    assert any("shallow clone" in w for w in local.report["warnings"])


PUBLISH_ARGS = ("--settings", "publishconf.py", "--output", "output")


def test_publish_stops_on_a_shallow_clone_of_the_project(tmp_path):
    # What `make publish` runs once the environment is in place, in a CI-style
    # shallow clone of this very repository.
    clone = tmp_path / "clone"
    git(tmp_path, "clone", "-q", "--depth", "1", f"file://{ROOT}", str(clone))
    target = tmp_path / "www"
    result = subprocess.run(
        [sys.executable, "-m", "sitetools.publish", *PUBLISH_ARGS],
        cwd=clone,
        env={**os.environ, "PUBLISH_TARGET": str(target)},
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode != 0
    assert "git fetch --unshallow" in result.stdout + result.stderr
    assert "nothing was published" in result.stderr
    assert not target.exists() and not (clone / "output").exists()


def test_earlier_revisions_are_rendered_once_and_cached(history_site):
    [cache] = history_site.output.parent.glob(
        "output-cache/legalsite-*/revision-html.json"
    )
    rendered = json.loads(cache.read_text("utf-8"))
    assert rendered
    assert all("<" in html for html in rendered.values())


def test_the_real_site_publishes_no_commit_subject(site):
    subjects = set(
        subprocess.run(
            ["git", "log", "--format=%s", "--", "content"],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.splitlines()
    )
    assert subjects  # the real site is built from its history
    history = site.page("privacy-policy/history/index.html")
    assert "First published" in history
    for page in site.output.rglob("*.html"):
        text = BeautifulSoup(page.read_text("utf-8"), "html.parser").get_text()
        assert not [s for s in subjects if s in text], page
