import random

from segkit.describe.text import _PLAIN, key


def _slow_key(text: str | None) -> str:
    """key() as it was written before its ASCII shortcut: the reference."""
    return " ".join((text or "").translate(_PLAIN).casefold().split())


def test_key_takes_its_ascii_shortcut_to_the_same_strings():
    rng = random.Random(11)
    alphabet = [*map(chr, range(128)), "\u2019", "\u00a0", "\u2014", "\u00df", "\u0130", "É",
                *map(chr, _PLAIN)]
    for _ in range(5000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 12)))
        assert key(text) == _slow_key(text), repr(text)
    assert key("It`s  A\tTitle ") == "it's a title"
    assert key("Stra\u00dfe \u2014 Caf\u00e9") == "strasse - café"
    assert key(None) == key("") == ""
