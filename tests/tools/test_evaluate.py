"""The scores: the body metric exactly as shared/bench/articles/SOURCE.md defines it,
line-label scores, gold files, and ``segkit eval`` end to end on small files.

Every expected number is worked out by hand in the comment beside it.
"""

from __future__ import annotations

import json
import re
import tracemalloc
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from segkit.cli import main
from segkit.labels import LABELS
from segkit.tools.evaluate import (
    LineScores,
    body_scores,
    page_counts,
    page_prf,
    read_gold,
    shingles,
)

# --- tokens and shingles -------------------------------------------------------------

def test_tokens_are_word_runs_with_case_kept() -> None:
    assert shingles("Hello, wörld_1! naïve 42") == Counter({("Hello", "wörld_1", "naïve", "42"): 1})
    assert shingles("The the THE x") == Counter({("The", "the", "THE", "x"): 1})


def test_tokens_follow_pythons_re_word_class() -> None:
    # The benchmark tokenises with Python's re: a combining mark, a joiner or a circled
    # letter ends a token, and a vulgar fraction is a number.
    text = "cafe\u0301 ½ cup ⓒ 2019 a\u200db كَتَبَ Москва 東京 _x_"
    ours = [t for shingle in shingles(text).elements() for t in shingle]
    tokens = re.findall(r"\w+", text)
    assert len(tokens) >= 4
    assert [s for s in shingles(text)] == [tuple(tokens[i:i + 4]) for i in range(len(tokens) - 3)]
    assert ours[:4] == tokens[:4] == ["cafe", "½", "cup", "2019"]


def test_runs_of_four_tokens() -> None:
    # 5 tokens give 2 shingles; 4 give 1.
    assert shingles("a b c d e") == Counter({("a", "b", "c", "d"): 1, ("b", "c", "d", "e"): 1})
    assert shingles("a b c d") == Counter({("a", "b", "c", "d"): 1})


def test_fewer_than_four_tokens_give_one_shorter_shingle() -> None:
    assert shingles("one two three") == Counter({("one", "two", "three"): 1})
    assert shingles("  single. ") == Counter({("single",): 1})


def test_empty_text_gives_no_shingle() -> None:
    assert shingles("") == Counter()
    assert shingles(" ... -- !! \n") == Counter()


def test_shingles_are_a_multiset() -> None:
    # a b c d a b c d: abcd, bcda, cdab, dabc, abcd.
    assert shingles("a b c d a b c d") == Counter(
        {("a", "b", "c", "d"): 2, ("b", "c", "d", "a"): 1,
         ("c", "d", "a", "b"): 1, ("d", "a", "b", "c"): 1})


# --- one page ------------------------------------------------------------------------

def test_counts_and_prf_of_a_partial_prediction() -> None:
    # truth abcd, bcde; prediction abcd: tp 1, fp 0, fn 1.
    assert page_counts("a b c d", "a b c d e") == (1, 0, 1)
    assert page_prf("a b c d", "a b c d e") == (1.0, 0.5)


def test_counts_over_multisets() -> None:
    # prediction abcd x2, bcda, cdab, dabc; truth abcd once: tp 1, fp 4, fn 0.
    assert page_counts("a b c d a b c d", "a b c d") == (1, 4, 0)
    assert page_prf("a b c d a b c d", "a b c d") == (0.2, 1.0)
    # and the other way round: tp 1, fp 0, fn 4.
    assert page_prf("a b c d", "a b c d a b c d") == (1.0, 0.2)


def test_both_one_when_nothing_is_wrong() -> None:
    assert page_prf("Same words here, and more.", "Same words here and more") == (1.0, 1.0)
    assert page_prf("", "") == (1.0, 1.0)  # fp = fn = 0 with tp = 0 too
    assert page_prf("two words", "two words") == (1.0, 1.0)


def test_zero_when_a_side_is_empty() -> None:
    assert page_counts("", "a b c d") == (0, 0, 1)
    assert page_prf("", "a b c d") == (0.0, 0.0)  # tp = fp = 0: precision 0.0
    assert page_counts("a b c d", "") == (0, 1, 0)
    assert page_prf("a b c d", "") == (0.0, 0.0)  # tp = fn = 0: recall 0.0


def test_shorter_shingles_must_match_whole() -> None:
    # "one two" is one shingle, "one two three" another: nothing in common.
    assert page_prf("one two", "one two three") == (0.0, 0.0)


# --- means over pages ----------------------------------------------------------------

TRUTH = {"A": "a b c d e", "B": "w x y z", "C": "p q r s"}
PRED = {"A": "a b c d", "B": "", "C": "p q r s t"}


def test_means_over_pages_skip_undefined_precision() -> None:
    # A: P 1.0, R 0.5. B: empty prediction, precision undefined (skipped), R 0.0.
    # C: prediction pqrs, qrst against pqrs: P 0.5, R 1.0.
    # precision = (1.0 + 0.5) / 2 = 0.75; recall = (0.5 + 0.0 + 1.0) / 3 = 0.5;
    # F1 = 2 * 0.75 * 0.5 / 1.25 = 0.6.
    scores = body_scores(PRED, TRUTH)
    assert scores.precision == pytest.approx(0.75)
    assert scores.recall == pytest.approx(0.5)
    assert scores.f1 == pytest.approx(0.6)
    assert (scores.pages, scores.precision_pages, scores.recall_pages) == (3, 2, 3)
    assert scores.per_page == {"A": (1.0, 0.5), "B": (0.0, 0.0), "C": (0.5, 1.0)}


def test_means_over_pages_skip_undefined_recall() -> None:
    # E: empty truth, so recall is undefined; precision 0/1 = 0.0.
    # precision = (1.0 + 0.0) / 2 = 0.5; recall = 0.5 / 1; F1 = 0.5.
    scores = body_scores({"A": "a b c d", "E": "x y"}, {"A": "a b c d e", "E": ""})
    assert (scores.precision, scores.recall, scores.f1) == pytest.approx((0.5, 0.5, 0.5))
    assert (scores.precision_pages, scores.recall_pages) == (2, 1)


def test_both_sides_empty_is_left_out_of_both_means() -> None:
    scores = body_scores({"A": "a b c d", "Z": ""}, {"A": "a b c d e", "Z": ""})
    assert (scores.precision, scores.recall) == (1.0, 0.5)


def test_missing_prediction_is_an_empty_one() -> None:
    assert body_scores({"A": "a b c d"}, {"A": "a b c d", "B": "w x y z"}).recall == 0.5


def test_f1_is_the_harmonic_mean_of_the_means_not_a_mean_of_f1s() -> None:
    # Page F1s would be 2/3 and 2/3; F1 of the means (0.75, 0.75) is 0.75.
    scores = body_scores({"A": "a b c d", "C": "p q r s t"}, {"A": "a b c d e", "C": "p q r s"})
    assert scores.f1 == pytest.approx(0.75)


def test_f1_is_zero_when_nothing_matches() -> None:
    assert body_scores({"A": "x y z w"}, {"A": "a b c d"}).f1 == 0.0


def test_ids_choose_the_pages() -> None:
    assert body_scores(PRED, TRUTH, ids=["A"]).pages == 1
    assert body_scores(PRED, TRUTH, ids=iter(["A", "C"])).precision == pytest.approx(0.75)
    empty = body_scores(PRED, TRUTH, ids=[])
    assert (empty.pages, empty.precision, empty.recall, empty.f1) == (0, 0.0, 0.0, 0.0)
    with pytest.raises(ValueError, match="not in the ground truth"):
        body_scores(PRED, TRUTH, ids=["A", "nope"])


def _reference(pred: dict[str, str], truth: dict[str, str]) -> tuple[float, float]:
    """SOURCE.md written out plainly, as an independent check."""
    precisions, recalls = [], []
    for key, true_text in truth.items():
        def grams(text: str) -> list[tuple[str, ...]]:
            tokens = re.findall(r"\w+", text)
            if not tokens:
                return []
            return [tuple(tokens[i:i + 4]) for i in range(max(1, len(tokens) - 3))]
        p, t = Counter(grams(pred.get(key, ""))), Counter(grams(true_text))
        tp = sum(min(p[k], t[k]) for k in p)
        fp = sum(p.values()) - tp
        fn = sum(t.values()) - tp
        total = tp + fp + fn
        tp, fp, fn = (tp / total, fp / total, fn / total) if total else (0, 0, 0)
        if tp + fp > 0:
            precisions.append(1.0 if fp == fn == 0 else tp / (tp + fp))
        if tp + fn > 0:
            recalls.append(1.0 if fp == fn == 0 else tp / (tp + fn))
    mean = lambda xs: sum(xs) / len(xs) if xs else 0.0  # noqa: E731
    return mean(precisions), mean(recalls)


_texts = st.lists(st.sampled_from(["a", "b", "c", "Ab", "é", "1", ",", ".", "\n"]),
                  max_size=12).map(" ".join)


@given(st.dictionaries(st.sampled_from("pqrst"), st.tuples(_texts, _texts), min_size=1))
def test_matches_a_plain_reading_of_source_md(pages: dict[str, tuple[str, str]]) -> None:
    pred = {k: p for k, (p, _) in pages.items()}
    truth = {k: t for k, (_, t) in pages.items()}
    scores = body_scores(pred, truth)
    assert (scores.precision, scores.recall) == pytest.approx(_reference(pred, truth))


# --- line labels ---------------------------------------------------------------------

GOLD = ["body", "nav", None, "body", "headline"]
PREDICTED = ["body", "body", None, "nav", "headline"]


def test_line_scores_by_hand() -> None:
    scores = LineScores()
    scores.add(GOLD, PREDICTED)
    # 4 non-blank lines, 2 right.
    assert scores.total == 4
    assert scores.accuracy == 0.5
    # body: predicted on lines 1, 2; gold on 1, 4; right on 1.
    assert scores.prf("body") == (0.5, 0.5, 0.5, 2)
    assert scores.prf("nav") == (0.0, 0.0, 0.0, 1)
    assert scores.prf("headline") == (1.0, 1.0, 1.0, 1)
    assert scores.prf("caption") == (0.0, 0.0, 0.0, 0)
    # macro over labels present in gold, in LABELS order: (1 + 0.5 + 0) / 3.
    assert scores.present() == ["headline", "body", "nav"]
    assert scores.macro_f1 == pytest.approx(0.5)
    assert "accuracy 0.5000 over 4 lines" in scores.table()


def test_labels_only_predicted_do_not_enter_the_macro_mean() -> None:
    scores = LineScores()
    scores.add(["body", "body"], ["body", "caption"])
    # body P 1/1, R 1/2, F1 2/3; caption is not in gold.
    assert scores.present() == ["body"]
    assert scores.macro_f1 == pytest.approx(2 / 3)
    assert scores.prf("caption") == (0.0, 0.0, 0.0, 0)


def test_blank_gold_lines_are_not_scored_and_missing_labels_are_wrong() -> None:
    scores = LineScores()
    scores.add([None, "body", "nav"], ["body", None, "nav"])
    assert (scores.total, scores.accuracy) == (2, 0.5)
    assert scores.prf("body") == (0.0, 0.0, 0.0, 1)


def test_scores_add_up_over_documents() -> None:
    scores = LineScores()
    scores.add(GOLD, PREDICTED)
    scores.add(["nav"], ["nav"])
    # 5 lines, 3 right; nav now P 1/2, R 1/2.
    assert scores.accuracy == pytest.approx(3 / 5)
    assert scores.prf("nav")[:3] == (0.5, 0.5, 0.5)


def test_line_scores_reject_unequal_lengths_and_are_zero_when_empty() -> None:
    with pytest.raises(ValueError, match="2 gold labels but 1 predicted"):
        LineScores().add(["body", "nav"], ["body"])
    empty = LineScores()
    assert (empty.total, empty.accuracy, empty.macro_f1) == (0, 0.0, 0.0)


# --- gold files ----------------------------------------------------------------------

def test_read_gold(tmp_path: Path) -> None:
    path = tmp_path / "doc.labels.tsv"
    path.write_bytes(b"headline\tTitle\n\t\nbody\tA cell\twith a tab\r\n\t")
    assert read_gold(path) == [("headline", "Title"), (None, ""),
                               ("body", "A cell\twith a tab\r"), (None, "")]
    path.write_bytes(b"headline\tTitle\n\t\nbody\tText\n")  # a final newline is optional
    assert read_gold(path) == [("headline", "Title"), (None, ""), ("body", "Text")]


def test_read_gold_rejects_a_row_without_a_tab(tmp_path: Path) -> None:
    path = tmp_path / "bad.labels.tsv"
    path.write_text("headline\tTitle\nbody text without a tab\n", encoding="utf-8")
    with pytest.raises(ValueError, match="row without a tab"):
        read_gold(path)


# --- segkit eval, end to end ---------------------------------------------------------

DOC_ONE = """Home | World | Sport | Weather
Quiet river town opens its first public library
By Maria Lopez
March 3, 2024

The new library on Mill Street opened on Saturday morning, and by noon more than two hundred residents had signed up for cards.
Volunteers spent eight months sorting donated books, repairing shelves and painting the reading room a pale shade of green.
"We wanted a place where children could sit for an afternoon without buying anything," said the head librarian.
Related stories
Bridge repairs to finish in May
Subscribe to our newsletter"""  # noqa: E501

DOC_TWO = """Menu
Search
Bakery wins regional prize for rye bread
The small bakery near the station has won the regional prize for its dark rye, a recipe the owner learned from her grandmother.
Judges tasted forty loaves from across the county before choosing the winner on Friday afternoon.
Privacy policy
Contact us"""  # noqa: E501


@pytest.fixture
def predictions(tmp_path: Path) -> Path:
    """JSONL of two documents written by ``segkit split --format jsonl``."""
    texts = tmp_path / "texts"
    texts.mkdir()
    (texts / "one.txt").write_text(DOC_ONE, encoding="utf-8")
    (texts / "two.txt").write_text(DOC_TWO, encoding="utf-8")
    out = tmp_path / "pred.jsonl"
    assert main(["split", "--generic", "--format", "jsonl", "-o", str(out), str(texts)]) == 0
    return out


def _split_texts(tmp_path: Path, fmt: str, name: str) -> Path:
    """The ``predictions`` fixture's texts split again, in ``fmt``, into ``name``."""
    out = tmp_path / name
    assert main(["split", "--generic", "--format", fmt, "-o", str(out),
                 str(tmp_path / "texts")]) == 0
    return out


def _docs(path: Path) -> dict[str, dict]:
    docs = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    return {doc["id"]: doc for doc in docs}


def _write_gold(folder: Path, doc: dict, labels: list[str | None]) -> None:
    rows = [f"{label or ''}\t{ln['text']}" for label, ln in zip(labels, doc["lines"], strict=True)]
    (folder / f"{doc['id']}.labels.tsv").write_text("\n".join(rows) + "\n", encoding="utf-8")


def test_eval_labels(predictions: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    docs = _docs(predictions)
    assert set(docs) == {"one", "two"}
    gold = tmp_path / "gold"
    gold.mkdir()
    # Gold = prediction, except the first line of "one" gets a label predicted nowhere:
    # exactly one error, and that label's only gold line is missed.
    one = [ln["label"] for ln in docs["one"]["lines"]]
    predicted = {ln["label"] for d in docs.values() for ln in d["lines"]}
    one[0] = next(label for label in LABELS if label not in predicted)
    _write_gold(gold, docs["one"], one)
    _write_gold(gold, docs["two"], [ln["label"] for ln in docs["two"]["lines"]])
    lines = sum(1 for d in docs.values() for ln in d["lines"] if ln["text"].strip())
    assert lines == 17

    assert main(["eval", str(predictions), "--labels", str(gold), "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["lines"] == lines
    assert report["documents"] == 2
    assert report["accuracy"] == pytest.approx((lines - 1) / lines)
    assert report["labels"][one[0]] == {"precision": 0.0, "recall": 0.0, "f1": 0.0,
                                        "support": 1}

    assert main(["eval", str(predictions), "--labels", str(gold)]) == 0
    out = capsys.readouterr().out
    assert f"accuracy {(lines - 1) / lines:.4f} over {lines} lines" in out
    assert "2 document(s) scored, 0 skipped" in out


def test_eval_labels_skips_a_gold_file_whose_lines_differ(
        predictions: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    docs = _docs(predictions)
    gold = tmp_path / "gold"
    gold.mkdir()
    changed = dict(docs["one"], lines=[dict(ln) for ln in docs["one"]["lines"]])
    changed["lines"][1]["text"] += " (edited)"
    _write_gold(gold, changed, [ln["label"] for ln in changed["lines"]])

    assert main(["eval", str(predictions), "--labels", str(gold)]) == 1
    err = capsys.readouterr().err
    assert ("one.labels.tsv: line 2 differs from the segmented document's: "
            "'...public library (edited)' in the gold, '...public library' in the document; "
            "skipped") in err
    assert err.count("no gold in") == 1 and "not scored: " in err and "two.txt" in err


def test_eval_labels_prints_each_page_and_the_confusion_matrix(
        predictions: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    docs = _docs(predictions)
    gold = tmp_path / "gold"
    gold.mkdir()
    one = [ln["label"] for ln in docs["one"]["lines"]]
    wrong = next(k for k, label in enumerate(one) if label == "nav")
    one[wrong] = "related"  # one nav line that gold says is related
    _write_gold(gold, docs["one"], one)
    _write_gold(gold, docs["two"], [ln["label"] for ln in docs["two"]["lines"]])
    assert main(["eval", str(predictions), "--labels", str(gold)]) == 0
    out = capsys.readouterr().out
    scored = sum(1 for label in one if label)
    assert f"{(scored - 1) / scored:.4f} {scored:>6}  {tmp_path / 'texts' / 'one.txt'}" in out
    assert f"1.0000 {7:>6}  {tmp_path / 'texts' / 'two.txt'}" in out
    matrix = out.split("rows: gold, columns: segkit)\n")[1].split("\n\n")[0].split("\n")
    header = matrix[0].split()
    related = dict(zip(header[1:], map(int, next(r for r in matrix
                                                  if r.startswith("related")).split()[1:]),
                       strict=True))
    assert related["nav"] == 1

    assert main(["eval", str(predictions), "--labels", str(gold), "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["confusion"]["related"]["nav"] == 1 and report["no_gold"] == []
    assert [p["lines"] for p in report["pages"]] == [scored, 7]


def test_eval_labels_reads_hashed_gold_and_names_every_page_without_gold_once(
        predictions: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from segkit.tools.gold import hashed_text

    docs = _docs(predictions)
    gold = tmp_path / "gold"
    gold.mkdir()
    texts = [ln["text"] for ln in docs["one"]["lines"]]
    labels = [ln["label"] for ln in docs["one"]["lines"]]
    (gold / "one.hashed.tsv").write_text(hashed_text(texts, labels), encoding="utf-8")
    many = tmp_path / "many.jsonl"  # "two" thirteen times over: none has gold
    copies = "".join(json.dumps(dict(docs["two"], source=f"two-{k}.txt")) + "\n"
                     for k in range(13))
    many.write_text(predictions.read_text(encoding="utf-8") + copies, encoding="utf-8")
    assert main(["eval", str(many), "--labels", str(gold), "--json"]) == 0
    captured = capsys.readouterr()
    report = json.loads(captured.out)
    assert report["accuracy"] == 1.0 and report["documents"] == 1
    assert len(report["no_gold"]) == 14
    assert captured.err.count("no gold in") == 1
    named = captured.err.split("not scored: ")[1]
    assert named.count(", ") == 9 and named.rstrip().endswith("...")  # ten named, then ...

    texts[1] += " (changed)"
    (gold / "one.hashed.tsv").write_text(hashed_text(texts, labels), encoding="utf-8")
    assert main(["eval", str(predictions), "--labels", str(gold)]) == 1
    assert "one.hashed.tsv:3: line 2 of the document does not hash" in capsys.readouterr().err


def test_eval_bodies(predictions: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    docs = _docs(predictions)
    body_one = "\n".join(ln["text"] for ln in docs["one"]["lines"] if ln["label"] == "body")
    assert body_one, "the generic classifier found no body in DOC_ONE"
    truth = tmp_path / "ground-truth.json"
    # "one": truth = its predicted body, P = R = 1. "two": a truth sharing no shingle
    # with anything, P = R = 0 (or P undefined if "two" has no predicted body).
    truth.write_text(json.dumps({
        "one": {"articleBody": body_one, "url": "https://example.org/one"},
        "two": {"articleBody": "Nothing of this appears anywhere", "url": "x"},
        "three": {"articleBody": "Not predicted at all", "url": "y"}}), encoding="utf-8")
    two_has_body = any(ln["label"] == "body" for ln in docs["two"]["lines"])

    assert main(["eval", str(predictions), "--bodies", str(truth), "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["pages"] == 2
    assert report["recall"] == pytest.approx(0.5)
    assert report["precision"] == pytest.approx(0.5 if two_has_body else 1.0)

    assert main(["eval", str(predictions), "--bodies", str(truth)]) == 0
    out = capsys.readouterr().out
    assert "over 2 pages" in out
    assert "(1 ground-truth pages had no prediction)" in out


def test_eval_bodies_prediction_not_in_ground_truth(
        predictions: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    truth = tmp_path / "ground-truth.json"
    truth.write_text(json.dumps({"other": {"articleBody": "Some text"}}), encoding="utf-8")
    assert main(["eval", str(predictions), "--bodies", str(truth)]) == 1
    assert "no predicted document matches an id of the ground truth" in capsys.readouterr().err


def test_eval_bodies_warns_of_predictions_outside_the_ground_truth(
        predictions: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    truth = tmp_path / "ground-truth.json"
    truth.write_text(json.dumps({"one": {"articleBody": "Some text"}}), encoding="utf-8")
    assert main(["eval", str(predictions), "--bodies", str(truth)]) == 0
    captured = capsys.readouterr()
    assert "over 1 pages" in captured.out
    assert "1 predicted document(s) not in the ground truth, not scored: two" in captured.err


def test_eval_rejects_a_malformed_ground_truth(
        predictions: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    truth = tmp_path / "ground-truth.json"
    truth.write_text(json.dumps({"one": "a string, not {articleBody}"}), encoding="utf-8")
    assert main(["eval", str(predictions), "--bodies", str(truth)]) == 2
    assert f"{truth}: page 'one' has no articleBody string" in capsys.readouterr().err
    truth.write_text("{not json", encoding="utf-8")
    assert main(["eval", str(predictions), "--bodies", str(truth)]) == 2
    assert f"{truth}: not a truth file of JSON" in capsys.readouterr().err
    # Before, this one gave Python's "'list' object has no attribute 'items'".
    truth.write_text("[1, 2]", encoding="utf-8")
    assert main(["eval", str(predictions), "--bodies", str(truth)]) == 2
    assert f"{truth}: a truth file maps page ids to objects" in capsys.readouterr().err
    assert main(["eval", str(predictions), "--bodies", str(tmp_path / "none.json")]) == 2
    assert f"{tmp_path / 'none.json'}: No such file or directory" in capsys.readouterr().err


def test_eval_rejects_bad_prediction_json(
        predictions: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "bad.jsonl"
    first = predictions.read_text(encoding="utf-8").splitlines()[0]
    bad.write_text(first + "\n{\"id\": \"two\", \"lines\": [\n", encoding="utf-8")
    assert main(["eval", str(bad), "--labels", str(tmp_path)]) == 2
    assert f"{bad}:2: not JSON" in capsys.readouterr().err


def test_eval_names_error_entries_once_and_scores_the_rest(
        predictions: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A failed input's error entry in segkit's own output has no lines to score."""
    mixed = tmp_path / "mixed.jsonl"
    error = json.dumps({"id": "bad", "source": "bad.txt", "error": "empty input"})
    mixed.write_text(predictions.read_text(encoding="utf-8") + error + "\n", encoding="utf-8")
    truth = tmp_path / "ground-truth.json"
    truth.write_text(json.dumps({"one": {"articleBody": "Some text"},
                                 "bad": {"articleBody": "More text"}}), encoding="utf-8")
    assert main(["eval", str(mixed), "--bodies", str(truth)]) == 0
    captured = capsys.readouterr()
    assert "over 1 pages" in captured.out
    assert "1 record(s) without lines or text (error entries), not scored: bad.txt" in \
        captured.err
    one = _docs(predictions)["one"]
    _write_gold(tmp_path, one, [ln["label"] for ln in one["lines"]])
    (tmp_path / "bad.labels.tsv").write_text("body\tMore text\n", encoding="utf-8")
    assert main(["eval", str(mixed), "--labels", str(tmp_path)]) == 0
    assert "not scored: bad.txt" in capsys.readouterr().err


def test_eval_bodies_reads_article_records(
        predictions: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    articles = _split_texts(tmp_path, "article", "articles.jsonl")
    truth = tmp_path / "ground-truth.json"
    body = {d["id"]: "\n".join(ln["text"].strip() for ln in d["lines"] if ln["label"] == "body")
            for d in _docs(predictions).values()}
    truth.write_text(json.dumps({k: {"articleBody": v} for k, v in body.items()}),
                     encoding="utf-8")
    assert main(["eval", str(articles), "--bodies", str(truth), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["pages"] == 2
    assert main(["eval", str(articles), "--labels", str(tmp_path)]) == 1  # no lines
    assert "without lines (error entries or --format article records)" in \
        capsys.readouterr().err


def test_eval_rejects_a_line_that_is_not_a_record(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    odd = tmp_path / "odd.jsonl"
    odd.write_text('"a string"\n', encoding="utf-8")
    assert main(["eval", str(odd), "--labels", str(tmp_path)]) == 2
    assert f"{odd}:1: not a record of segkit's JSONL" in capsys.readouterr().err
    odd.write_text('[{"id": "one", "lines": []}, 2]\n', encoding="utf-8")
    assert main(["eval", str(odd), "--labels", str(tmp_path)]) == 2
    assert f"{odd}: item 2 of the array is not a record of segkit's JSON" in \
        capsys.readouterr().err
    odd.write_text('[{"id": "one"},\n', encoding="utf-8")
    assert main(["eval", str(odd), "--labels", str(tmp_path)]) == 2
    assert f"{odd}: not JSON" in capsys.readouterr().err


def test_eval_reads_the_json_format_as_it_reads_jsonl(
        predictions: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # Before, `--format json` output failed at its first line: "not JSON".
    array = _split_texts(tmp_path, "json", "pred.json")
    gold = tmp_path / "gold"
    gold.mkdir()
    for doc in _docs(predictions).values():
        _write_gold(gold, doc, [ln["label"] for ln in doc["lines"]])
    reports = []
    for path in (predictions, array):
        assert main(["eval", str(path), "--labels", str(gold), "--json"]) == 0
        reports.append(json.loads(capsys.readouterr().out))
    assert reports[0] == reports[1] and reports[0]["documents"] == 2


def test_eval_reports_a_missing_prediction_file(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["eval", str(tmp_path / "none.jsonl"), "--labels", str(tmp_path)]) == 2
    assert "none.jsonl" in capsys.readouterr().err


def test_eval_labels_names_a_gold_folder_that_is_not_one(
        predictions: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # Before, every document was reported as having "no gold in" the missing folder.
    for gold in (tmp_path / "missing", predictions):
        assert main(["eval", str(predictions), "--labels", str(gold)]) == 2
        assert f"{gold}: not a folder of gold files" in capsys.readouterr().err


@pytest.mark.parametrize("goal", ["--labels", "--bodies"])
def test_eval_reads_the_predictions_as_they_come(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], goal: str) -> None:
    # Before, every record was read into memory first: a corpus's output did not fit.
    line = "A long line of a page no gold covers. " * 250  # about 10 KB
    big = tmp_path / "big.jsonl"
    with big.open("w", encoding="utf-8") as fh:
        for k in range(2000):  # about 20 MB
            fh.write(json.dumps({"id": f"p{k}", "lines": [
                {"n": 1, "text": line, "label": "body"}]}) + "\n")
    truth = tmp_path / "truth.json"
    truth.write_text(json.dumps({"p0": {"articleBody": line}}), encoding="utf-8")
    target = str(tmp_path) if goal == "--labels" else str(truth)
    tracemalloc.start()
    try:
        main(["eval", str(big), goal, target])
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    capsys.readouterr()
    assert peak < 4 * 2**20, f"eval held {peak / 2**20:.1f} MiB of a 20 MB file"
