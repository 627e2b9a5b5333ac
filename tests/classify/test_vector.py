

def test_what_lies_under_an_element_is_its_subtree() -> None:
    import random

    from segkit.classify.vector import _under

    rng = random.Random(6)
    for _ in range(200):
        parents = [-1]
        for k in range(1, rng.randint(1, 30)):
            parents.append(rng.randrange(-1, k))  # parents come before their children
        for top in range(-1, len(parents)):
            for k in range(len(parents)):
                path, node = [], k
                while node >= 0:
                    path.append(node)
                    node = parents[node]
                assert _under(parents, top)[k] == (top in path)


def _text_page(lines: list[str]):
    from segkit.classify.pipeline import rule_page

    return rule_page(lines)


def test_region_columns_place_each_line_against_the_rule_region() -> None:
    from segkit.classify.vector import REGION_NAMES, names, rows

    sentence = ("The council met on Tuesday to weigh the plan for the river path, and most of "
                "its members spoke in favour of the first of the three routes.")
    page = _text_page(["Menu", "Home", sentence, sentence.replace("Tuesday", "Friday"),
                       "12 Comments", "Great piece, thanks for writing it up."])
    body = [i for i, lab in enumerate(page.labels) if lab == "body"]
    assert body, page.labels  # the rule stages found a region
    at = {n: names(False).index(n) for n in REGION_NAMES}
    got = rows(page)
    first, last = body[0], body[-1]
    for i, row in enumerate(got):
        assert row[at["r_before"]] == float(i < first)
        assert row[at["r_after"]] == float(i > last)
    assert got[first][at["r_body_after"]] > got[last][at["r_body_after"]] == 0.0
    # after the comments header, and only there, a comments header lies behind the line
    head = next(i for i, f in enumerate(page.feats) if f.comments)
    assert head > last
    assert [row[at["r_comments_between"]] for row in got] == [
        float(i >= head) for i in range(len(got))]


def test_a_page_without_a_region_has_neutral_region_columns() -> None:
    from segkit.classify.vector import MISSING, REGION_NAMES, names, rows

    page = _text_page(["Home", "About", "Contact"])
    assert "body" not in page.labels
    at = [names(False).index(n) for n in REGION_NAMES]
    assert {tuple(r[k] for k in at) for r in rows(page)} == {(0.0, 0.0, MISSING, 0.0, 0.0)}


def test_page_cue_columns_repeat_on_every_line() -> None:
    from segkit.classify.page_cues import CUES
    from segkit.classify.vector import names, rows

    page = _text_page(["Blue kettle", "Add to cart", "$24.99"])
    k = names(False).index("pc_add_to_cart")
    price = names(False).index("pc_price_lines")
    assert len(CUES) + 2 == sum(n.startswith("pc_") for n in names(False))
    assert {r[k] for r in rows(page)} == {1.0}
    assert {r[price] for r in rows(page)} == {1 / 3}


def test_where_links_point_is_a_column_of_the_content_row() -> None:
    """Every flag is a column but the labeller's PERSON_LINK; a line inside a link to an
    article or to a section is marked in its row, a line without a link is not."""
    from segkit.classify.pipeline import describe_lines
    from segkit.classify.vector import FLAG_NAMES, FLAGS, names, rows
    from segkit.evidence import Flag
    from segkit.html.walker import html_to_lines

    assert set(FLAGS) == {int(f) for f in Flag} - {int(Flag.PERSON_LINK)}
    assert len(FLAG_NAMES) == len(FLAGS)
    html = ('<html><body><ul><li><a href="/news">News</a></li>'
            '<li><a href="/2024/05/rivers-rise">Rivers rise in the valley</a></li></ul>'
            '<p>Plain text without a link, long enough to be a line.</p></body></html>')
    walked = html_to_lines(html)
    _, page = describe_lines(walked.lines, walked.evidence, walked.meta,
                             structure=walked.structure)
    col = {n: names(True).index(f"f_{n}") for n in ("article_link", "shallow_link")}
    got = {f.text: (row[col["article_link"]], row[col["shallow_link"]])
           for f, row in zip(page.feats, rows(page), strict=True)}
    assert got["News"] == (0.0, 1.0)
    assert got["Rivers rise in the valley"] == (1.0, 0.0)
    assert got["Plain text without a link, long enough to be a line."] == (0.0, 0.0)
