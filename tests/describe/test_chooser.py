import random

from segkit.describe.chooser import LinearChooser, typed

TYPES = ("article", "forum")


def test_best_ranks_rows_as_their_typed_copies_would_score():
    rng = random.Random(7)
    names = ["a", "b", "c", "none"]
    weights = {n: rng.uniform(-2, 2) for n in names}
    weights.update({f"{n}@forum": rng.uniform(-2, 2) for n in names[:2]})
    weights.update({"c@article": 3.0, "type:forum": 5.0})
    del weights["b"]  # a feature weighed only on one page type's pages
    model = LinearChooser(weights, intercept=1.0)
    for _ in range(50):
        rows = [{n: rng.choice((0.0, 1.0, rng.random())) for n in names} for _ in range(6)]
        for page_type in (*TYPES, None, "product"):
            scores = [model.score(typed(r, page_type, TYPES)) for r in rows]
            assert model.best(rows, page_type, TYPES) == scores.index(max(scores))


def test_best_of_no_rows_is_minus_one_and_ties_go_to_the_first():
    model = LinearChooser({"a": 1.0})
    assert model.best([]) == -1
    assert model.best([{"b": 1.0}, {"a": 1.0}, {"a": 1.0}]) == 1


def test_typed_copies_every_feature_for_a_known_page_type_only():
    assert typed({"a": 2.0}, "forum", TYPES) == {"a": 2.0, "type:forum": 1.0, "a@forum": 2.0}
    assert typed({"a": 2.0}, "product", TYPES) == {"a": 2.0}
    assert typed({"a": 2.0}, None, TYPES) == {"a": 2.0}
