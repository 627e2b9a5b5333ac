"""Stage 1, features: what each cue test of ``line_features`` finds in a line by itself."""

import ast
from pathlib import Path

import pytest

import segkit.classify
from segkit.classify.features import (
    CASE_MIN_CHARS,
    CUE_MAX_CHARS,
    DENSE_SCRIPT_FACTOR,
    NOT_MEASURED,
    line_features,
)

PROSE = ("The council said on Tuesday that the new bridge would open to traffic in the spring, "
         "and that the old one would be closed for repairs.")


def one(text: str):
    (f,) = line_features([text])
    return f


@pytest.mark.parametrize(("text", "cue"), [
    ("Wednesday 20 November 2019 11:42, UK", "date"),
    ("By Jane Smith", "byline"),
    ("Jane Smith @janesmith", "byline"),
    ("Photo: Jane Doe/Reuters", "caption"),
    ("A crowd gathers outside the court (AP Photo/Jane Doe)", "caption"),
    ("Share this article", "nav"),
    ("Home » News » World", "nav"),
    ("Related articles", "related"),
    ("12 Comments", "comments"),
    ("34 responses to Why the bridge closed for the winter", "comments"),
    ("About Jane Smith", "comments"),
    ("Read more: Why the bridge closed", "read_more"),
    ("© 2024 Example News. All rights reserved.", "copyright"),
    ("- first item of a list", "bullet"),
    ("https://example.com/story", "link"),
])
def test_each_cue_is_found_in_its_line_and_not_in_prose(text, cue):
    assert getattr(one(text), cue) is True
    assert getattr(one(PROSE), cue) is False


def test_a_line_too_long_for_a_cue_has_none_but_a_notice():
    long_byline = "By Jane Smith " + "and more words " * 20
    assert len(long_byline) > CUE_MAX_CHARS
    assert not one(long_byline).byline
    notice = "© 2024 Example News. " + "All rights reserved by the publisher. " * 4
    assert len(notice) > CUE_MAX_CHARS and one(notice).nav


def test_a_sentence_that_merely_starts_with_a_furniture_word_is_no_menu_entry():
    assert one("Share").nav
    assert not one("Share prices fell sharply on Monday after the bank raised rates.").nav


def test_sentence_end_case_and_repeats():
    a, b, c = line_features(["Home", "Home", PROSE])
    assert a.repeats == b.repeats == 2 and c.repeats == 1
    assert c.terminal and not a.terminal
    assert one('He said: "It is over."').terminal  # a closing quote after the stop
    assert one("Contact us").lower_share == NOT_MEASURED  # too short to ask
    assert one("This Is A Title In Title Case Here").lower_share == 0.0


def test_dense_scripts_count_each_character_as_several():
    line = "中" * 40
    assert one(line).chars == 40 * DENSE_SCRIPT_FACTOR
    assert one("x" * 40).chars == 40 and 40 * DENSE_SCRIPT_FACTOR >= CASE_MIN_CHARS


def test_invisible_lines_have_no_length_and_no_cues():
    f = one("")  # what is left of a line of zero-width characters once they are stripped
    assert f.chars == 0 and f.words == 0 and not f.nav and f.stop_share == NOT_MEASURED


def _constants(path: Path) -> set[str]:
    """The upper-case names a module assigns at its top level."""
    names = set()
    for node in ast.parse(path.read_text(encoding="utf-8")).body:
        if isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            names.add(node.target.id)
        elif isinstance(node, ast.Assign):
            names.update(t.id for t in node.targets if isinstance(t, ast.Name))
    return {name for name in names if name.lstrip("_").isupper()}


def test_no_constant_name_is_defined_in_two_classifier_modules():
    folder = Path(segkit.classify.__file__).parent
    seen: dict[str, str] = {}
    for path in sorted(folder.glob("*.py")):
        for name in _constants(path):
            assert name not in seen, f"{name} is defined in {seen[name]} and {path.name}"
            seen[name] = path.name
    assert "GOOD_MIN_CHARS" in seen and "CUE_MAX_CHARS" in seen  # the sources were read
