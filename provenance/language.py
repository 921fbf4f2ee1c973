"""Which language an article is written in, when its metadata does not say.

`detect(text)` returns an ISO 639-1 code of one of the 27 phrase-pack
languages (bg cs da de el en es et fi fr ga hr hu it lt lv mt nl pl pt ro sk
sl sv uk no tr), or `None` when it is unsure (too little text, a language
without a pack, or two close languages it cannot tell apart).

How it decides: the first ~4000 characters are split into words once (at
white space, punctuation trimmed; a regex tokeniser would cost more than
all the rest); each word that is a frequent function word ("und", "der", "że", "και" ...) of a
language counts one hit for that language. Letters that only some languages
use (`ř` Czech, `ľ` Slovak, `ć`/`đ` Croatian, `ї`/`є`/`і` Ukrainian, `ъ`
Bulgarian, `ő` Hungarian ...) add a small bonus, which settles close pairs
(cs/sk, hr/sl, bg/uk) on short texts. The best language wins when it has at
least `MIN_HITS` word hits and leads the runner-up clearly.

The words and letters are each pack's `detection:` entry
(`rules/phrases/<code>.yaml`); `common.yaml` lists under
`unsupported_languages:` languages without a pack (Russian) that are scored
only so that their texts give `None` rather than a close pack language.

The detector only labels the article (reported in `signals.language` and used
to pick example wording in fixes); disclosure phrases are matched in every
pack's language regardless, so a wrong guess never hides a notice.
"""
from __future__ import annotations

from collections import Counter

from .phrases import PhraseBook

__all__ = ["LANGUAGES", "detect"]

# Characters looked at: enough for a few paragraphs, cheap on long pages.
SAMPLE_CHARS = 4000
# Fewer function-word hits than this is too little evidence.
MIN_HITS = 3
# The winner must lead the runner-up by this many points and by this ratio.
MIN_LEAD = 2
MIN_RATIO = 1.15
# Bonus per distinct distinguishing letter present in the sample.
LETTER_BONUS = 2
# Letters are only looked at when words alone leave it this close.
CLEAR_RATIO = 1.5
CLEAR_LEAD = 10

# Stripped from both ends of a whitespace-separated token.
_PUNCT = ".,;:!?()[]{}<>\"'«»„“”‚‘’‹›-–—…/*#|·•0123456789%&+=_"


def _pack_languages() -> tuple[str, ...]:
    """The languages with a phrase pack (`rules/phrases/<code>.yaml`): the
    one list of supported languages."""
    from .rules import folder
    return tuple(sorted(p.stem for p in (folder() / "phrases").glob("*.yaml") if len(p.stem) == 2))


LANGUAGES: tuple[str, ...] = _pack_languages()


class _Tables:
    """A phrase book's detection data, indexed once: word -> languages,
    language -> distinguishing letters, and the languages without a pack."""

    def __init__(self, book: PhraseBook):
        index: dict[str, list[str]] = {}
        letters: dict[str, frozenset[str]] = {}
        unsupported: set[str] = set()
        scored = [(lang, data) for lang, data in book.sections("detection")]
        for _, others in book.sections("unsupported_languages"):
            if isinstance(others, dict):
                scored += list(others.items())
                unsupported.update(others)
        for lang, data in scored:
            if not isinstance(data, dict):
                continue
            for w in set(str(data.get("function_words") or "").split()):
                langs = index.setdefault(w, [])
                if lang not in langs:
                    langs.append(lang)
            if data.get("letters"):
                letters[lang] = frozenset(letters.get(lang, frozenset()) | set(data["letters"]))
        self.index = {w: tuple(langs) for w, langs in index.items()}
        self.letters = letters
        self.unsupported = frozenset(unsupported - {lang for lang, _ in book.sections("detection")})


# Built on the first detect() call per phrase book, so importing costs nothing.
_TABLES: dict[int, tuple[PhraseBook, _Tables]] = {}


def _tables(book: PhraseBook) -> _Tables:
    known = _TABLES.get(id(book))
    if known is None or known[0] is not book:
        known = _TABLES[id(book)] = (book, _Tables(book))
    return known[1]


def detect(text: str, book: PhraseBook | None = None) -> str | None:
    """The language of `text` as an ISO 639-1 code, or None when unsure;
    the words and letters come from the packs of `book` (else the built-in
    packs), so a user pack for a new language makes it detectable.

    >>> detect("Der Bürgermeister hat am Montag die neue Brücke eröffnet, die seit zwei Jahren gebaut wurde.")
    'de'
    >>> detect("OK") is None
    True
    """
    if not text:
        return None
    sample = text[:SAMPLE_CHARS].lower()
    # Whitespace split + Counter run in C; only distinct tokens are looked at
    # in Python.
    counts = Counter(sample.split())
    scores: dict[str, int] = {}
    if book is None:
        book = PhraseBook.builtin()
    tables = _tables(book)
    index = tables.index
    for token, n in counts.items():
        langs = index.get(token)
        if langs is None:
            word = token.strip(_PUNCT)
            langs = index.get(word)
            if langs is None and "-" in word:   # Maltese "tal-Gvern", "fil-belt"
                langs = index.get(word.split("-", 1)[0])
            if langs is None:
                continue
        for lang in langs:
            scores[lang] = scores.get(lang, 0) + n
    if not scores or max(scores.values()) < MIN_HITS:
        return None
    hits = dict(scores)
    ranked = sorted(scores.items(), key=lambda kv: kv[1], reverse=True)
    if len(ranked) > 1 and ranked[0][1] < CLEAR_RATIO * ranked[1][1] + CLEAR_LEAD:
        # Close call (short text, or close languages): letters decide.
        chars = set("".join(counts))
        for lang, letters in tables.letters.items():
            if lang in scores:
                shared = len(letters & chars)
                if shared:
                    scores[lang] += LETTER_BONUS * shared
        ranked = sorted(scores.items(), key=lambda kv: kv[1], reverse=True)
    best, top = ranked[0]
    second = ranked[1][1] if len(ranked) > 1 else 0
    if best in tables.unsupported or hits.get(best, 0) < MIN_HITS:
        return None
    if top - second < MIN_LEAD or top < MIN_RATIO * second:
        return None
    return best
