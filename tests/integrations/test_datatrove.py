"""segkit as a DataTrove step: run by DataTrove's own LocalPipelineExecutor on a small
JSONL corpus, in place of its Trafilatura extractor; docs/scale.md's example runs."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest
from test_docs import Session, blocks

datatrove = pytest.importorskip(
    "datatrove", reason="DataTrove is an optional extra: pip install 'segkit-web[datatrove]'")

from datatrove.executor import LocalPipelineExecutor  # noqa: E402
from datatrove.pipeline.extractors import Trafilatura  # noqa: E402
from datatrove.pipeline.extractors.base import BaseExtractor  # noqa: E402
from datatrove.pipeline.readers import JsonlReader  # noqa: E402
from datatrove.pipeline.writers import JsonlWriter  # noqa: E402

import segkit  # noqa: E402
from segkit.cli import main  # noqa: E402
from segkit.integrations.datatrove import (  # noqa: E402
    META_FIELDS,
    SegkitExtractor,
    encode_runs,
    label_runs,
    line_labels,
)

ROOT = Path(__file__).resolve().parents[2]
PARAGRAPHS = ("The council voted on Tuesday to keep the winter ferry running, after a long "
              "debate about what the service costs and who uses it.",
              "Fares will rise by a tenth from January, and the timetable will be cut to four "
              "crossings a day on weekdays.")
HTML = ("<html lang='en'><head>"
        "<title>Ferry to keep running all winter | Harbour Gazette</title>"
        "<meta property='og:type' content='article'></head>"
        "<body><nav><a href='/'>Home</a> <a href='/news'>News</a></nav>"
        "<h1>Ferry to keep running all winter</h1><p>By Ada Quill</p>"
        + "".join(f"<p>{p}</p>" for p in PARAGRAPHS) + "</body></html>")
TEXT = ("Harbour notes\nHome | News | Sport\n\nThe harbour master says the new pontoon will be "
        "in place before the summer season begins, weather allowing.\nBoat owners should move "
        "their moorings by the end of April, the harbour office said on Monday.\n")
RECORDS = [
    {"id": "ferry", "url": "https://harbourgazette.example/news/ferry", "text": HTML,
     "metadata": {"date": "2025-02-04T18:40:00Z"}},
    {"id": "notes", "url": "https://example.org/notes", "text": TEXT},
    {"id": "blank", "text": "  \n "},
    {"id": "binary", "text": "\x00\x01\x02\x03" * 50},
]


def write_corpus(folder: Path, records: list[dict] = RECORDS) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    with open(folder / "part-0.jsonl", "w", encoding="utf-8") as fh:
        for record in records:
            fh.write(json.dumps(record) + "\n")
    return folder


def run_pipeline(tmp_path: Path, step: SegkitExtractor, name: str = "out") -> dict[str, dict]:
    LocalPipelineExecutor(
        pipeline=[JsonlReader(str(write_corpus(tmp_path / "crawl"))), step,
                  JsonlWriter(str(tmp_path / name))],
        tasks=1, workers=1, logging_dir=str(tmp_path / f"logs-{name}")).run()
    with gzip.open(tmp_path / name / "00000.jsonl.gz", "rt", encoding="utf-8") as fh:
        return {doc["id"]: doc for doc in map(json.loads, fh)}


@pytest.fixture(scope="module")
def extracted(tmp_path_factory) -> tuple[Path, dict[str, dict]]:
    tmp = tmp_path_factory.mktemp("datatrove")
    return tmp, run_pipeline(tmp, SegkitExtractor())


def test_it_is_a_datatrove_extractor_like_trafilatura():
    step = SegkitExtractor()
    # Trafilatura's class, not an instance: making one needs trafilatura installed.
    assert isinstance(step, BaseExtractor) and issubclass(Trafilatura, BaseExtractor)
    assert step.extract(HTML) == "\n".join(PARAGRAPHS)  # the interface: text in, article out


def test_the_executor_keeps_the_article_and_drops_what_is_not_a_page(extracted):
    _, docs = extracted
    assert set(docs) == {"ferry", "notes"}
    assert docs["ferry"]["text"] == "\n".join(PARAGRAPHS)
    assert docs["notes"]["text"].startswith("The harbour master says")


def test_the_documents_metadata_is_kept_and_segkits_added(extracted):
    _, docs = extracted
    meta = docs["ferry"]["metadata"]
    assert meta["url"] == "https://harbourgazette.example/news/ferry"
    assert meta["date"] == "2025-02-04T18:40:00Z"  # the crawl's date, not the page's
    found = meta["segkit"]
    assert (found["title"], found["author"], found["language"]) == (
        "Ferry to keep running all winter", "Ada Quill", "en")
    direct = segkit.extract(HTML, "https://harbourgazette.example/news/ferry").to_dict()
    assert {k: found[k] for k in META_FIELDS} == {k: direct[k] for k in META_FIELDS}
    assert set(found) == {"title", "author", "date", "language", "page_type", "site",
                          "labels"}


def test_the_labels_are_splits_labels_compactly(extracted, tmp_path, capsys):
    _, docs = extracted
    (tmp_path / "notes.txt").write_text(TEXT, encoding="utf-8")
    assert main(["split", "--jobs", "1", "--url", "https://example.org/notes",
                 str(tmp_path / "notes.txt")]) == 0
    record = json.loads(capsys.readouterr().out)
    labels = [ln["label"] for ln in record["lines"] if ln["label"] is not None]
    coded = docs["notes"]["metadata"]["segkit"]["labels"]
    assert line_labels(coded) == labels
    assert len(coded) < len(" ".join(labels))  # runs, not a label per line
    body = [ln["text"] for ln in record["lines"] if ln["label"] == "body"]
    assert docs["notes"]["text"].split("\n") == body


def test_the_stats_count_what_was_dropped(extracted):
    tmp, _ = extracted
    stats = json.loads((tmp / "logs-out" / "stats.json").read_text(encoding="utf-8"))
    ours = next(s for s in stats if "segkit" in s["name"])["stats"]
    assert ours["total"] == 4 and ours["forwarded"] == 2
    assert ours["dropped"] + ours["not_a_page"] == 2 and ours["not_a_page"] >= 1


def test_article_labels_choose_the_text(tmp_path):
    docs = run_pipeline(tmp_path, SegkitExtractor(article=("headline", "body")))
    assert docs["ferry"]["text"].split("\n")[0] == "Ferry to keep running all winter"
    with pytest.raises(ValueError, match="footer"):
        SegkitExtractor(article=("footer",))


def test_runs_round_trip():
    labels = ["nav", "nav", "nav", "headline", "byline", "body", "body", "nav"]
    assert encode_runs(labels) == "nav*3 headline byline body*2 nav"
    assert list(label_runs("nav*3 headline")) == [("nav", 3), ("headline", 1)]
    assert line_labels(encode_runs(labels)) == labels and encode_runs([]) == ""


def test_the_article_is_segkits_extract(extracted):
    _, docs = extracted
    assert docs["ferry"]["text"] == segkit.extract(HTML).text


def test_the_scale_page_example_runs(tmp_path):
    page = (ROOT / "docs" / "scale.md").read_text(encoding="utf-8")
    section = page[page.index("## DataTrove"):]
    section = section[:section.index("\n## ", 1)]
    found = blocks(section)
    assert [b.kind for b in found] == ["file", "python"]
    session = Session(tmp_path, page="docs/scale.md")
    for block in found:
        session.run_block(block)
    assert (session.root / "articles" / "00000.jsonl.gz").is_file()
