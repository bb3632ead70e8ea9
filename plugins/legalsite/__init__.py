"""The site plugin: trustworthy legal pages for a Pelican site.

Pelican loads it through ``PLUGINS = ["legalsite"]``; importing the package
for its pure modules (``legalsite.mojibake`` ...) does not import Pelican.
"""


def register() -> None:
    """Pelican's entry point: connect the plugin's signal receivers."""
    from legalsite.pelican.wiring import register as _register  # noqa: PLC0415

    _register()
