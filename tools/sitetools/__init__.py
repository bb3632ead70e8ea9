"""Site tooling around Pelican: staged builds, and the commands the Makefile runs.

These modules drive Pelican as a subprocess; only the site plugin's adapter
imports Pelican itself.
"""
