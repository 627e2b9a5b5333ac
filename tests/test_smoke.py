from segkit import segment


def test_every_line_gets_one_entry_and_joins_back():
    text = "A title\n\nBy Jane Doe\nA paragraph of running text, long enough to be body.\n"
    doc = segment(text, generic=True)
    assert "\n".join(line.text for line in doc.lines) == text
    assert [line.label is None for line in doc.lines] == [False, True, False, False, True]
