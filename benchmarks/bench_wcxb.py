#!/usr/bin/env python3
"""Today's web: segkit beside the main-text extractors on the WCXB development split.

    python benchmarks/bench_wcxb.py [--shared PATH] [--peers a,b] [--limit N] [--cv K]
                                    [--json PATH] [--folds-cache PATH] [--articles]
                                    [--gives-body 'L,C L,C none'] [--gives-body-mode M]
                                    [--labels] [--seed N]

Over the 1,497 pages of ``shared/bench/wcxb`` (SOURCE.md) and in one process pinned to
one core, it measures WCXB's word F1 per page type for segkit in HTML mode (``html/``)
and in text mode (``text/``), and for every installed peer (the ``bench`` extra):
trafilatura 2.3.1 as ``bare_extraction(with_metadata=True)``, resiliparse, readability,
jusText, boilerpy3. Beside the F1 it gives the pages under 0.3 where trafilatura scores
0.7 or more, the reader's recall (gold words present in any line segkit rendered, so a
loss in the reader is never taken for a classifier error; also over the served pages only,
leaving out those whose source holds under half the gold words: shells served without
their content, ``tools.wcxb.served``, counted per type), the title/author/date rates
and page-type accuracy where the truth has them, and pages per second.

``--cv K`` scores segkit with models trained by ``segkit.learn`` on K-1 folds of the
pages grouped by domain and applied to the held-out fold, so no page is scored by a
model that saw its domain: the figures to quote. With it, ``--folds-cache PATH`` keeps the
fold models (read back by a later run of the same code), ``--articles`` adds the 181
article pages' body F1 by the same folds, and ``--gives-body 'L,C ...'`` scores HTML (or
the mode of ``--gives-body-mode``) again with the labeller giving body at each setting, and
at one chosen on the other folds;
``--labels`` scores all seven labels on the development set's pages (``devset/``, every
line labelled) through the whole pipeline, context pass included, by the same folds
(``bench_labels.py`` scores the labeller alone, without the context pass). ``--seed N``
trains the fold models with another seed of the forests' sampling of rows and features:
runs of a few seeds give the spread a change must clear before its figures say anything
(a change to the rule stages moves the rows the forests learn from, and that alone moves
figures as much as a new seed does; see docs/results.md).
Without ``--cv`` segkit runs with its shipped model (or ``SEGKIT_MODEL``), which was
trained on these pages: those figures are not honest.
"""

from __future__ import annotations

import argparse
import gzip
import json
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from benchkit import NOT_TRAINING, code_digest, dist_version, peak_rss_mib, pin_to_one_core

import segkit
from segkit.inputs.charset import decode_html_page
from segkit.inputs.decode import decode
from segkit.pipeline import Segmenter
from segkit.sites.loading import load_plugins
from segkit.tools.wcxb import (
    Truth,
    mean_by_type,
    read_truth,
    reader_recall,
    served,
    word_score,
)

ROOT = Path(__file__).resolve().parents[1]
TYPES = ["all", "article", "service", "product", "collection", "forum", "listing",
         "documentation"]
BROKEN_F1, PEER_GOOD_F1 = 0.3, 0.7  # "broken": under 0.3 where trafilatura has 0.7+


@dataclass
class Page:
    id: str
    truth: Truth
    html_bytes: bytes
    text_bytes: bytes
    html: str = ""


@dataclass
class Result:
    """What one system gave on every page."""

    name: str
    version: str
    f1: dict[str, float] = field(default_factory=dict)
    recall: dict[str, float] = field(default_factory=dict)
    meta: dict[str, dict[str, Any]] = field(default_factory=dict)
    seconds: float = 0.0
    errors: int = 0


def load_pages(shared: Path, limit: int | None) -> list[Page]:
    wcxb = shared / "bench" / "wcxb"
    truth = read_truth(wcxb / "truth.json")
    pages = []
    for key in sorted(truth)[:limit]:
        pages.append(Page(key, truth[key], gzip.decompress((wcxb / "html" / f"{key}.html.gz")
                                                           .read_bytes()),
                          (wcxb / "text" / f"{key}.txt").read_bytes()))
    for page in pages:  # peers get the text segkit decodes, untimed
        page.html = decode_html_page(page.html_bytes, page.id).text
    return pages


def segkit_doc(seg: Segmenter, page: Page, mode: str):  # -> Document
    if mode == "html":
        text, utf8 = decode_html_page(page.html_bytes, page.id)
        return seg.segment_html(text, utf8=utf8, id=page.id, url=page.truth.url)
    return seg.segment(decode(page.text_bytes, page.id), id=page.id, url=page.truth.url)


def run_segkit(name: str, seg_for: Callable[[Page], Segmenter], pages: list[Page],
               mode: str) -> Result:
    result = Result(name, dist_version("segkit-web"))
    for page in pages:
        seg = seg_for(page)
        start = time.perf_counter()
        doc = segkit_doc(seg, page, mode)
        result.seconds += time.perf_counter() - start
        body = "\n".join(line.text for line in doc.lines if line.label == "body")
        result.f1[page.id] = word_score(body, page.truth.body).f1
        result.recall[page.id] = reader_recall((line.text for line in doc.lines),
                                               page.truth.body)
        described = getattr(doc, "metadata", None)
        result.meta[page.id] = described.to_dict() if described is not None else {}
    return result


def _trafilatura() -> tuple[str, Callable[[str], tuple[str, dict[str, Any]]]]:
    import trafilatura

    def extract(html: str) -> tuple[str, dict[str, Any]]:
        doc = trafilatura.bare_extraction(html, with_metadata=True)
        if doc is None:
            return "", {}
        return doc.text or "", {"title": doc.title, "author": doc.author, "date": doc.date}

    return "trafilatura", extract


def _plain(loader: Callable[[], tuple[str, Callable[[str], str]]]):
    def load() -> tuple[str, Callable[[str], tuple[str, dict[str, Any]]]]:
        name, fn = loader()
        return name, lambda html: (fn(html) or "", {})
    return load


def peer_loaders() -> dict[str, Callable[[], tuple[str, Callable[[str], Any]]]]:
    import bench_html as bh

    return {"trafilatura": _trafilatura, "resiliparse": _plain(bh._resiliparse),
            "readability": _plain(bh._readability), "justext": _plain(bh._justext("English")),
            "boilerpy3": _plain(bh._boilerpy3)}


DISTS = {"trafilatura": "trafilatura", "resiliparse": "resiliparse",
         "readability": "readability-lxml", "justext": "justext", "boilerpy3": "boilerpy3"}


def run_peer(key: str, pages: list[Page]) -> Result | None:
    try:
        name, extract = peer_loaders()[key]()
    except ImportError:
        return None
    result = Result(name, dist_version(DISTS[key]))
    for page in pages:
        start = time.perf_counter()
        try:
            text, meta = extract(page.html)
        except Exception:
            text, meta = "", {}
            result.errors += 1
        result.seconds += time.perf_counter() - start
        result.f1[page.id] = word_score(text, page.truth.body).f1
        result.meta[page.id] = meta
    return result


def metadata_rates(result: Result, pages: list[Page]) -> dict[str, float | None]:
    """Title exact, author (every gold name word found), date (the day), page type: as
    benchmarks/bench_meta.py scores them (titles compared case-folded, quotes and dashes
    plain, white space collapsed)."""
    from bench_meta import hits

    scored: dict[str, list[bool]] = {"title": [], "author": [], "date": [], "page_type": []}
    for page in pages:
        meta = result.meta.get(page.id) or {}
        got = {k: (None if meta.get(k) is None else str(meta.get(k))) for k in scored}
        for name, ok in hits(got, page.truth):
            if name != "page_type" or "page_type" in meta:
                scored[name].append(ok)
    return {k: (sum(v) / len(v) if v else None) for k, v in scored.items()}


def broken(result: Result, peer: Result | None) -> int | None:
    if peer is None:
        return None
    return sum(1 for k, f in result.f1.items()
               if f < BROKEN_F1 and peer.f1.get(k, 0.0) >= PEER_GOOD_F1)


def table(results: list[Result], pages: list[Page], traf: Result | None) -> str:
    types = {p.id: p.truth.type for p in pages}
    counts = mean_by_type(dict.fromkeys(types, 1.0), types)
    n = {t: sum(1 for v in types.values() if (v == t or t == "all")) for t in counts}
    head = f"{'system':24} " + " ".join(f"{t[:10]:>10}" for t in TYPES)
    unserved = {p.id for p in pages if not served(p.html, p.truth.body)}
    lost = {t: sum(1 for k in unserved if t in ("all", types[k])) for t in TYPES}
    rows = [head, f"{'pages':24} " + " ".join(f"{n.get(t, 0):>10}" for t in TYPES),
            f"{'  served without content':24} " + " ".join(f"{lost[t]:>10}" for t in TYPES),
            "-" * len(head)]
    for r in results:
        f = mean_by_type(r.f1, types)
        rows.append(f"{r.name:24} " + " ".join(f"{f.get(t, 0):>10.3f}" for t in TYPES))
        if r.recall:
            rc = mean_by_type(r.recall, types)
            rows.append(f"{'  reader recall':24} "
                        + " ".join(f"{rc.get(t, 0):>10.3f}" for t in TYPES))
            rs = mean_by_type({k: v for k, v in r.recall.items() if k not in unserved}, types)
            rows.append(f"{'    of served pages':24} "
                        + " ".join(f"{rs.get(t, 0):>10.3f}" for t in TYPES))
    rows.append("")
    rows.append(f"{'system':24} {'pages/s':>8} {'broken':>7} {'errors':>7} {'title':>6} "
                f"{'author':>6} {'date':>6} {'type':>6}")
    for r in results:
        rates = metadata_rates(r, pages)
        b = broken(r, traf) if r is not traf else None
        rows.append(f"{r.name:24} {len(pages) / max(r.seconds, 1e-9):>8.1f} "
                    f"{'' if b is None else b:>7} {r.errors:>7} "
                    + " ".join(f"{'' if v is None else f'{v:.2f}':>6}" for v in rates.values()))
    return "\n".join(rows)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    parser.add_argument("--peers", default="trafilatura,resiliparse,readability,justext",
                        help="comma-separated peers ('' for none)")
    parser.add_argument("--limit", type=int, default=None, help="only the first N pages")
    parser.add_argument("--cv", type=int, default=0, help="K-fold domain-grouped figures")
    parser.add_argument("--json", type=Path, help="also write the per-page figures here")
    parser.add_argument("--folds-cache", type=Path, metavar="PATH",
                        help="with --cv: keep the fold models here, and read them back "
                        "when this code trained them")
    parser.add_argument("--articles", action="store_true",
                        help="with --cv: also the 181 article pages' body F1, held out")
    parser.add_argument("--labels", action="store_true",
                        help="with --cv: also the seven labels of the development set's "
                        "pages, held out")
    parser.add_argument("--gives-body", default="", metavar="'L,C L,C none'",
                        help="with --cv: also score HTML with the labeller giving body "
                        "at each setting, and a setting chosen on the other folds")
    parser.add_argument("--gives-body-mode", choices=("html", "text"), default="html",
                        help="the mode whose labeller --gives-body changes (a scoped "
                        "labeller's scope then gives body too)")
    parser.add_argument("--seed", type=int, default=None,
                        help="with --cv: the seed of the fold models' sampling (default: "
                        "the shipped model's)")
    args = parser.parse_args()
    if not (args.shared / "bench" / "wcxb" / "truth.json").exists():
        print(f"skipped: {args.shared}/bench/wcxb not found", file=sys.stderr)
        return 2
    cpu = pin_to_one_core()
    pages = load_pages(args.shared, args.limit)
    plugins = load_plugins(env=False, entry_points=False)
    seg_for, models = segmenters(plugins, pages, args.cv, args.shared, args.folds_cache,
                                 args.seed)
    results = [run_segkit("segkit HTML", seg_for, pages, "html"),
               run_segkit("segkit text", seg_for, pages, "text")]
    for key in [p for p in args.peers.split(",") if p]:
        peer = run_peer(key, pages)
        if peer is not None:
            results.append(peer)
    traf = next((r for r in results if r.name == "trafilatura"), None)
    how = (f"cross-validated, {args.cv} folds by domain" if args.cv
           else "shipped model (trained on these pages)")
    print(f"WCXB development split: {len(pages)} pages, one core (CPU {cpu}), {how}; "
          f"segkit peak RSS {peak_rss_mib():.0f} MiB")
    print(table(results, pages, traf))
    if args.articles and models is not None:
        print()
        for setting in ["", *args.gives_body.split()]:
            print(article_scores(models, args.shared, setting, args.gives_body_mode))
    if args.labels and models is not None:
        print()
        print(label_scores(models, args.shared))
        for setting in args.gives_body.split():
            print(f"gives_body {setting} ({args.gives_body_mode}):")
            print(label_scores(models, args.shared, setting=setting,
                               only=args.gives_body_mode))
    grid: dict[str, dict[str, float]] = {}
    if args.gives_body and models is not None:
        shown, grid = gives_body_grid(models, pages, args.gives_body.split(),
                                      args.gives_body_mode)
        print()
        print(shown)
    if args.json:
        per_page = {r.name: {"f1": r.f1, "recall": r.recall} for r in results}
        per_page.update({f"segkit {args.gives_body_mode}, gives_body {k}": {"f1": v}
                         for k, v in grid.items()})
        args.json.write_text(json.dumps(per_page), encoding="utf-8")
    return 0


def segmenters(plugins, pages: list[Page], folds: int, shared: Path,
               cache: Path | None = None, seed: int | None = None
               ) -> tuple[Callable[[Page], Segmenter], FoldModels | None]:
    """The segmenter that scores each page (the shipped one, or its fold's), and with
    ``folds`` the fold models, to score the same folds again with other settings."""
    if not folds:
        seg = Segmenter(plugins, generic=True)
        return (lambda page: seg), None
    from segkit.learn.cv import page_folds

    files, domains = fold_files(folds, shared, cache, seed)
    models = FoldModels(plugins, files, domains,
                        page_folds([p.id for p in pages], domains, shared))
    return models.seg_for(), models


@dataclass
class FoldModels:
    """Each fold's model file (JSON), the domains' folds and the WCXB pages' folds."""

    plugins: Any
    files: list[dict[str, Any]]
    domains: dict[str, int]
    by_page: dict[str, int]

    def segmenters(self, setting: str = "", mode: str = "html") -> list[Segmenter]:
        """A generic Segmenter per fold, its ``mode`` labeller giving body at ``setting``
        (as ``--gives-body`` reads it) when one is given."""
        from segkit.learn.cv import fold_models_from

        return [Segmenter(self.plugins, generic=True, model=m)
                for m in fold_models_from(self.with_setting(setting, mode))]

    def with_setting(self, setting: str = "", mode: str = "html") -> list[dict[str, Any]]:
        """The fold model files, their ``mode`` labeller giving body at ``setting``."""
        return [_give_body(f, setting, mode) for f in self.files] if setting else self.files

    def seg_for(self, setting: str = "", mode: str = "html") -> Callable[[Page], Segmenter]:
        segs = self.segmenters(setting, mode)
        return lambda page: segs[self.by_page[page.id]]


def fold_files(folds: int, shared: Path, cache: Path | None, seed: int | None = None
               ) -> tuple[list[dict[str, Any]], dict[str, int]]:
    """The fold models' JSON and the domains' folds: trained, or read from ``cache`` when
    it holds models of this many folds and this ``seed`` trained by this very code (a
    digest of segkit's sources and the development set, but for the code no training
    runs: NOT_TRAINING), so a second run scores without training."""
    from segkit.learn.cv import fold_model_files
    from segkit.learn.train import Sources

    devset = ROOT / "benchmarks" / "devset"
    stamp = {"folds": folds,
             "code": code_digest([Path(segkit.__file__).parent, devset], NOT_TRAINING)}
    if seed is not None:  # the default seed's stamp stays as it was
        stamp["seed"] = seed
    if cache is not None and cache.exists():
        saved = json.loads(cache.read_text(encoding="utf-8"))
        if saved.get("stamp") == stamp:
            print(f"fold models read from {cache}", file=sys.stderr)
            return saved["models"], saved["domains"]
    domains, files = fold_model_files(Sources.shared(shared, devset), folds,
                                      log=lambda m: print(m, file=sys.stderr), seed=seed)
    if cache is not None:
        cache.parent.mkdir(parents=True, exist_ok=True)
        tmp = cache.with_suffix(".tmp")
        tmp.write_text(json.dumps({"stamp": stamp, "domains": domains, "models": files}),
                       encoding="utf-8")
        tmp.replace(cache)
    return files, domains


def gives_body_grid(models: FoldModels, pages: list[Page], settings: list[str],
                    mode: str = "html") -> tuple[str, dict[str, dict[str, float]]]:
    """WCXB word F1 in ``mode`` with the fold models' labeller giving body at each setting
    ("L,C": its body probability L, the content probability C; "none": never), and the
    figure of a setting chosen for each fold on the other folds' pages (held out); and
    each setting's per-page F1."""
    types = {p.id: p.truth.type for p in pages}
    by_page = models.by_page
    scores: dict[str, dict[str, float]] = {}
    rows = [f"{'gives_body':24} " + " ".join(f"{t[:10]:>10}" for t in TYPES)]
    for setting in settings:
        scores[setting] = run_segkit(setting, models.seg_for(setting, mode), pages, mode).f1
        f = mean_by_type(scores[setting], types)
        rows.append(f"{setting:24} " + " ".join(f"{f.get(t, 0):>10.4f}" for t in TYPES))
    chosen: dict[str, float] = {}
    picks = []
    for fold in sorted(set(by_page.values())):
        def others(s: str, fold: int = fold) -> float:
            return sum(v for k, v in scores[s].items() if by_page[k] != fold)
        best = max(settings, key=others)
        picks.append(best)
        chosen.update({k: v for k, v in scores[best].items() if by_page[k] == fold})
    f = mean_by_type(chosen, types)
    rows.append(f"{'chosen on other folds':24} " + " ".join(f"{f.get(t, 0):>10.4f}"
                                                            for t in TYPES))
    rows.append(f"  (each fold's choice: {'; '.join(picks)})")
    return "\n".join(rows), scores


def article_scores(models: FoldModels, shared: Path, setting: str = "",
                   setting_mode: str = "html") -> str:
    """The 181 article pages' body F1 (their benchmark's own metric), each page labelled
    by the whole pipeline with the model of the fold that never saw its domain; with a
    ``setting`` (``--gives-body``, which changes one mode's labeller alone), that mode only."""
    from segkit.learn.cv import page_folds
    from segkit.tools.evaluate import body_scores

    folder = shared / "bench" / "articles"
    truth_file = folder / "ground-truth.json"
    truth = json.loads(truth_file.read_text(encoding="utf-8"))
    fold = page_folds(list(truth), models.domains, shared, truth_file)
    segs = models.segmenters(setting, setting_mode)
    rows = []
    for mode in (setting_mode,) if setting else ("html", "text"):
        got = {}
        for key, rec in truth.items():
            seg = segs[fold[key]]
            if mode == "html":
                data = gzip.decompress((folder / "html" / f"{key}.html.gz").read_bytes())
                text, utf8 = decode_html_page(data, key)
                doc = seg.segment_html(text, utf8=utf8, id=key, url=rec.get("url"))
            else:
                data = (folder / "text" / f"{key}.txt").read_bytes()
                doc = seg.segment(decode(data, key), id=key, url=rec.get("url"))
            got[key] = "\n".join(ln.text for ln in doc.lines if ln.label == "body")
        scores = body_scores(got, {k: r["articleBody"] for k, r in truth.items()})
        at = f" (gives_body {setting})" if setting else ""
        rows.append(f"the 181 articles, {mode}{at}, held out: {scores.summary()}")
    return "\n".join(rows)


def label_scores(models: FoldModels, shared: Path, keys: set[str] | None = None,
                 setting: str = "", only: str | None = None) -> str:
    """Line accuracy, macro-F1 and each label's F1 on the development set's pages (or
    those of ``keys``), each labelled by the generic pipeline (rules, content and context
    passes, labeller) with the model of the fold that never saw its domain; in HTML also
    the accuracy per page type. With ``only``, that mode alone, its labeller giving body
    at ``setting``."""
    from bench_labels import scores
    from devset import page_bytes

    from segkit.classify.pipeline import model_labels
    from segkit.learn.cv import fold_models_from
    from segkit.learn.dataset import domain, hashed_labels, read_document

    truth = read_truth(shared / "bench" / "wcxb" / "truth.json")
    fold_models = fold_models_from(models.with_setting(setting, only or "html"))
    rows = []
    for mode in (only,) if only else ("html", "text"):
        gold: list[str] = []
        got: list[str] = []
        by_type: dict[str, list[int]] = {}
        for path in sorted((ROOT / "benchmarks" / "devset" / mode).glob("*.hashed.tsv")):
            key = path.name.removesuffix(".hashed.tsv")
            if keys is not None and key not in keys:
                continue
            t = truth[key]
            lines, page = read_document(page_bytes(shared, key, mode == "html"), key,
                                        mode == "html", t.url)
            kept = hashed_labels(path, lines)
            if not page.labels or len(kept) != len(page.labels):
                continue
            labels = model_labels(page, fold_models[models.domains[domain(t.url, key)]])
            gold += kept
            got += labels
            tally = by_type.setdefault(t.type or "?", [0, 0])
            tally[0] += sum(g == x for g, x in zip(kept, labels, strict=True))
            tally[1] += len(kept)
        s = scores(gold, got)
        each = " ".join(f"{k} {v:.3f}" for k, v in s["f1"].items())
        rows.append(f"labels, {mode}, {len(gold)} lines, held out: accuracy "
                    f"{s['accuracy']:.4f} macro-F1 {s['macro_f1']:.4f}; {each}")
        if mode == "html":
            rows.append("  accuracy by type: " + " ".join(
                f"{k} {r / n:.3f}" for k, (r, n) in sorted(by_type.items())))
    return "\n".join(rows)


def _give_body(file: dict[str, Any], setting: str, mode: str = "html") -> dict[str, Any]:
    """A copy of a fold's model file whose ``mode`` labeller gives body at ``setting``
    (a scoped labeller's scope giving body too), or never ("none")."""
    out = json.loads(json.dumps(file))
    labeller = out["modes"][mode]["labeller"]
    scope = labeller.get("scope")
    if setting == "none":
        labeller.pop("gives_body", None)
        if scope:
            scope["gives"] = [g for g in scope["gives"] if g != "body"]
    else:
        labelled, content = (float(v) for v in setting.split(","))
        labeller["gives_body"] = {"labelled": labelled, "content": content}
        if scope and "body" not in scope["gives"]:
            scope["gives"].append("body")
    return out


if __name__ == "__main__":
    sys.exit(main())
