"""Make corpus inputs for tests and benchmarks: WARC/WET records, JSONL, gzip.

Pages are built from the project's own seeds with variations, so no shared data is
needed; the benchmark can also feed in pages it reads at run time.
"""

from __future__ import annotations

import gzip
import json
import uuid
from collections.abc import Iterable, Iterator
from pathlib import Path

SEEDS = Path(__file__).resolve().parents[1] / "seeds"


def seed_texts() -> list[str]:
    return [p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))]


def variant(text: str, n: int) -> str:
    """Seed page ``text`` made different for document ``n``: a numbered title, a line
    dropped, paragraphs rotated; still a page of the same kind."""
    lines = text.split("\n")
    lines[0] = f"{lines[0]} ({n})"
    if len(lines) > 8:
        del lines[3 + n % (len(lines) - 6)]
    k = n % 5
    mid = len(lines) // 2
    body = lines[mid:mid + 6]
    lines[mid:mid + 6] = body[k:] + body[:k]
    return "\n".join(lines)


def pages(count: int, texts: list[str] | None = None) -> Iterator[str]:
    texts = texts or seed_texts()
    for n in range(count):
        yield variant(texts[n % len(texts)], n)


def warc_record(body: bytes, *, rtype: str = "conversion", uri: str = "https://example.org/",
                number: int = 0, content_type: str = "text/plain") -> bytes:
    head = (f"WARC/1.0\r\nWARC-Type: {rtype}\r\nWARC-Target-URI: {uri}\r\n"
            f"WARC-Date: 2024-03-03T00:00:00Z\r\n"
            f"WARC-Record-ID: <urn:uuid:{uuid.UUID(int=number + 1)}>\r\n"
            f"Content-Type: {content_type}\r\nContent-Length: {len(body)}\r\n\r\n")
    return head.encode() + body + b"\r\n\r\n"


def warcinfo() -> bytes:
    return warc_record(b"software: segkit tests\r\n", rtype="warcinfo", uri="",
                       number=10**9, content_type="application/warc-fields")


def http_response(html: bytes, *, status: str = "200 OK", ctype: str = "text/html",
                  charset: str = "utf-8") -> bytes:
    return (f"HTTP/1.1 {status}\r\nContent-Type: {ctype}; charset={charset}\r\n"
            f"Content-Length: {len(html)}\r\n\r\n").encode() + html


def wet(texts: Iterable[str], *, gz: bool = True, domain: str = "example.org") -> bytes:
    """A WET file: a warcinfo record, then one conversion record per text (one gzip
    member per record when ``gz``, as Common Crawl writes them)."""
    records = [warcinfo()] + [
        warc_record(t.encode("utf-8"), uri=f"https://{domain}/page/{n}", number=n)
        for n, t in enumerate(texts)]
    if gz:
        return b"".join(gzip.compress(r, mtime=0) for r in records)
    return b"".join(records)


def write_wet(path: Path, texts: Iterable[str], *, domain: str = "example.org",
              gz: bool = True) -> int:
    """Stream a WET (gzipped per record unless not ``gz``) of ``texts`` to ``path``; the
    number of conversion records."""
    pack = (lambda r: gzip.compress(r, compresslevel=1, mtime=0)) if gz else (lambda r: r)
    count = 0
    with open(path, "wb") as fh:
        fh.write(pack(warcinfo()))
        for n, text in enumerate(texts):
            record = warc_record(text.encode("utf-8"), uri=f"https://{domain}/page/{n}",
                                 number=n)
            fh.write(pack(record))
            count += 1
    return count


def jsonl(records: Iterable[dict]) -> bytes:
    return b"".join(json.dumps(r, ensure_ascii=False).encode() + b"\n" for r in records)
