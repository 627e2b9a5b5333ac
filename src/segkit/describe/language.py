"""The page's language as an ISO 639-1 code: ``<html lang>``, else its function words."""

from __future__ import annotations

from itertools import chain, islice
from typing import Final

import regex

from segkit.classify.features import LANGUAGE_SAMPLE_LINES, LANGUAGE_SAMPLE_WORDS, _language
from segkit.document import Document

# ISO 639-2/3 codes (and a few old or odd tags) that pages put in lang="", to 639-1.
_THREE_TO_TWO: Final = {
    "eng": "en", "deu": "de", "ger": "de", "fra": "fr", "fre": "fr", "spa": "es", "ita": "it",
    "por": "pt", "nld": "nl", "dut": "nl", "swe": "sv", "dan": "da", "nor": "no", "nob": "nb",
    "fin": "fi", "pol": "pl", "ces": "cs", "cze": "cs", "rus": "ru", "ukr": "uk", "tur": "tr",
    "jpn": "ja", "zho": "zh", "chi": "zh", "kor": "ko", "ara": "ar", "heb": "he", "ell": "el",
    "gre": "el", "hun": "hu", "ron": "ro", "rum": "ro", "iw": "he", "in": "id", "ji": "yi",
}
_TAG: Final = regex.compile(r"^([a-z]{2,3})(?:[-_].*)?$")


def normalise_lang(tag: str | None) -> str | None:
    """``en-GB``, ``EN_us``, ``eng`` -> ``en``; None for empty or unreadable tags."""
    if not tag:
        return None
    match = _TAG.match(tag.strip().lower())
    if match is None:
        return None
    code = _THREE_TO_TWO.get(match.group(1), match.group(1))
    return code if len(code) == 2 else None


def find_language(doc: Document) -> str | None:
    """``<html lang>`` where the page gives one, else the classifier's word-based guess."""
    declared = normalise_lang(getattr(doc.meta, "lang", None))
    if declared:
        return declared
    texts = (ln.text.lower().split() for ln in doc.lines[:LANGUAGE_SAMPLE_LINES] if ln.text)
    return _language(list(islice(chain.from_iterable(texts), LANGUAGE_SAMPLE_WORDS)))
