"""Training: line gold from truth text and label files, domains for folds, and
``segkit train`` end to end on a few pages written here."""

from __future__ import annotations

import gzip
import json
from pathlib import Path
from typing import Any

import pytest

from segkit.classify.model import load_model
from segkit.cli import main
from segkit.learn.dataset import domain
from segkit.learn.gold import content_lines, read_labels
from segkit.pipeline import Segmenter

pytest.importorskip("lightgbm", reason="segkit train needs the train extra (lightgbm)")


def test_a_line_is_content_when_most_of_its_words_are_in_the_truth() -> None:
    lines = ["Home News Sport", "The river rose by a metre overnight, said the mayor.",
             "Share this"]
    truth = "The river rose by a metre overnight, said the mayor. Schools stay shut."
    assert content_lines(lines, truth) == [False, True, False]


def test_long_lines_claim_their_words_before_a_short_line_can() -> None:
    # The menu entry "Schools" comes first, but the paragraph needs the truth's only copy.
    lines = ["Schools", "Schools in the valley stay shut until the water goes down again."]
    truth = "Schools in the valley stay shut until the water goes down again."
    assert content_lines(lines, truth) == [False, True]


def test_label_files_are_read_line_by_line(tmp_path: Path) -> None:
    gold = tmp_path / "a.labels.tsv"
    gold.write_text("headline\tA title\n\t\nbody\tText.", encoding="utf-8")
    assert read_labels(gold) == (["A title", "", "Text."], ["headline", None, "body"])
    gold.write_text("bogus\tA title", encoding="utf-8")
    with pytest.raises(ValueError, match="unknown label"):
        read_labels(gold)


def test_a_label_file_cut_from_segkits_tsv_passes_over_its_metadata_row(tmp_path: Path
                                                                        ) -> None:
    gold = tmp_path / "a.labels.tsv"  # `segkit split --format tsv | cut -f2-`
    gold.write_text('#meta\t{"title": "A title"}\nheadline\tA title\n\t\nbody\tText.',
                    encoding="utf-8")
    assert read_labels(gold) == (["A title", "", "Text."], ["headline", None, "body"])


@pytest.mark.parametrize("url, want", [
    ("https://www.example.com/a", "example.com"),
    ("https://news.bbc.co.uk/x", "bbc.co.uk"),
    ("https://forum.example.org/t/1", "example.org"),
    (None, "page-7"),
])
def test_folds_group_pages_by_registrable_domain(url: str | None, want: str) -> None:
    assert domain(url, "page-7") == want


def _page(k: int) -> tuple[str, str]:
    body = [f"Paragraph {j} of story {k} tells what happened in the town, and why it matters "
            "to the people who live there." for j in range(4)]
    html = ("<html><head><title>Story</title></head><body><nav><a href=/>Home</a> "
            "<a href=/news>News</a> <a href=/sport>Sport</a></nav><main><h1>Story</h1>"
            + "".join(f"<p>{p}</p>" for p in body)
            + "</main><footer><p>Copyright the site. All rights reserved.</p></footer>"
            "</body></html>")
    return html, "\n\n".join(body)


def _truth(tmp_path: Path) -> Path:
    """A truth file of 60 story pages on four domains, with their HTML and text."""
    (tmp_path / "html").mkdir()
    (tmp_path / "text").mkdir()
    truth = {}
    for k in range(60):
        html, body = _page(k)
        (tmp_path / "html" / f"p{k}.html.gz").write_bytes(gzip.compress(html.encode()))
        (tmp_path / "text" / f"p{k}.txt").write_text(
            "Home News Sport\nStory\n" + body.replace("\n\n", "\n") + "\nCopyright the site.",
            encoding="utf-8")
        truth[f"p{k}"] = {"articleBody": body, "url": f"https://site{k % 4}.example/s/{k}"}
    (tmp_path / "truth.json").write_text(json.dumps(truth), encoding="utf-8")
    return tmp_path / "truth.json"


def test_segkit_train_writes_a_model_split_can_use(tmp_path: Path) -> None:
    truth = _truth(tmp_path)
    out = tmp_path / "model.json"
    assert main(["train", "--truth", str(truth), "-o", str(out), "--trees", "20"]) == 0
    model = load_model(out)
    assert set(model.modes) == {"html", "text"}
    # the context pass, in both modes (CONTEXT_MODES)
    assert model.modes["html"].context is not None
    assert model.modes["text"].context is not None
    doc = Segmenter(generic=True, model=str(out)).segment_html(_page(99)[0])
    body = [line.text for line in doc.lines if line.label == "body"]
    assert body and all(text.startswith("Paragraph") for text in body)


def test_segkit_train_seed_resamples_the_forests_and_records_it(tmp_path: Path) -> None:
    from segkit.learn.fit import PARAMS

    truth = _truth(tmp_path)

    def trained(*seed: str) -> dict:
        out = tmp_path / f"model{''.join(seed)}.json"
        assert main(["train", "--truth", str(truth), "-o", str(out), "--trees", "20",
                     *(["--seed", *seed] if seed else [])]) == 0
        return json.loads(out.read_text(encoding="utf-8"))

    shipped, other = trained(), trained("7")
    assert shipped["trained"]["params"]["seed"] == PARAMS["seed"]
    assert other["trained"]["params"]["seed"] == 7
    for mode in ("html", "text"):
        assert other["modes"][mode]["trees"] != shipped["modes"][mode]["trees"]
    assert trained(str(PARAMS["seed"]))["modes"] == shipped["modes"]


def _label_files(folder: Path, pages: list[list[str]]) -> Path:
    """Gold TSVs (text mode), one per page of labels, each line a sentence of its own."""
    folder.mkdir()
    for k, labels in enumerate(pages):
        rows = [f"{label}\tLine {n} of page {k}, a sentence with words in it."
                for n, label in enumerate(labels)]
        (folder / f"p{k}.labels.tsv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    return folder


def test_label_files_alone_train_the_text_mode_only(tmp_path: Path, capsys) -> None:
    gold = _label_files(tmp_path / "gold", [["headline", "body", "body", "nav"]] * 3)
    out = tmp_path / "model.json"
    assert main(["train", "--labels", str(gold), "-o", str(out), "--trees", "5"]) == 0
    assert "html: no gold pages, no forest: html input keeps the rule stages' labels" in \
        capsys.readouterr().err
    model = load_model(out)
    assert set(model.modes) == {"text"}
    page = "<html><body><h1>A title</h1><p>A paragraph of the page.</p></body></html>"
    assert Segmenter(generic=True, model=str(out)).segment_html(page).labels  # rules


@pytest.mark.parametrize("labels, why", [
    (["nav"], "no body line in the gold"), (["body", "body"], "only body lines in the gold")])
def test_gold_of_one_kind_of_line_is_refused_by_name(tmp_path: Path, capsys, labels, why
                                                     ) -> None:
    gold = _label_files(tmp_path / "gold", [labels])
    assert main(["train", "--labels", str(gold), "-o", str(tmp_path / "m.json")]) == 1
    err = capsys.readouterr().err
    assert f"text: {why}, no forest" in err and "no model written" in err
    assert not (tmp_path / "m.json").exists()


def test_an_output_that_cannot_be_written_is_refused_before_training(tmp_path: Path, capsys
                                                                     ) -> None:
    gold = _label_files(tmp_path / "gold", [["headline", "body", "nav"]] * 2)
    for out, why in ((tmp_path, "is a directory, not an output file"),
                     (tmp_path / "none" / "m.json", "output folder does not exist")):
        assert main(["train", "--labels", str(gold), "-o", str(out), "--trees", "5"]) == 2
        err = capsys.readouterr().err
        assert f"{out}: {why}" in err and "labeller" not in err  # nothing was trained


def test_a_truth_file_that_is_not_json_is_named(tmp_path: Path, capsys) -> None:
    truth = tmp_path / "truth.json"
    truth.write_bytes(b"\xff not JSON")
    assert main(["train", "--truth", str(truth), "-o", str(tmp_path / "m.json")]) == 1
    assert f"{truth}: not a truth file of JSON" in capsys.readouterr().err


def test_train_without_gold_says_so(capsys) -> None:
    assert main(["train", "-o", "x.json"]) == 2
    assert "no gold" in capsys.readouterr().err


@pytest.mark.parametrize("html", [True, False], ids=["html", "text"])
def test_hashed_gold_trains_in_the_mode_of_the_page_beside_it(tmp_path: Path, html: bool
                                                              ) -> None:
    from segkit.learn.dataset import hashed_pages
    from segkit.learn.train import Sources, pages
    from segkit.tools.gold import GoldError, hashed_text

    page, body = _page(1)
    source = page if html else "Home News Sport\nStory\n\n" + body
    (tmp_path / ("p1.html" if html else "p1.txt")).write_text(source, encoding="utf-8")
    seg = Segmenter(generic=True)
    doc = seg.segment_html(source) if html else seg.segment(source)  # as the review page has it
    texts = [line.text for line in doc.lines]
    labels = [None if not t.strip() else "body" if t.startswith("Paragraph") else "nav"
              for t in texts]
    (tmp_path / "p1.hashed.tsv").write_text(hashed_text(texts, labels), encoding="utf-8")
    [rows] = list(hashed_pages(tmp_path, html))
    assert rows.gold == [t.startswith("Paragraph") for t in rows.lines] and sum(rows.gold) == 4
    assert [p.id for p in pages(Sources(labels=[tmp_path]), html)] == ["p1"]
    assert list(hashed_pages(tmp_path, not html)) == []  # no page of the other mode beside it
    texts[texts.index(next(t for t in texts if t.startswith("Paragraph 2")))] = "Edited"
    (tmp_path / "p1.hashed.tsv").write_text(hashed_text(texts, labels), encoding="utf-8")
    with pytest.raises(GoldError, match="does not hash"):
        list(hashed_pages(tmp_path, html))


def test_one_page_in_two_is_learnt_as_if_its_address_were_unknown() -> None:
    from types import SimpleNamespace

    from segkit.classify import vector
    from segkit.learn.fit import page_rows

    names = vector.names(False)
    url = [k for k, n in enumerate(names) if n.startswith("u_")]
    row = [7.0] * len(names)
    pages = [SimpleNamespace(id=f"page-{k}", rows=[list(row)]) for k in range(40)]
    learnt = [page_rows(p, names)[0] for p in pages]
    blanked = [r for r in learnt if [r[k] for k in url] == vector.url_values("")]
    kept = [r for r in learnt if r == row]
    assert len(blanked) + len(kept) == 40 and 10 <= len(blanked) <= 30
    assert all(r[k] == 7.0 for r in blanked for k in range(len(names)) if k not in url)
    assert [page_rows(p, names)[0] for p in pages] == learnt  # the same pages every time
    assert all(p.rows == [row] for p in pages)  # the page's own rows untouched


def test_a_development_set_trains_the_labeller_that_names_every_line(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from segkit.learn import fit
    from segkit.learn.dataset import read_document
    from segkit.tools.gold import hashed_text

    # Each mode's own rounds (learn.fit), set apart here to see that each mode takes its own.
    monkeypatch.setattr(fit, "LABELLER_TREES", 6)
    monkeypatch.setattr(fit, "TEXT_LABELLER_TREES", 4)

    names = {"Story": "headline", "Home News Sport": "nav",
             "Copyright the site. All rights reserved.": "nav"}
    for folder in ("html", "text", "dev/html", "dev/text"):
        (tmp_path / folder).mkdir(parents=True)
    truth = {}
    for k in range(40):
        html, body = _page(k)
        text = f"Home News Sport\nStory\n{body}\nCopyright the site. All rights reserved."
        (tmp_path / "html" / f"p{k}.html.gz").write_bytes(gzip.compress(html.encode()))
        (tmp_path / "text" / f"p{k}.txt").write_text(text, encoding="utf-8")
        truth[f"p{k}"] = {"articleBody": body, "url": f"https://site{k % 4}.example/s/{k}"}
        for mode, data in (("html", html.encode()), ("text", text.encode())):
            lines = read_document(data, f"p{k}", mode == "html", None)[0]
            labels = [None if not t.strip() else "nav" if n == 0 and mode == "html" else
                      names.get(t.strip(), "body") for n, t in enumerate(lines)]
            (tmp_path / "dev" / mode / f"p{k}.hashed.tsv").write_text(
                hashed_text(lines, labels), encoding="utf-8")
    (tmp_path / "truth.json").write_text(json.dumps(truth), encoding="utf-8")
    out = tmp_path / "model.json"
    assert main(["train", "--truth", str(tmp_path / "truth.json"), "--devset",
                 str(tmp_path / "dev"), "-o", str(out), "--trees", "20"]) == 0
    model = load_model(out)
    assert model.modes["html"].labeller is not None
    assert model.modes["html"].scope is None  # it names every line (learn.fit.LABELLER_SCOPE)
    html_gives = model.modes["html"].gives_body
    assert html_gives is not None and html_gives.content == 0.4
    # The text labeller renames only the rules' nav and related lines, never to body.
    text = model.modes["text"]
    assert text.labeller is not None and text.scope is not None and text.gives_body is None
    assert text.scope.takes == {"nav", "related"} and "body" not in text.scope.gives
    assert "headline" in text.scope.gives  # the headline shown again below a menu
    # Each mode's rounds, seven trees a round, for each of the mode's averaged labellers.
    assert len(model.modes["html"].labeller.trees) == 7 * 6 * fit.LABELLER_BAGS["html"]
    assert len(text.labeller.trees) == 7 * 4 * fit.LABELLER_BAGS["text"]
    doc = Segmenter(generic=True, model=str(out)).segment_html(_page(99)[0])
    got = {line.text.strip(): line.label for line in doc.lines if line.text.strip()}
    assert got["Story"] == "headline"
    assert got["Home News Sport"] == "nav"
    assert all(label == "body" for text, label in got.items() if text.startswith("Paragraph"))


def test_a_label_file_of_a_truth_page_shares_that_page_s_fold_group(tmp_path: Path) -> None:
    from segkit.learn.train import Sources, pages

    (tmp_path / "text").mkdir()
    sentence = "The river rose by a metre overnight, said the mayor of the town."
    (tmp_path / "text" / "p1.txt").write_text(f"Home\n{sentence}\n", encoding="utf-8")
    (tmp_path / "truth.json").write_text(json.dumps(
        {"p1": {"articleBody": sentence, "url": "https://news.example.com/a"}}), "utf-8")
    labels = tmp_path / "labels"
    labels.mkdir()
    (labels / "p1.labels.tsv").write_text(f"nav\tHome\nbody\t{sentence}\n", encoding="utf-8")
    (labels / "other.labels.tsv").write_text(f"body\t{sentence}\n", encoding="utf-8")
    got = {(p.id, p.truth is None): p.group
           for p in pages(Sources([tmp_path / "truth.json"], [labels]), False)}
    assert got == {("p1", False): "example.com", ("p1", True): "example.com",
                   ("other", True): "labels:other"}


def test_the_labeller_s_seed_changes_its_samples_and_defaults_to_the_boosters() -> None:
    import random
    import zlib

    from segkit.labels import LABELS
    from segkit.learn.dataset import PageRows
    from segkit.learn.fit import PARAMS, URL_DROPOUT, fit_labeller

    rng = random.Random(7)
    names = [f"c{k}" for k in range(8)]
    pages = []
    # Pages learnt with their address (these rows have no URL columns to blank).
    kept = [i for i in range(40) if zlib.crc32(f"p{i}".encode()) % URL_DROPOUT != URL_DROPOUT - 1]
    for i in kept[:12]:
        labels = [rng.choice(LABELS) for _ in range(40)]
        rows = [[LABELS.index(lab) + rng.random() * 3 for _ in names] for lab in labels]
        pages.append(PageRows(f"p{i}", f"g{i}", None, ["x"] * 40, rows,
                              [lab == "body" for lab in labels], None, labels=labels))

    def trees(seed: int | None) -> list[object]:
        return fit_labeller(pages, names, trees=5, seed=seed)["trees"]

    assert trees(None) == trees(PARAMS["seed"])
    assert trees(PARAMS["seed"] + 1) != trees(PARAMS["seed"])
    # Other LightGBM settings (bench_labels.py --params) lie over the labeller's own.
    shallow = fit_labeller(pages, names, trees=5, params={"num_leaves": 2})["trees"]
    assert shallow != trees(None)
    assert all(len(str(t)) < len(str(d)) for t, d in zip(shallow, trees(None), strict=True))


def test_averaged_forests_give_the_mean_of_their_sums() -> None:
    from segkit.classify.trees import labeller_from_json
    from segkit.learn.fit import averaged

    def stump(threshold: float, left: float, right: float) -> dict[str, list[Any]]:
        return {"f": [0], "t": [threshold], "l": [~0], "r": [~1], "m": [0], "v": [left, right]}

    def sums(forest: dict[str, Any], x: float) -> list[float]:
        labeller = labeller_from_json(dict(forest, classes=["a", "b"]), "test")
        return [sum(t.value([x]) for t in labeller.trees[c::2]) for c in range(2)]

    one = {"features": ["x"], "trees": [stump(1.0, 1.0, 3.0), stump(2.0, -1.0, 1.0)]}
    two = {"features": ["x"], "trees": [stump(0.5, 5.0, -5.0), stump(3.0, 2.0, 0.0),
                                        stump(0.2, 1.0, 2.0), stump(9.0, 4.0, 0.0)]}
    assert averaged([one]) is one
    both = averaged([one, two])
    for x in (0.0, 0.7, 1.5, 2.5, 4.0):
        mean = [(s + t) / 2 for s, t in zip(sums(one, x), sums(two, x), strict=True)]
        assert sums(both, x) == pytest.approx(mean)


def test_the_labeller_s_bags_are_averaged_into_one_forest(monkeypatch: Any) -> None:
    import zlib

    from segkit.labels import LABELS
    from segkit.learn import fit
    from segkit.learn.dataset import PageRows

    names = ["c0", "c1"]
    labels = [LABELS[i % len(LABELS)] for i in range(140)]
    rows = [[LABELS.index(lab) + (i % 3) * 0.1, i % 5] for i, lab in enumerate(labels)]
    page = next(f"p{i}" for i in range(40)  # a page learnt with its address
                if zlib.crc32(f"p{i}".encode()) % fit.URL_DROPOUT != fit.URL_DROPOUT - 1)
    pages = [PageRows(page, "g", None, ["x"] * 140, rows, [lab == "body" for lab in labels],
                      None, labels=labels)]
    monkeypatch.setitem(fit.LABELLER_BAGS, "html", 1)
    single = fit.fit_labeller(pages, names, trees=4)["trees"]
    monkeypatch.setitem(fit.LABELLER_BAGS, "html", 3)
    bagged = fit.fit_labeller(pages, names, trees=4)["trees"]
    assert len(single) == 4 * len(LABELS) and len(bagged) == 3 * len(single)
    # The first bag is the single labeller's trees, its leaves a third of theirs.
    assert [t["f"] for t in bagged[:len(single)]] == [t["f"] for t in single]
    assert [v / 3 for t in single for v in t["v"]] == pytest.approx(
        [v for t in bagged[:len(single)] for v in t["v"]])
    # The others are fitted with other seeds: other samples, other trees.
    n = len(single)
    assert bagged[n:2 * n] != bagged[:n] and bagged[2 * n:] != bagged[n:2 * n]


def test_the_page_kind_model_learns_the_typed_pages_and_holds_out_their_domains() -> None:
    from segkit.classify.page_kind import PAGE_KINDS, kind_from_json
    from segkit.learn.dataset import PageRows
    from segkit.learn.kind import fit_kind, held_out_kinds
    from segkit.learn.labeller import kinds_for

    def page(k: int, kind: str, cue: str, site: int) -> PageRows:
        return PageRows(f"p{k}", f"site{site}.example", kind, [], [], [], None,
                        kind={f"title:{cue}": 1.0, "lines": 0.5})

    kinds = ("article", "forum", "product")
    pages = [page(k, kinds[k % 3], kinds[k % 3], k % 6) for k in range(60)]
    model = fit_kind(pages)
    assert model["classes"] == list(PAGE_KINDS)
    got = kind_from_json(model, "m").probabilities({"title:forum": 1.0})
    assert max(range(7), key=got.__getitem__) == PAGE_KINDS.index("forum")
    # A kind no page has is all but impossible.
    assert got[PAGE_KINDS.index("service")] < 1e-6
    # Articles of one domain (site0) with a word of their own and one that means a product
    # on every other domain: a model that saw them calls them articles, one that did not
    # (held out) products.
    odd = [page(100 + k, "article", "product", 0) for k in range(6)]
    for p in odd:
        p.kind = {**(p.kind or {}), "title:odd": 1.0}
    seen = kind_from_json(fit_kind([*pages, *odd]), "m").probabilities(odd[0].kind or {})
    assert max(range(7), key=seen.__getitem__) == PAGE_KINDS.index("article")
    held = held_out_kinds([*pages, *odd], odd)
    assert all(h is not None and max(range(7), key=h.__getitem__) == PAGE_KINDS.index(
        "product") for h in held)
    # Without three kinds among the typed pages, no model and unknown kinds.
    assert kinds_for(pages[:2], odd, odd[:1]) == (None, [None] * 6, [None])
