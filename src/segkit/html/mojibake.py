"""UTF-8 text that was once read as Windows-1252 or Latin-1 ("mojibake"), put back in a
page's rendering.

A crawler or CMS that decodes UTF-8 with the wrong codec and saves the result as UTF-8
again leaves pages whose bytes are valid UTF-8 and whose charset declaration is right,
but whose text shows ``Ã©`` for ``é`` and ``â€™`` or ``â\x80\x99`` for ``’``. Every such
word is lost to a reader (``Investorâ€™s`` is no word of the page's own text), and so is a
title or a name that holds one: 31 of the 1,497 WCXB pages are saved like this.

The repair is ftfy's ``fix_encoding`` (its first decoding: see :func:`repair`), which
decodes a suspect run again only where that makes the text less strange (``café–bar``
stays as it is). It is slow on a whole page, so
it runs only on the strings that hold the signature of such text: a clean page pays one
scan of its non-ASCII lines. A string keeps its line count (one line in, one line out).
Only the HTML rendering is repaired, which is segkit's own text; text input comes out as
it went in, line for line (a text run is lossless).
"""

from __future__ import annotations

from typing import Final

import regex

# Characters that Windows-1252 gives the bytes 0x80-0x9F (the bytes it leaves undefined
# read as the Latin-1 control characters, U+0080-U+009F, which the class below holds).
_CP1252_HIGH: Final = "€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ"
# The signature of mojibake: the lead byte of a 2- to 4-byte UTF-8 sequence (0xC2-0xF4)
# read as a Latin-1 letter (Â-ô), then one of its continuation bytes (0x80-0xBF) read as
# Latin-1 or Windows-1252. Clean text seldom holds the pair; ftfy judges the runs it finds.
SIGNATURE: Final = regex.compile(f"[\u00c2-\u00f4][\u0080-\u00bf{_CP1252_HIGH}]")


def suspect(text: str) -> bool:
    """Whether ``text`` holds the signature of mojibake (cheap: ASCII text is skipped)."""
    return not text.isascii() and SIGNATURE.search(text) is not None


def repair(text: str) -> str:
    """``text`` with one layer of mojibake decoded again; unchanged when it has none.

    ftfy goes on decoding while a result still looks like mojibake; after the first
    layer, that mistakes real text for more of it (``ßÉ`` read as code page 437 becomes
    ``ᐠ``). A page is saved with the wrong codec once, so its first decoding is kept.
    """
    if not suspect(text):
        return text
    # ftfy only for the rare suspect string: most runs never load it
    from ftfy import apply_plan, fix_encoding_and_explain

    fixed, plan = fix_encoding_and_explain(text)
    first = next((i + 1 for i, (kind, _) in enumerate(plan or []) if kind == "decode"), None)
    if plan and first is not None and first < len(plan):
        fixed = apply_plan(text, plan[:first])
    return fixed if fixed.count("\n") == text.count("\n") else text


def repair_lines(lines: list[str]) -> list[str]:
    """``lines`` with each suspect line repaired (the same list when none is suspect)."""
    if not any(suspect(line) for line in lines):
        return lines
    return [_repair_line(line) for line in lines]


def _repair_line(line: str) -> str:
    """A rendered line repaired, its white space normalised again: a repair may give back
    white space the line had lost (``Â`` before a space, once a no-break space)."""
    fixed = repair(line)
    return line if fixed == line else " ".join(fixed.split()) or line
