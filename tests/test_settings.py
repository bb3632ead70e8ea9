"""Plugin settings: defaults, validation, and messages that name setting and value."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from legalsite.settings import DEFAULTS, SettingsError, read_options

README = (Path(__file__).parents[1] / "README.md").read_text("utf-8")


def test_defaults_are_valid():
    options = read_options({})
    assert options.region == "US"
    assert options.contacts == ()


def test_own_domains_default_to_the_site_url():
    assert read_options({"SITEURL": "https://www.dotnetpanel.com"}).own_domains == (
        "dotnetpanel.com",
    )
    assert read_options({"SITEURL": ""}).own_domains == ()
    given = {"SITEURL": "https://a.example", "LEGALSITE_OWN_DOMAINS": ["b.example"]}
    assert read_options(given).own_domains == ("b.example",)


def test_allowed_html_is_read():
    form = {"attributes": ["action", "method"], "action_hosts": ["forms.example.com"]}
    [allowed] = read_options({"LEGALSITE_ALLOWED_HTML": {"form": form}}).allowed_html
    assert (allowed.name, allowed.attributes, allowed.action_hosts) == (
        "form",
        ("action", "method"),
        ("forms.example.com",),
    )


def test_contacts_are_read():
    options = read_options(
        {"LEGALSITE_CONTACTS": [{"label": "Sales", "phone": "+1 877 270 4998"}]}
    )
    assert options.contacts[0].phone == "+1 877 270 4998"


@pytest.mark.parametrize(
    ("settings", "message"),
    [
        ({"LEGALSITE_REGON": "US"}, "unknown setting(s) LEGALSITE_REGON"),
        ({"LEGALSITE_REGION": "usa"}, "LEGALSITE_REGION: expected a two-letter"),
        ({"LEGALSITE_REGION": "us"}, "got 'us'"),
        ({"LEGALSITE_CONTACTS": "1 877"}, "LEGALSITE_CONTACTS: expected a list"),
        ({"LEGALSITE_CONTACTS": [{"label": "x"}]}, "LEGALSITE_CONTACTS[0]['phone']"),
        (
            {"LEGALSITE_CONTACTS": [{"label": "x", "phone": "1", "fax": "2"}]},
            "unknown key(s) ['fax']",
        ),
        ({"LEGALSITE_FAIL_ON_WARNINGS": "yes"}, "expected True or False, got 'yes'"),
        ({"LEGALSITE_SITEMAP": 1}, "LEGALSITE_SITEMAP: expected True or False"),
        ({"LEGALSITE_HISTORY": "no"}, "LEGALSITE_HISTORY: expected True or False"),
        ({"LEGALSITE_ALLOWED_WARNINGS": [1]}, "expected a list of strings"),
        ({"LEGALSITE_SUPPORT_HOURS": None}, "LEGALSITE_SUPPORT_HOURS: expected"),
        (
            {"LEGALSITE_ALLOWED_HTML": ["form"]},
            "LEGALSITE_ALLOWED_HTML: expected a dict",
        ),
        (
            {"LEGALSITE_ALLOWED_HTML": {"script": {}}},
            "LEGALSITE_ALLOWED_HTML['script']: <script> can never be allowed",
        ),
        (
            {"LEGALSITE_ALLOWED_HTML": {"form": {"attributes": ["onsubmit"]}}},
            "'onsubmit' can never be allowed",
        ),
        (
            {"LEGALSITE_ALLOWED_HTML": {"form": {"attributes": ["action"]}}},
            "a form's action needs 'action_hosts'",
        ),
        (
            {"LEGALSITE_ALLOWED_HTML": {"input": {"action_hosts": ["a.example"]}}},
            "only a form has an action",
        ),
        (
            {"LEGALSITE_ALLOWED_HTML": {"form": {"attrs": []}}},
            "unknown key(s) ['attrs']",
        ),
        ({"LEGALSITE_OWN_DOMAINS": "example.com"}, "LEGALSITE_OWN_DOMAINS: expected"),
        ({"LEGALSITE_OWN_DOMAINS": ["https://x.com/"]}, "got 'https://x.com/'"),
        ({"LEGALSITE_JOBS": -1}, "LEGALSITE_JOBS: expected a whole number"),
        ({"LEGALSITE_JOBS": "4"}, "got '4'"),
        ({"LEGALSITE_JOBS": True}, "LEGALSITE_JOBS: expected a whole number"),
        ({"LEGALSITE_INCREMENTAL": 1}, "LEGALSITE_INCREMENTAL: expected True or"),
    ],
)
def test_bad_settings_are_refused_with_name_and_value(settings, message):
    with pytest.raises(SettingsError) as caught:
        read_options(settings)
    assert message in str(caught.value)


@pytest.mark.parametrize("name", sorted(DEFAULTS))
def test_every_setting_is_in_the_readme_table(name):
    assert re.search(rf"^\| `{name}` \|", README, re.MULTILINE)
