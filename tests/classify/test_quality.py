"""Regression guards of the generic classifier's quality on the real pages in ../shared.

The rule stages alone (``--model none``) keep the figures of the core issue. The default,
with the shipped model, is guarded at what it reaches today on the 181 article pages in
text mode: below the rules' 0.93 (the model was fitted for today's web, where it gains
0.10; issue 11 tracks the gap). The figures are computed by ``shared_data`` exactly as
``benchmarks/bench_text.py`` prints them. Skipped, saying why, where shared/ is absent.
"""

from __future__ import annotations

import pytest
import shared_data as sd

from segkit.pipeline import Segmenter
from segkit.tools.evaluate import BodyScores, LineScores

BODY_F1 = 0.93
# The shipped model's text-mode body F1 on the 181 pages: 0.878 when it was trained; a
# model that falls under this has lost what its predecessor had.
MODEL_BODY_F1 = 0.87
SEEDS_ACCURACY = 0.90
LABELLED_ACCURACY = 0.90
LABELLED_MACRO_F1 = 0.75


@pytest.fixture(scope="module")
def corpus() -> sd.Corpus:
    corpus = sd.Corpus(sd.SHARED)
    reason = corpus.missing()
    if reason:
        pytest.skip(reason)
    return corpus


@pytest.fixture(scope="module")
def segmenter() -> Segmenter:
    return Segmenter(generic=True, model="none")


@pytest.fixture(scope="module")
def bodies(corpus: sd.Corpus, segmenter: Segmenter) -> BodyScores:
    docs = sd.segment_all(segmenter, sd.article_texts(corpus))
    return sd.score_bodies(docs, sd.ground_truth(corpus))


@pytest.fixture(scope="module")
def model_bodies(corpus: sd.Corpus) -> BodyScores:
    docs = sd.segment_all(Segmenter(generic=True), sd.article_texts(corpus))
    return sd.score_bodies(docs, sd.ground_truth(corpus))


def test_the_default_model_keeps_its_body_f1_on_the_article_pages(
        model_bodies: BodyScores) -> None:
    assert model_bodies.f1 >= MODEL_BODY_F1, model_bodies.summary()


@pytest.fixture(scope="module")
def labelled(corpus: sd.Corpus, segmenter: Segmenter) -> LineScores:
    return sd.score_lines(segmenter, sd.labelled_pages(corpus))


@pytest.fixture(scope="module")
def seeds(corpus: sd.Corpus, segmenter: Segmenter) -> LineScores:
    return sd.score_lines(segmenter, sd.seed_docs(corpus))


def test_shared_data_is_complete(corpus: sd.Corpus) -> None:
    texts = sd.article_texts(corpus)
    assert len(texts) == 181
    assert set(texts) == set(sd.ground_truth(corpus))
    pages = sd.labelled_pages(corpus)  # raises if a gold file's lines differ from its text
    assert len(pages) == 9
    assert set(p.id for p in pages) <= set(texts)
    assert len(sd.seed_docs(corpus)) == 2


def test_generic_body_f1_on_the_article_pages(bodies: BodyScores) -> None:
    assert bodies.pages == 181
    f1 = bodies.f1
    assert f1 >= BODY_F1, bodies.summary()


def test_generic_line_accuracy_on_the_seeds(seeds: LineScores) -> None:
    assert seeds.total > 0
    accuracy = seeds.accuracy
    assert accuracy >= SEEDS_ACCURACY, "\n" + seeds.table()


def test_generic_line_accuracy_on_the_labelled_pages(labelled: LineScores) -> None:
    assert labelled.total > 0
    accuracy = labelled.accuracy
    assert accuracy >= LABELLED_ACCURACY, "\n" + labelled.table()


def test_generic_macro_f1_on_the_labelled_pages(labelled: LineScores) -> None:
    assert labelled.present(), "no gold labels read"
    macro_f1 = labelled.macro_f1
    assert macro_f1 >= LABELLED_MACRO_F1, "\n" + labelled.table()
