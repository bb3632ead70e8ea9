"""Pelican settings for local work: relative URLs, no production extras.

``publishconf.py`` layers the production settings on top of this file.
"""

from pathlib import Path

ROOT = Path(__file__).resolve().parent

AUTHOR = "SMB SAAS Systems Inc."
SITENAME = "DotNetPanel"
SITEURL = ""
SITE_TAGLINE = (
    "Control panel for Windows hosting, IIS 7, VPS, Exchange, SharePoint, "
    "Dynamics CRM and dedicated servers"
)
PUBLISHER = "SMB SAAS Systems Inc."

PATH = "content"
THEME = str(ROOT / "theme")
TIMEZONE = "UTC"
DEFAULT_LANG = "en"
# Pages are the whole site: no blog, no articles, no dated archives.
ARTICLE_PATHS: list[str] = []
# Every file under content/ is a page: an archived corpus file copied
# anywhere into it builds with no editing.
PAGE_PATHS = [""]
STATIC_PATHS: list[str] = []
DIRECT_TEMPLATES: list[str] = []
PAGE_URL = "{slug}/"
PAGE_SAVE_AS = "{slug}/index.html"
SLUGIFY_SOURCE = "basename"

# Nothing on every page may grow with the number of pages: the menu lists a
# chosen few, never every page (Pelican's default page menu would).
DISPLAY_PAGES_ON_MENU = False
DISPLAY_CATEGORIES_ON_MENU = False
MENUITEMS = [
    ("Home", ""),
    ("Support", "support/"),
    ("Legal", "legal/"),
]

# No feeds, no author or category pages: a legal and marketing site has none.
FEED_ALL_ATOM = None
CATEGORY_FEED_ATOM = None
TRANSLATION_FEED_ATOM = None
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None
AUTHOR_SAVE_AS = ""
CATEGORY_SAVE_AS = ""
TAG_SAVE_AS = ""
AUTHORS_SAVE_AS = ""
CATEGORIES_SAVE_AS = ""
TAGS_SAVE_AS = ""
ARCHIVES_SAVE_AS = ""

# Metadata is plain text and every template escapes it: summaries are not
# rendered as Markdown, so no field can smuggle markup into a page.
FORMATTED_FIELDS: list[str] = []
JINJA_ENVIRONMENT = {
    "trim_blocks": True,
    "lstrip_blocks": True,
    "autoescape": True,
    "extensions": [],
}
MARKDOWN = {
    "extension_configs": {
        "markdown.extensions.extra": {},
        "markdown.extensions.meta": {},
        "markdown.extensions.toc": {"permalink": False},
    },
    "output_format": "html5",
}

RELATIVE_URLS = True
DELETE_OUTPUT_DIRECTORY = True
CACHE_CONTENT = True
LOAD_CONTENT_CACHE = True
CHECK_MODIFIED_METHOD = "md5"
# Pelican reads a gzipped cache through Python-level buffering: on 1,000 pages
# that costs about 0.45 s of every rebuild; unzipped it is 13 kB a page.
GZIP_CACHE = False
CACHE_PATH = str(ROOT / "cache")

PLUGIN_PATHS = [str(ROOT / "plugins")]
PLUGINS = ["legalsite"]

# Site-wide contacts: the support page and the footer are rendered from these,
# never typed into templates. Numbers and hours are the ones the company's own
# privacy policy gives (content/pages/privacy-policy.md).
LEGALSITE_CONTACTS = [
    {"label": "Toll-free (US and Canada)", "phone": "1 (877) 270-4998"},
    {"label": "Direct line", "phone": "1 (604) 270-4998"},
]
LEGALSITE_SUPPORT_HOURS = "Monday through Friday, 9 AM - 6 PM PST"
LEGALSITE_REGION = "US"
# The site's own domain: facts in archived copies of its documents are its own
# (SITEURL is empty here, so the default, SITEURL's domain, would name none).
LEGALSITE_OWN_DOMAINS = ["dotnetpanel.com"]
