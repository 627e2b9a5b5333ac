"""Loading and scoring the read-only real data in ``../shared``, for tests and benchmarks.

One module so that ``tests/classify/test_quality.py`` and ``benchmarks/bench_text.py`` compute
the same figures the same way. It imports no pytest: callers decide how to skip.
"""

from __future__ import annotations

import json
import tracemalloc
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from segkit.document import Document
from segkit.inputs.decode import decode
from segkit.pipeline import Segmenter
from segkit.tools.evaluate import BodyScores, LineScores, body_scores, read_gold

# shared/ sits beside the project folder (its README says so).
SHARED = Path(__file__).resolve().parents[1].parent / "shared"
GOLD_SUFFIX = ".labels.tsv"


@dataclass(frozen=True)
class Corpus:
    """Where each part of shared/ lives, relative to its root."""

    root: Path

    @property
    def articles(self) -> Path:
        return self.root / "bench" / "articles"

    @property
    def text_dir(self) -> Path:
        return self.articles / "text"

    @property
    def truth_file(self) -> Path:
        return self.articles / "ground-truth.json"

    @property
    def labels_dir(self) -> Path:
        return self.articles / "labels"

    @property
    def seeds_dir(self) -> Path:
        return self.root / "seeds"

    def missing(self) -> str | None:
        """Why this corpus cannot be used, or None when every part is there."""
        for path in (self.text_dir, self.truth_file, self.labels_dir, self.seeds_dir):
            if not path.exists():
                return f"shared data not found: {path} is missing"
        return None


@dataclass(frozen=True)
class LabelledDoc:
    """A raw text and its line-by-line gold labels (None for a blank line)."""

    id: str
    text: str
    gold: list[str | None]


def read_text(path: Path) -> str:
    """Decode a raw-text file exactly as ``segkit split`` does."""
    return decode(path.read_bytes(), str(path))


def article_texts(corpus: Corpus) -> dict[str, str]:
    """The 181 pages of ``text/``, by id, in a stable order."""
    return {p.stem: read_text(p) for p in sorted(corpus.text_dir.glob("*.txt"))}


def ground_truth(corpus: Corpus) -> dict[str, str]:
    """``{id: articleBody}`` of the article benchmark."""
    data = json.loads(corpus.truth_file.read_text(encoding="utf-8"))
    return {key: value["articleBody"] for key, value in data.items()}


def _labelled(gold_files: Iterable[Path], text_dir: Path) -> list[LabelledDoc]:
    docs = []
    for gold_path in sorted(gold_files):
        doc_id = gold_path.name[: -len(GOLD_SUFFIX)]
        text = read_text(text_dir / f"{doc_id}.txt")
        rows = read_gold(gold_path)
        if [t for _, t in rows] != text.split("\n"):
            raise ValueError(f"{gold_path}: its lines differ from {doc_id}.txt")
        docs.append(LabelledDoc(doc_id, text, [label for label, _ in rows]))
    return docs


def labelled_pages(corpus: Corpus) -> list[LabelledDoc]:
    """The nine article pages with gold labels (raw text in ``text/``)."""
    return _labelled(corpus.labels_dir.glob(f"*{GOLD_SUFFIX}"), corpus.text_dir)


def seed_docs(corpus: Corpus) -> list[LabelledDoc]:
    """The two seed pages with gold labels (raw text beside the gold)."""
    return _labelled(corpus.seeds_dir.glob(f"*{GOLD_SUFFIX}"), corpus.seeds_dir)


def body_text(doc: Document) -> str:
    """The predicted article body, joined as ``segkit eval --bodies`` joins it."""
    return "\n".join(line.text for line in doc.lines if line.label == "body")


def segment_all(segmenter: Segmenter, texts: Mapping[str, str]) -> dict[str, Document]:
    return {doc_id: segmenter.segment(text, id=doc_id) for doc_id, text in texts.items()}


def score_bodies(docs: Mapping[str, Document], truth: Mapping[str, str]) -> BodyScores:
    """Body precision/recall/F1 over the pages of the ground truth."""
    return body_scores({i: body_text(d) for i, d in docs.items()}, dict(truth))


def score_lines(segmenter: Segmenter, docs: Iterable[LabelledDoc]) -> LineScores:
    """Line-label scores of ``segmenter`` over labelled documents."""
    scores = LineScores()
    for doc in docs:
        scores.add(doc.gold, segmenter.segment(doc.text, id=doc.id).labels)
    return scores


def traced_peak(run: Callable[[], object]) -> int:
    """Peak bytes allocated during ``run``, after one untraced warm-up call."""
    run()
    tracemalloc.start()
    try:
        run()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
