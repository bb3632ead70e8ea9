"""One source document on its way through the plugin, and its metadata.

``pipeline`` composes the rooms below in reading order (bytes to Markdown,
metadata to facts, HTML to HTML); ``metadata`` checks the fields an author
writes. No files, no Pelican.
"""
