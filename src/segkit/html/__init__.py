"""Stage 2, lines: render an HTML page as lines of visible text, each with its evidence.

``walker`` is the DOM walk, ``tags`` the tag tables, ``tokens`` the class/id tokens,
``text`` whitespace normalisation and ``metadata`` the page's <meta> and JSON-LD facts.
The types it produces live in :mod:`segkit.evidence`, so the classifier needs no parser.
"""
