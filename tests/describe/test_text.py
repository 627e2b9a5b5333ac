import random

from hypothesis import given
from hypothesis import strategies as st

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


def test_near_content_gives_the_lines_around_the_first_headlines_and_body_past_start():
    from segkit.describe.text import NEAR_AFTER, NEAR_BEFORE, NEAR_HEADLINES, near_content

    labels: list[str | None] = ["nav"] * 1000
    labels[500] = "headline"
    labels[520] = "body"
    got = near_content(labels, 400)
    assert got == list(range(500 - NEAR_BEFORE, 520 + NEAR_AFTER))
    assert near_content(labels, 600) == list(range(600, 520 + NEAR_AFTER))  # from start on
    assert near_content(["nav"] * 50, 10) == []  # nothing to anchor on
    many: list[str | None] = ["headline" if i % 100 == 0 else "nav" for i in range(1000)]
    anchors = {i // 100 * 100 for i in near_content(many, 0)}
    assert len(anchors) == NEAR_HEADLINES  # only the first headlines count


@given(labels=st.lists(st.sampled_from(["headline", "body", "nav", None]), max_size=300),
       start=st.integers(0, 320))
def test_near_content_lines_are_in_order_once_and_past_start(labels, start):
    from segkit.describe.text import NEAR_AFTER, NEAR_BEFORE, NEAR_HEADLINES, near_content

    got = near_content(labels, start)
    assert got == sorted(set(got)) and all(start <= i < len(labels) for i in got)
    anchors = [i for i, label in enumerate(labels) if label == "headline"][:NEAR_HEADLINES]
    anchors += [labels.index("body")] if "body" in labels else []
    assert set(got) == {i for a in anchors for i in range(a - NEAR_BEFORE, a + NEAR_AFTER)
                        if start <= i < len(labels)}
