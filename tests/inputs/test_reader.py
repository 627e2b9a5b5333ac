"""Reading inputs: encodings, line ends, and every kind of bad input named on stderr."""

from __future__ import annotations

import codecs
import io
import json
import sys
from pathlib import Path

import pytest

from segkit.cli import EXIT_RECORD_ERRORS, main
from segkit.inputs.decode import (
    InputError,
    Source,
    count_control_bytes,
    count_controls,
    decode,
)
from segkit.inputs.files import iter_records

WESTERN = "Café crème – naïve résumé, “quoted” text for 5 €.\nÀ bientôt, garçon. Où est-il?\n"
FRENCH = "Ça va très bien, merci. Où est la gare? À bientôt, garçon. Il était très élevé.\n"
JAPANESE = "日本語のテキストです。これはテストの文章です。\n東京は晴れです。\n"


@pytest.fixture(autouse=True)
def _no_env_plugins(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SEGKIT_PLUGINS", raising=False)


# --- decode: encodings ------------------------------------------------------------

@pytest.mark.parametrize(("data", "text"), [
    (b"Plain ascii\n", "Plain ascii\n"),
    ("Grüße aus Köln — “quoted”\n".encode(), "Grüße aus Köln — “quoted”\n"),
    (codecs.BOM_UTF8 + b"BOM first\n", "BOM first\n"),
    ("UTF-16 with BOM: wörld\n".encode("utf-16"), "UTF-16 with BOM: wörld\n"),
    (codecs.BOM_UTF16_BE + "big endian ü\n".encode("utf-16-be"), "big endian ü\n"),
    (codecs.BOM_UTF16_LE + "little endian ü\n".encode("utf-16-le"), "little endian ü\n"),
    ("UTF-32 too ✓\n".encode("utf-32"), "UTF-32 too ✓\n"),
], ids=["ascii", "utf8", "utf8-bom", "utf16", "utf16-be", "utf16-le", "utf32"])
def test_decode_unicode_encodings_and_drops_the_bom(data, text):
    assert decode(data, "x") == text


@pytest.mark.parametrize(("text", "encoding"), [
    (WESTERN, "cp1252"),
    (FRENCH, "latin-1"),
    (JAPANESE, "shift_jis"),
])
def test_decode_detects_a_legacy_encoding_from_the_bytes(text, encoding):
    data = text.encode(encoding)
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")  # so it really is the detection that finds it
    assert decode(data, "x") == text


@pytest.mark.parametrize("eol", ["\n", "\r\n", "\r"], ids=["lf", "crlf", "cr"])
@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "cp1252"])
def test_decode_normalises_line_ends(eol, encoding):
    lines = ["Première ligne", "", "Deuxième ligne", "Dernière"]
    data = (eol.join(lines) + eol).encode(encoding)
    assert decode(data, "x") == "\n".join(lines) + "\n"


def test_decode_mixed_line_ends_give_one_line_each():
    assert decode(b"one\r\ntwo\rthree\nfour\r\r\nfive", "x").split("\n") == [
        "one", "two", "three", "four", "", "five"]


# --- decode: bad bytes ------------------------------------------------------------

@pytest.mark.parametrize(("data", "reason"), [
    (b"", "empty input"),
    (b"  \r\n\t\n", "only white space"),
    (codecs.BOM_UTF8, "only white space"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00", "binary"),
    (b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03", "binary"),
    (bytes(range(1, 9)) * 40 + b"some text", "binary"),
    (codecs.BOM_UTF16_LE + b"\x00\xd8a\x00", "undecodable"),  # lone surrogate
    (codecs.BOM_UTF16_LE + b"a\x00b", "undecodable"),  # odd number of bytes
    (codecs.BOM_UTF8 + b"ok \xff\xfe\xfa", "undecodable"),
], ids=["empty", "blank", "bom-only", "png", "gzip", "controls", "surrogate", "odd-utf16",
        "bad-utf8-after-bom"])
def test_decode_bad_bytes_raise_input_error_naming_the_input(data, reason):
    with pytest.raises(InputError) as exc:
        decode(data, "page.txt")
    assert exc.value.name == "page.txt"
    assert str(exc.value).startswith("page.txt: ")
    assert reason in exc.value.reason


def test_decode_allows_a_few_stray_controls_in_real_text():
    line = "A long enough line of ordinary text, with a form feed\f and a tab\tin it.\n"
    text = line * 2 + line.replace("tab", "bell\x07")  # one stray control in 230 characters
    assert decode(text.encode(), "x") == text


def test_decode_counts_the_controls_of_utf16_text_not_of_its_bytes():
    wide_latin = "".join(map(chr, range(0x100, 0x120)))  # UTF-16 bytes 0x00-0x1F, 0x01
    assert decode((wide_latin * 20).encode("utf-16"), "x") == wide_latin * 20
    with pytest.raises(InputError, match="binary"):
        decode(("\x07" * 10 + wide_latin * 20).encode("utf-16"), "x")


def test_count_control_bytes_of_utf8_is_count_controls_of_its_text():
    text = "".join(map(chr, range(0x30))) * 3 + "\x7f\x85 é€🙂 ĀāĂ \u2028" + "\x1f" * 7
    assert count_control_bytes(text.encode()) == count_controls(text) == 3 * 28 + 7


# --- iter_records ----------------------------------------------------------------

def test_iter_records_files_folders_and_missing_paths(tmp_path):
    (tmp_path / "d" / "sub").mkdir(parents=True)
    (tmp_path / "d" / "z.txt").write_bytes(b"z")
    (tmp_path / "d" / "sub" / "a.html.txt").write_bytes(b"a")
    (tmp_path / "d" / ".git").mkdir()
    (tmp_path / "d" / ".git" / "config").write_bytes(b"hidden")
    (tmp_path / "one.txt").write_bytes(b"one")
    items = list(iter_records([str(tmp_path / "one.txt"), str(tmp_path / "d"),
                               str(tmp_path / "gone.txt")]))
    sources = [i for i in items if isinstance(i, Source)]
    assert [(s.id, s.data) for s in sources] == [
        ("one", b"one"), ("sub/a.html", b"a"), ("z", b"z")]
    assert sources[1].name == str(tmp_path / "d" / "sub" / "a.html.txt")
    [error] = [i for i in items if isinstance(i, InputError)]
    assert error.name == str(tmp_path / "gone.txt")
    assert "no such file" in error.reason


@pytest.mark.parametrize("hidden_only", [False, True])
def test_iter_records_folder_without_readable_files_is_an_error(tmp_path, hidden_only):
    folder = tmp_path / "empty"
    (folder / "deeper").mkdir(parents=True)
    if hidden_only:
        (folder / ".DS_Store").write_bytes(b"junk")
    [error] = list(iter_records([str(folder)]))
    assert isinstance(error, InputError)
    assert error.name == str(folder)
    assert "no readable files" in error.reason


def test_iter_records_dash_reads_stdin_bytes(monkeypatch):
    raw = "caf\xe9\r\n".encode("latin-1")
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(raw)))
    [source] = list(iter_records(["-"]))
    assert (source.name, source.id, source.data) == ("<stdin>", "stdin", raw)


# --- the CLI goes on past bad inputs ------------------------------------------------

BAD_INPUTS = {
    "missing": (None, "no such file or directory"),
    "empty.txt": (b"", "empty input"),
    "binary.bin": (b"\x7fELF\x02\x01\x01\x00\x00\x00\x00\x00\x00\x00\x00\x00", "binary"),
    "undecodable.txt": (codecs.BOM_UTF16_LE + b"\x00\xd8\x00\xd8", "undecodable"),
    "emptydir": ("dir", "no readable files"),
}


def _make_bad(tmp_path: Path, name: str) -> Path:
    data, _ = BAD_INPUTS[name]
    path = tmp_path / name
    if data == "dir":
        path.mkdir()
    elif data is not None:
        path.write_bytes(data)
    return path


def _good(tmp_path: Path) -> Path:
    good = tmp_path / "good.txt"
    good.write_bytes("A good page\r\n\r\nwith text in it.".encode("utf-16"))
    return good


@pytest.mark.parametrize("name", list(BAD_INPUTS))
def test_each_bad_input_is_named_and_the_run_goes_on(capsys, tmp_path, name):
    bad = _make_bad(tmp_path, name)
    good = _good(tmp_path)
    code = main(["split", "--generic", str(bad), str(good)])
    out, err = capsys.readouterr()
    assert code == EXIT_RECORD_ERRORS
    error, record = [json.loads(line) for line in out.splitlines()]
    assert list(error) == ["id", "source", "error"]
    assert error["source"] == str(bad) and BAD_INPUTS[name][1] in error["error"]
    assert record["id"] == "good"
    assert [ln["text"] for ln in record["lines"]] == ["A good page", "", "with text in it."]
    assert f"segkit: {bad}: " in err
    assert BAD_INPUTS[name][1] in err
    assert "2 record(s) in" in err and "1 document(s), 1 error(s)" in err


def test_all_bad_inputs_in_one_run_are_each_reported(capsys, tmp_path):
    bad = [_make_bad(tmp_path, name) for name in BAD_INPUTS]
    good = _good(tmp_path)
    code = main(["split", "--generic", "--format", "tsv", *map(str, bad), str(good)])
    out, err = capsys.readouterr()
    assert code == EXIT_RECORD_ERRORS
    assert out.splitlines()[2] == "good\t\t"  # tsv has no place for error entries
    assert "with text in it." in out
    for path in bad:
        assert f"segkit: {path}: " in err
    assert f"1 document(s), {len(bad)} error(s)" in err


def test_a_folder_with_one_bad_file_reports_it_and_splits_the_rest(capsys, tmp_path):
    folder = tmp_path / "pages"
    folder.mkdir()
    (folder / "a.txt").write_bytes(WESTERN.encode("cp1252"))
    (folder / "b.txt").write_bytes(b"")
    (folder / "c.txt").write_bytes(JAPANESE.encode("shift_jis"))
    code = main(["split", "--generic", str(folder)])
    out, err = capsys.readouterr()
    assert code == EXIT_RECORD_ERRORS
    first, error, last = [json.loads(line) for line in out.splitlines()]
    assert error == {"id": "b", "source": str(folder / "b.txt"), "error": "empty input"}
    assert ["\n".join(ln["text"] for ln in r["lines"]) for r in (first, last)] == [
        WESTERN, JAPANESE]
    assert f"{folder / 'b.txt'}: empty input" in err
    assert "no readable files" not in err


def test_good_inputs_only_exit_zero_with_only_the_summary_on_stderr(capsys, tmp_path):
    good = _good(tmp_path)
    assert main(["split", "--generic", str(good)]) == 0
    [summary] = capsys.readouterr().err.splitlines()
    assert summary.startswith("segkit: 1 record(s) in ")
    assert summary.endswith("docs/s): 1 document(s), 0 error(s)")
