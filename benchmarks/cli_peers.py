#!/usr/bin/env python3
"""A peer of ``segkit split`` run the way a user runs a command: one process over files.

    python benchmarks/cli_peers.py justext|trafilatura|resiliparse FILE...

Reads each file (gunzipping ``.gz``), extracts its body with the peer and writes one JSON
line per file, ``{"id": ..., "body": ...}``, to stdout: the same work as a whole
``segkit split`` run (start-up, imports, reading, extracting, writing), for
``bench_cli.py`` to time beside it. jusText is fed a text file's lines as ``<p>``
paragraphs, as ``bench_text.py`` does; on HTML every peer gets the page as it is.
Imports only the peer: its start-up cost is the peer's own.
"""

from __future__ import annotations

import gzip
import html
import json
import sys
from collections.abc import Callable
from pathlib import Path

Extract = Callable[[str, bool], str]


def read(path: Path) -> tuple[str, bool]:
    """The file's text (a page's HTML, decoded as UTF-8 with replacement) and whether HTML."""
    data = path.read_bytes()
    if path.suffix == ".gz":
        data = gzip.decompress(data)
    is_html = ".htm" in path.name
    return data.decode("utf-8", "replace"), is_html


def lines_as_html(text: str) -> str:
    """One ``<p>`` per non-blank line, so that jusText's paragraphs are the text's lines."""
    paragraphs = "".join(f"<p>{html.escape(line)}</p>\n" for line in text.split("\n")
                         if line.strip())
    return f"<html><body>\n{paragraphs}</body></html>"


def justext_peer() -> Extract:
    import justext

    stoplist = justext.get_stoplist("English")

    def extract(text: str, is_html: bool) -> str:
        page = text if is_html else lines_as_html(text)
        return "\n".join(p.text for p in justext.justext(page, stoplist)
                         if not p.is_boilerplate)

    return extract


def trafilatura_peer() -> Extract:
    import trafilatura

    return lambda text, is_html: trafilatura.extract(text) or ""


def resiliparse_peer() -> Extract:
    from resiliparse.extract.html2text import extract_plain_text

    return lambda text, is_html: extract_plain_text(text, main_content=True)


PEERS = {"justext": justext_peer, "trafilatura": trafilatura_peer,
         "resiliparse": resiliparse_peer}


def main(argv: list[str]) -> int:
    if len(argv) < 2 or argv[0] not in PEERS:
        print(f"usage: cli_peers.py {{{','.join(PEERS)}}} FILE...", file=sys.stderr)
        return 2
    extract = PEERS[argv[0]]()
    out = sys.stdout
    for name in argv[1:]:
        text, is_html = read(Path(name))
        try:
            body = extract(text, is_html)
        except Exception as exc:  # a peer's failure on one page costs that page only
            body, error = "", f"{type(exc).__name__}: {exc}"
            print(f"{name}: {error}", file=sys.stderr)
        out.write(json.dumps({"id": name, "body": body}, ensure_ascii=False) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
