#!/usr/bin/env python3
"""Train segkit's page-type model on the WCXB split (needs scikit-learn).

    python benchmarks/train_page_type.py [--shared PATH] [--cache DIR] [--write]

A multinomial logistic regression over ``segkit.describe.page_type.page_features`` of
every page in HTML and in text mode (one model for both: the ``mode:`` feature tells
them apart). The regularisation C is chosen by 5-fold cross-validation grouped by
registrable domain (no domain in both a training and a test fold), and the held-out
accuracy of the chosen C is printed per mode: the figure to quote. ``--write`` then fits
on every page and writes ``src/segkit/describe/page_type_model.json``.
"""

from __future__ import annotations

import json
import sys

from bench_meta import MODES, labelled_docs
from benchkit import trainer_arguments

from segkit.classify.site_name import host_of
from segkit.describe.page_type import MODEL_PATH, page_features
from segkit.document import Document
from segkit.tools.wcxb import Truth

C_GRID = (0.1, 0.3, 1.0, 3.0, 10.0)
FOLDS = 5
# A feature seen on fewer pages than this is left out of the model (noise, and size).
MIN_PAGES = 3
# Second-level labels under which the registrable domain has three labels (co.uk, com.au).
_SECOND_LEVEL = frozenset(("co", "com", "org", "net", "ac", "gov", "edu", "ne", "or"))


def domain(url: str | None) -> str:
    """The registrable domain, near enough: example.co.uk, example.com."""
    labels = host_of(url).split(".")
    take = 3 if len(labels) >= 3 and labels[-2] in _SECOND_LEVEL else 2
    return ".".join(labels[-take:])


def dataset(by_mode: dict[str, list[tuple[Document, Truth]]]):
    rows, ys, groups, modes = [], [], [], []
    for mode, docs in by_mode.items():
        for doc, truth in docs:
            if truth.type:
                rows.append(page_features(doc))
                ys.append(truth.type)
                groups.append(domain(truth.url))
                modes.append(mode)
    return rows, ys, groups, modes


def _fit(rows, ys, c: float):
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    counts: dict[str, int] = {}
    for row in rows:
        for name in row:
            counts[name] = counts.get(name, 0) + 1
    kept = [{k: v for k, v in row.items() if counts[k] >= MIN_PAGES} for row in rows]
    vec = DictVectorizer()
    x = vec.fit_transform(kept)
    model = LogisticRegression(C=c, max_iter=3000).fit(x, ys)
    return vec, model


def _predict(vec, model, rows) -> list[str]:
    return list(model.predict(vec.transform(rows)))


def held_out(rows, ys, groups, modes, c: float) -> dict[str, float]:
    """Accuracy per mode over the held-out folds (grouped by domain)."""
    from sklearn.model_selection import GroupKFold

    right: dict[str, list[bool]] = {m: [] for m in MODES}
    for train, test in GroupKFold(FOLDS).split(rows, ys, groups):
        vec, model = _fit([rows[i] for i in train], [ys[i] for i in train], c)
        for i, got in zip(test, _predict(vec, model, [rows[i] for i in test]), strict=True):
            right[modes[i]].append(got == ys[i])
    return {m: sum(v) / len(v) for m, v in right.items() if v}


def cross_validate(by_mode, c: float | None = None) -> dict[str, float]:
    """Held-out accuracy per mode at ``c`` (default: the shipped model's C)."""
    if c is None:
        c = json.loads(MODEL_PATH.read_text(encoding="utf-8"))["C"]
    return held_out(*dataset(by_mode), c)


def export(vec, model, c: float) -> dict:
    names = vec.get_feature_names_out()
    weights = {}
    for j, name in enumerate(names):
        row = [round(float(w), 4) for w in model.coef_[:, j]]
        if any(abs(w) >= 1e-4 for w in row):
            weights[str(name)] = row
    return {"C": c, "classes": [str(k) for k in model.classes_],
            "intercept": [round(float(b), 4) for b in model.intercept_], "weights": weights}


def main() -> int:
    args = trainer_arguments(__doc__)
    by_mode = {m: labelled_docs(args.shared, m, None, args.cache) for m in MODES}
    rows, ys, groups, modes = dataset(by_mode)
    best_c, best = C_GRID[0], -1.0
    for c in C_GRID:
        acc = held_out(rows, ys, groups, modes, c)
        mean = sum(acc.values()) / len(acc)
        print(f"C={c:<5} held out: " + ", ".join(f"{m} {a:.3f}" for m, a in acc.items()))
        if mean > best:
            best_c, best = c, mean
    print(f"chosen C={best_c} (mean held-out accuracy {best:.3f})")
    if args.write:
        vec, model = _fit(rows, ys, best_c)
        MODEL_PATH.write_text(json.dumps(export(vec, model, best_c), separators=(",", ":"))
                              + "\n", encoding="utf-8")
        print(f"wrote {MODEL_PATH}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
