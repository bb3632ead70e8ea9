"""Production settings: ``pelicanconf.py`` plus absolute URLs and search-engine files.

``make publish`` builds with this file. ``SITEURL`` can be overridden from the
environment for a staging host.
"""

import os
import sys

sys.path.append(os.path.dirname(os.path.abspath(__file__)))

from pelicanconf import *

SITEURL = os.environ.get("SITEURL", "https://www.dotnetpanel.com").rstrip("/")
RELATIVE_URLS = False
# A production build starts from nothing: the reader cache is for local work.
LOAD_CONTENT_CACHE = False

LEGALSITE_SITEMAP = True
LEGALSITE_FAIL_ON_WARNINGS = True
