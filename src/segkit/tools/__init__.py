"""Commands beside ``split``: ``eval`` (scores), ``explain`` (why a label), ``new-plugin``."""
