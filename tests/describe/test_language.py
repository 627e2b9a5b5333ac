import pytest

from segkit.describe.language import find_language, normalise_lang
from segkit.document import Document
from segkit.evidence import PageMeta


@pytest.mark.parametrize(("tag", "code"), [
    ("en", "en"), ("en-GB", "en"), ("EN_us", "en"), ("deu", "de"), ("fre", "fr"),
    ("", None), (None, None), ("x-klingon", None), ("english", None),
])
def test_lang_tags_become_iso_639_1(tag, code):
    assert normalise_lang(tag) == code


def test_declared_language_wins_over_the_words():
    doc = Document.from_text("The cat sat on the mat and it was the best of the days.", id="d")
    doc.meta = PageMeta(lang="de-DE")
    assert find_language(doc) == "de"


def test_text_mode_guesses_from_function_words():
    doc = Document.from_text("Der Hund und die Katze sind im Garten, und es ist nicht kalt.",
                             id="d")
    assert find_language(doc) == "de"
    english = Document.from_text("The harbour was closed for three days after the storm.", id="e")
    assert find_language(english) == "en"
