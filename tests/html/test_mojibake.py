"""UTF-8 once read as Windows-1252 or Latin-1 ("mojibake") is put back in an HTML page's
lines and metadata; clean text, and text that only looks close, is left alone; text input
is kept as it is."""

from __future__ import annotations

import json

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from segkit.html.mojibake import repair, repair_lines, suspect
from segkit.html.walker import html_to_lines
from segkit.pipeline import Segmenter

CLEAN = "A DIY Investor’s Guide — café, naïve, Müller, São Paulo, “quoted” … done"


def latin1_mojibake(text: str) -> str:
    """``text`` as a page saved it after reading its UTF-8 as Latin-1 (C1 controls)."""
    return text.encode("utf-8").decode("latin-1")


def cp1252_mojibake(text: str) -> str:
    """``text`` as a page saved it after reading its UTF-8 as Windows-1252 (``â€™``)."""
    out = []
    for byte in text.encode("utf-8"):
        try:
            out.append(bytes([byte]).decode("cp1252"))
        except UnicodeDecodeError:  # the five bytes Windows-1252 leaves undefined
            out.append(chr(byte))
    return "".join(out)


@pytest.mark.parametrize("spoil", [latin1_mojibake, cp1252_mojibake])
def test_mojibake_of_either_codec_is_put_back(spoil):
    spoiled = spoil(CLEAN)
    assert spoiled != CLEAN and suspect(spoiled)
    assert repair(spoiled) == CLEAN


@pytest.mark.parametrize("text", [
    CLEAN,
    "café–bar, été…",  # é then a Windows-1252 dash: the signature, but no UTF-8 behind it
    "NÃO ACEITAMOS",  # Portuguese capitals
    "plain ASCII text",
])
def test_clean_text_is_left_alone(text):
    assert repair(text) == text


def test_lines_without_the_signature_are_not_copied():
    lines = ["The harbour reopened", "Café au lait"]
    assert repair_lines(lines) is lines


def test_a_repaired_line_has_its_white_space_normalised_again():
    """``Â`` then a space reads as a no-break space spoilt; the line gets no white space
    at its ends back from the repair."""
    assert repair("Â Â\x80") == "\xa0\x80"
    assert repair_lines(["Â Â\x80", "Plain line"]) == ["\x80", "Plain line"]


def test_each_line_is_repaired_where_it_is():
    lines = [latin1_mojibake("Investor’s guide"), "", "Plain line", cp1252_mojibake("été")]
    assert repair_lines(lines) == ["Investor’s guide", "", "Plain line", "été"]


def test_text_input_is_kept_as_it_is():
    """A text run is lossless: its lines are the input's, mojibake and all."""
    text = f"{cp1252_mojibake('Why it’s late')}\n\nBy Jane Doe\n\nThe body, a sentence or two."
    doc = Segmenter(generic=True).segment(text)
    assert "\n".join(ln.text for ln in doc.lines) == text


def test_html_lines_and_metadata_are_repaired():
    title = latin1_mojibake("itertools — Functions creating iterators")
    ld = json.dumps({"@type": "Article", "headline": title,
                     "author": {"name": cp1252_mojibake("José Müller")}}, ensure_ascii=False)
    page = html_to_lines(
        f"<html><head><title>{title}</title><meta property='og:title' content='{title}'>"
        f"<script type='application/ld+json'>{ld}</script></head><body><h1>{title}</h1>"
        f"<p>{cp1252_mojibake('It’s a module of fast, memory efficient tools.')}</p></body></html>")
    clean = "itertools — Functions creating iterators"
    assert page.lines[:2] == [clean, clean]
    assert page.lines[2] == "It’s a module of fast, memory efficient tools."
    assert (page.meta.title, page.meta.og_title, page.meta.ld_headline) == (clean, clean, clean)
    assert page.meta.ld_authors == ("José Müller",)


@settings(max_examples=300, deadline=None)
@given(text=st.text(max_size=60))
def test_repair_never_moves_a_line_and_leaves_unsuspect_text_as_it_is(text):
    fixed = repair(text)
    assert fixed.count("\n") == text.count("\n")
    if not suspect(text):
        assert fixed is text


@example(words=["ßÉ"])  # decoded a second time, as code page 437, it became "ᐠ"
@example(words=["aß€"])  # and this "a߀"
@settings(max_examples=500, deadline=None)
@given(words=st.lists(st.text(alphabet="abcdeéèàüöçñßøåÉÜ’“”–—…€©®° ", min_size=1,
                              max_size=12), min_size=1, max_size=6))
def test_mojibake_of_accented_text_comes_back_whole(words):
    text = "The " + " ".join(words) + " end"
    assert repair(latin1_mojibake(text)) == text
    assert repair(cp1252_mojibake(text)) == text
