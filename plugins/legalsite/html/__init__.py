"""Rendered page HTML: refused if unsafe, enriched with contacts, compared.

``safety`` refuses markup that could run or mislead, ``enrich`` walks a page
once and wraps phone numbers and hours found by ``legalsite.contacts``, and
``compare`` aligns two versions of a text. HTML in, HTML out.
"""
