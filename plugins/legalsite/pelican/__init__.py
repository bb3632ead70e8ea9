"""The Pelican layer: the only part of the plugin that imports Pelican.

It wires signals, runs each build with state of its own, reads sources through
the pure core, writes the extra pages and the build report, and logs.
"""
