"""The author's loop: rebuild on every save, serve, reload open pages, show errors.

``python -m sitetools.devserver`` (``make devserver``) watches the sources,
builds each change in this process with the same command line, settings and
staged swap as ``make html`` (``builder``), serves ``output/`` on 127.0.0.1
(``server``) and tells open pages to reload after each good build; after a
failed one they keep the last good site and show its problems. The reload
script and the overlay exist only in this server's responses, never in
``output/``.
"""
