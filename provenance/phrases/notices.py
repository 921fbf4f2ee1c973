"""The notice grammar: does a text say that an AI system made *this* text
(or, with picture words, this picture)?

One grammar for every language; the words come from the packs
(`ai_notice_parts` of each pack, product names in common.yaml). A sentence
is a notice when it names an AI system (`ai`, or a `machine` word in a
position that makes it the maker) and a making word (`verb`), close
together, no `negation` governs them, it is not a condition (`conditional`:
"if articles are generated ...", a policy) nor a question, and one of:

- **this text** is its subject: a `subject` phrase ("dieser Artikel", "the
  above", "today's column"), a `this` word next to a `text_noun` ("Ovaj je
  članak", "Den här artikeln"), a `subject_start` word opening it ("Text",
  "Ezt"), or a `label` opening it ("Note:", "Hinweis:");
- it is a **short label** standing alone: a line or a bracketed/dashed
  segment of a few words that opens with the making word or the AI system
  ("mit Hilfe Künstlicher Intelligenz erstellt", "(schreibt alles
  ChatGPT)", "– ten napisał ChatGPT", "ChatGPT did it.");
- it is a **reveal** by the writer: `we_asked` ("we asked", "pedi",
  "poprosiliśmy") the AI system, or a first-person `actor` had it make a
  `text_noun` ("I decided to use AI to write a match report"), or the text
  is `presenting` the system's output ("Here is what ChatGPT answers",
  "Di seguito ecco cosa sa ChatGPT");
- a **conversation** with the AI system ("Rozmowę z ChatemGPT
  przeprowadziła …", "interview with ChatGPT"), or a **text credit**
  naming it ("Com informações da … / ChatGPT").

Negation governs the AI system unless a `contrast` word comes between
("scritta non da chi la firma, bensì dalla stessa ChatGPT"). Words inside a
quotation that starts inside the sentence are someone else's words (a
headline quoted in a news story) and do not count. A sentence with a
`picture` word and no text word is about an image: it is an AI-image label
(`find_image_label`), not a text notice.
"""
from __future__ import annotations

import re
from bisect import bisect_left, bisect_right

from .folding import _tokens, _Tokens
from .index import Match
from .packs import NOTICE_MAX_WORDS, PARTS_MAX_GAP, SHORT_LABEL_SEGMENT_WORDS, SHORT_LABEL_WORDS

# A label clause ("mit KI erstellt", "ChatGPT did it") has at most this many words.
LABEL_CLAUSE_WORDS = 7
# A stand-alone label line ("mit Hilfe KI erstellt, redaktionell geprüft") at most this many.
LABEL_LINE_WORDS = 10
# A reveal, conversation or credit sentence: the AI system within this many words of its cue.
CUE_GAP = 15

_SENTENCE_END = ".!?;"
_OPENERS = "„«‚"
_CLOSERS = "»"
_TOGGLES = "\"“”"
_CLAUSE_BREAK = re.compile(r"[,:;()\[\]|–—]|\s-\s|/")


class _Sentence:
    __slots__ = ("start", "end", "w0", "w1", "question", "colon", "quoted", "hits", "breaks", "about_text")
    start: int                 # character offsets in the text
    end: int
    w0: int                    # its words: w0 .. w1 - 1
    w1: int
    question: bool
    colon: bool                # ends in a colon (introduces what follows)
    quoted: set[int]           # words inside an embedded quotation
    hits: dict[str, list[tuple[int, int]]]   # grammar part -> (first word, end word) spans
    breaks: list[int]          # words where a clause starts
    about_text: bool           # the sentence (or the one before) names this text


def _sentences(text: str) -> list[tuple[int, int, list[tuple[int, int]]]]:
    """(start, end, embedded quotations) of each sentence: ends at . ! ? ;
    (outside quotation marks) or a blank line; a single line break does not
    end one. Embedded quotations are (start, end) spans of quoted text that
    begins after the sentence's first word."""
    out = []
    start, i, n = 0, 0, len(text)
    stack: list[int] = []
    quotes: list[tuple[int, int]] = []
    while i < n:
        c = text[i]
        if c == "\n" and text[i + 1:i + 2] == "\n" or (c == "\n" and text[i + 1:].lstrip(" \t")[:1] == "\n"):
            if stack:
                quotes.append((stack[0], i))
            out.append((start, i, quotes))
            while i < n and text[i] in "\n \t":
                i += 1
            start, stack, quotes = i, [], []
            continue
        if c in _OPENERS or (c in _TOGGLES and not stack):
            # a quotation opening the sentence is the sentence itself; a toggle
            # right after a word closes such a quotation
            closing = c in _TOGGLES and i > 0 and not text[i - 1].isspace() and not stack
            if not closing or not text[start:i].strip():
                stack.append(i)
        elif (c in _CLOSERS or c in _TOGGLES) and stack:
            q = stack.pop()
            if not stack and len(text[q:i].split()) > 3:    # 'scare quotes' round a word or two are no speech
                quotes.append((q, i))
        elif c in _SENTENCE_END and not stack and (i + 1 >= n or text[i + 1] in " \t\n\r\u00a0\"”»)'’"):
            out.append((start, i + 1, quotes))
            start, quotes = i + 1, []
        i += 1
    if text[start:].strip():
        if stack:       # an unclosed quotation runs to the end of the text
            quotes.append((stack[0], n))
        out.append((start, n, quotes))
    return out


def find_notice(book, text: str) -> Match | None:
    """The first AI notice in `text`, or None (see the module docstring)."""
    if not text:
        return None
    t = _tokens(text)
    hits = book._scan(t)
    listed = [m for m in book.find("ai_notice", text)
              if _phrase_words(m) > SHORT_LABEL_WORDS or _stands_alone(text, m)]
    if not listed and "_parts_ai" not in hits and "ai_generators" not in hits and "_parts_machine" not in hits:
        return None
    prev = None
    extra = tuple(bisect_left(t.ostart, m.start) for m in listed)
    for s in _parse(t, hits, book, extra):
        # "This article was first published in German. It was translated with …":
        # a sentence opening with a pronoun speaks of the text the one before named
        before = prev if prev is not None and _adjacent(t.text, prev, s) else None
        s.about_text = before is not None and _names_text(before) and \
            any(k - s.w0 <= 1 for k, _ in s.hits.get("this", ()))
        prev = s
        if s.question and not _embedded_question(s):
            continue
        m = _listed_in(listed, s, t) or _text_notice(t, s)
        if m is None and before is not None:
            m = _spread_reveal(t, before, s)
        if m is not None:
            return m
    return None


def _adjacent(text: str, prev: _Sentence, s: _Sentence) -> bool:
    """`prev` is the sentence right before `s` in the same paragraph."""
    return prev.end >= s.start - 2 and "\n\n" not in text[prev.end:s.start]


def _spread_reveal(t: _Tokens, prev: _Sentence, s: _Sentence) -> Match | None:
    """A reveal spread over two sentences of one paragraph: the first names
    an AI system, the next (naming none) has it make this text or asks it to
    ("… avec ChatGPT. Je lui ai demandé de produire ce texte.", "We used an
    AI chatbot. It wrote this article."). The same exclusions as in one
    sentence: no negation or condition on either, no question, no quotation,
    no picture-only sentence; and the maker is not the writer ("I wrote this
    text myself"): a first-person `actor` needs a `we_asked` request.
    News about AI ("OpenAI released ChatGPT. It wrote a poem for the
    minister.") names no this-text and no request, and stays no notice."""
    if prev.question or s.w1 - s.w0 > NOTICE_MAX_WORDS:
        return None
    ai = [a for a in _ai_hits(t, prev)
          if not _conditional(prev, a[0]) and not _negated(prev, a[0], a[0]) and not _modifier(t, a)]
    if not ai:
        return None
    h = s.hits
    if h.get("picture") and not h.get("text_noun"):
        return None
    if h.get("conditional") or h.get("negation"):
        return None
    if any(o0 == n1 for o0, _ in h.get("other_text", ()) for _, n1 in h.get("text_noun", ())):
        return None       # "… wrote this article of the minister": another text
    verbs = h.get("verb", ())
    if not verbs:
        return None
    this_text = [k for k, _ in h.get("this", ()) if any(0 < n0 - k <= 2 for n0, _ in h.get("text_noun", ()))]
    made_this = [k for k in this_text if any(abs(v[0] - k) <= CUE_GAP for v in verbs)]
    # "Je lui ai demandé de produire ce texte", "We asked it to write this":
    # the request goes to the system (a pronoun or nothing between request
    # and making word; "we asked our reporter to write this" is no reveal)
    for w0, w1 in h.get("we_asked", ()):
        for v0, _ in verbs:
            between = t.words[w1:v0]
            if 0 <= v0 - w1 <= 2 and not any(t.text[t.word_start(k)].isupper() for k in range(w1, v0)) \
                    and (made_this or h.get("text_noun")) and len(between) <= 2:
                return _sentence_match(t, s)
    # "It wrote this article": a pronoun opening the sentence refers back to
    # the system and this text is what it made ("I wrote this article" is the writer)
    opener = [k for k, _ in h.get("this", ()) if k == s.w0 and k not in this_text]
    if opener and made_this and any(v0 > s.w0 for v0, _ in verbs):
        return _sentence_match(t, s)
    return None


def find_image_label(book, text: str) -> Match | None:
    """An AI label in a caption or credit: the notice grammar with picture
    words as the subject ("Image generated or modified by artificial
    intelligence", "Dette KI-bilde …", "(KI-generiertes Symbolbild)"), a
    picture word compounded with an AI term ("KI-Bild", "AI image"), or an
    AI system standing in a credit ("Foto: X (AI)", "Bild: Midjourney")."""
    if not text:
        return None
    t = _tokens(text)
    hits = book._scan(t)
    if "_parts_ai" not in hits and "ai_generators" not in hits and "_parts_machine" not in hits:
        return None
    prev = None
    for s in _parse(t, hits, book):
        # "Das Bild zeigt ein Gehirn … . Es ist mit künstlicher Intelligenz hergestellt."
        s.about_text = prev is not None and prev.end >= s.start - 2 and \
            any(k - prev.w0 <= 1 for k, _ in prev.hits.get("picture", ())) and \
            any(k - s.w0 <= 1 for k, _ in s.hits.get("this", ()))
        prev = s
        if s.question:
            continue
        ai = _ai_hits(t, s)
        if not ai:
            continue
        if _negated(s, ai[0][0], ai[0][0]):
            continue
        pictures = s.hits.get("picture", ())
        # an AI term glued to or right next to a picture word: "KI-Bild", "AI image", "bilde KI"
        for a0, a1 in ai:
            for p0, p1 in pictures:
                if p0 == a1 or any(v0 == a1 and p0 == v1 for v0, v1 in s.hits.get("verb", ())):
                    return _sentence_match(t, s)
        # an AI system standing in a credit or in brackets: "Foto: X (AI)", "Bild: Midjourney"
        for a0, a1 in ai:
            c0 = _clause_start(s, a0)
            opener = t.text[t.word_end(c0 - 1):t.word_start(c0)] if c0 > 0 else ""
            credited = any(0 <= a0 - k1 <= 4 for _, k1 in s.hits.get("_credit", ()))
            # the system's name as a credit of its own: "… - Midjourney", "Midjourney - Autor: …", "… | DALL-E"
            alone = _clause_words(s, a0) == a1 - a0 and _credit_separated(t, s, a0, a1)
            only = s.w1 - s.w0 == a1 - a0 or (a0 == s.w0 and s.w1 - s.w0 <= 3 and len(s.breaks) == 1)
            if (credited or alone or only or "(" in opener or "[" in opener) \
                    and _clause_words(s, a0) <= LABEL_CLAUSE_WORDS:
                return _sentence_match(t, s)
        m = _text_notice(t, s, pictures_ok=True)
        if m is not None:
            return m
    return None


# --- parsing ---------------------------------------------------------------

_KEYS = ("subject", "subject_start", "this", "text_noun", "ai", "machine", "agent", "verb", "negation",
         "contrast", "but_with", "conditional", "we_asked", "actor", "presenting", "conversation", "label", "text_credit",
         "picture", "other_text", "other_work", "prompt", "experiment", "article", "label_tail", "done",
         "modal", "_credit")


def _parse(t: _Tokens, hits: dict, book=None, extra: tuple = ()) -> list[_Sentence]:
    """The sentences that name an AI system (and each one before them, which
    a pronoun may refer back to), with their hits and clause breaks."""
    text = t.text
    ostart = t.ostart
    nwords = len(t.words)
    spans = []
    for start, end, quotes in _sentences(text):
        w0 = bisect_left(ostart, start)
        w1 = min(bisect_left(ostart, end), nwords)
        if w1 > w0:
            spans.append((start, end, quotes, w0, w1))
    # only sentences with an AI word need the grammar
    ai_starts = sorted([h[0] for key in ("_parts_ai", "_parts_machine", "ai_generators") for h in hits.get(key, ())]
                       + list(extra))
    wanted: set[int] = set()
    for n, (_, _, _, w0, w1) in enumerate(spans):
        k = bisect_left(ai_starts, w0)
        if k < len(ai_starts) and ai_starts[k] < w1:
            wanted.update((n - 1, n, n + 1))
    # clause breaks (comma, colon, bracket, dash, slash): the word each one opens
    break_words = sorted({bisect_right(ostart, m.start()) for m in _CLAUSE_BREAK.finditer(text)}) if wanted else []
    letters = _letter_words(book)
    out = []
    for n, (start, end, quotes, w0, w1) in enumerate(spans):
        if n not in wanted:
            continue
        s = _Sentence()
        s.start, s.end, s.w0, s.w1 = start, end, w0, w1
        s.question = text[start:end].rstrip(" \t\n\"”»)'’").endswith("?")
        s.colon = text[start:end].rstrip().endswith(":")
        s.about_text = False
        # words inside an embedded quotation are someone else's words
        inside: set[int] = set()
        for q0, q1 in quotes:
            inside.update(range(bisect_left(ostart, q0), bisect_left(ostart, q1)))
        s.quoted = inside
        s.hits = {}
        for key in _KEYS:
            got = [(i, j) for i, j, pid in _in_range(hits.get("_parts_" + key, ()), w0, w1)
                   if i not in inside and _punctuated(book, t, i, j, pid)]
            if key == "_credit":
                got = [(i, j) for kind in ("credit_prefix", "photo_label", "neutral_label")
                       for i, j, _ in _in_range(hits.get(kind, ()), w0, w1)]
            if key == "ai":
                got += [(i, j) for i, j, _ in _in_range(hits.get("ai_generators", ()), w0, w1) if i not in inside]
                got = _plain_ai(t, got, hits)
            if key == "ai" and got:
                # product names (the common pack's `ai` words, image generators): a named system
                named = [(i, j) for i, j, pid in _in_range(hits.get("_parts_ai", ()), w0, w1)
                         if book is not None and book._index.phrase(pid)[1] == "common"]
                named += [(i, j) for i, j, _ in _in_range(hits.get("ai_generators", ()), w0, w1)]
                if named:
                    s.hits["named"] = sorted(set(named))
            if key in letters:
                got += [(i, i + 1) for i in range(w0, w1) if i not in inside
                        and _letter_word(text[t.word_start(i):t.word_end(i)], letters[key])]
            if got:
                s.hits[key] = sorted(set(got))
        lo = bisect_right(break_words, w0)
        s.breaks = [w0] + break_words[lo:bisect_left(break_words, w1, lo)]
        out.append(s)
    return out


def _letter_words(book) -> dict:
    """Part words of one letter (en `I`, uk `я`) that the book keeps out of
    its word index: key -> the words, matched as whole words in their own
    case ("I" is the writer, Polish "i" is "and")."""
    if book is None:
        return {}
    if book._literals is None:
        book._compile()
    out: dict = {}
    for kind, entries in book._literals.items():
        if kind.startswith("_parts_"):
            out.setdefault(kind[len("_parts_"):], set()).update(raw.strip() for _, raw, _ in entries)
    return out


def _letter_word(word: str, letters: set) -> bool:
    """A one-letter part word: a lower-case one in either case ("a", "A"),
    an upper-case one only as written ("I", not Polish "i")."""
    return word in letters or (word.islower() is False and word.lower() in letters)


def _punctuated(book, t: _Tokens, i: int, j: int, pid: int) -> bool:
    """A hit of a phrase that ends in `:` ("Note:", "Tekst:") needs the colon in the text."""
    if book is None:
        return True
    p = book._index.phrase(pid)
    return not p[3] or book._to_span(t, i, j, p) is not None


def _in_range(hits, w0: int, w1: int):
    """The hits starting in words w0..w1 (hits come in text order)."""
    lo = bisect_left(hits, w0, key=_first)
    return hits[lo:bisect_left(hits, w1, lo, key=_first)]


def _first(h: tuple) -> int:
    return h[0]


# Product names that are also given names ("Claude", "Gemini", "Bard"):
# followed by a capitalised word they are a person ("Claude Martin").
def _plain_ai(t: _Tokens, got: list, hits: dict) -> list:
    text = t.text
    out = []
    for i, j in got:
        word = text[t.word_start(i):t.word_end(j - 1)]
        if len(word) <= 3 and word.isalpha() and word.islower():
            continue      # an acronym ("AI", "IA", "KI") in lower case is a word: French "j'ai", Italian "ai"
        if " " not in word and word[:1].isupper() and word[1:].islower() and j < len(t.words):
            nxt = text[t.word_end(j - 1):t.word_start(j) + 1]
            if nxt.strip() and nxt.strip()[0].isupper() and nxt.startswith(" "):
                continue
        out.append((i, j))
    return out


# --- the grammar -------------------------------------------------------------

def _text_notice(t: _Tokens, s: _Sentence, pictures_ok: bool = False) -> Match | None:
    h = s.hits
    ai = _ai_hits(t, s)
    if not ai:
        return None
    if s.w1 - s.w0 > NOTICE_MAX_WORDS + 10:
        return None
    if not pictures_ok and h.get("picture") and not (h.get("text_noun") or h.get("subject")):
        return None       # about a picture: an image label, not a text notice
    verbs = h.get("verb", ())
    for a in ai:
        if _conditional(s, a[0]):
            # "When I asked ChatGPT, “…,” it told me this:" — a request introducing
            # the system's output (the sentence ends in a colon) is a reveal
            if s.colon and _asked(s, a) and not _negated(s, a[0], a[0]):
                return _sentence_match(t, s)
            continue
        close = [v for v in verbs if _close(t, s, a, v) and not _attributive(t, s, a, v, pictures_ok)]
        for v in close:
            if _negated(s, a[0], v[0]):
                continue
            if _this_text(s, pictures_ok) and s.w1 - s.w0 <= NOTICE_MAX_WORDS + 10:
                return _sentence_match(t, s)
            if _label_clause(t, s, a, v, pictures_ok):
                return _sentence_match(t, s)
            if _reveal(s, a, v) or _experiment(s, a, v) or _participle_label(t, s, a, v) or _done_texts(s, a, v):
                return _sentence_match(t, s)
        if not _negated(s, a[0], a[0]) and (_asked(s, a) or _prompted(s, a) or _presented(s, a)
                                            or _conversation(t, s, a) or _credited(t, s, a)):
            return _sentence_match(t, s)
    return None


def _attributive(t: _Tokens, s: _Sentence, a: tuple, v: tuple, pictures_ok: bool) -> bool:
    """'how AI generated images spread', 'AI-written articles flood the web':
    the making word qualifies another thing that follows it. Not when this
    text is that thing ('dieser KI-generierte Text', a label 'KI-generierter
    Text' standing alone)."""
    end = max(a[1], v[1])
    h = s.hits
    if end in s.breaks:
        return False      # "… przez program ChatGPT, ilustracje …": a comma ends the phrase
    if not pictures_ok and any(p0 == end for p0, _ in h.get("picture", ())):
        return True
    if any(n0 == end for n0, _ in h.get("text_noun", ())):
        if a[1] == v[0] and not t.text[t.word_end(a[1] - 1):t.word_start(v[0])].strip():
            return False      # "Chat GPT kirjoitti jutun": the system wrote the story
        if a[0] == v[0]:
            return False
        start = min(a[0], v[0])
        if s.w1 - s.w0 <= 4 or any(0 < start - k1 + 1 <= 2 or start == k1 for _, k1 in h.get("this", ())):
            return False
        return True
    return False


def _ai_hits(t: _Tokens, s: _Sentence) -> list[tuple[int, int]]:
    """The AI systems named: `ai` words, and `machine` words ("the computer",
    "roboten", "the program") where they are the maker: after an `agent`
    word ("by a computer"), opening a clause ("a computer did"), asked by the
    writer ("Ik vroeg de robot") or in a sentence presenting output. A
    machine word that is also a `this` word (a pronoun: "it") counts only
    right before a making word ("it wrote the introduction")."""
    h = s.hits
    out = list(h.get("ai", ()))
    pronouns = {k for k, _ in h.get("this", ())}
    for m in h.get("machine", ()):
        i = m[0]
        if i in pronouns and not any(v0 == m[1] for v0, _ in h.get("verb", ())):
            continue      # "it" is the maker only as the subject of an active making verb ("it wrote …");
                          # in "It was written by Anna Berg" someone else made the text
        if any(0 < i - j[1] + 1 <= 2 for j in h.get("agent", ())) or any(0 <= i - j[1] <= 2 for j in h.get("agent", ())):
            out.append(m)
        elif i - _clause_start(s, i) <= 1:
            out.append(m)
        elif any(0 <= i - j[1] <= 3 for j in h.get("we_asked", ())) or _presents_machine(t, s, m):
            out.append(m)
    return sorted(out)


def _presents_machine(t: _Tokens, s: _Sentence, m: tuple) -> bool:
    """A machine word whose output the sentence presents: a `presenting`
    word at most three words before it ("Here is what the computer wrote",
    "Hieronder staat wat de robot schreef") or the machine's possessive
    ("Below, you’ll see the bot’s end product", "the program’s shortened
    responses are below"); not "See below for how the machine produced the
    results" (the deictic points elsewhere)."""
    i, j = m
    if any(o0 == j for o0, _ in s.hits.get("other_text", ())):
        return False      # "Below is the program of the festival": a programme, not a program
    if any(0 < i - p1 + 1 <= 3 for _, p1 in s.hits.get("presenting", ())):
        return True
    if not s.hits.get("presenting"):
        return False
    after = t.text[t.word_end(j - 1):t.word_end(j - 1) + 2]
    return after[:1] in "'’" and (after[1:2] == "s" or not after[1:2].isalpha())


def _close(t: _Tokens, s: _Sentence, a: tuple, v: tuple) -> bool:
    """The AI system and the making word belong together: few words apart,
    no clause break between them unless a contrast word bridges it
    ("non da chi la firma, bensì dalla stessa ChatGPT"); a word may be both
    ("KI-generiert" is one hit of each)."""
    (a0, a1), (v0, v1) = a, v
    lo, hi = (a1, v0) if a0 < v0 else (v1, a0)
    if hi <= lo:
        return True
    bridged = any(lo <= c[0] < hi for c in s.hits.get("contrast", ()))
    if hi - lo > (PARTS_MAX_GAP + 5 if bridged else PARTS_MAX_GAP):
        return False
    text = t.text
    between = text[t.word_end(lo - 1):t.word_start(hi)]
    if not any(c in between for c in ",;–—"):
        return True
    if a0 < v0 and hi - lo <= 5 and ";" not in between:
        return True      # "ChatGPT, an AI chatbot, wrote …": the system is the subject
    return any(lo <= c[0] < hi for c in s.hits.get("contrast", ()))


def _negated(s: _Sentence, a: int, v: int) -> bool:
    """A negation before the AI system or the making word governs it, unless
    a contrast word stands between the negation and the AI system, which
    then follows it ("not by the author, but by ChatGPT")."""
    last = max(a, v)
    if any(0 < b0 - a <= 4 for b0, _ in s.hits.get("but_with", ())):
        return False      # "pas écrit par une machine, mais avec elle": made with it after all
    clauses = {_clause_start(s, a), _clause_start(s, v)}
    for n0, n1 in s.hits.get("negation", ()):
        if _clause_start(s, n0) not in clauses:
            continue      # in another clause ("I didn't write the above – a computer did")
        if n0 >= last and n1 < _clause_end(s, n0) and not _right_after_verb(s, n0):
            continue      # after both, unless it ends the clause (a negated final verb: "… oluşturulmadı.")
                          # or follows a making word ("ChatGPT did not write this")
        if any(n0 < c0 < a for c0, _ in s.hits.get("contrast", ())):
            continue
        return True
    return False


def _right_after_verb(s: _Sentence, n0: int) -> bool:
    """The negation stands between two making words: "did not write"."""
    verbs = s.hits.get("verb", ())
    n1 = next(b for a, b in s.hits.get("negation", ()) if a == n0)
    return any(v1 == n0 for _, v1 in verbs) and any(v0 == n1 for v0, _ in verbs)


def _conditional(s: _Sentence, a: int) -> bool:
    """'If articles are generated with AI, we mark them': a policy. A
    condition after an `experiment` cue is the experiment's ("I wanted to
    see if ChatGPT could create a story"), not a policy."""
    cue = min([e1 for _, e1 in s.hits.get("experiment", ())] + [s.w1])
    return any(c0 < a and not cue <= c0 for c0, _ in s.hits.get("conditional", ()))


def _this_text(s: _Sentence, pictures_ok: bool) -> bool:
    h = s.hits
    if h.get("subject") or getattr(s, "about_text", False):
        return True
    opening = s.w0
    for k, k1 in h.get("subject_start", ()):
        if k == opening and _own_subject(s, k1):
            return True
    for k, _ in h.get("label", ()):
        if k - opening <= 1:
            return True
    nouns = list(h.get("text_noun", ()))
    if pictures_ok:
        nouns += h.get("picture", ())
    # a word of an experiment cue is no demonstrative ("we wanted to see whether articles …":
    # Estonian "see" is "this")
    cue = {j for e0, e1 in h.get("experiment", ()) for j in range(e0, e1)}
    for k, _ in h.get("this", ()):
        if k not in cue and any(0 < n0 - k <= 2 for n0, _ in nouns):
            return True
    if pictures_ok:       # a caption's picture word opening it or one of its clauses:
        # "Image generated by AI", "Kärbitud videost, pilti on tehisintellekti abil taastatud"
        for p0, _ in h.get("picture", ()):
            if p0 - _clause_start(s, p0) <= 1:
                return True
    return False


def _own_subject(s: _Sentence, k1: int) -> bool:
    """An opening noun names this text unless what follows makes it another
    one ("Der Beitrag des Ministers …", "The article about AI …") or a
    comma opens a clause about texts in general ("Texte, die mit KI erstellt
    werden, …")."""
    if k1 in s.breaks:
        return False
    return not any(o0 == k1 for o0, _ in s.hits.get("other_text", ()))


def _names_text(s: _Sentence) -> bool:
    """This text is the subject, or a text is said to be (not) made: 'the
    original article … was not written by a reporter'."""
    return _this_text(s, False) or bool(s.hits.get("text_noun") and s.hits.get("verb"))


def _clause_start(s: _Sentence, i: int) -> int:
    return s.breaks[bisect_right(s.breaks, i) - 1]


def _clause_end(s: _Sentence, i: int) -> int:
    k = bisect_right(s.breaks, i)
    return s.breaks[k] if k < len(s.breaks) else s.w1


def _clause_words(s: _Sentence, i: int) -> int:
    return _clause_end(s, i) - _clause_start(s, i)


def _label_clause(t: _Tokens, s: _Sentence, a: tuple, v: tuple, pictures_ok: bool = False) -> bool:
    """A short label standing alone: a clause of a few words opening with
    the making word, the AI system or a `this` word, and holding nothing
    else that could be the thing made ("mit Hilfe KI erstellt", "(schreibt
    alles ChatGPT)", "ChatGPT did it", "De computer schreef dit"), or a
    short line naming the text (or picture) and then, after a comma, only
    the label ("Съдържание, генерирано от ИИ", "Vsebina, ustvarjena z UI")."""
    h = s.hits
    c0 = _clause_start(s, min(a[0], v[0]))
    c1 = _clause_end(s, min(a[0], v[0]))
    if max(a[1], v[1]) > c1:
        return False
    words = c1 - c0
    first = min(a[0], v[0]) - c0
    this_words = [k for k, _ in list(h.get("this", [])) + list(h.get("subject_start", [])) if c0 <= k < c1]
    if first > 1 and c0 not in this_words:
        return False
    # the line (or sentence) is short, or the clause is a bracketed / dashed aside
    # of its own, or its object is this text ("did it", "schreef dit", "jutun")
    objects = this_words + [k for k, _ in h.get("text_noun", ()) if c0 <= k < c1]
    tail = c1 - max(a[1], v[1])          # words after the label's own words
    objects = [k for k in objects if k > v[0]]     # what was made comes after the making word
    if s.w1 - s.w0 <= LABEL_LINE_WORDS and c0 == s.w0:
        # a short line: "Erstellt mit KI", "ChatGPT did it.", "a computer did", "De computer schreef dit"
        return (first == 0 and (v[0] <= a[0] or tail == 0)) or bool(objects) or (tail == 0 and first <= 1)
    if words > LABEL_CLAUSE_WORDS:
        return False
    if c0 > s.w0 and c0 == s.breaks[-1] and first == 0 and _label_ends(s, c1, max(a[1], v[1])) \
            and s.w1 - s.w0 <= LABEL_LINE_WORDS + 6 and _labels_this_thing(s, c0, pictures_ok):
        return True
    # an aside in brackets or after a dash ("(schreibt alles ChatGPT)", "– ten napisał ChatGPT"),
    # or the opening clause of a longer sentence ("Chat GPT kirjoitti jutun …, jossa …"):
    # only with this text as its object
    if c0 > s.w0:
        opener = t.text[t.word_end(c0 - 1):t.word_start(c0)]
        if not any(c in opener for c in "([–—") and " - " not in opener:
            return False
        if words <= 3:       # "(schreibt alles ChatGPT)", "– ten napisał ChatGPT."
            return True
    return bool(objects)


def _label_ends(s: _Sentence, c1: int, end: int) -> bool:
    """Nothing but making words follows the label's AI system and making
    word in its clause ("radīti ar mākslīgā intelekta palīdzību")."""
    verbs = s.hits.get("verb", ())
    while end < c1:
        nxt = next((v1 for v0, v1 in verbs if v0 == end), None)
        if nxt is None:
            return False
        end = nxt
    return True


def _labels_this_thing(s: _Sentence, c0: int, pictures_ok: bool) -> bool:
    """The last clause of a line is a label ("…, generated with AI") of the
    thing the line names: the line opens with a text noun ("Съдържание,
    генерирано от ИИ", "Humoristiski ziņu stāsti …, radīti ar …") or, in a
    caption, a picture word; or it opens with a `this` word and the label
    follows a text noun ("Тази карта е справочен документ, генериран с ИИ").
    Not "Texte, die mit KI erstellt werden, müssen geprüft werden" (the label
    is not the last clause) nor "Die Polizei prüft ein Dokument, erstellt mit
    KI" (the line names no text of its own)."""
    h = s.hits
    keys = ("subject_start", "text_noun", "picture") if pictures_ok else ("subject_start", "text_noun")
    if any(k - s.w0 <= 1 for key in keys for k, _ in h.get(key, ()) if k < c0):
        return True
    return any(k == s.w0 for k, _ in h.get("this", ())) and \
        any(n1 == c0 for key in keys for _, n1 in h.get(key, ()))


def _reveal(s: _Sentence, a: tuple, v: tuple) -> bool:
    """The writer had the AI system make a text: a first-person `actor`
    ("I", "wir", "the newsroom") with a `text_noun` ("a match report").
    Not a guess or an ability ("I think AI will write most articles",
    "I doubt that AI can write a column"): no `conditional` or `modal` word
    between the AI system and the making word."""
    h = s.hits
    if not any(abs(k - a[0]) <= 3 or abs(k - v[0]) <= 3 or abs(k - a[1]) <= 3 or abs(k - v[1]) <= 3
               for k, _ in h.get("actor", ())):
        return False
    lo, hi = min(a[0], v[0]), max(a[1], v[1])
    if any(lo < c0 < hi for key in ("conditional", "modal") for c0, _ in h.get(key, ())):
        return False
    # "I read that AI wrote a match report", "I heard ChatGPT wrote a column": the
    # system is the subject of its own making word and the writer only reports it
    # (a request, "bad me roboten ChatGPT skrive", is `we_asked`)
    if v[0] == a[1] and any(k < a[0] for k, _ in h.get("actor", ())) and not h.get("we_asked"):
        return False
    # "AI-generated articles" is what the actor wrote about, not what AI made for them
    nouns = [n for n in h.get("text_noun", ()) if n[0] != v[1]]
    return bool(nouns) or bool(h.get("presenting"))


def _asked(s: _Sentence, a: tuple) -> bool:
    """'We asked ChatGPT …', 'Pedi à ferramenta de IA …', 'toimitus pyysi ChatGPT:n apua',
    'Umetni inteligenci sem ukazal …' (the system named right before the request);
    not 'We asked experts about AI' (an `other_text` word before the system: its topic)."""
    about = {k for k, _ in s.hits.get("other_text", ())}
    for w0, w1 in s.hits.get("we_asked", ()):
        if 0 <= w0 - a[1] <= 1:
            return True
        if -3 <= a[0] - w1 <= 4:
            # "We asked experts about AI": someone else was asked, the system is the topic
            if a[0] - 1 in about and a[0] - 1 > w1:
                continue
            return True
    return False


def _prompted(s: _Sentence, a: tuple) -> bool:
    """A request in other words: a first-person `actor` gives the AI system
    a `prompt` ("So I fed the following prompt into ChatGPT", "I gave
    ChatGPT this prompt:") — the actor at most five words before the
    prompt noun, its verb governing the prompt (only articles, `presenting`
    words and the system itself between them), and the system either
    between them or one or two words (a preposition) after the prompt.
    Not "Researchers fed prompts into ChatGPT" (no first person), "I asked
    experts whether a prompt to ChatGPT …" (the actor's verb has another
    object) nor "I read the prompt ChatGPT was given" (no preposition)."""
    h = s.hits
    for p0, p1 in h.get("prompt", ()):
        for k, _ in h.get("actor", ()):
            if not 0 < p0 - k <= 5 or _clause_start(s, k) != _clause_start(s, p0):
                continue
            system_before = k + 1 < a[0] and a[1] <= p0
            if not (system_before or 1 <= a[0] - p1 <= 2):
                continue
            covered = {j for key in ("article", "presenting", "this", "ai") for x0, x1 in h.get(key, ())
                       for j in range(x0, x1)} | set(range(a[0], a[1]))
            if all(j in covered for j in range(k + 2, p0)):
                return True
    return False


def _experiment(s: _Sentence, a: tuple, v: tuple) -> bool:
    """The writer announces an experiment whose output the text shows: an
    `experiment` cue ("we wanted to see", "postanowiliśmy sprawdzić")
    before the AI system, which makes a `text_noun` named after the cue
    ("I wanted to see if ChatGPT could create a story for …",
    "Postanowiliśmy sprawdzić, jak brzmiałaby przemowa …, gdyby napisała ją
    sztuczna inteligencja"). Not "We wanted to see if readers can tell
    AI-written texts …" (the making word qualifies the texts: not close)."""
    h = s.hits
    for e0, e1 in h.get("experiment", ()):
        if not (e1 <= a[0] and e1 <= v[0] and a[0] - e1 <= CUE_GAP):
            continue
        # the system making is what the experiment is about: right after the cue ("see how ChatGPT
        # would write", "sprawdzić, jak napisałby felieton ChatGPT") or in the clause a condition
        # opens ("…, gdyby napisała ją sztuczna inteligencja")
        if min(a[0], v[0]) - e1 > 2 and not any(e1 <= c0 and 0 < a[0] - c0 <= 3 for c0, _ in h.get("conditional", ())):
            continue
        # "…, but we decided against it": the experiment did not happen
        if any(c0 >= e1 for key in ("contrast", "negation") for c0, _ in h.get(key, ())):
            continue
        # the text made: after the system or the making word ("could create a story", "jak
        # napisałby felieton ChatGPT", "wie ChatGPT einen Kommentar verfassen würde"), or before
        # them with a condition opening the system's clause ("przemowa …, gdyby napisała ją
        # sztuczna inteligencja"); not "whether articles written by ChatGPT rank …"
        conds = [c0 for c0, _ in h.get("conditional", ())]
        for n0, n1 in h.get("text_noun", ()):
            if n0 < e1:
                continue
            if n0 > min(a[0], v[0]) and (n0 != v[1] or a[0] >= n1):
                return True
            if n1 <= v[0] and any(n1 <= c0 < min(a[0], v[0]) for c0 in conds):
                return True
    return False


def _participle_label(t: _Tokens, s: _Sentence, a: tuple, v: tuple) -> bool:
    """A standalone participle label: (an `article` and) a text noun opening
    the sentence, the making word right after it, then the AI system, and
    after it nothing, or only a `label_tail` ("A story written by ChatGPT
    based on the title only as the trigger.", "Une histoire écrite par
    ChatGPT à partir du titre.", "Eine Geschichte, geschrieben von ChatGPT,
    basierend auf dem Titel."). News gives the noun phrase a finite verb
    ("The story written by ChatGPT went viral.") and is no label; a label
    line is short (at most LABEL_LINE_WORDS + 4 words), so a tail that runs
    on into a finite verb ("… based on a press release was published by
    the Sun") is not taken for one."""
    h = s.hits
    if s.w1 - s.w0 > LABEL_LINE_WORDS + 4:
        return False
    k = s.w0
    if any(a0 == k for a0, _ in h.get("article", ())):
        k += 1
    noun = next((n1 for n0, n1 in list(h.get("text_noun", ())) + list(h.get("subject_start", ())) if n0 == k), None)
    if noun is None or v[0] != noun or not v[1] <= a[0] <= v[1] + 3 or _clause_start(s, a[0]) not in (s.w0, noun):
        return False
    if any(o0 == noun for o0, _ in h.get("other_text", ())):
        return False
    rest = a[1]
    if rest >= s.w1:
        return True
    text = t.text
    gap = text[t.word_end(rest - 1):t.word_start(rest)]
    if gap.strip(" ,–—-") and gap.strip(" ,–—-") not in "(":
        return False
    # with a tail the label is a line of its own (a subtitle, a caption), not a sentence
    # of a paragraph, where a finite verb may follow the tail
    line0 = text.rfind("\n", 0, s.start) + 1
    line1 = text.find("\n", s.end)
    alone = not text[line0:s.start].strip() and not text[s.end:line1 if line1 != -1 else len(text)].strip()
    return alone and any(l0 == rest for l0, _ in h.get("label_tail", ()))


def _done_texts(s: _Sentence, a: tuple, v: tuple) -> bool:
    """These texts were made by a named system: an opening (plural) text
    noun opening the sentence without an article, a completed-passive
    auxiliary (`done`) right after it, and the making word and a product
    name within the next words of its clause ("Teksty zostały wygenerowane
    przez program ChatGPT, …", "Texte wurden mit ChatGPT erstellt."). A generic AI term is what policies use
    ("Texte werden mit KI erstellt …"), so only a product name counts; a
    participle with a finite verb after it ("Teksty napisane przez sztuczną
    inteligencję wyglądają …") has no auxiliary after the noun."""
    h = s.hits
    if a not in h.get("named", ()):
        return False
    # a bare noun: with an article ("The articles were written by ChatGPT, the agency
    # said.") news about some texts shares the shape
    k = s.w0
    noun = next((n1 for n0, n1 in h.get("text_noun", ()) if n0 == k), None)
    if noun is None or any(o0 == noun for o0, _ in h.get("other_text", ())):
        return False
    for d0, d1 in h.get("done", ()):
        if d0 == noun and d1 <= v[0] <= d1 + 5 and d1 <= a[0] <= d1 + 5 and _clause_start(s, a[0]) == s.w0:
            return True
    return False


def _presented(s: _Sentence, a: tuple) -> bool:
    """The text presents the system's output: 'Di seguito ecco cosa sa
    ChatGPT', 'En dit is wat ChatGPT antwoordt', '…, written by ChatGPT:'
    (a sentence ending in a colon introduces what follows)."""
    verbs = s.hits.get("verb", ())
    agents = s.hits.get("agent", ())
    # "Here is the program, created by the festival team": made by someone the sentence names
    if not any(not any(g0 == v1 and not g1 <= a[0] <= g1 + 2 for g0, g1 in agents) for _, v1 in verbs):
        return False
    # "Below, we explain how the bot generated fake quotes": the writer explains, nothing is presented
    if s.colon or any(0 <= a[0] - p0 <= CUE_GAP and not any(p0 < k < a[0] for k, _ in s.hits.get("actor", ()))
                      for p0, _ in s.hits.get("presenting", ())):
        return True
    # "… the program's shortened responses are below.": the system's output, then the deictic ending the sentence
    return any(p1 == s.w1 and a[1] <= p0 and _clause_start(s, p0) == _clause_start(s, a[0])
               and any(a[1] <= v0 < p0 for v0, _ in s.hits["verb"])
               for p0, p1 in s.hits.get("presenting", ()))


def _conversation(t: _Tokens, s: _Sentence, a: tuple) -> bool:
    """'Rozmowę z ChatemGPT przeprowadziła …', 'interview with ChatGPT' —
    not 'interview with the ChatGPT inventor' (an AI term glued to a noun)."""
    for c0, c1 in s.hits.get("conversation", ()):
        if 0 <= a[0] - c1 <= 3 or a[1] == c0:      # "interview with ChatGPT", "chatrobottal interjúztunk"
            after = t.text[t.word_end(a[1] - 1):t.word_end(a[1] - 1) + 3]
            if after[:1] in "-'’" and after[1:2].isalpha():
                continue
            return True
    return False


def _credited(t: _Tokens, s: _Sentence, a: tuple) -> bool:
    """A text credit naming the AI system right after it or as one of its
    names: 'By ChatGPT', 'Com informações da Agência … / ChatGPT / OpenAI'."""
    if s.w1 - s.w0 > 14:
        return False
    # "Eine von ChatGPT geschriebene Geschichte …": after an article "von" is no credit
    opener = any(k == s.w0 for k, _ in s.hits.get("article", ()))
    for l0, l1 in s.hits.get("text_credit", ()):
        if (l0 == s.w0 or (l0 - s.w0 == 1 and not opener)) \
                and (a[0] == l1 or (a[0] > l1 and a[0] in s.breaks)) and not _modifier(t, a):
            return True
    return False


def _modifier(t: _Tokens, a: tuple) -> bool:
    """An AI term glued by a hyphen to the noun after it ('KI-Studie',
    'ChatGPT-Erfinder') names that noun, not the AI system."""
    text = t.text
    end = t.word_end(a[1] - 1)
    return text[end:end + 1] in "-‐" and text[end + 1:end + 2].isalpha()


def _embedded_question(s: _Sentence) -> bool:
    """'Hättet Ihr erkannt, dass dieser Text von einer KI geschrieben wurde?'
    asserts its embedded clause; 'Was this article written by AI?' asks."""
    first_subject = min([k for k, _ in s.hits.get("subject", ())] + [s.w1])
    return any(b <= first_subject for b in s.breaks[1:])


def _listed_in(listed: list, s: _Sentence, t: _Tokens) -> Match | None:
    """A listed `ai_notice` phrase in this sentence, not negated nor a
    condition, that opens the sentence, is most of it, or stands in a
    sentence about this text ("…, dass der Artikel mit Unterstützung von KI
    erstellt wurde" reports another text's notice)."""
    for m in listed:
        if s.start <= m.start < s.end:
            i, j = bisect_left(t.ostart, m.start), bisect_left(t.ostart, m.end)
            if _negated(s, j, j) or _conditional(s, j) or i in s.quoted:
                continue
            if any(n0 == j for key in ("picture", "text_noun", "other_work") for n0, _ in s.hits.get(key, ())) \
                    and not any(k == i - 1 for k, _ in s.hits.get("this", ())):
                continue      # "we look at AI-generated images": a label of something else
            opens = i == s.w0 or (i - s.w0 <= 2 and any(k == s.w0 for k, _ in
                                                        s.hits.get("label", []) + s.hits.get("this", [])))
            if opens or j - i >= s.w1 - s.w0 - 1 or _this_text(s, False) or _own_line(t.text, m):
                return m
    return None


def _own_line(text: str, m: Match) -> bool:
    """The phrase is (almost) all of its line ("Mehr zum Thema\nAI-generated\nSport")."""
    lo = text.rfind("\n", 0, m.start) + 1
    hi = text.find("\n", m.end)
    line = text[lo:hi if hi != -1 else len(text)]
    return len(line.split()) <= len(text[m.start:m.end].split()) + 1


def _credit_separated(t: _Tokens, s: _Sentence, a0: int, a1: int) -> bool:
    """The words a0..a1 are set off by a dash, slash or bar (not a comma)."""
    text = t.text
    before = text[t.word_end(a0 - 1):t.word_start(a0)] if a0 > s.w0 else ""
    after = text[t.word_end(a1 - 1):t.word_start(a1)] if a1 < s.w1 else ""
    marks = "-–—/|"
    return any(c in marks for c in before + after) and "," not in before + after


def _sentence_match(t: _Tokens, s: _Sentence) -> Match:
    start = t.word_start(s.w0)
    end = t.word_end(s.w1 - 1)
    text = t.text
    if end < len(text) and text[end] in ".!)":
        end += 1
    return Match("ai_notice", "*", text[start:end], start, end)


def _phrase_words(m: Match) -> int:
    return len(re.findall(r"[\w\u0300-\u036f]+", m.phrase))


def _stands_alone(text: str, m: Match) -> bool:
    """A short label counts when its line/sentence has few other words."""
    lo = max(text.rfind("\n", 0, m.start), max(text.rfind(c, 0, m.start) for c in ".!?|•·"))
    his = [x for x in (text.find(c, m.end) for c in "\n.!?|•·") if x != -1]
    hi = min(his) if his else len(text)
    segment = text[lo + 1:hi]
    return len(segment.split()) <= SHORT_LABEL_SEGMENT_WORDS
