"""The CI files run the README's commands, with full history and secrets only.

Their steps being the README's commands, the tests that cover those commands
cover CI too; what is left to check is that the files say exactly that.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from conftest import ROOT
from sitetools.console import CODE_QUALITY_REPORT

README = (ROOT / "README.md").read_text("utf-8")
GITHUB = ROOT / ".github" / "workflows" / "site.yml"
GITLAB = ROOT / ".gitlab-ci.yml"
SECRET = re.compile(r"\$\{\{\s*secrets\.([A-Z0-9_]+)\s*\}\}")
# Names that hold or point at credentials: they may only come from secrets.
CREDENTIAL = re.compile(r"(AWS_|PUBLISH_TARGET|CLOUDFRONT|TOKEN|KEY|SECRET|PASS)")


def readme_commands() -> set[str]:
    """Every command of the README's ``sh`` blocks, comments dropped."""
    commands = set()
    for block in re.findall(r"```sh\n(.*?)```", README, re.DOTALL):
        for line in block.splitlines():
            command = line.split("#", 1)[0].strip()
            if command:
                commands.add(command)
    return commands


def _load(path: Path) -> dict:
    return yaml.safe_load(path.read_text("utf-8"))


def _github_steps(job: dict) -> list[dict]:
    return job["steps"]


def test_the_readme_names_what_ci_runs():
    assert {"make check", "make publish"} <= readme_commands()


def test_github_runs_check_on_pull_requests_and_publish_on_main():
    workflow = _load(GITHUB)
    triggers = workflow.get("on", workflow.get(True))  # YAML 1.1 reads "on" as true
    assert set(triggers) == {"pull_request", "push"}
    assert triggers["push"] == {"branches": ["main"]}
    jobs = workflow["jobs"]
    runs = {
        name: [s["run"] for s in _github_steps(job) if "run" in s]
        for name, job in jobs.items()
    }
    assert runs == {"check": ["make check"], "publish": ["make publish"]}
    assert jobs["check"]["if"] == "github.event_name == 'pull_request'"
    assert jobs["publish"]["if"] == (
        "github.event_name == 'push' && github.ref == 'refs/heads/main'"
    )
    commands = readme_commands()
    for job in jobs.values():
        for step in _github_steps(job):
            assert set(step) <= {"uses", "with", "run", "env"}, step
            if "run" in step:
                assert step["run"].strip() in commands
            else:
                # The only other step: a full checkout.
                assert step["uses"].startswith("actions/checkout@")
                assert step["with"] == {"fetch-depth": 0}


def test_github_credentials_come_from_secrets_and_nowhere_else():
    workflow = _load(GITHUB)
    assert "env" not in workflow
    for name, job in workflow["jobs"].items():
        assert "env" not in job, name
        for step in _github_steps(job):
            for variable, value in step.get("env", {}).items():
                found = SECRET.fullmatch(str(value))
                assert found, f"{variable} is not read from a secret"
                assert found.group(1) == variable
    text = GITHUB.read_text("utf-8")
    # Secrets appear only as step environment, and only for publishing.
    assert len(SECRET.findall(text)) == len(
        workflow["jobs"]["publish"]["steps"][-1]["env"]
    )
    assert "env" not in workflow["jobs"]["check"]["steps"][-1]


def test_gitlab_runs_check_on_merge_requests_and_publish_on_main():
    pipeline = _load(GITLAB)
    assert pipeline["variables"] == {"GIT_DEPTH": 0}
    jobs = {
        name: job
        for name, job in pipeline.items()
        if isinstance(job, dict) and "script" in job
    }
    assert {name: job["script"] for name, job in jobs.items()} == {
        "check": ["make check"],
        "publish": ["make publish"],
    }
    assert jobs["check"]["rules"] == [
        {"if": '$CI_PIPELINE_SOURCE == "merge_request_event"'}
    ]
    assert jobs["publish"]["rules"] == [{"if": '$CI_COMMIT_BRANCH == "main"'}]
    commands = readme_commands()
    for name, job in jobs.items():
        assert set(job["script"]) <= commands
        assert not set(job) & {"before_script", "after_script", "variables"}, name
        report = job["artifacts"]["reports"]["codequality"]
        assert Path(report) == CODE_QUALITY_REPORT


@pytest.mark.parametrize("path", [GITHUB, GITLAB], ids=["github", "gitlab"])
def test_no_credential_is_written_in_the_file(path):
    for line in path.read_text("utf-8").splitlines():
        code = line.split("#", 1)[0]
        if ":" not in code:
            continue
        key, value = (part.strip() for part in code.split(":", 1))
        if CREDENTIAL.search(key) and value:
            assert SECRET.fullmatch(value), line
