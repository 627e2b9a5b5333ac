"""Class/id tokens of the elements a line sits in.

Each element with class, id, itemprop or role values gets a chain node
``[own tokens, parent node, token tuple or None]``; a line's tokens are its node's tuple,
built once per node (:func:`materialise`) and shared by every line below it.
"""

from __future__ import annotations

from typing import Any, Final

import regex

from segkit.evidence import MAX_TOKENS

# Uncached ancestors looked at per line, so that deep nesting costs little per line.
_MAX_TOKEN_ANCESTORS: Final = 48

_TOKEN_SPLIT: Final = regex.compile(r"[^\p{L}\p{N}]+|(?<=\p{Ll})(?=\p{Lu})")
# The same split for ASCII values without capitals (most are): other characters to spaces.
_ASCII_SEPARATORS: Final = str.maketrans(
    {c: " " for c in map(chr, range(128)) if not c.isalnum()}
)
_token_cache: dict[str, tuple[str, ...]] = {}
_own_cache: dict[tuple[str | None, ...], tuple[str, ...]] = {}
_CACHE_LIMIT: Final = 50_000


def _tokens(value: str) -> tuple[str, ...]:
    """Lowercased word tokens of a class/id value: ``relatedArticles__item-2`` gives
    related, articles, item. Single characters and numbers are dropped as noise."""
    cached = _token_cache.get(value)
    if cached is not None:
        return cached
    out: list[str] = []
    if value.isascii() and value.islower():
        parts = value.translate(_ASCII_SEPARATORS).split()
    else:
        parts = _TOKEN_SPLIT.split(value)
    for part in parts:
        if len(part) > 1 and not part.isdigit():
            part = part.lower()
            if part not in out:
                out.append(part)
    result = tuple(out)
    if len(_token_cache) > _CACHE_LIMIT:
        _token_cache.clear()
    _token_cache[value] = result
    return result


def own_tokens(values: tuple[str | None, ...]) -> tuple[str, ...]:
    """Tokens of an element's (class, id, itemprop, role), cached across pages."""
    found = _own_cache.get(values)
    if found is not None:
        return found
    out: list[str] = []
    for value in values:
        if value:
            for token in _tokens(value):
                if token not in out:
                    out.append(token)
    result = tuple(out)
    if len(_own_cache) > _CACHE_LIMIT:
        _own_cache.clear()
    _own_cache[values] = result
    return result


def materialise(chain: list[Any] | None) -> tuple[str, ...]:
    """The token tuple of a chain: nearest first, deduplicated, at most ``MAX_TOKENS``.

    A chain node is ``[own tokens, parent node, token tuple or None]``; each node's tuple is
    built once from its parent's and cached in the node. At most ``_MAX_TOKEN_ANCESTORS``
    uncached ancestors are looked at, so deep nesting costs little.
    """
    if chain is None:
        return ()
    cached: tuple[str, ...] | None = chain[2]
    if cached is not None:
        return cached
    pending: list[list[Any]] = []
    link: list[Any] | None = chain
    while link is not None and link[2] is None and len(pending) < _MAX_TOKEN_ANCESTORS:
        pending.append(link)
        link = link[1]
    tokens: tuple[str, ...] = link[2] if link is not None and link[2] is not None else ()
    for k in range(len(pending) - 1, -1, -1):
        node = pending[k]
        own: tuple[str, ...] = node[0]
        if tokens:
            # Both are free of duplicates, so this is own's tokens and then the others.
            seen = set(own)
            if not seen.isdisjoint(tokens):
                tokens = tuple([token for token in tokens if token not in seen])
            tokens = (own + tokens)[:MAX_TOKENS]
        else:
            tokens = own[:MAX_TOKENS]
        node[2] = tokens
    return tokens


def descends(chain: list[Any] | None, ancestor: list[Any] | None, hops: int = 8) -> bool:
    """Whether ``ancestor`` is ``chain`` or one of its nearest ``hops`` ancestors."""
    while hops and chain is not None:
        if chain is ancestor:
            return True
        chain = chain[1]
        hops -= 1
    return chain is ancestor
