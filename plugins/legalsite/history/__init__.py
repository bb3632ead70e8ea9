"""Legal pages over time: git history, the dates a page shows, its revisions.

``git`` is this room's one edge: it runs git once per build and caches the
result. ``dates`` chooses a page's effective and updated dates and
``revisions`` builds the public revision history; both are pure.
"""
