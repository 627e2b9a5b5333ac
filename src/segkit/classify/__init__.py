"""Stage 3, classify: the site-agnostic classifier, one module per stage.

``features`` (per-line features) and ``wordlists`` (multilingual cue words) feed the
context-free classes and the context revision in ``lines``.
"""
