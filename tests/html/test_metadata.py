from segkit.evidence import PageMeta
from segkit.html.metadata import read_json_ld


def test_json_ld_headline_and_name_lose_their_html_entities():
    meta = PageMeta()
    read_json_ld(['{"@type": "Article", "headline": "Tools &#8211; Caterer &amp; Co"}',
                  '{"@type": "Product", "name": "Tom&#39;s Chair"}'], meta)
    assert meta.ld_headline == "Tools \u2013 Caterer & Co"
    assert meta.ld_name == "Tom's Chair"
