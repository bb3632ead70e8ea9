"""``make publish``: a checked production build, uploaded where it changed.

``settings`` reads the environment, ``cdn`` makes the built folder CDN-ready,
``plan`` decides what changes, ``targets`` and ``s3`` upload, ``verify`` reads
pages back, and ``run`` orders the steps. Imported names below are the
package's public face.
"""

from sitetools.publish.errors import PublishError, SettingsError
from sitetools.publish.plan import Plan, Summary, invalidation_paths, plan_changes
from sitetools.publish.run import checks_command, main, publish
from sitetools.publish.settings import PublishSettings, read_settings

__all__ = [
    "Plan",
    "PublishError",
    "PublishSettings",
    "SettingsError",
    "Summary",
    "checks_command",
    "invalidation_paths",
    "main",
    "plan_changes",
    "publish",
    "read_settings",
]
