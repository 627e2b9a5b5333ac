import random

from segkit.classify.page_cues import CUE_WINDOW, CUES, PRICE, cue_values, price_lines


def test_prices_are_counted_per_line_though_searched_at_once():
    rng = random.Random(5)
    parts = ["$", "€", "5", "12.50", " ", "\u00a0", "eur", "EUR", "kr", "zł", "usd", "x", "\t",
             "\u2028", "\r", "a5", "5€", "$ ", "", "\u212a", "R", "\u017fd", "\u0141", "٣"]
    for _ in range(2000):
        texts = ["".join(rng.choice(parts) for _ in range(rng.randint(0, 5)))
                 for _ in range(rng.randint(0, 6))]
        assert price_lines(texts) == sum(bool(PRICE.search(t)) for t in texts), texts
    assert price_lines(["$", "5"]) == 0  # no price across two lines
    assert price_lines(["$\n5", "x"]) == 1  # a line holding a newline: searched alone


def test_cue_values_mark_phrases_prices_and_questions():
    texts = ["Blue kettle", "Add to Cart", "$24.99", "Is it dishwasher safe?"]
    values = cue_values(texts)
    assert len(values) == len(CUES) + 2
    assert values[CUES.index("add to cart")] == 1.0
    assert values[CUES.index("reply")] == 0.0
    assert values[-2:] == [0.25, 0.25]


def test_cues_are_read_from_the_top_of_the_page_only():
    texts = ["filler line"] * CUE_WINDOW + ["Leave a reply"]
    assert cue_values(texts)[CUES.index("reply")] == 0.0
    assert cue_values(texts[-2:])[CUES.index("reply")] == 1.0


def test_an_empty_page_has_no_cues():
    assert cue_values([]) == [0.0] * (len(CUES) + 2)


def test_kept_cues_serve_the_next_reader_of_the_same_lines_once(monkeypatch) -> None:
    from segkit.classify import page_cues

    scans: list[int] = []
    real = page_cues.price_lines
    monkeypatch.setattr(page_cues, "price_lines", lambda t: scans.append(1) or real(t))
    lines = ["Add to cart", "$24.99", "Is it blue?"]
    first = cue_values(lines, keep=True)
    assert cue_values(list(lines)) == first and len(scans) == 1  # taken, not scanned
    assert page_cues._kept is None  # the page's lines are not held past their reader
    assert cue_values(list(lines)) == first and len(scans) == 2  # nothing kept: scanned
    cue_values(lines, keep=True)
    other = ["Reply", "Joined 2019"]
    assert cue_values(other) == cue_values(other, keep=False) and len(scans) == 5
    assert cue_values(other)[CUES.index("reply")] == 1.0


def test_a_call_without_keep_holds_nothing() -> None:
    from segkit.classify import page_cues

    cue_values(["Home", "Shop"])
    assert page_cues._kept is None
