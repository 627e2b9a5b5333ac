"""NUL bytes and UTF-16 without a byte-order mark: text to read, not binary to refuse."""

from __future__ import annotations

import pytest

from segkit.inputs.charset import decode_html_page
from segkit.inputs.decode import InputError, decode

NUL_REPLACEMENT = "\ufffd"  # U+FFFD, as browsers show it

TEXT = "The harbour reopened on Monday.\nOfficials said the work was done."
PAGE = "<html><body><p>The harbour reopened on Monday, officials said.</p></body></html>"


def test_a_stray_nul_in_a_page_is_replaced_not_refused():
    data = PAGE.replace("Monday", "Mon\x00day").encode("utf-8")
    page = decode_html_page(data, "p.html")
    assert "Mon" + NUL_REPLACEMENT + "day" in page.text
    assert page.utf8 is None or page.utf8.decode("utf-8") == page.text


def test_a_stray_nul_in_text_is_replaced_not_refused():
    assert decode(TEXT.replace("Monday", "Mon\x00day").encode(), "t") == TEXT.replace(
        "Monday", "Mon" + NUL_REPLACEMENT + "day")


@pytest.mark.parametrize("data", [
    b"\x7fELF\x02\x01\x01" + bytes(64) + b"text",
    b"\x00\x01\x02\x03" * 200,
    bytes(500),
])
def test_really_binary_data_is_still_refused(data):
    with pytest.raises(InputError, match="binary"):
        decode(data, "b")
    with pytest.raises(InputError, match="binary"):
        decode_html_page(data, "b")


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_utf16_without_a_bom_is_read_from_its_bytes(encoding):
    assert decode(TEXT.encode(encoding), "t") == TEXT
    assert decode_html_page(PAGE.encode(encoding), "p").text == PAGE
