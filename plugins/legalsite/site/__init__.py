"""What the site says as a whole: each page's JSON-LD and the sitemap.

Pure renderers fed by the Pelican layer once every page's URL is final.
"""
