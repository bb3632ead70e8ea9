"""``make bench``: the plugin's build against plain Pelican, on generated sites.

``site`` generates policy-sized pages, ``run`` builds them and writes the
results table, ``peak`` reads one build's own peak memory.
"""
