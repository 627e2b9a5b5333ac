#!/usr/bin/env python3
"""How often segkit reads legacy bytes with no declared encoding back to their text.

    python benchmarks/bench_decode.py [--shared PATH] [--json]

Scrapes and old archives hold pages saved in a legacy code page with nothing saying
which. Every UTF-8 text of ``shared/bench/wcxb/text`` and ``shared/bench/articles/text``
is saved again in the legacy code page its script would have used (windows-1252 for
Western text, windows-1250 where Central European letters show, windows-1251 for
Cyrillic, Shift_JIS for Japanese...; the characters that code page lacks are dropped),
and so are sentences written for this benchmark in 16 languages. A case is right when the
decoded text is the text. Three sizes, as records come: the whole page, one line of up to
200 characters and one of up to 60 (the middle line of the page with a character beyond
ASCII). Beside segkit's decoder (``segkit.inputs.decode.decode``): chardetng's guess
alone, without segkit's Western correction (``segkit.inputs.legacy``), and
charset-normalizer's best match, which segkit used before, where it is installed. All on
one pinned core; the time is the mean per case.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import time
import unicodedata
from collections import Counter
from collections.abc import Callable
from pathlib import Path

from benchkit import pin_to_one_core

from segkit.inputs.decode import decode
from segkit.inputs.legacy import web_codec

ROOT = Path(__file__).resolve().parents[1]
SIZES = (None, 200, 60)  # the whole page, then lines cut to this many characters
MIN_LINE_CHARS = 20      # a line shorter than this is not taken as a page's sample line
# The legacy code page each script was written in, by a word of its characters' names.
SCRIPTS = (("HIRAGANA", "shift_jis"), ("KATAKANA", "shift_jis"), ("HANGUL", "euc_kr"),
           ("CJK", "gb18030"), ("CYRILLIC", "cp1251"), ("GREEK", "cp1253"),
           ("HEBREW", "cp1255"), ("ARABIC", "cp1256"), ("THAI", "cp874"))
CENTRAL = frozenset("ąćęłńśźżĄĆĘŁŃŚŹŻčďěňřšťůžČĎĚŇŘŠŤŮŽőűŐŰĺľŕĹĽŔ")
# Sentences written for this benchmark, each in a code page its language was written in.
WRITTEN = (
    ("cp1252", "Le conseil municipal a voté mardi un budget pour la rénovation des écoles."),
    ("cp1252", "Die Stadt hat beschlossen, die Brücke über den Fluss im Frühjahr zu schließen."),
    ("cp1252", "El ayuntamiento aprobó el martes un presupuesto para la iluminación pública."),
    ("cp1250", "Městská rada v úterý schválila rozpočet na opravu mostu přes řeku."),
    ("cp1250", "Rada miasta zatwierdziła we wtorek budżet na remont szkół i nową ścieżkę."),
    ("iso8859_2", "Rada miasta zatwierdziła we wtorek budżet na remont szkół i nową ścieżkę."),
    ("cp1251", "Городской совет во вторник утвердил бюджет на ремонт школ и библиотеки."),
    ("koi8_r", "Городской совет во вторник утвердил бюджет на ремонт школ и библиотеки."),
    ("cp1253", "Το δημοτικό συμβούλιο ενέκρινε την Τρίτη τον προϋπολογισμό για τα σχολεία."),
    ("cp1254", "Belediye meclisi salı günü okulların onarımı için ayrılan bütçeyi onayladı."),
    ("cp1255", "מועצת העיר אישרה ביום שלישי את התקציב לשיפוץ בתי הספר."),
    ("cp1256", "وافق مجلس المدينة يوم الثلاثاء على الميزانية المخصصة لترميم المدارس."),
    ("cp874", "สภาเมืองอนุมัติงบประมาณเมื่อวันอังคารสำหรับการซ่อมแซมโรงเรียน"),
    ("shift_jis", "市議会は火曜日、学校の改修と新しい図書館の建設のための予算を承認した。"),
    ("gb18030", "市议会周二批准了用于修缮学校和建设新图书馆的预算。"),
    ("euc_kr", "시의회는 화요일 학교 보수와 새 도서관 건설을 위한 예산을 승인했다."),
)

Case = tuple[str, str, bytes]  # the code page, the text, its bytes in that code page


def code_page(text: str) -> str:
    """The legacy code page the text's most frequent script beyond ASCII was written in."""
    votes: Counter[str] = Counter()
    for ch in text:
        if ch.isascii() or not ch.isalpha():
            continue
        name = unicodedata.name(ch, "")
        page = next((p for word, p in SCRIPTS if word in name), None)
        votes[page or ("cp1250" if ch in CENTRAL else "cp1252")] += 1
    return votes.most_common(1)[0][0] if votes else "cp1252"


def sample(text: str, size: int | None) -> str | None:
    if size is None:
        return text
    lines = [ln for ln in text.split("\n") if not ln.isascii() and len(ln) >= MIN_LINE_CHARS]
    return lines[len(lines) // 2][:size] if lines else None


def cases(texts: list[str], size: int | None) -> list[Case]:
    out = []
    for text in texts:
        part = sample(text, size)
        if part is None:
            continue
        page = code_page(part)
        part = part.encode(page, "ignore").decode(page).replace("\r\n", "\n").replace("\r", "\n")
        if part.strip() and not part.isascii():
            out.append((page, part, part.encode(page)))
    return out


def segkit_decode(data: bytes) -> str:
    return decode(data, "case")


def chardetng_alone(data: bytes) -> str:
    import chardetng_py

    codec = web_codec(chardetng_py.detect(data, allow_utf8=False)) or "cp1252"
    return data.decode(codec, errors="replace")


def charset_normalizer_best(data: bytes) -> str:
    import charset_normalizer

    best = charset_normalizer.from_bytes(data).best()
    return "" if best is None else str(best)


def systems() -> dict[str, Callable[[bytes], str]]:
    found = {"segkit": segkit_decode, "chardetng alone": chardetng_alone}
    try:
        import charset_normalizer  # noqa: F401
    except ImportError:
        print("charset-normalizer is not installed: its row is left out")
    else:
        found["charset-normalizer"] = charset_normalizer_best
    return found


def score(read: Callable[[bytes], str], some: list[Case]) -> dict:
    right: Counter[str] = Counter()
    start = time.perf_counter()
    for page, text, data in some:
        # an InputError, or a codec that cannot decode: not right
        with contextlib.suppress(ValueError, LookupError):
            right[page] += read(data) == text
    seconds = time.perf_counter() - start
    total = Counter(page for page, _, _ in some)
    return {"right": sum(right.values()), "cases": len(some),
            "share": sum(right.values()) / max(1, len(some)),
            "us_per_case": 1e6 * seconds / max(1, len(some)),
            "by_code_page": {p: f"{right[p]}/{n}" for p, n in total.most_common()}}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    ap.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = ap.parse_args()
    folders = [args.shared / "bench" / "wcxb" / "text", args.shared / "bench" / "articles" / "text"]
    if not all(f.is_dir() for f in folders):
        ap.error(f"{args.shared}: no bench/wcxb/text or bench/articles/text (../shared)")
    pin_to_one_core()
    texts = [p.read_text("utf-8") for f in folders for p in sorted(f.glob("*.txt"))]
    sets = {f"page, {'whole' if s is None else f'line of {s}'}": cases(texts, s) for s in SIZES}
    sets["written sentences"] = [(p, t, t.encode(p)) for p, t in WRITTEN] + [
        (p, t[:40], t[:40].encode(p)) for p, t in WRITTEN]
    found = systems()
    report = {name: {label: score(read, some) for label, some in sets.items()}
              for name, read in found.items()}
    if args.json:
        print(json.dumps(report, indent=2))
        return 0
    print(f"{'set':<22}" + "".join(f"{name:>22}" for name in found))
    for label in sets:
        cells = [report[name][label] for name in found]
        print(f"{label:<22}" + "".join(
            f"{c['right']:>6}/{c['cases']:<5} {c['share']:.3f}".rjust(22) for c in cells))
    print("mean time per case, us: " + ", ".join(
        f"{name} {sum(r['us_per_case'] for r in report[name].values()) / len(sets):.0f}"
        for name in found))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
