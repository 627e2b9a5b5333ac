"""Legacy bytes with no declared encoding, read as a browser would guess them."""

from __future__ import annotations

import pytest

from segkit.inputs import legacy
from segkit.inputs.charset import decode_html
from segkit.inputs.decode import InputError, Source, decode
from segkit.inputs.legacy import guess, web_codec
from segkit.inputs.options import JsonFields
from segkit.inputs.records import decode_record

# Written for these tests, each in a code page its language is still found in.
SENTENCES = [
    ("cp1252", "El ayuntamiento aprobó el martes un pres"),
    ("cp1250", "Městská rada v úterý schválila rozpočet na opravu mostu přes řeku."),
    ("iso8859_2", "Rada miasta zatwierdziła we wtorek budżet na remont szkół i nową ścieżkę."),
    ("koi8_r", "Городской совет во вторник утвердил бюджет на ремонт школ и библиотеки."),
    ("cp1254", "Belediye meclisi salı günü okulların onarımı için ayrılan bütçeyi onayladı."),
    ("cp1251", "Городской совет во вторник утвердил бюджет на ремонт школ."),
    ("cp1253", "Το δημοτικό συμβούλιο ενέκρινε την Τρίτη τον προϋπολογισμό για τα σχολεία."),
    ("shift_jis", "市議会は火曜日、学校の改修と新しい図書館の建設のための予算を承認した。"),
    ("gb18030", "市议会周二批准了用于修缮学校和建设新图书馆的预算。"),
    ("euc_kr", "시의회는 화요일 학교 보수와 새 도서관 건설을 위한 예산을 승인했다."),
]


@pytest.mark.parametrize(("encoding", "text"), SENTENCES, ids=[e for e, _ in SENTENCES])
def test_other_scripts_are_read_back(encoding, text):
    # Before, with charset-normalizer, the Spanish, Polish and Turkish came out in other
    # code pages ("aprob¾", "zatwierdziġa", "salý"); the rest hold it where they were read.
    assert decode(text.encode(encoding), "x.txt") == text


@pytest.mark.parametrize("text", [
    "©2025 East Coast Radio. All rights reserved.",
    "It’s common to get some unforeseen circumstances",
    "Boxes, boxes, packing peanuts, and—you guessed it",
    "Womanswork® sells men and women’s work gloves",
    "Sales • Marketing • Recruiting • Research",
    "Recipes for under £60 for 2 people",
])
def test_short_western_lines_keep_their_marks(text):
    # Before, each came out with a stray letter: "Š2025", "Itís", "andóyou", "Womanswork╝",
    # "Sales ï Marketing", "Ł60" (ISO-8859-2, Mac Roman, KOI8-R, windows-1250 guesses).
    assert decode(text.encode("cp1252"), "x.txt") == text
    assert decode_html(f"<p>{text}</p>".encode("cp1252"), "x.html") == f"<p>{text}</p>"


def test_a_letter_that_windows_1252_reads_as_a_number_is_left_to_the_detector():
    # "ł" is "³" in windows-1252: a superscript is no mark to prefer it for.
    text = "Rada miasta zatwierdziła budżet"
    assert decode(text.encode("cp1250"), "x.txt") == text


def test_the_western_reading_needs_the_guess_to_have_put_a_letter_there():
    data = "©2025".encode("cp1252")
    assert legacy._western_marks(data, "Š2025") == "©2025"
    assert legacy._western_marks(data, "Đ2025") == "©2025"
    assert legacy._western_marks(data, "¸2025") is None  # no letter in the guess either
    # "½" is a number, not a mark: it does not outweigh the guess's letter
    assert legacy._western_marks("½ off".encode("cp1252"), "˝ off") is None
    assert legacy._western_marks("½ off".encode("cp1252"), "Ă off") is None
    assert legacy._western_marks(b"caf\x81", "cafĂ") is None  # 0x81: none in windows-1252


def test_bytes_invalid_in_the_guessed_encoding_are_undecodable(monkeypatch):
    monkeypatch.setattr("chardetng_py.detect", lambda data, allow_utf8: "Shift_JIS")
    data = b"abc " * 30 + b"\x81\x20" * 3  # a lead byte with no second byte, three times
    assert guess(data) is None
    with pytest.raises(InputError, match="undecodable bytes: not UTF-8 and no legacy"):
        decode(data, "x.txt")


def test_only_the_head_of_a_large_input_is_read_by_the_detector(monkeypatch):
    seen = []
    monkeypatch.setattr("chardetng_py.detect",
                        lambda data, allow_utf8: seen.append(len(data)) or "windows-1252")
    data = "Café au lait. ".encode("cp1252") * (legacy.DETECT_BYTES // 10)
    assert (guess(data) or "").startswith("Café au lait.")
    assert seen == [legacy.DETECT_BYTES]


@pytest.mark.parametrize(("label", "codec"), [
    ("windows-1252", "cp1252"), ("ISO-8859-1", "cp1252"), ("ascii", "cp1252"),
    (" GBK ", "gb18030"), ("EUC-KR", "cp949"), ("Shift_JIS", "cp932"),
    ("windows-874", "cp874"), ("koi8-u", "koi8-u"), ("x-no-such", None),
])
def test_web_labels_name_the_codec_the_web_reads(label, codec):
    assert web_codec(label) == codec


def test_a_windows_874_declaration_is_read():
    # Python knows no "windows-874"; the declaration was passed over before.
    html = '<meta charset="windows-874"><p>สภาเมืองอนุมัติงบประมาณ</p>'
    assert decode_html(html.encode("cp874"), "a.html") == html


# --- an encoding declared by the bytes' transport (an HTTP Content-Type) -----------------

def _page(charset: str | None, data: bytes, kind: str = "html") -> str:
    return decode_record(Source("r", "r", data, kind=kind, charset=charset), JsonFields()).text


def test_the_transport_charset_outranks_the_meta_and_the_detector():
    # Before, the HTTP header was not read: the <meta> (or, without one, the guess) decided.
    body = "<p>Š2025</p>".encode("iso-8859-2")  # alone, it is read as "©2025"
    assert _page("iso-8859-2", body) == "<p>Š2025</p>"
    assert _page(None, body) == "<p>©2025</p>"
    meta = b'<meta charset="windows-1252">' + body
    assert _page("ISO-8859-2", meta) == meta.decode("iso-8859-2")
    assert _page("ISO-8859-2", "Š2025".encode("iso-8859-2"), kind="text") == "Š2025"


def test_a_transport_charset_that_does_not_fit_gives_way():
    utf8 = "<p>café “x”</p>".encode()
    assert _page("iso-8859-1", utf8) == "<p>café “x”</p>"  # a stale single-byte header
    assert _page("x-no-such", utf8) == "<p>café “x”</p>"  # a label no codec has
    sjis = "<p>市議会</p>".encode("shift_jis")
    assert _page("utf-8", b'<meta charset="shift_jis">' + sjis).endswith("<p>市議会</p>")
