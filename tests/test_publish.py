"""``python -m sitetools.publish`` against a real S3 API server, a folder and rsync.

Every test builds the fixture site (``tests/fixtures/publish/``) with real
Pelican and ``publishconf.py``; the S3 server is moto's, on 127.0.0.1.
"""

from __future__ import annotations

import dataclasses
import hashlib
import itertools
import os
import re
import shlex
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import boto3
import pytest
from moto.server import ThreadedMotoServer

from conftest import FIXTURES, ROOT
from sitetools.publish import (
    PublishError,
    SettingsError,
    Summary,
    checks_command,
    invalidation_paths,
    publish,
    read_settings,
    s3,
)
from sitetools.publish.targets import (
    Fetched,
    LocalTarget,
    RsyncTarget,
    S3Target,
    TargetError,
    parse_itemized,
    parse_target,
    rsync_command,
)

CONTENT = FIXTURES / "publish" / "content"
SITE_URL = "https://www.dotnetpanel.com"
PASSING_CHECK = shlex.join([sys.executable, "-c", "pass"])
PAGES = {"index.html", "404.html", "about/index.html", "legal/index.html"}
PAGES |= {"terms/index.html"}
_buckets = itertools.count()


@pytest.fixture(scope="module")
def s3_endpoint():
    """A moto S3 + CloudFront server on a free port of 127.0.0.1."""
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    yield f"http://{host}:{port}"
    server.stop()


@pytest.fixture
def aws(s3_endpoint, monkeypatch, tmp_path):
    """Standard AWS variables pointing at the test server, isolated from ~/.aws."""
    for name in [name for name in os.environ if name.startswith("AWS_")]:
        monkeypatch.delenv(name)
    monkeypatch.setenv("AWS_ENDPOINT_URL", s3_endpoint)
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    monkeypatch.setenv("AWS_DEFAULT_REGION", "us-east-1")
    monkeypatch.setenv("AWS_CONFIG_FILE", str(tmp_path / "aws-config"))
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(tmp_path / "aws-credentials"))
    return boto3.session.Session()


@pytest.fixture
def bucket(aws):
    name = f"site-{next(_buckets)}"
    aws.client("s3").create_bucket(Bucket=name)
    return name


@dataclass
class Site:
    """A copy of the fixture site that a test may edit, and where it builds."""

    root: Path

    @property
    def content(self) -> Path:
        return self.root / "content"

    @property
    def output(self) -> Path:
        return self.root / "output"

    @property
    def theme(self) -> Path:
        return self.root / "theme"

    def page(self, name: str) -> Path:
        return self.content / "pages" / name

    def publish(self, target: str | RsyncTarget, **env: str) -> Summary:
        settings = {"PUBLISH_CHECK_COMMAND": PASSING_CHECK, **env}
        if isinstance(target, str):
            settings["PUBLISH_TARGET"] = target
        options = read_settings(settings)
        if isinstance(target, RsyncTarget):
            options = dataclasses.replace(options, target=target)
        return publish(
            settings_file=ROOT / "publishconf.py",
            output=self.output,
            content=self.content,
            options=options,
            site_url=SITE_URL,
            extra_args=(
                "-e",
                f'CACHE_PATH="{self.root / "cache"}"',
                f'LEGALSITE_REPORT_PATH="{self.root / "report.json"}"',
                f'THEME="{self.theme}"',
            ),
        )


@pytest.fixture
def site(tmp_path):
    shutil.copytree(CONTENT, tmp_path / "content")
    shutil.copytree(ROOT / "theme", tmp_path / "theme")
    return Site(tmp_path)


@pytest.fixture
def events(monkeypatch):
    """Every put and delete the S3 store makes, in order."""
    seen: list[tuple[str, str]] = []
    put, delete = s3.S3Store.put, s3.S3Store.delete

    def spy_put(self, item):
        put(self, item)
        seen.append(("put", item.key))

    def spy_delete(self, keys):
        delete(self, keys)
        seen.extend(("delete", key) for key in keys)

    monkeypatch.setattr(s3.S3Store, "put", spy_put)
    monkeypatch.setattr(s3.S3Store, "delete", spy_delete)
    return seen


def snapshot(session, bucket: str) -> dict[str, tuple]:
    """Every object's bytes, headers, metadata and modification time."""
    client = session.client("s3")
    state = {}
    for entry in client.list_objects_v2(Bucket=bucket).get("Contents", []):
        got = client.get_object(Bucket=bucket, Key=entry["Key"])
        state[entry["Key"]] = (
            got["Body"].read(),
            got.get("ContentType"),
            got.get("CacheControl"),
            got.get("ContentEncoding"),
            got.get("Metadata"),
            got["LastModified"],
        )
    return state


def stylesheets(html: str) -> list[str]:
    return re.findall(r'href="https://www\.dotnetpanel\.com/(theme/css/[^"]+)"', html)


def edit_stylesheet(site: Site) -> None:
    css = site.theme / "static" / "css" / "site.css"
    css.write_text(css.read_text("utf-8") + "\n.publish-test { color: #000; }\n")


def edit_page(site: Site) -> None:
    page = site.page("terms.md")
    page.write_text(page.read_text("utf-8") + "\nA sentence added later.\n", "utf-8")


# S3 ---------------------------------------------------------------------------


def test_first_publish_uploads_everything_with_headers(site, aws, bucket, events):
    summary = site.publish(f"s3://{bucket}")
    state = snapshot(aws, bucket)
    assert set(summary.uploaded) == set(state)
    assert summary.line() == (
        f"published to s3://{bucket}: {len(state)} uploaded, 0 unchanged, 0 deleted"
    )
    [css] = [key for key in state if key.endswith(".css")]
    assert re.fullmatch(r"theme/css/site\.[0-9a-f]{8}\.css", css)
    assert "_headers" not in state
    for key in PAGES:
        body, content_type, cache, encoding, metadata, _ = state[key]
        assert content_type == "text/html; charset=utf-8"
        assert cache == "no-cache"
        assert encoding is None
        assert stylesheets(body.decode("utf-8")) == [css]
        assert metadata["sha256"] == hashlib.sha256(body).hexdigest()
    assert state[css][1:4] == (
        "text/css; charset=utf-8",
        "public, max-age=31536000, immutable",
        None,
    )
    assert state[f"{css}.br"][2:4] == ("public, max-age=31536000, immutable", "br")
    assert state["index.html.gz"][1:4] == (
        "text/html; charset=utf-8",
        "no-cache",
        "gzip",
    )
    assert state["sitemap.xml"][1] == "application/xml; charset=utf-8"
    order = [key for _, key in events]
    assert order.index(css) < min(order.index(page) for page in PAGES)
    assert max(order.index(page) for page in PAGES) < order.index("sitemap.xml")
    assert order[-1] in {"robots.txt", "sitemap.xml"}
    assert (site.output / css).is_file()


def test_unchanged_republish_uploads_nothing(site, aws, bucket, events):
    site.publish(f"s3://{bucket}")
    before = snapshot(aws, bucket)
    events.clear()
    summary = site.publish(f"s3://{bucket}")
    assert events == []
    assert (summary.uploaded, summary.deleted) == ((), ())
    assert summary.unchanged == len(before)
    assert snapshot(aws, bucket) == before


def test_one_changed_page_uploads_that_page(site, aws, bucket, events):
    site.publish(f"s3://{bucket}")
    edit_page(site)
    events.clear()
    summary = site.publish(f"s3://{bucket}")
    changed = {"terms/index.html", "terms/index.html.br", "terms/index.html.gz"}
    assert set(summary.uploaded) == changed
    assert {key for _, key in events} == changed
    assert b"A sentence added later." in snapshot(aws, bucket)["terms/index.html"][0]


def test_changed_stylesheet_uploads_it_before_the_pages(site, aws, bucket, events):
    site.publish(f"s3://{bucket}")
    [old_css] = [k for k in snapshot(aws, bucket) if k.endswith(".css")]
    edit_stylesheet(site)
    events.clear()
    summary = site.publish(f"s3://{bucket}")
    [new_css] = [k for k in summary.uploaded if k.endswith(".css")]
    assert new_css != old_css
    order = [key for _, key in events]
    assert order.index(new_css) < min(order.index(page) for page in PAGES)
    # Pages a reader loaded before this publish still ask for the old sheet.
    old_trio = {old_css, f"{old_css}.br", f"{old_css}.gz"}
    assert (summary.deleted, set(summary.kept)) == ((), old_trio)
    assert old_trio <= set(snapshot(aws, bucket))
    events.clear()
    following = site.publish(f"s3://{bucket}")
    assert (following.uploaded, set(following.deleted)) == ((), old_trio)
    assert [kind for kind, _ in events] == ["delete"] * 3


def test_removed_page_is_deleted_after_the_uploads(site, aws, bucket, events):
    site.publish(f"s3://{bucket}")
    site.page("about.md").unlink()
    events.clear()
    summary = site.publish(f"s3://{bucket}")
    gone = {"about/index.html", "about/index.html.br", "about/index.html.gz"}
    assert set(summary.deleted) == gone
    assert "sitemap.xml" in summary.uploaded
    kinds = [kind for kind, _ in events]
    assert kinds == ["put"] * len(summary.uploaded) + ["delete"] * 3
    assert not gone & set(snapshot(aws, bucket))


def test_broken_source_leaves_bucket_and_output_as_they_were(site, aws, bucket):
    site.publish(f"s3://{bucket}")
    before = snapshot(aws, bucket)
    output_before = {p: p.read_bytes() for p in site.output.rglob("*") if p.is_file()}
    site.page("terms.md").write_text("Title: Terms\nEfective: 2024-01-01\n\nText\n")
    with pytest.raises(PublishError, match="nothing was published"):
        site.publish(f"s3://{bucket}")
    assert snapshot(aws, bucket) == before
    after = {p: p.read_bytes() for p in site.output.rglob("*") if p.is_file()}
    assert after == output_before
    assert not list(site.root.glob(".output.*"))


def test_failing_site_check_publishes_nothing(site, aws, bucket):
    failing = shlex.join([sys.executable, "-c", "import sys; sys.exit(3)"])
    with pytest.raises(PublishError, match=r"site checks failed .* exited 3"):
        site.publish(f"s3://{bucket}", PUBLISH_CHECK_COMMAND=failing)
    assert snapshot(aws, bucket) == {}
    assert not site.output.exists()


def test_site_check_sees_the_prepared_staging_folder(site, tmp_path, aws, bucket):
    listing = tmp_path / "listing.txt"
    check = shlex.join(
        [
            sys.executable,
            "-c",
            "import pathlib, sys; root = pathlib.Path(sys.argv[1]); "
            f"pathlib.Path({str(listing)!r}).write_text('\\n'.join(sorted("
            "p.relative_to(root).as_posix() for p in root.rglob('*'))))",
        ]
    )
    site.publish(f"s3://{bucket}", PUBLISH_CHECK_COMMAND=check)
    names = listing.read_text().splitlines()
    assert "_headers" in names
    assert "index.html.br" in names
    assert "theme/css/site.css" not in names
    assert any(re.fullmatch(r"theme/css/site\.[0-9a-f]{8}\.css", n) for n in names)


def test_check_hook_runs_sitetools_check_only_when_present():
    assert checks_command(None, site_url=SITE_URL, importable=False) is None
    assert checks_command(None, site_url=SITE_URL, importable=True) == (
        sys.executable,
        "-m",
        "sitetools.check",
        "--site-url",
        SITE_URL,
    )
    assert checks_command(None, site_url="", importable=True)[-1] == "sitetools.check"
    assert checks_command(("true",), site_url=SITE_URL, importable=True) == ("true",)


def test_delete_cap_stops_unless_confirmed(site, aws, bucket):
    site.publish(f"s3://{bucket}")
    site.page("about.md").unlink()
    before = snapshot(aws, bucket)
    with pytest.raises(PublishError, match=r"3 files would be deleted.*MAX_DELETES=2"):
        site.publish(f"s3://{bucket}", PUBLISH_MAX_DELETES="2")
    assert snapshot(aws, bucket) == before
    summary = site.publish(
        f"s3://{bucket}", PUBLISH_MAX_DELETES="2", PUBLISH_CONFIRM_DELETES="1"
    )
    assert len(summary.deleted) == 3


def test_dry_run_changes_nothing(site, aws, bucket, events, capsys):
    site.publish(f"s3://{bucket}")
    before = snapshot(aws, bucket)
    output_before = sorted(p.name for p in site.output.rglob("*"))
    edit_page(site)
    site.page("about.md").unlink()
    events.clear()
    summary = site.publish(f"s3://{bucket}", DRY_RUN="1")
    assert events == []
    assert snapshot(aws, bucket) == before
    assert sorted(p.name for p in site.output.rglob("*")) == output_before
    assert summary.line() == (
        f"would publish to s3://{bucket}: 6 uploaded, {len(before) - 9} unchanged, "
        "3 deleted"
    )
    printed = capsys.readouterr().out
    assert "0 new, 6 changed" in printed
    assert re.search(r"changed +terms/index\.html\n", printed)
    assert re.search(r"deleted +about/index\.html\n", printed)
    assert "nothing was changed" in printed


@pytest.mark.parametrize(
    ("fail_after", "pages_on_new_css"),
    [(2, 0), (6, 1), (10, 2)],
    ids=["during-assets", "after-one-page", "after-two-pages"],
)
def test_interrupted_upload_leaves_every_page_readable(
    site, aws, bucket, monkeypatch, fail_after, pages_on_new_css
):
    site.publish(f"s3://{bucket}")
    [old_css] = [key for key in snapshot(aws, bucket) if key.endswith(".css")]
    edit_stylesheet(site)
    edit_page(site)
    real_put = s3.S3Store.put
    calls = itertools.count()

    def failing_put(self, item):
        if next(calls) >= fail_after:
            raise TargetError(f"s3://{bucket}: upload {item.key} failed: injected")
        real_put(self, item)

    monkeypatch.setattr(s3.S3Store, "put", failing_put)
    with pytest.raises(TargetError, match="injected"):
        site.publish(f"s3://{bucket}")
    state = snapshot(aws, bucket)
    on_new = 0
    for page in PAGES:
        [css] = stylesheets(state[page][0].decode("utf-8"))
        assert css in state, f"{page} points to missing {css}"
        on_new += css != old_css
    # The mix of old and new pages is the point: each half must still render.
    assert on_new == pages_on_new_css
    assert old_css in state


def test_cloudfront_invalidates_changed_pages(site, aws, bucket):
    client = aws.client("cloudfront")
    distribution = client.create_distribution(
        DistributionConfig={
            "CallerReference": bucket,
            "Comment": "",
            "Enabled": True,
            "Origins": {
                "Quantity": 1,
                "Items": [
                    {
                        "Id": "origin",
                        "DomainName": f"{bucket}.s3.amazonaws.com",
                        "S3OriginConfig": {"OriginAccessIdentity": ""},
                    }
                ],
            },
            "DefaultCacheBehavior": {
                "TargetOriginId": "origin",
                "ViewerProtocolPolicy": "redirect-to-https",
                "MinTTL": 0,
            },
        }
    )["Distribution"]["Id"]
    first = site.publish(
        f"s3://{bucket}",
        CLOUDFRONT_DISTRIBUTION_ID=distribution,
        PUBLISH_INVALIDATION_MAX_PATHS="4",
    )
    edit_page(site)
    second = site.publish(f"s3://{bucket}", CLOUDFRONT_DISTRIBUTION_ID=distribution)
    unchanged = site.publish(f"s3://{bucket}", CLOUDFRONT_DISTRIBUTION_ID=distribution)
    assert unchanged.invalidation is None

    def paths(identifier: str) -> list[str]:
        got = client.get_invalidation(DistributionId=distribution, Id=identifier)
        return got["Invalidation"]["InvalidationBatch"]["Paths"]["Items"]

    assert paths(first.invalidation) == ["/*"]
    assert paths(second.invalidation) == ["/terms/", "/terms/index.html"]


def test_publish_under_a_prefix_keeps_other_keys(site, aws, bucket):
    client = aws.client("s3")
    client.put_object(Bucket=bucket, Key="other/keep.txt", Body=b"keep")
    summary = site.publish(f"s3://{bucket}/www/", PUBLISH_MAX_DELETES="0")
    keys = set(snapshot(aws, bucket))
    assert "other/keep.txt" in keys
    assert {f"www/{key}" for key in summary.uploaded} == keys - {"other/keep.txt"}
    assert site.publish(f"s3://{bucket}/www").uploaded == ()


def test_verify_reports_mojibake_read_back(site, aws, bucket, monkeypatch):
    real_fetch = s3.S3Store.fetch

    def garbling_fetch(self, key):
        got = real_fetch(self, key)
        garbled = got.body.decode("cp1252", errors="replace")
        return Fetched(key=key, body=garbled.encode("utf-8"), content_type="text/html")

    monkeypatch.setattr(s3.S3Store, "fetch", garbling_fetch)
    with pytest.raises(PublishError) as raised:
        site.publish(f"s3://{bucket}")
    message = str(raised.value)
    assert "terms/index.html: mojibake" in message
    assert "served as 'text/html', expected 'text/html; charset=utf-8'" in message


def test_missing_bucket_is_a_clear_error(site, aws):
    with pytest.raises(TargetError, match=r"s3://no-such-bucket: list failed: 404"):
        site.publish("s3://no-such-bucket")
    assert not site.output.exists()


# Settings ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("environ", "message"),
    [
        ({"PUBLISH_MAX_DELETES": "abc"}, "PUBLISH_MAX_DELETES='abc': expected"),
        ({"PUBLISH_MAX_DELETES": "-3"}, "PUBLISH_MAX_DELETES='-3': expected"),
        ({"PUBLISH_CONFIRM_DELETES": "sure"}, "PUBLISH_CONFIRM_DELETES='sure'"),
        ({"DRY_RUN": "maybe"}, "DRY_RUN='maybe': expected 1 or 0"),
        ({"PUBLISH_TARGET": "s3://"}, "PUBLISH_TARGET='s3://': '' is not"),
        ({"PUBLISH_TARGET": "s3://Bad_Bucket"}, "'Bad_Bucket' is not an S3 bucket"),
        ({"PUBLISH_TARGET": "gs://bucket"}, "PUBLISH_TARGET='gs://bucket': unknown"),
        ({"PUBLISH_INVALIDATION_MAX_PATHS": "0"}, "_MAX_PATHS='0': expected a"),
        ({"CLOUDFRONT_DISTRIBUTION_ID": "e2-x"}, "CLOUDFRONT_DISTRIBUTION_ID='e2-x'"),
        ({"PUBLISH_CACHE_CONTROL": "a\tb"}, "PUBLISH_CACHE_CONTROL='a\\tb'"),
        ({"PUBLISH_CHECK_COMMAND": "check 'x"}, 'PUBLISH_CHECK_COMMAND="check \'x"'),
    ],
)
def test_bad_setting_names_variable_and_value(environ, message):
    with pytest.raises(SettingsError, match=re.escape(message)):
        read_settings(environ)


def test_settings_defaults_and_unknown_names():
    options = read_settings({"PUBLISH_SOMETHING_ELSE": "x", "DRY_RUN": "yes"})
    assert options.target is None
    assert (options.max_deletes, options.confirm_deletes, options.dry_run) == (
        20,
        False,
        True,
    )
    assert options.cache.immutable == "public, max-age=31536000, immutable"
    assert options.cache.revalidate == "no-cache"


@pytest.mark.parametrize(
    ("text", "target"),
    [
        ("s3://bucket", S3Target(bucket="bucket")),
        ("s3://my.bucket/site/v1/", S3Target(bucket="my.bucket", prefix="site/v1")),
        ("web1:/srv/www", RsyncTarget(destination="web1:/srv/www")),
        (
            "deploy@web1.example.com:www",
            RsyncTarget(destination="deploy@web1.example.com:www"),
        ),
        ("rsync://web1/site", RsyncTarget(destination="rsync://web1/site")),
        ("/srv/www", LocalTarget(path=Path("/srv/www"))),
        ("publish", LocalTarget(path=Path("publish"))),
        ("./odd:name", LocalTarget(path=Path("./odd:name"))),
    ],
)
def test_parse_target(text, target):
    assert parse_target(text) == target


def test_cli_rejects_bad_setting_before_building(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "sitetools.publish", "--output", str(tmp_path / "out")],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**os.environ, "PUBLISH_MAX_DELETES": "abc"},
        check=False,
    )
    assert result.returncode == 2
    assert result.stderr == (
        "publish: error: PUBLISH_MAX_DELETES='abc': expected a number >= 0\n"
    )
    assert not (tmp_path / "out").exists()


def test_cli_without_target_publishes_to_local_folder(site):
    env = {key: value for key, value in os.environ.items() if key != "PUBLISH_TARGET"}
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "sitetools.publish",
            "--settings",
            str(ROOT / "publishconf.py"),
            "--content",
            str(site.content),
            "--output",
            str(site.output),
            "-e",
            f'CACHE_PATH="{site.root / "cache"}"',
            f'LEGALSITE_REPORT_PATH="{site.root / "report.json"}"',
        ],
        capture_output=True,
        text=True,
        cwd=site.root,
        env={**env, "PUBLISH_CHECK_COMMAND": PASSING_CHECK},
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "set PUBLISH_TARGET=s3://bucket[/prefix]" in result.stdout
    assert result.stdout.splitlines()[-1].startswith("published to publish: ")
    assert (site.root / "publish" / "terms" / "index.html").is_file()
    assert (site.root / "publish" / "_headers").is_file()


# Local folder and rsync -------------------------------------------------------


def folder_state(root: Path) -> dict[str, bytes]:
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


@pytest.fixture(params=["folder", "rsync"])
def local_target(request, tmp_path):
    """The same folder reached directly, and through the rsync code path."""
    folder = tmp_path / "www"
    if request.param == "folder":
        return folder, str(folder)
    return folder, RsyncTarget(destination=str(folder))


def test_folder_targets_publish_incrementally(site, local_target):
    folder, target = local_target
    first = site.publish(target)
    assert set(first.uploaded) == set(folder_state(folder))
    assert "_headers" in first.uploaded
    assert folder_state(folder) == folder_state(site.output)
    assert site.publish(target).uploaded == ()
    edit_page(site)
    changed = site.publish(target)
    assert set(changed.uploaded) == {
        "terms/index.html",
        "terms/index.html.br",
        "terms/index.html.gz",
    }
    site.page("about.md").unlink()
    before = folder_state(folder)
    with pytest.raises(PublishError, match="PUBLISH_MAX_DELETES=1"):
        site.publish(target, PUBLISH_MAX_DELETES="1")
    assert folder_state(folder) == before
    dry = site.publish(target, DRY_RUN="1")
    assert len(dry.deleted) == 3
    assert folder_state(folder) == before
    removed = site.publish(target)
    assert set(removed.deleted) == {
        "about/index.html",
        "about/index.html.br",
        "about/index.html.gz",
    }
    assert not (folder / "about").exists()
    assert folder_state(folder) == folder_state(site.output)


def test_superseded_assets_stay_for_one_publish(site, local_target):
    folder, target = local_target
    site.publish(target)
    [old_css] = stylesheets((folder / "index.html").read_text("utf-8"))
    edit_stylesheet(site)
    changed = site.publish(target)
    old_trio = {old_css, f"{old_css}.br", f"{old_css}.gz"}
    assert (changed.deleted, set(changed.kept)) == ((), old_trio)
    assert all((folder / key).is_file() for key in old_trio)
    [new_css] = stylesheets((folder / "index.html").read_text("utf-8"))
    assert new_css != old_css and (folder / new_css).is_file()
    following = site.publish(target)
    assert (set(following.deleted), following.kept) == (old_trio, ())
    assert folder_state(folder) == folder_state(site.output)


def test_broken_source_leaves_folder_target_as_it_was(site, local_target):
    folder, target = local_target
    site.publish(target)
    before = folder_state(folder)
    site.page("terms.md").write_bytes(b"Title: Terms\n\nIt\x92s broken.\n")
    with pytest.raises(PublishError, match="nothing was published"):
        site.publish(target)
    assert folder_state(folder) == before


def test_folder_target_refuses_a_folder_holding_the_sources(site):
    with pytest.raises(PublishError, match="publishing there would delete it"):
        site.publish(str(site.root))
    assert not site.output.exists()


def test_rsync_command_for_a_remote_destination():
    command = rsync_command(
        Path("/tmp/stage"), "deploy@web1:/srv/www", dry_run=True, shell="ssh -p 2222"
    )
    assert command[0] == "rsync"
    for flag in (
        "--checksum",
        "--delay-updates",
        "--delete-after",
        "--itemize-changes",
    ):
        assert flag in command
    assert command[command.index("--rsh") + 1] == "ssh -p 2222"
    assert "--dry-run" in command
    assert command[-2:] == ["/tmp/stage/", "deploy@web1:/srv/www/"]
    assert "--dry-run" not in rsync_command(Path("s"), "h:p", dry_run=False)


def test_parse_itemized_rsync_output():
    output = "\n".join(
        [
            "cd+++++++++ terms/",
            ">f+++++++++ terms/index.html",
            ">fc.T...... index.html",
            ".d..t...... legal/",
            "*deleting   about/index.html",
            "*deleting   about/",
        ]
    )
    changes = parse_itemized(output)
    assert changes.new == ("terms/index.html",)
    assert changes.changed == ("index.html",)
    assert changes.deleted == ("about/index.html",)


def test_invalidation_paths_skip_assets_and_siblings():
    keys = ["index.html", "index.html.br", "theme/css/site.0123abcd.css", "robots.txt"]
    fingerprinted = frozenset({"theme/css/site.0123abcd.css"})
    assert invalidation_paths(keys, fingerprinted=fingerprinted, max_paths=5) == [
        "/",
        "/index.html",
        "/robots.txt",
    ]
    assert invalidation_paths(keys, fingerprinted=fingerprinted, max_paths=2) == ["/*"]
    assert invalidation_paths([], fingerprinted=fingerprinted, max_paths=2) == []
