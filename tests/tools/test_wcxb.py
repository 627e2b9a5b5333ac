"""The benchmark's word metric and the reader's recall, on pages made up here."""

from __future__ import annotations

import pytest

from segkit.tools.wcxb import reader_recall, served, source_recall, word_score

TRUTH = "Tides rise twice a day. Tides fall twice a day."


def test_word_score_compares_bags_of_lower_cased_words() -> None:
    got = word_score("tides RISE twice a day", TRUTH)
    assert got.precision == 1.0
    assert got.recall == pytest.approx(5 / 10)
    assert got.f1 == pytest.approx(2 * 0.5 / 1.5)


def test_an_empty_truth_scores_one_only_for_an_empty_prediction() -> None:
    assert word_score("", "").f1 == 1.0
    assert word_score("something", "").f1 == 0.0


def test_reader_recall_counts_each_gold_word_as_often_as_the_gold_has_it() -> None:
    # "tides" twice in the gold, once in the lines: half of those two count.
    assert reader_recall(["Tides rise twice a day."], TRUTH) == pytest.approx(5 / 10)
    assert reader_recall(["Tides rise twice a day.", "Tides fall twice a day."], TRUTH) == 1.0


def test_source_recall_reads_scripts_attributes_and_entities() -> None:
    source = ('<html><head><meta name="description" content="Tides rise twice a day">'
              '<script>var post = "Tides fall twice a day";</script></head>'
              '<body><div id="app"></div></body></html>')
    assert source_recall(source, TRUTH) == 1.0
    assert source_recall("<p>Tides &amp; waves</p>", "tides waves") == 1.0


def test_a_shell_without_its_content_is_not_served() -> None:
    post = " ".join(f"word{i}" for i in range(100))
    shell = f'<html><head><title>Topic</title><meta content="{post[:60]}"></head></html>'
    page = f"<html><body><p>{post}</p></body></html>"
    assert not served(shell, post)
    assert served(page, post)
