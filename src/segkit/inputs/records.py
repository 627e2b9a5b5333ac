"""From a record's bytes to the text segkit labels: one decoder for every command and engine."""

from __future__ import annotations

import json
from dataclasses import dataclass

from segkit.inputs.charset import decode_html_page
from segkit.inputs.decode import InputError, Source, decode
from segkit.inputs.options import JsonFields


@dataclass(frozen=True, slots=True)
class Decoded:
    """A record ready to label: its text, whether it is HTML, and its identity.

    ``utf8`` holds the bytes an HTML page was read from when they are UTF-8, so the parser
    takes them as they are (see :func:`segkit.html.walker.html_to_lines`).
    """

    id: str
    url: str | None
    html: bool
    text: str
    utf8: bytes | None = None


def decode_record(source: Source, fields: JsonFields) -> Decoded:
    """Decode a record by its kind (text, HTML, or a JSONL line holding either)."""
    if source.kind == "jsonl":
        doc_id, url, kind, text = json_record(source, fields)
        return Decoded(doc_id, url, kind == "html", text)
    if source.kind == "html":
        text, utf8 = decode_html_page(source.data, source.name, source.charset)
        return Decoded(source.id, source.url, True, text, utf8)
    return Decoded(source.id, source.url, False,
                   decode(source.data, source.name, source.charset))


def json_record(source: Source, fields: JsonFields) -> tuple[str, str | None, str, str]:
    """(id, url, kind, text) of a JSONL line; its text is checked like a file's."""
    name = source.name
    try:
        record = json.loads(source.data)
    except ValueError as exc:
        raise InputError(name, f"not a JSON line: {exc}", id=source.id) from exc
    if not isinstance(record, dict):
        raise InputError(name, "a JSONL line must hold a JSON object", id=source.id)
    raw_id = record.get(fields.id)
    doc_id = source.id if raw_id is None or raw_id == "" else str(raw_id)
    url = record.get(fields.url)
    url = url if isinstance(url, str) and url else None
    text, html = record.get(fields.text), record.get(fields.html)
    if isinstance(text, str):
        try:
            return doc_id, url, "text", decode(text.encode("utf-8"), name)
        except UnicodeEncodeError as exc:  # a lone surrogate escaped in the JSON
            raise InputError(name, f"undecodable text: {exc}", id=doc_id) from exc
        except InputError as exc:
            raise InputError(name, exc.reason, id=doc_id) from exc
    if isinstance(html, str):
        if not html.strip():
            raise InputError(name, "empty input", id=doc_id)
        return doc_id, url, "html", html
    raise InputError(name, f"no {fields.text!r} or {fields.html!r} string field", id=doc_id)
