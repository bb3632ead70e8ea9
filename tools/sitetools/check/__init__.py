"""``make check``: verify a built site as readers, auditors and search engines would.

One module per check (``html``, ``links``, ``accessibility``, ``structured_data``,
``text``, ``security``, ``weight``, ``printing``), over pages read once by
``pages``; ``server`` and ``browser`` serve and drive them; ``run`` orders the
checks and reports one line per problem.
"""
