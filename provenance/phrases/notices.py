"""The notice grammar: is there a statement that AI made this text (or,
with picture words, this picture)?"""
from __future__ import annotations

import re
from bisect import bisect_left

from .folding import _tokens, _Tokens
from .index import Match
from .packs import NOTICE_MAX_WORDS, PARTS_KEYS, PARTS_MAX_GAP, SHORT_LABEL_SEGMENT_WORDS, SHORT_LABEL_WORDS


def find_notice(book, text: str) -> Match | None:
    """The first AI-generation notice in `text`, or None.

    A notice is either a listed `ai_notice` phrase, or a sentence of at
    most 40 words that names this text itself (`subject`: "Dieser
    Artikel", "this story", or a `subject_start` word such as "Tekst"
    opening the sentence), an AI term (`ai`) and a making word (`verb`)
    close together, with no negation ("not", "ohne", "nie" ...). A news
    sentence *about* AI names no such subject and does not count.
    Short labels ("KI-generiert") count only where they stand alone.
    """
    if not text:
        return None
    hits = []
    for m in book.find("ai_notice", text):
        if _phrase_words(m) <= SHORT_LABEL_WORDS and not _stands_alone(text, m):
            continue
        hits.append(m)
        break
    parts = _parts_notice(book, text)
    if parts:
        hits.append(parts)
    return min(hits, key=lambda m: m.start) if hits else None



def _parts_notice(book, text: str) -> Match | None:
    t = _tokens(text)
    hits = book._scan(t)
    if "_parts_ai" not in hits or "_parts_verb" not in hits:
        return None
    if "_parts_subject" not in hits and "_parts_subject_start" not in hits:
        return None
    # Sentences end at . ! ? ; : or a blank line; a single line break
    # does not end one (a notice may wrap in the source).
    ends = [m.end() for m in re.finditer(r"[.!?;:](?=\s|$)|\n\s*\n", text)]
    ostart = t.ostart
    by_sent: dict[int, dict[str, list]] = {}
    for key in PARTS_KEYS:
        for i, j, p in hits.get("_parts_" + key, ()):
            s = bisect_left(ends, ostart[i] + 1)
            by_sent.setdefault(s, {}).setdefault(key, []).append((i, j))
    for s in sorted(by_sent):
        got = by_sent[s]
        if "ai" not in got or "verb" not in got or got.get("negation"):
            continue
        first_word = bisect_left(ostart, ends[s - 1] if s > 0 else 0)
        last_word = bisect_left(ostart, ends[s] if s < len(ends) else len(text) + 1) - 1
        if last_word - first_word + 1 > NOTICE_MAX_WORDS:
            continue
        subject = got.get("subject") or [
            (i, j) for i, j in got.get("subject_start", ()) if i == first_word]
        if not subject:
            continue
        if not any(_close(t, a, v) for a in got["ai"] for v in got["verb"]):
            continue
        start = t.word_start(first_word)
        end = t.word_end(last_word)
        if end < len(text) and text[end] in ".!)":
            end += 1
        return Match("ai_notice", "*", text[start:end], start, end)
    return None

def _close(t: _Tokens, a: tuple, v: tuple) -> bool:
    """The AI term and the verb belong together: few words apart and no
    comma between them ("written by Jane Doe, who covers AI" is a byline)."""
    (a0, a1), (v0, v1) = a, v
    if a0 < v0:
        lo, hi = a1, v0
    else:
        lo, hi = v1, a0
    if hi - lo > PARTS_MAX_GAP:
        return False
    if hi <= lo:
        return True
    between = t.text[t.word_end(lo - 1):t.word_start(hi)]
    return not any(c in between for c in ",;–—")





def _phrase_words(m: Match) -> int:
    return len(re.findall(r"[\w\u0300-\u036f]+", m.phrase))


def _stands_alone(text: str, m: Match) -> bool:
    """A short label counts when its line/sentence has few other words."""
    lo = max(text.rfind("\n", 0, m.start), max(text.rfind(c, 0, m.start) for c in ".!?|•·"))
    his = [x for x in (text.find(c, m.end) for c in "\n.!?|•·") if x != -1]
    hi = min(his) if his else len(text)
    segment = text[lo + 1:hi]
    return len(segment.split()) <= SHORT_LABEL_SEGMENT_WORDS
