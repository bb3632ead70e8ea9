"""Ways to reach people: phone numbers, support hours and their schema.org form.

``phones`` reads numbers with libphonenumber, ``hours`` reads hours phrases,
``points`` turns both into visible markup and ``ContactPoint`` data. Text in,
matches out: they never parse HTML (``legalsite.html`` walks the page).
"""
