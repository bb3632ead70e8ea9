"""Rendered page HTML: kept to an allow-list, enriched with contacts, compared.

``safety`` keeps a body to the text-formatting allow-list (nh3 removes the
rest from archived copies), ``urls`` reads URL schemes as browsers do,
``tree`` is the one lxml parse, ``enrich`` walks a page once and wraps phone
numbers and hours found by ``legalsite.contacts``, and ``compare`` aligns two
versions of a text. HTML in, HTML out.
"""
