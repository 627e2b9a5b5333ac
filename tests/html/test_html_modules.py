"""Unit tests of the html modules the walk is built from: tags, text, tokens, metadata."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from selectolax.lexbor import LexborHTMLParser

from segkit.evidence import MAX_TOKENS, Flag, PageMeta
from segkit.html import metadata, tags, text, tokens
from segkit.html.walker import html_to_lines


def tag_id(name: str) -> int:
    return LexborHTMLParser("").create_node(name).tag_id


# --- tags -------------------------------------------------------------------------------

@pytest.mark.parametrize(("name", "kind", "flag", "heading"), [
    ("p", tags.BLOCK, 0, 0),
    ("h3", tags.BLOCK, 0, 3),
    ("nav", tags.BLOCK, int(Flag.NAV), 0),
    ("ul", tags.BLOCK, int(Flag.LIST), 0),
    ("b", tags.GLUE, 0, 0),
    ("a", tags.INLINE, 0, 0),
    ("time", tags.INLINE, int(Flag.TIME), 0),
    ("body", tags.PAGE, 0, 0),
    ("br", tags.BREAK, 0, 0),
    ("script", tags.SCRIPT, 0, 0),
    ("style", tags.SKIP, 0, 0),
])
def test_tag_table(name: str, kind: int, flag: int, heading: int) -> None:
    assert tags.TAGS[tag_id(name)] == (kind, name, flag, heading)


def test_unknown_tags_are_not_in_the_table_and_images_skip_without_alt_text() -> None:
    assert tag_id("span") not in tags.TAGS
    assert tags.TAGS[tag_id("img")][0] == tags.IMG
    assert tags.TAGS_NO_ALT[tag_id("img")][0] == tags.SKIP
    assert tag_id("a") == tags.A_ID


def test_leaf_kinds_come_after_page() -> None:
    inner = (tags.GLUE, tags.INLINE, tags.BLOCK)
    leaves = (tags.BREAK, tags.SKIP, tags.TITLE, tags.META, tags.LINK_EL, tags.SCRIPT, tags.IMG)
    assert max(inner) < tags.PAGE < min(leaves)


@pytest.mark.parametrize(("attrs", "name", "hidden"), [
    ({"hidden": ""}, "div", True),
    ({"aria-hidden": "true"}, "div", True),
    ({"aria-hidden": "true"}, "main", False),  # set on the page while a modal is open
    ({"style": "color: red; DISPLAY : none"}, "div", True),
    ({"style": "visibility:hidden"}, "p", True),
    ({"style": "font-family: none-such"}, "p", False),
    ({"class": "hidden"}, "p", False),
])
def test_is_hidden(attrs: dict[str, str | None], name: str, hidden: bool) -> None:
    assert tags.is_hidden(attrs, name) is hidden


# --- text ------------------------------------------------------------------------------

def test_normalise_and_nonspace() -> None:
    assert text.normalise("  a \n\t b\u00a0 c ") == "a b c"
    assert text.nonspace(" a b\nc ") == 3


@pytest.mark.parametrize(("raw", "out"), [
    (f"a{text.SOFT}b", "a b"),
    (f"link{text.SOFT} , next", "link, next"),
    (f"({text.SOFT}x{text.SOFT})", "(x)"),
    (f"a {text.SOFT}b", "a b"),
    (f"a{text.SOFT}{text.SOFT} {text.SOFT}b", "a b"),
    # a drop cap joins the rest of its word, at the start and after a space
    (f"{text.SOFT}T{text.SOFT}he cat", "The cat"),
    (f"T{text.SOFT}he cat", "The cat"),
    (f"Planning {text.SOFT}C{text.SOFT}ycle", "Planning Cycle"),
    (f"{text.SOFT}I{text.SOFT}f you", "If you"),
    # a word's capital at the end of one element, its rest in the next
    (f"milk punch, C{text.SOFT}orn Pops", "milk punch, Corn Pops"),
    (f"cereal menu—A{text.SOFT}pple Jacks", "cereal menu—Apple Jacks"),
    # a currency sign and its amount, but not a sign after an amount or before a word
    (f"Price: {text.SOFT}${text.SOFT}19{text.SOFT}.99 now", "Price: $19.99 now"),
    (f"{text.SOFT}£{text.SOFT}2.98", "£2.98"),
    (f"119,90{text.SOFT}€", "119,90 €"),
    (f"${text.SOFT}more", "$ more"),
    # but not a lower-case letter, two letters, a letter glued to a word, or before a capital
    (f"Hello {text.SOFT}w{text.SOFT}orld", "Hello w orld"),
    (f"a {text.SOFT}Ab{text.SOFT}cd", "a Ab cd"),
    (f"xA{text.SOFT}bc", "xA bc"),
    (f"A{text.SOFT}B{text.SOFT}C", "A B C"),
    # nor where the page puts white space between them, an avatar's initial before the
    # user's name, or letters set apart one by one
    (f"A{text.SOFT} {text.SOFT}small", "A small"),
    (f"J{text.SOFT}julian", "J julian"),
    (f"S{text.SOFT}t{text.SOFT}a{text.SOFT}r", "S t a r"),
])
def test_soften(raw: str, out: str) -> None:
    assert " ".join(text.soften(raw).split()) == out


# Pieces as an inline walk leaves them: soft spaces, capitals, lower case, digits,
# currency signs, punctuation and white space.
_PIECES = st.lists(st.sampled_from([text.SOFT, "T", "he", "h", "C", "j", "J", "7", "$", "€",
                                    " ", "\n", ",", "(", "—", ".99", "ab c"]), max_size=12)


@given(_PIECES.map("".join))
def test_soften_only_adds_or_drops_white_space(raw: str) -> None:
    assert "".join(text.soften(raw).split()) == "".join(raw.replace(text.SOFT, "").split())


def test_cap_depth_leaves_ordinary_pages_alone_and_cuts_deep_tags() -> None:
    page = "<div><p>x</p></div>"
    assert text.cap_depth(page) is page
    deep = "<div>" * 20_000 + "x" + "</div>" * 20_000
    capped = text.cap_depth(deep)
    assert capped.count("<div>") == 512 and "x" in capped


# --- tokens ----------------------------------------------------------------------------

def test_own_tokens_split_values_and_drop_noise() -> None:
    assert tokens.own_tokens(("relatedArticles__item-2 x", "main", None, "nav")) == (
        "related", "articles", "item", "main", "nav")


def test_materialise_puts_the_nearest_first_once_and_caches() -> None:
    outer = [("article", "body"), None, None]
    inner = [("body", "text"), outer, None]
    assert tokens.materialise(inner) == ("body", "text", "article")
    assert inner[2] == ("body", "text", "article") and outer[2] == ("article", "body")
    assert tokens.materialise(None) == ()


def test_materialise_caps_the_tokens() -> None:
    chain = None
    for n in range(MAX_TOKENS + 5):
        chain = [(f"t{n}x",), chain, None]
    assert len(tokens.materialise(chain)) == MAX_TOKENS


def test_descends() -> None:
    root = [("a",), None, None]
    child = [("b",), root, None]
    assert tokens.descends(child, root) and tokens.descends(child, child)
    assert not tokens.descends(root, child)


# --- metadata --------------------------------------------------------------------------

def test_head_readers_keep_the_first_value() -> None:
    meta = PageMeta()
    metadata.read_meta_tag({"property": "og:title", "content": " First "}, meta)
    metadata.read_meta_tag({"property": "OG:TITLE", "content": "Second"}, meta)
    metadata.read_meta_tag({"name": "viewport", "content": "width=device-width"}, meta)
    metadata.read_link_tag({"rel": "stylesheet", "href": "/a.css"}, meta)
    metadata.read_link_tag({"rel": "Canonical", "href": " https://x/a "}, meta)
    metadata.read_lang({"xml:lang": "fr"}, meta)
    metadata.read_lang({"lang": "de"}, meta)
    assert (meta.og_title, meta.canonical, meta.lang) == ("First", "https://x/a", "fr")


def test_read_json_ld_prefers_articles_and_follows_author_references() -> None:
    meta = PageMeta()
    metadata.read_json_ld([
        '<!-- {"@type": "WebPage", "headline": "Page"} -->',
        '{"@graph": [{"@type": "NewsArticle", "headline": " The  story ",'
        ' "author": {"@id": "#jane"}, "datePublished": "2024-01-02"},'
        ' {"@type": "Person", "@id": "#jane", "name": "Jane Doe"}]}',
        "{not json",
    ], meta)
    assert meta.ld_types == ("WebPage", "NewsArticle", "Person")
    assert meta.ld_headline == "The story" and meta.ld_authors == ("Jane Doe",)
    assert meta.ld_date_published == "2024-01-02" and not meta.ld_has_article_body


# --- the walk's pieces together ----------------------------------------------------------

def test_a_line_of_pieces_in_one_link_is_one_link_with_all_tokens() -> None:
    page = html_to_lines('<p class="lead"><a href="/x" class="more">Read <b>more</b></a></p>')
    [ev] = page.evidence
    assert page.lines == ["Read more"] and ev.link_density == 1.0
    assert ev.has(Flag.ONE_LINK) and ev.tokens == ("more", "lead")


# --- element shapes ---------------------------------------------------------------------

def test_an_element_shape_is_made_once_per_class_value_and_the_memo_is_bounded():
    from segkit.html import walker

    shape = walker.signature("div", {"class": "post post-12  card x y"})
    assert shape == "div.post post- card x" == walker._shape("div", "post post-12  card x y")
    assert walker.signature("div", {"class": "post post-12  card x y"}) is shape
    assert walker.signature("li", None) == walker.signature("li", {"id": "a"}) == "li."
    for n in range(walker.MAX_SHAPES_PER_TAG + 5):
        walker.signature("section", {"class": f"c{n}x"})
    assert len(walker._shapes["section"]) <= walker.MAX_SHAPES_PER_TAG
    assert walker.signature("section", {"class": "c7x"}) == "section.cx"
    for n in range(walker.MAX_SHAPE_TAGS + 5):
        walker.signature(f"x-tag-{n}", {"class": "a"})
    assert len(walker._shapes) <= walker.MAX_SHAPE_TAGS
    assert walker.signature("x-tag-3", {"class": "a1"}) == "x-tag-3.a"
