"""The page's kind before its lines are labelled: features and the linear model."""

from __future__ import annotations

import math

import pytest

from segkit.classify.page_kind import (
    KIND_COLUMNS,
    PAGE_KINDS,
    TITLE_MAX_CHARS,
    KindModel,
    kind_features,
    kind_from_json,
    url_features,
)
from segkit.evidence import Flag, LineEvidence, PageMeta


def test_the_address_gives_its_words_depth_number_and_date() -> None:
    got = url_features("https://shop.example/products/blue-wool-winter-hat?ref=x")
    assert got["url:products"] == 1.0 and got["url:depth2"] == 1.0 and "url:ref" not in got
    assert got["url:slug"] == 1.0 and "url:date" not in got
    assert url_features("https://news.example/2024/05/01/story")["url:date"] == 1.0
    assert url_features("https://news.example/2024-05-01-story")["url:date"] == 1.0
    assert url_features("https://news.example/20240501/story")["url:date"] == 1.0
    assert "url:date" not in url_features("https://shop.example/item/2024567")
    assert url_features("https://forum.example/t/123")["url:numeric"] == 1.0
    assert url_features(None) == {"url:none": 1.0}
    # The page type's own test of a date (describe.page_type: a valid date only).
    assert "url:date" not in url_features("https://news.example/2024/05/01/s", lambda u, p: False)


def test_html_reads_the_markup_title_and_types_and_text_its_first_line() -> None:
    meta = PageMeta(title="Community Forum - Example", ld_types=("DiscussionForumPosting",),
                    og_type="website")
    evidence = [LineEvidence("li", None, Flag.LI, 1, 0.0, ()), None,
                LineEvidence("p", None, Flag(0), 0, 0.0, ())]
    html = kind_features("https://x.example/forum", meta, ["Home", "", "A post."], evidence)
    assert html["mode:html"] == 1.0 and html["title:forum"] == 1.0
    assert html["ld:discussionforumposting"] == 1.0 and html["og:website"] == 1.0
    assert html["share:li"] == 0.5  # of the two non-blank lines, one in a list item
    assert html["lines"] == pytest.approx(math.log1p(2) / 8)
    text = kind_features(None, None, ["", "Docs: getting started", "Install it."], None)
    assert text["mode:text"] == 1.0 and text["title:docs"] == 1.0 and "share:li" not in text
    prose = kind_features(None, None, ["word " * TITLE_MAX_CHARS], None)
    assert not any(k.startswith("title:") for k in prose)


def test_the_model_gives_the_softmax_of_its_linear_scores() -> None:
    model = KindModel([0.0] * 7, {"title:forum": [0.0, 2.0, 0, 0, 0, 0, 0]})
    got = model.probabilities({"title:forum": 1.0, "unseen": 1.0})
    assert sum(got) == pytest.approx(1.0)
    assert got[1] == pytest.approx(math.exp(2) / (math.exp(2) + 6))
    assert model.probabilities({}) == pytest.approx([1 / 7] * 7)
    assert tuple(f"kind_{k}" for k in PAGE_KINDS) == KIND_COLUMNS


@pytest.mark.parametrize("data, why", [
    ({"classes": ["article"], "intercept": [0.0], "weights": {}}, "seven kinds"),
    ({"classes": list(PAGE_KINDS), "intercept": [0.0], "weights": {}}, "intercept"),
    ({"classes": list(PAGE_KINDS), "intercept": [0.0] * 7, "weights": {"a": [1.0]}},
     "seven numbers"),
    ({"classes": list(PAGE_KINDS), "intercept": [0.0] * 7, "weights": {"a": ["x"] * 7}},
     "not numbers"),
    ("nonsense", "seven kinds"),
])
def test_a_malformed_kind_model_is_refused_naming_where(data: object, why: str) -> None:
    with pytest.raises(ValueError, match=why) as info:
        kind_from_json(data, "m.json (html) labeller")
    assert "m.json (html) labeller" in str(info.value)
