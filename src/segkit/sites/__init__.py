"""Stage 4, site: plugins that refine the generic labels for sources a user knows.

``site`` is the declarative :class:`Site`, ``loading`` finds and registers plugins
(shipped, ``--plugins``, ``SEGKIT_PLUGINS``, entry points), and ``generic`` is the
built-in plugin that runs the classifier through the ``classify`` hook.
"""
