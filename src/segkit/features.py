"""Stage one of the classifier: features of each line, computed from its text alone.

Only text is used here, so a plugin written for raw text keeps working whatever the
input was. Cue patterns are compiled once; each line is matched against as few of them
as its length allows.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

import regex

from .wordlists import BYLINE_STARTS, DATE_WORDS, STOPWORDS, TIME_WORDS

# Lines longer than this many characters are never cue lines (menus, credits, dates).
CUE_MAX_CHARS = 160

_WORD = regex.compile(r"[\p{L}\p{M}\p{N}][\p{L}\p{M}\p{N}'’.\-]*")
_TERMINAL = regex.compile(r"[.!?…。！？:;][\"'”’»)\]]*\s*$")
_DATE_TOKEN = regex.compile(r"\p{L}+\.?|\d+(?:st|nd|rd|th|h|\.)?|[:,|/\-–—.()]+")
_NUMERIC_DATE = regex.compile(
    r"\b\d{1,4}[./\-]\d{1,2}[./\-]\d{1,4}\b|\b\d{1,2}[:.]\d{2}\b|\b\d{4}\b|\b\d{1,2}\s*(?:am|pm)\b",
    regex.I,
)
_CAPTION_CUE = regex.compile(
    r"^(?:image|images|photo|photos|photograph|picture|pictured|credit|credits|video|watch|"
    r"illustration|foto|fotos|bild|imagen|immagine|photo credit|image copyright|image caption|"
    r"enlarge image|caption|source|fonte|fuente|quelle)\b\s*[:.…\-—|]|"
    r"^(?:pictured|credit|image copyright|image caption|enlarge image)\b|"
    r"(?:getty images|shutterstock|reuters|associated press|\bap\b|\bafp\b|\bepa\b|"
    r"alamy|istock|\bpa\b(?: wire| media)?|anadolu|bloomberg|xinhua|nasa|\besa\b|via \w+)"
    r"\s*\)?$|"
    r"^\p{Lu}[\p{L}.'\- ]{1,60}/(?:\p{Lu}[\p{L}.'\- ]{1,40}/?)+$",
    regex.I,
)
_NAV_CUE = regex.compile(
    r"^(?:advertisement|advertising|sponsored|ad|ads|anzeige|publicidad|publicité|pubblicità|"
    r"share|share this|share on|tweet|email|print|comments?|\d+ comments?|no comments|"
    r"leave a (?:reply|comment)|sign in|sign up|log in|login|logout|register|subscribe|"
    r"menu|search|home|skip to|close|back to top|cookie|cookies|accept|newsletter|"
    r"follow us|download the app|get the app|privacy|terms|contact us|about us|"
    r"all rights reserved|copyright|©)\b|"
    r"\b(?:all rights reserved|cookie policy|privacy policy|terms of (?:use|service)|"
    r"sign up for|subscribe to|newsletter|download (?:the|our) app|app store|google play|"
    r"follow us|share this|comments? (?:are|is) closed|javascript)\b|^©|©\s*\d{4}",
    regex.I,
)
_RELATED_CUE = regex.compile(
    r"^(?:related(?: articles| stories| posts| news| content| coverage| reading)?|"
    r"more (?:from|on|in|stories|news|articles|like this|to explore)\b.*|"
    r"read (?:more|next|also)|see also|also read|you (?:may|might) (?:also )?like|"
    r"recommended(?: for you| stories| articles)?|trending(?: now)?\b.*|"
    r"most (?:popular|read|viewed|shared)\b.*|top stories|latest(?: news| stories)?|"
    r"popular(?: now| stories| articles)?|featured|editor'?s picks|explore further|"
    r"what to read next|don'?t miss|must (?:read|watch)|next up\b.*|"
    r"lesen sie auch|mehr zum thema|das könnte sie auch interessieren|"
    r"(?:à )?lire aussi|à lire également|sur le même sujet|leia também|veja também|"
    r"leggi anche|ver también|lee también|te puede interesar|noticias relacionadas|"
    r"notícias relacionadas|articoli correlati|читайте также|baca juga|berita terkait)"
    r"\s*[:»>|]?\s*$",
    regex.I,
)
_READ_MORE_LINK = regex.compile(
    r"^(?:read more|also read|read also|see also|lesen sie auch|lire aussi|leia também|"
    r"leggi anche|lee también|baca juga|читайте также)\s*[:>»|\-–—]\s*\S", regex.I
)
_BULLET = regex.compile(r"^\s*(?:[-•·*▪►>|]|\d+[.)])\s+")
_CREDIT_LINE = regex.compile(
    r"\b(?:contributed to this (?:report|story|article)|contributed reporting|"
    r"reporting by|editing by|writing by|additional reporting)\b", regex.I
)


@dataclass(slots=True)
class Features:
    """What the classifier knows about one non-blank line."""

    index: int          # position among the document's non-blank lines
    text: str           # stripped text
    chars: int
    words: int
    stop_share: float   # share of words that are function words of the page's language
    terminal: bool      # ends like a sentence
    lower_share: float  # share of words that start with a lower-case letter
    repeats: int        # how often this exact text occurs in the document
    date: bool          # the line is only a date or time
    byline: bool        # reads like an author line
    caption: bool       # reads like a caption or picture credit
    nav: bool           # carries a site-furniture cue (share, subscribe, cookies...)
    related: bool       # is the header of a related-articles block
    read_more: bool     # a one-line "Read more: <title>" link
    bullet: bool        # starts with a list marker


def detect_language(texts: list[str]) -> str | None:
    """The language whose function words cover most words of the page, if any does."""
    counts: Counter[str] = Counter()
    total = 0
    for text in texts:
        for word in text.lower().split():
            total += 1
            for lang, words in STOPWORDS.items():
                if word in words:
                    counts[lang] += 1
    if not counts or total == 0:
        return None
    lang, hits = counts.most_common(1)[0]
    return lang if hits >= 0.05 * total else None


def is_date_line(text: str) -> bool:
    """True when every token is a number, a month, weekday, time word or a time zone."""
    if len(text) > 90 or (not _NUMERIC_DATE.search(text) and not _has_date_word(text)):
        return False
    seen_number = seen_date = False
    for token in _DATE_TOKEN.findall(text):
        low = token.lower().rstrip(".")
        if token[0].isdigit():
            seen_number = True
        elif low in DATE_WORDS:
            seen_date = True
        elif low in TIME_WORDS or not token[0].isalnum() or (token.isupper() and len(token) <= 4):
            continue
        else:
            return False
    return seen_number or seen_date


def _has_date_word(text: str) -> bool:
    return any(w.strip(".,").lower() in DATE_WORDS for w in text.split())


def is_byline(text: str, words: list[str]) -> bool:
    if not words or len(text) > 120:
        return False
    if words[0].lower() in BYLINE_STARTS and len(words) >= 2 and (
        words[1][:1].isupper() or words[1].lower() in ("by",)
    ):
        return True
    return bool(_CREDIT_LINE.search(text))


def line_features(lines: list[str]) -> list[Features]:
    """Features of each non-blank line (``lines`` holds only non-blank, stripped texts)."""
    lang = detect_language(lines[: min(len(lines), 400)])
    stop = STOPWORDS.get(lang or "", frozenset())
    repeats = Counter(lines)
    out = []
    for i, text in enumerate(lines):
        words = _WORD.findall(text)
        n = len(words)
        lowered = [w.lower() for w in words]
        stop_share = sum(w in stop for w in lowered) / n if n and stop else 0.0
        cased = [w for w in words if w[0].isupper() or w[0].islower()]
        lower_share = sum(w[0].islower() for w in cased) / len(cased) if cased else 1.0
        short = len(text) <= CUE_MAX_CHARS
        out.append(Features(
            index=i,
            text=text,
            chars=len(text),
            words=n,
            stop_share=stop_share,
            terminal=bool(_TERMINAL.search(text)),
            lower_share=lower_share,
            repeats=repeats[text],
            date=short and is_date_line(text),
            byline=short and is_byline(text, words),
            caption=short and bool(_CAPTION_CUE.search(text)),
            nav=short and bool(_NAV_CUE.search(text)),
            related=len(text) <= 60 and bool(_RELATED_CUE.match(text)),
            read_more=short and bool(_READ_MORE_LINK.match(text)),
            bullet=bool(_BULLET.match(text)),
        ))
    return out
