"""Phrase packs: the wording that counts as a disclosure, in every language.

A phrase pack is a YAML file, one per language (`rules/phrases/de.yaml`,
`rules/phrases/pl.yaml` ...) plus `rules/phrases/common.yaml` for
language-independent lists (agencies, AI generator names, regex shapes).
Each pack maps a *kind* to a list of entries::

    language: de
    ai_notice:
      - "Hinweis: Dieser Artikel wurde mit Künstlicher Intelligenz (KI) erstellt."
    photo_label: ["Foto:", "Bild:"]
    relative_time: ['vor \\d+ (Stunden?|Minuten?|Tagen?)']   # regex kind

Phrase kinds (matched on a normalised form of the text):
`ai_notice`, `ai_image_label`, `photo_label`, `neutral_label`,
`credit_prefix`, `collective_credit`, `credit_placeholder`,
`archive_label`, `go_to_original`, `agencies`, `ai_generators`.
Regex kinds (compiled with `re`, case-insensitive, on the original text):
`relative_time`, `absolute_time`, `archive_patterns`, `photo_patterns`,
`credit_patterns`, `dateline_patterns`.
`ai_notice_parts` is a co-occurrence pattern (see `PhraseBook.find_notice`).

How phrases match (so pack authors need not list every spelling):

- case-insensitive, diacritic-insensitive (`Künstliche` = `Kunstliche`,
  `sztuczną` = `sztuczna`; also ß=ss, ł=l, ø=o, æ=ae, đ=d);
- any run of whitespace, line breaks, `&nbsp;` counts as one space;
- hyphen, space and no space between words are the same
  (`KI-gestützt` = `KI gestützt`, `mithilfe` = `mit Hilfe`);
- `KI`, `AI`, `IA`, `SI` and `UI` are the same word when they stand alone;
- punctuation inside a phrase is ignored (`(KI)`), but a phrase that ends
  in `:` or `/` (or a one-word phrase ending in `.`, like `Fot.`) needs
  that mark in the text: `Foto:` matches `Foto:` and `Foto :`, not
  `Das Foto zeigt`;
- matches start and end on word boundaries (`AP` never matches in
  `Kapelle`, `DR` never in `Drucker`);
- a word ending in `*` matches any word it begins (`wygenerowan*`).

Built-in packs are trusted and loaded without jsonschema; user packs given
to `PhraseBook.load` are validated against
`provenance/schemas/phrases.schema.json`.
"""
from __future__ import annotations

import marshal
import os
import re
import unicodedata
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from itertools import accumulate, compress
from pathlib import Path

__all__ = ["Match", "PhraseBook", "PhraseError", "PHRASE_KINDS", "REGEX_KINDS", "normalise"]

PHRASE_KINDS = (
    "ai_notice", "ai_image_label", "photo_label", "neutral_label", "credit_prefix",
    "collective_credit", "credit_placeholder", "archive_label", "go_to_original",
    "agencies", "ai_generators",
)
REGEX_KINDS = (
    "relative_time", "absolute_time", "archive_patterns", "photo_patterns",
    "credit_patterns", "dateline_patterns",
)
PARTS_KEYS = ("subject", "subject_start", "ai", "verb", "negation")

# Regex kinds only ever see this much text: user regexes stay bounded.
REGEX_INPUT_LIMIT = 100_000
# A sentence longer than this is not a notice (ai_notice_parts).
NOTICE_MAX_WORDS = 40
# ai_notice_parts: a `subject_start` word must open the sentence (within these words).
SUBJECT_START_WINDOW = 3
# ai_notice_parts: the AI term and the verb must be this close to each other.
PARTS_MAX_GAP = 7
# A short notice label ("KI-generiert") counts only when it stands (almost) alone.
SHORT_LABEL_WORDS = 3
SHORT_LABEL_SEGMENT_WORDS = 8


class PhraseError(Exception):
    """A phrase pack is invalid; the message names the file, the kind/key and the problem."""


@dataclass(frozen=True)
class Match:
    """One phrase found in a text. `start`/`end` are offsets into the text
    that was searched, exactly as it was passed in."""

    kind: str
    lang: str
    phrase: str
    start: int
    end: int


# --- normalisation -------------------------------------------------------

# Letters that NFKD does not decompose into base + mark.
_SPECIAL = str.maketrans({
    "ł": "l", "ø": "o", "æ": "ae", "đ": "d", "œ": "oe", "ı": "i", "þ": "th",
    "ð": "d", "ħ": "h", "ŧ": "t", "ŀ": "l", "ĸ": "k",
})
# Standalone abbreviations for "artificial intelligence" that are one word.
_AI_TOKENS = ("ai", "ki", "ia", "si", "ui")
_ENTITY_RE = re.compile(r"&(?:nbsp|#160|#x[aA]0|thinsp|ensp|emsp|#8239|#x202[fF]);")


def _fold_char(c: str) -> str:
    if unicodedata.combining(c):
        return ""
    if not c.isalnum():
        return " "
    s = unicodedata.normalize("NFKD", c.casefold().translate(_SPECIAL)).translate(_SPECIAL)
    s = "".join(ch for ch in s if not unicodedata.combining(ch))
    return "".join(ch if ch.isalnum() else " " for ch in s)


# Per-character folding table for str.translate (a plain dict: translate
# is markedly slower with a dict subclass): letters/digits -> lower case
# without diacritics (possibly several letters: ß -> ss), combining marks ->
# nothing, everything else (spaces, punctuation, hyphens, apostrophes) ->
# one space. It holds every character of the blocks news text is written in
# from the first use on (or from the compiled-pack cache); a text with a
# character outside them (emoji, CJK ...) teaches the table that character.
_TABLE: dict[int, str] = {}
_BLOCKS = ((0x0000, 0x024F), (0x0250, 0x02FF), (0x0300, 0x036F), (0x0370, 0x03FF),
           (0x0400, 0x052F), (0x1E00, 0x1EFF), (0x2000, 0x206F), (0x20A0, 0x20CF),
           (0x2100, 0x214F), (0xFB00, 0xFB06))
_OUTSIDE_BLOCKS: re.Pattern | None = None   # finds a character beyond _BLOCKS
_RESIZING: set[str] = set()   # characters whose folded form is not one character
_RESIZING_RE: re.Pattern | None = None


def _char_class(codes) -> str:
    """A regex character class body for these code points, as ranges."""
    out, run = [], None
    for c in sorted(codes):
        if run and c == run[1] + 1:
            run[1] = c
            continue
        if run:
            out.append(run)
        run = [c, c]
    if run:
        out.append(run)
    esc = lambda c: re.escape(chr(c))
    return "".join(esc(a) if a == b else f"{esc(a)}-{esc(b)}" for a, b in out)


def _learn(table: dict) -> None:
    """Add folded characters to the table (and note those that resize)."""
    global _RESIZING_RE
    _TABLE.update(table)
    resizing = {chr(c) for c, f in table.items() if len(f) != 1}
    if not resizing <= _RESIZING:
        _RESIZING.update(resizing)
        _RESIZING_RE = re.compile("[" + _char_class(map(ord, _RESIZING)) + "]")


def _load_blocks(table: dict | None = None) -> None:
    """Fill the table for the common blocks: computed (~2 ms), or the copy
    kept in the compiled-pack cache."""
    global _OUTSIDE_BLOCKS
    if table is None:
        table = {c: _fold_char(chr(c)) for a, b in _BLOCKS for c in range(a, b + 1)}
    _learn(table)
    _OUTSIDE_BLOCKS = re.compile("[^" + _char_class(c for a, b in _BLOCKS for c in range(a, b + 1)) + "]")
    global _LATIN_BYTES, _LATIN_MULTI
    one = bytearray(range(256))
    multi = []
    for c in range(256):
        folded = _TABLE[c]
        if len(folded) == 1 and ord(folded) < 256:
            one[c] = ord(folded)
        else:
            multi.append((chr(c), folded))
    _LATIN_BYTES, _LATIN_MULTI = bytes(one), tuple(multi)


# str.translate is fast only on ASCII text: any other character makes it
# look every character up in the dict (~20 ns each). Text that is Latin-1
# once the General Punctuation block (dashes, curly quotes: all folded to a
# space) is blanked and other characters that fold to ASCII (€, ł, œ) are
# folded one by one, is folded as bytes instead, with the few Latin-1
# characters that fold to several letters (ß -> ss) replaced afterwards.
# (Folded ASCII is [a-z0-9 ], which the byte table leaves as it is.)
_LATIN_BYTES = b""
_LATIN_MULTI: tuple = ()
_PUNCTUATION_BLOCK = re.compile("[\u2000-\u206f]")
_BEYOND_LATIN = re.compile("[^\x00-\xff]+")


class _NotAscii(Exception):
    pass


def _fold_to_ascii(match: re.Match) -> str:
    folded = match.group().translate(_TABLE)
    if not folded.isascii() or _OUTSIDE_BLOCKS.search(match.group()) is not None:
        raise _NotAscii
    return folded


def _fold_text(text: str) -> str:
    if _OUTSIDE_BLOCKS is None:
        _load_blocks()
    if text.isascii():
        return text.translate(_TABLE)
    latin = _PUNCTUATION_BLOCK.sub(" ", text)
    try:
        data = latin.encode("latin-1")
    except UnicodeEncodeError:
        try:
            data = _BEYOND_LATIN.sub(_fold_to_ascii, latin).encode("latin-1")
        except _NotAscii:
            data = None
    if data is not None:
        folded = data.translate(_LATIN_BYTES).decode("latin-1")
        for char, replacement in _LATIN_MULTI:
            if char in folded:
                folded = folded.replace(char, replacement)
        return folded
    if _OUTSIDE_BLOCKS.search(text) is not None:
        new = {ord(c) for c in set(text)}.difference(_TABLE)
        if new:
            _learn({c: _fold_char(chr(c)) for c in new})
    return text.translate(_TABLE)


_FOLDED_BREAK = "  "      # "\n\n" folded
# paragraph -> folded, for the last two long texts folded
_RECENT: list[dict[str, str]] = [{}, {}]


def _fold_paragraphs(text: str) -> str:
    """`_fold_text` by blank-line paragraphs, reusing those of the last two
    long texts: an article is searched as several joined texts (all blocks,
    visible blocks ...) that share most paragraphs. Folding is per
    character, so the joined result is exactly the whole text folded."""
    parts = text.split("\n\n")
    if len(parts) < 4:
        return _fold_text(text)
    a, b = _RECENT
    cur: dict[str, str] = {}
    out = []
    for p in parts:
        f = a.get(p) or b.get(p) or cur.get(p)
        if f is None:
            f = _fold_text(p) if p else ""
        cur[p] = f
        out.append(f)
    _RECENT[:] = [cur, a]
    return _FOLDED_BREAK.join(out)


def normalise(text: str) -> str:
    """The normalised form phrases are compared in: folded words joined by
    single spaces (what `provenance inspect` can show to explain a match)."""
    return " ".join(_fold_text(_ENTITY_RE.sub(" ", text)).split())


_PLUS_ONE = (1).__add__


class _Tokens:
    """A text cut into folded words, with the compact form (words glued
    together) that phrases are compared against, and the way back from
    word numbers to offsets in the original text. Everything costly is done
    by C-level string methods; offsets are computed only when needed."""

    __slots__ = ("text", "norm", "words", "compact", "cstart", "_wstart", "_fix", "_ostart",
                 "_present", "scanned")

    def __init__(self, text: str):
        self.text = text
        src = text
        if "&" in src:
            # entity-encoded spaces (`&nbsp;`) count as spaces; same length keeps offsets
            src = _ENTITY_RE.sub(lambda m: " " * len(m.group()), src)
        self.norm = norm = _fold_paragraphs(src)
        self.words = words = norm.split()
        self.compact = "".join(words)
        self.cstart = list(accumulate(map(len, words), initial=0))
        self._wstart = None
        self._ostart = None
        self._present = None
        self.scanned = None    # (index, hits) of the last phrase index scanned over it
        # Where the folded text is longer or shorter than the original
        # (ß -> ss, combining marks dropped): (norm pos, orig pos, folded length).
        self._fix = None
        if _RESIZING_RE is not None and (len(norm) != len(src) or _RESIZING_RE.search(src)):
            fix, shift = [], 0
            for m in _RESIZING_RE.finditer(src):
                n = len(_TABLE[ord(m.group())])
                fix.append((m.start() + shift, m.start(), n))
                shift += n - 1
            self._fix = fix

    @property
    def present(self) -> set:
        if self._present is None:
            self._present = set(self.words)
        return self._present

    def _norm_to_orig(self, x: int, end: bool) -> int:
        fix = self._fix
        if not fix:
            return x
        k = bisect_right(fix, (x, float("inf"), 0)) - 1
        if k < 0:
            return x
        q, p, n = fix[k]
        if x < q + n:      # inside an expansion (ß -> ss): the whole letter
            return p + 1 if (end and x > q) else p
        return p + 1 + (x - (q + n))

    def word_start(self, i: int) -> int:
        """Offset in the original text where word i starts."""
        if self._wstart is None:
            # the folded text is words and single spaces (" " is its only
            # separator): piece k of split(" ") starts at the sum of the
            # earlier pieces' lengths + 1; words are the non-empty pieces
            pieces = self.norm.split(" ")
            self._wstart = list(compress(accumulate(map(_PLUS_ONE, map(len, pieces)), initial=0), pieces))
        return self._norm_to_orig(self._wstart[i], False)

    def word_end(self, i: int) -> int:
        """Offset in the original text just after word i."""
        self.word_start(i)
        return self._norm_to_orig(self._wstart[i] + len(self.words[i]), True)

    @property
    def ostart(self) -> "_WordStarts":
        """Word start offsets in the original text, as a sequence (bisect-able)
        computed entry by entry: a long text needs only a few of them."""
        if self._ostart is None:
            self._ostart = _WordStarts(self)
        return self._ostart


class _WordStarts:
    __slots__ = ("t",)

    def __init__(self, t: _Tokens):
        self.t = t

    def __len__(self) -> int:
        return len(self.t.words)

    def __getitem__(self, i: int) -> int:
        if i < 0:
            i += len(self.t.words)
        if not 0 <= i < len(self.t.words):
            raise IndexError(i)
        return self.t.word_start(i)


_cache: dict[str, _Tokens] = {}
_CACHE_SIZE = 8


def _tokens(text: str) -> _Tokens:
    # The same text is searched for many kinds: normalise it once. Keyed
    # by content (a str caches its hash), so equal texts built twice share it.
    toks = _cache.get(text)
    if toks is not None:
        return toks
    toks = _Tokens(text)
    if len(_cache) >= _CACHE_SIZE:
        del _cache[next(iter(_cache))]
    _cache[text] = toks
    return toks


# --- compiled phrases ----------------------------------------------------

_TRAIL_REQUIRED = ":/"
_OPEN = "([{«„“‚‘\"'"
_CLOSE = ")]}»“”’\"'"

# A compiled phrase is two plain tuples (plain so the compiled index can be
# cached with marshal and loaded in a few milliseconds):
#   shape  = (pieces, stars, bounds): what `_verify` compares against the text.
#            pieces: compact pieces between `*` (each piece after a `*` starts
#            a new word); stars: whether each piece ends in `*`; bounds: word
#            boundaries inside the first piece (compact offsets), for split checks.
#   phrase = (kind, lang, raw, trail, lead_open, close_end): what a hit reports.
#            trail: punctuation the text must show after the phrase ("" = none);
#            lead_open: the phrase opens with a bracket (extend the match over
#            it when present); close_end: it ends with a closing bracket.
_KIND, _LANG, _RAW, _TRAIL, _LEAD_OPEN, _CLOSE_END = range(6)


def _compile_phrase(kind: str, lang: str, raw: str) -> list[tuple]:
    """One phrase as (first words, shape, phrase) triples: several when it
    names AI by an abbreviation (`KI` also matches `AI`, `IA`, `SI`, `UI`)."""
    words = re.findall(r"[^\W_]+\*?|\*", raw.replace("_", " "))
    # fold each word the way texts are folded (it may split: "l'IA" is two words)
    folded: list[tuple[str, bool]] = []
    for w in words:
        star = w.endswith("*")
        parts = _fold_text(w.rstrip("*")).split()
        for n, f in enumerate(parts):
            folded.append((f, star and n == len(parts) - 1))
    if not folded:
        return []
    variants = [[]]
    for f, star in folded:
        alts = _AI_TOKENS if (f in _AI_TOKENS and not star) else (f,)
        variants = [v + [(a, star)] for v in variants for a in alts]
    tail = raw.rstrip()
    last = tail[-1]
    trail = ""
    if last in _TRAIL_REQUIRED:
        trail = last
    elif last == "." and len(folded) == 1 and not folded[0][1]:
        trail = "."
    phrase = (kind, lang, raw, trail, raw.lstrip()[:1] in _OPEN, tail[-1:] in _CLOSE)
    out = []
    for v in variants:
        pieces, stars, cur, bounds, first = [], [], "", set(), []
        for f, star in v:
            if cur and not pieces:
                bounds.add(len(cur))
            if not pieces:
                first.append(f)
            cur += f
            if star:
                pieces.append(cur)
                stars.append(True)
                cur = ""
        if cur:
            pieces.append(cur)
            stars.append(False)
        out.append((tuple(first), (tuple(pieces), tuple(stars), frozenset(bounds)), phrase))
    return out


def _literal_regex(raw: str) -> str:
    """Phrases with (almost) no letters, like `©` or `(c)`, match literally."""
    parts = [re.escape(p) for p in raw.strip().split()]
    body = r"\s*".join(parts)
    if raw.strip()[:1].isalnum():
        body = r"(?<!\w)" + body
    if raw.strip()[-1:].isalnum():
        body += r"(?!\w)"
    return body


_PEEK = 3


def _bucket(pairs: list) -> tuple:
    """Candidates at one text position as (shapes, entries): each distinct
    shape is verified once (many packs list the same `Foto:`), entries
    (shape number, kind, phrase number) keep the pack order that decides ties."""
    shapes: list = []
    where: dict = {}
    entries = []
    for shape, (kind, pid) in pairs:
        n = where.get(shape)
        if n is None:
            n = where[shape] = len(shapes)
            shapes.append(shape)
        entries.append((n, kind, pid))
    return tuple(shapes), tuple(entries)


class _Index:
    """All phrase kinds in one lookup table keyed by the words a match can
    start with, so one pass over a text finds every kind.

    A phrase is filed under its first word and its first words glued
    together (`mit Hilfe` also under `mithilfe`), so both spellings reach
    it; write a compound that is sometimes split in its split form. Words
    after the first are compared on the glued form, so any spelling works
    there. Phrases that start with a `*` word are found by prefix."""

    # words of texts already looked up for prefix phrases; bounded so that
    # memory stays flat over any number of articles
    _PREFIX_MEMO_MAX = 100_000

    def __init__(self, by_word: dict, prefixed: tuple, phrases: list, shapes: list = ()):
        # by_word: word -> {next letters of the glued text (or "") -> bucket};
        # prefixed: ((prefix, ((shape, (kind, phrase number)), ...)), ...);
        # phrases: phrase tuples by number.
        # From the cache, a by_word value is marshal bytes with shape numbers
        # (into `shapes`) for shapes, and phrases and shapes are marshal bytes
        # too; each is decoded the first time a text needs it: decoding all
        # 6,000 words, 4,000 shapes and 3,000 phrases up front would cost
        # more than the rest of a one-file check.
        self.by_word = by_word
        self.prefixed = prefixed
        self.phrases = list(phrases)
        self.shapes = list(shapes)
        self.prefix_tuple = tuple(p for p, _ in prefixed)
        self.keys = frozenset(by_word)
        self._prefix_memo: dict[str, tuple | None] = {}
        self._prefix_hit: set[str] = set()

    def phrase(self, pid: int) -> tuple:
        p = self.phrases[pid]
        if p.__class__ is bytes:
            p = self.phrases[pid] = marshal.loads(p)
        return p

    def _groups(self, w: str, blob: bytes) -> dict:
        """Decode one cached by_word entry (first time a text shows the word)."""
        shapes = self.shapes
        groups = {}
        for h, (sids, entries) in marshal.loads(blob).items():
            resolved = []
            for n in sids:
                sh = shapes[n]
                if sh.__class__ is bytes:
                    sh = shapes[n] = marshal.loads(sh)
                resolved.append(sh)
            groups[h] = (tuple(resolved), entries)
        self.by_word[w] = groups
        return groups

    @classmethod
    def build(cls, compiled: list[tuple]) -> "_Index":
        """From `_compile_phrase` triples, in pack order."""
        by_word: dict[str, dict[str, list]] = {}
        prefixed: dict[str, list] = {}
        phrases: list[tuple] = []
        numbers: dict[int, int] = {}
        for first, shape, p in compiled:
            pid = numbers.get(id(p))    # the variants of one phrase share its tuple
            if pid is None:
                pid = numbers[id(p)] = len(phrases)
                phrases.append(p)
            phrase = (p[_KIND], pid)
            pieces, stars, _ = shape
            if len(first) == 1 and stars[0]:
                prefixed.setdefault(pieces[0], []).append((shape, phrase))
                continue
            acc = ""
            for w in first:
                acc += w
                # within a key, phrases are grouped by the next letters so a
                # common first word ("this", "de") costs one lookup, not one per phrase
                groups = by_word.setdefault(acc, {})
                head = pieces[0][len(acc):len(acc) + _PEEK]
                groups.setdefault(head if len(head) == _PEEK else "", []).append((shape, phrase))
        by_word_b = {w: {h: _bucket(ps) for h, ps in groups.items()} for w, groups in by_word.items()}
        return cls(by_word_b, tuple((p, tuple(ps)) for p, ps in prefixed.items()), phrases)

    def data(self) -> tuple:
        """Plain data for the compiled-pack cache (`_Index(*data)` rebuilds it).
        Only for an index built here (not one loaded from the cache)."""
        numbers: dict = {}
        by_word = {}
        for w, groups in self.by_word.items():
            by_word[w] = marshal.dumps({h: (tuple(numbers.setdefault(sh, len(numbers)) for sh in shapes),
                                            entries)
                                        for h, (shapes, entries) in groups.items()})
        phrases = tuple(marshal.dumps(p) for p in self.phrases)
        return by_word, self.prefixed, phrases, tuple(marshal.dumps(sh) for sh in numbers)

    def _prefix_words(self, present: set) -> set:
        """The words of a text that start a `*` phrase (memoised per word)."""
        memo = self._prefix_memo
        new = present.difference(memo)
        if new:
            if len(memo) > self._PREFIX_MEMO_MAX:
                memo.clear()
                self._prefix_hit.clear()
                new = present
            pre = self.prefix_tuple
            for w in new:
                b = None
                if w.startswith(pre):
                    b = _bucket([sp for p, sps in self.prefixed if w.startswith(p) for sp in sps])
                    self._prefix_hit.add(w)
                memo[w] = b
        return present & self._prefix_hit

    def scan(self, t: _Tokens) -> dict[str, list[tuple[int, int, int]]]:
        """Every (start word, end word exclusive, phrase number) hit, grouped by kind."""
        out: dict[str, list] = {}
        words = t.words
        if not words:
            return out
        present = t.present
        wanted = present & self.keys
        pre_words = self._prefix_words(present) if self.prefix_tuple else None
        if pre_words:
            wanted |= pre_words
        if not wanted:
            return out
        by_word = self.by_word
        memo = self._prefix_memo
        compact, cstart = t.compact, t.cstart
        # positions of the wanted words, found at C speed
        for i in compress(range(len(words)), map(wanted.__contains__, words)):
            w = words[i]
            groups = by_word.get(w)
            if groups:
                if groups.__class__ is bytes:
                    groups = self._groups(w, groups)
                b = groups.get("")
                if b is not None:
                    _hits(out, t, i, b)
                end = cstart[i + 1]
                b = groups.get(compact[end:end + _PEEK])
                if b is not None:
                    _hits(out, t, i, b)
            if pre_words and w in pre_words:
                _hits(out, t, i, memo[w])
        return out


def _hits(out: dict, t: _Tokens, i: int, bucket: tuple) -> None:
    shapes, entries = bucket
    if len(shapes) == 1:
        j = _verify(t, i, shapes[0])
        if j is not None:
            for _, kind, pid in entries:
                hit = out.get(kind)
                if hit is None:
                    out[kind] = [(i, j, pid)]
                else:
                    hit.append((i, j, pid))
        return
    ends = [_verify(t, i, s) for s in shapes]
    if ends.count(None) == len(ends):
        return
    for n, kind, pid in entries:
        j = ends[n]
        if j is not None:
            hit = out.get(kind)
            if hit is None:
                out[kind] = [(i, j, pid)]
            else:
                hit.append((i, j, pid))


def _verify(t: _Tokens, i: int, shape: tuple) -> int | None:
    """Index of the word after the match of a phrase shape starting at word i, or None."""
    pieces, stars, bounds = shape
    compact, cstart = t.compact, t.cstart
    pos = cstart[i]
    if len(pieces) == 1:
        piece = pieces[0]
        if not compact.startswith(piece, pos):
            return None
        pos += len(piece)
        if stars[0]:
            last_word = bisect_right(cstart, pos - 1) - 1
            pos = cstart[last_word + 1]
        j = bisect_left(cstart, pos, i)
        if cstart[j] != pos:
            return None      # ends inside a word
        if j - i > 1:
            # Joining two phrase words is fine (`mithilfe`), but the text may
            # split a phrase word only into parts of 2+ letters, so `a i` never
            # reads as `ai`.
            base = cstart[i]
            words = t.words
            for k in range(i + 1, j):
                if (cstart[k] - base) not in bounds and (len(words[k - 1]) < 2 or len(words[k]) < 2):
                    return None
        return j
    nwords = len(t.words)
    last_word = None
    for piece, star in zip(pieces, stars):
        if last_word is not None:
            # a piece after `*` starts at the next word
            if last_word + 1 >= nwords:
                return None
            pos = cstart[last_word + 1]
        if not compact.startswith(piece, pos):
            return None
        pos += len(piece)
        if star:
            last_word = bisect_right(cstart, pos - 1) - 1
            pos = cstart[last_word + 1]
    j = bisect_left(cstart, pos)
    if j > nwords or cstart[j] != pos:
        return None      # ends inside a word
    return j


def has_nested_quantifier(pattern: str) -> bool:
    """True for regexes that can backtrack catastrophically: a repeated group
    that itself repeats or branches, like `(a+)+` or `(a|aa)*`."""
    try:
        import re._parser as sre_parse  # Python 3.11+
        from re._constants import MAX_REPEAT, MIN_REPEAT, BRANCH, SUBPATTERN, MAXREPEAT
        try:
            from re._constants import POSSESSIVE_REPEAT
        except ImportError:  # pragma: no cover
            POSSESSIVE_REPEAT = None
    except ImportError:  # pragma: no cover - Python 3.10
        import sre_parse
        from sre_constants import MAX_REPEAT, MIN_REPEAT, BRANCH, SUBPATTERN, MAXREPEAT
        POSSESSIVE_REPEAT = None
    repeats = {MAX_REPEAT, MIN_REPEAT}

    def walk(items, inside_repeat: bool) -> bool:
        for op, av in items:
            if op in repeats:
                lo, hi, sub = av
                unbounded = hi == MAXREPEAT or hi > 1
                if unbounded and inside_repeat:
                    return True
                if walk(sub, inside_repeat or unbounded):
                    return True
            elif op == BRANCH:
                if inside_repeat:
                    return True
                for b in av[1]:
                    if walk(b, inside_repeat):
                        return True
            elif op == SUBPATTERN:
                if walk(av[-1], inside_repeat):
                    return True
            elif POSSESSIVE_REPEAT is not None and op == POSSESSIVE_REPEAT:
                if walk(av[2], inside_repeat):
                    return True
            elif isinstance(av, (list, tuple)):
                for x in av:
                    if isinstance(x, sre_parse.SubPattern) and walk(x, inside_repeat):
                        return True
        return False

    return walk(sre_parse.parse(pattern), False)


class _UserRegex:
    """A user pack's regex on RE2, with `search(text, pos, endpos).span()`
    like a compiled `re` pattern followed by `(?!\\w)`."""

    def __init__(self, pattern: str):
        self.pattern = pattern

    def search(self, text: str, pos: int, endpos: int):
        from .patterns import search
        span = search(self.pattern, text, pos, endpos, word_end=True)
        return None if span is None else _Span(span)


class _Span:
    def __init__(self, span):
        self._span = span

    def span(self):
        return self._span


def _spaces_to_whitespace(pattern: str, ws: str = r"\s") -> str:
    """A literal space in a pack regex matches any run of whitespace
    (including no-break spaces), outside character classes."""
    out, in_class, esc = [], False, False
    for i, ch in enumerate(pattern):
        if esc:
            out.append(ch)
            esc = False
        elif ch == "\\":
            out.append(ch)
            esc = True
        elif ch == "[" and not in_class:
            in_class = True
            out.append(ch)
        elif ch == "]" and in_class:
            in_class = False
            out.append(ch)
        elif ch == " " and not in_class:
            # a quantified space (` ?`, ` *`, ` {0,2}`) quantifies one whitespace character
            out.append(ws if pattern[i + 1:i + 2] in ("?", "*", "+", "{") else ws + "+")
        else:
            out.append(ch)
    return "".join(out)


# --- loading ---------------------------------------------------------------


def _packs_dir() -> Path:
    from .ruleset import rules_dir
    return rules_dir() / "phrases"


def _parse_pack(path: str, raw: bytes):
    """One pack file's bytes as data (yaml is imported only when a pack
    has to be parsed, not when the compiled-pack cache answers)."""
    import yaml
    # The libyaml SafeLoader is ten times faster and just as safe.
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    text = raw.decode("utf-8")
    if "\r" in text:     # as a text-mode read would: universal newlines
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    try:
        return yaml.load(text, Loader=loader)
    except yaml.YAMLError as e:
        raise PhraseError(f"{path}: not valid YAML: {e}") from None


def schema() -> dict:
    """The JSON Schema for phrase pack files."""
    import json
    return json.loads((Path(__file__).parent / "schemas" / "phrases.schema.json").read_text())


def validate_pack(data, path: str) -> None:
    """Validate one parsed pack (imports jsonschema); also rejects regexes
    that do not compile or could backtrack catastrophically."""
    import jsonschema
    validator = jsonschema.Draft202012Validator(schema())
    errors = sorted(validator.iter_errors(data), key=lambda e: [str(x) for x in e.absolute_path])
    if errors:
        e = errors[0]
        where = "/".join(str(x) for x in e.absolute_path) or "(top level)"
        raise PhraseError(f"{path}: key '{where}': {e.message}")
    _check_regexes(data, path)


def _check_regexes(data: dict, path: str) -> None:
    for kind in REGEX_KINDS:
        for n, pattern in enumerate(data.get(kind) or []):
            try:
                re.compile(pattern)
            except re.error as e:
                raise PhraseError(f"{path}: key '{kind}/{n}': invalid regex {pattern!r}: {e}") from None
            from .patterns import refusal
            why = refusal(pattern)
            if why:
                raise PhraseError(f"{path}: key '{kind}/{n}': {why}")
            if has_nested_quantifier(pattern):
                raise PhraseError(
                    f"{path}: key '{kind}/{n}': regex {pattern!r} repeats a group that itself "
                    "repeats or branches (catastrophic backtracking); rewrite it without nesting")


class PhraseBook:
    """All phrase packs in use, matched in every language at once.

    Use `PhraseBook.builtin()` (cached) or `PhraseBook.load([user packs])`.
    """

    def __init__(self, packs: list[tuple[str, dict]], compiled: tuple | None = None):
        self._packs = packs                      # (source path, data)
        self.languages: list[str] = sorted({d["language"] for _, d in packs
                                            if d.get("language") != "common"})
        self._index: _Index | None = None
        self._literals: dict[str, list] | None = None
        self._regex: dict[str, list] = {}
        self._words: dict[str, tuple] = {}
        self._folded_cache: tuple | None = None
        if compiled is not None:
            by_word, prefixed, phrases, shapes, literals, regex, blocks = compiled
            if _OUTSIDE_BLOCKS is None:
                _load_blocks(blocks)
            self._index = _Index(by_word, prefixed, phrases, shapes)
            self._literals = literals
            self._regex = {kind: [[lang, pattern, None, needs] for lang, pattern, needs in entries]
                           for kind, entries in regex.items()}

    # -- construction --

    @classmethod
    def builtin(cls) -> "PhraseBook":
        """The built-in packs, loaded once per process (no jsonschema import)
        from the compiled-pack cache when it is there (see `_load_cached`)."""
        global _BUILTIN
        if _BUILTIN is None:
            _BUILTIN = _load_cached(_builtin_sources(), [])
        return _BUILTIN

    @classmethod
    def load(cls, extra_files: list[str] = ()) -> "PhraseBook":
        """Built-in packs plus user packs; user packs are validated and
        raise `PhraseError` naming file, key and problem. A set of user packs
        already validated and compiled once (same names, same bytes) comes
        from the compiled-pack cache."""
        if not extra_files:
            return cls.builtin()
        user = []
        for f in extra_files:
            path = Path(f)
            try:
                data = path.read_bytes()
            except OSError as e:
                for prev, raw in user:     # an earlier file's own error comes first
                    validate_pack(_parse_pack(prev, raw), prev)
                raise PhraseError(f"{path}: cannot read: {e.strerror}") from None
            user.append((str(path), data))
        return _load_cached(_builtin_sources(), user)

    def _compiled(self) -> tuple:
        """Everything matching needs, as plain data for the compiled-pack cache."""
        if self._index is None:
            self._compile()
        regex = {kind: [(lang, pattern, needs) for lang, pattern, _, needs in self._regex_entries(kind)]
                 for kind in REGEX_KINDS}
        if _OUTSIDE_BLOCKS is None:
            _load_blocks()
        blocks = {c: _TABLE[c] for a, b in _BLOCKS for c in range(a, b + 1)}
        return self._index.data() + (self._literals, regex, blocks)

    # -- lookup --

    def words(self, kind: str) -> list[str]:
        """Raw entries of one kind across all packs, in pack order
        (for `ai_notice_parts` the words of every part)."""
        known = self._words.get(kind)
        if known is None:
            known = self._words[kind] = tuple(self._collect_words(kind))
        return list(known)

    def _collect_words(self, kind: str) -> list[str]:
        out: list[str] = []
        for _, data in self._packs:
            v = data.get(kind)
            if isinstance(v, dict):
                for key in PARTS_KEYS:
                    out.extend(v.get(key) or [])
            elif v:
                out.extend(v)
        return out

    def example(self, kind: str, lang: str | None = None) -> str:
        """A representative phrase for fix hints: the first entry of that
        kind in the pack of `lang` (else English, else any pack)."""
        order = [lang, "en"] if lang else ["en"]
        for want in order:
            for _, data in self._packs:
                if data.get("language") == want and isinstance(data.get(kind), list) and data[kind]:
                    return data[kind][0]
        found = self.words(kind)
        return found[0] if found else ""

    def examples(self, kind: str) -> dict[str, str]:
        """Language -> its pack's first entry of `kind` (the rule docs' wording table)."""
        out: dict[str, str] = {}
        for _, data in self._packs:
            lang, entries = data.get("language"), data.get(kind)
            if lang and lang != "common" and isinstance(entries, list) and entries and lang not in out:
                out[lang] = entries[0]
        return dict(sorted(out.items()))

    def find(self, kind: str, text: str) -> list[Match]:
        """All non-overlapping matches of one kind in `text`, all languages,
        in text order (the longest phrase wins where two start together)."""
        if not text:
            return []
        if kind in REGEX_KINDS:
            return self._find_regex(kind, text)
        if kind not in PHRASE_KINDS and not kind.startswith("_"):
            raise KeyError(f"unknown phrase kind {kind!r} (known: {', '.join(PHRASE_KINDS + REGEX_KINDS)})")
        t = _tokens(text)
        found = []
        hits = self._scan(t).get(kind)
        if hits:
            phrase = self._index.phrase
            for i, j, pid in hits:
                found.append(self._to_match(t, i, j, phrase(pid)))
        found += self._find_literals(kind, text)
        return _non_overlapping(found)

    def search(self, kind: str, text: str) -> Match | None:
        """The first match of one kind, or None."""
        found = self.find(kind, text)
        return found[0] if found else None

    def find_notice(self, text: str) -> Match | None:
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
        for m in self.find("ai_notice", text):
            if self._phrase_words(m) <= SHORT_LABEL_WORDS and not _stands_alone(text, m):
                continue
            hits.append(m)
            break
        parts = self._parts_notice(text)
        if parts:
            hits.append(parts)
        return min(hits, key=lambda m: m.start) if hits else None

    # -- internals --

    def _phrase_words(self, m: Match) -> int:
        return len(re.findall(r"[\w\u0300-\u036f]+", m.phrase))

    def _compile(self) -> None:
        phrases, literals = [], {}
        for _, data in self._packs:
            lang = data.get("language", "common")
            for kind in PHRASE_KINDS:
                for raw in data.get(kind) or []:
                    self._add(phrases, literals, kind, lang, raw)
            parts = data.get("ai_notice_parts") or {}
            for key in PARTS_KEYS:
                for raw in parts.get(key) or []:
                    self._add(phrases, literals, "_parts_" + key, lang, raw)
        self._index = _Index.build(phrases)
        self._literals = literals

    @staticmethod
    def _add(phrases, literals, kind, lang, raw):
        letters = re.sub(r"[^\w]", "", raw)
        if len(letters) < 2:
            literals.setdefault(kind, []).append((lang, raw, _literal_regex(raw)))
            return
        phrases.extend(_compile_phrase(kind, lang, raw))

    def _scan(self, t: _Tokens) -> dict:
        index = self._index
        if index is None:
            self._compile()
            index = self._index
        c = t.scanned
        if c is not None and c[0] is index:
            return c[1]
        res = index.scan(t)
        t.scanned = (index, res)
        return res

    @staticmethod
    def _to_match(t: _Tokens, i: int, j: int, p: tuple) -> Match | None:
        kind, lang, raw, trail, lead_open, close_end = p
        text = t.text
        start, end = t.word_start(i), t.word_end(j - 1)
        if trail:
            k = end
            while k < len(text) and text[k] in " \t\u00a0\u202f":
                k += 1
            if not text.startswith(trail, k):
                return None
            end = k + len(trail)
        elif close_end and end < len(text) and text[end] in _CLOSE:
            end += 1
        if lead_open and start > 0 and text[start - 1] in _OPEN:
            start -= 1
        return Match(kind, lang, raw, start, end)

    def _find_literals(self, kind: str, text: str) -> list[Match]:
        if self._literals is None:
            self._compile()
        out = []
        for lang, raw, rx in self._literals.get(kind, ()):
            for m in re.finditer(rx, text[:REGEX_INPUT_LIMIT], re.IGNORECASE):
                out.append(Match(kind, lang, raw, m.start(), m.end()))
        return out

    def _builtin_regex(self, pattern: str) -> bool:
        """A regex of the built-in packs (vetted, run on Python's engine);
        any other comes from a user pack and runs on RE2."""
        builtin = PhraseBook.builtin()
        if builtin is self:
            return True
        known = getattr(builtin, "_regex_set", None)
        if known is None:
            known = builtin._regex_set = {p for kind in REGEX_KINDS
                                          for _, p, _, _ in builtin._regex_entries(kind)}
        return pattern in known

    def _regex_entries(self, kind: str) -> list:
        """[lang, pattern, compiled regex or None until first needed, required words]."""
        entries = self._regex.get(kind)
        if entries is None:
            entries = []
            for _, data in self._packs:
                for pattern in data.get(kind) or []:
                    entries.append([data.get("language", "common"), pattern, None,
                                    _required_literals(pattern)])
            self._regex[kind] = entries
        return entries

    def _find_regex(self, kind: str, text: str) -> list[Match]:
        entries = self._regex_entries(kind)
        if not entries:
            return []
        text = text[:REGEX_INPUT_LIMIT]
        folded = self._folded(text)
        same_length = len(folded) == len(text)
        out = []
        for entry in entries:
            lang, pattern, rx, needs = entry
            # Skip a regex at C speed when a word it cannot match without is
            # absent, and otherwise search only around that word.
            windows = [(0, len(text))]
            if needs:
                windows = _windows(folded, needs) if same_length else windows
                if windows is not None and not windows:
                    continue
                if windows is None:
                    windows = [(0, len(text))]
            if rx is None:   # compiled once first needed
                if self._builtin_regex(pattern):
                    rx = entry[2] = re.compile(f"(?:{_spaces_to_whitespace(pattern)})(?!\\w)", re.IGNORECASE)
                else:        # a user pack's regex runs on RE2 (linear time)
                    rx = entry[2] = _UserRegex(_spaces_to_whitespace(pattern, r"[\s\p{Z}]"))
            for lo, hi in windows:
                pos = lo
                while True:
                    m = rx.search(text, pos, hi)
                    if m is None:
                        break
                    s, e = m.span()
                    if e == s or (s > 0 and _is_word(text[s - 1]) and _is_word(text[s])):
                        pos = s + 1      # empty, or starts inside a word
                        continue
                    out.append(Match(kind, lang, pattern, s, e))
                    pos = e
        return _non_overlapping(out)

    def _folded(self, text: str) -> str:
        c = self._folded_cache
        if c is not None and c[0] is text:
            return c[1]
        f = text.casefold().translate(_SPACES)
        self._folded_cache = (text, f)
        return f

    def _parts_notice(self, text: str) -> Match | None:
        t = _tokens(text)
        hits = self._scan(t)
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
            if not any(self._close(t, a, v) for a in got["ai"] for v in got["verb"]):
                continue
            start = t.word_start(first_word)
            end = t.word_end(last_word)
            if end < len(text) and text[end] in ".!)":
                end += 1
            return Match("ai_notice", "*", text[start:end], start, end)
        return None

    @staticmethod
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


_WINDOW = 120
# Length-preserving: any single whitespace character reads as a space.
_SPACES = {ord(c): " " for c in "\t\n\r\x0b\x0c\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005"
           "\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000"}
_MAX_WINDOWS = 400


def _windows(folded: str, needs: tuple) -> list | None:
    """Stretches of text around each required word (None = too many: search all)."""
    spans = []
    for lit in needs:
        i = folded.find(lit)
        while i != -1:
            spans.append((max(0, i - _WINDOW), i + len(lit) + _WINDOW))
            if len(spans) > _MAX_WINDOWS:
                return None
            i = folded.find(lit, i + 1)
    spans.sort()
    merged: list = []
    for lo, hi in spans:
        if merged and lo <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(hi, merged[-1][1]))
        else:
            merged.append((lo, hi))
    return [(lo, min(hi, len(folded))) for lo, hi in merged]


def _is_word(c: str) -> bool:
    return c.isalnum() or c == "_"


def _required_literals(pattern: str) -> tuple[str, ...]:
    """Words a regex cannot match without (any one of them), casefolded:
    lets a regex be skipped when none occurs in the text. Empty = always run."""
    try:
        import re._parser as sre_parse
        from re._constants import LITERAL, BRANCH, SUBPATTERN
    except ImportError:  # pragma: no cover - Python 3.10
        import sre_parse
        from sre_constants import LITERAL, BRANCH, SUBPATTERN

    def longest_run(items) -> str:
        best, cur = "", ""
        for op, av in items:
            if op == LITERAL:
                cur += chr(av)
                best = max(best, cur, key=len)
            else:
                cur = ""
        return best

    def options(items) -> list[str] | None:
        run = " ".join(longest_run(items).split())
        if len(run) >= 4:
            return [run]
        short = [run] if (len(run) == 3 or (len(run) == 2 and run.isalpha())) else None
        # else the first required group that has a word in each alternative
        for op, av in items:
            if op == SUBPATTERN:
                found = options(list(av[-1]))
            elif op == BRANCH:
                found = []
                for b in av[1]:
                    o = options(list(b))
                    if not o:
                        found = None
                        break
                    found += o
            else:
                continue     # literals, classes, repeats: look further
            if found and (short is None or min(map(len, found)) > len(short[0])):
                return found
            break
        return short

    try:
        parsed = sre_parse.parse(pattern, re.IGNORECASE)
    except re.error:
        return ()
    opts = options(list(parsed))
    if not opts:
        return ()
    return tuple(o.casefold().strip() for o in opts if o.strip())


def _stands_alone(text: str, m: Match) -> bool:
    """A short label counts when its line/sentence has few other words."""
    lo = max(text.rfind("\n", 0, m.start), max(text.rfind(c, 0, m.start) for c in ".!?|•·"))
    his = [x for x in (text.find(c, m.end) for c in "\n.!?|•·") if x != -1]
    hi = min(his) if his else len(text)
    segment = text[lo + 1:hi]
    return len(segment.split()) <= SHORT_LABEL_SEGMENT_WORDS


def _non_overlapping(found: list) -> list[Match]:
    found = [m for m in found if m is not None]
    found.sort(key=lambda m: (m.start, -(m.end - m.start)))
    out, last = [], -1
    for m in found:
        if m.start >= last:
            out.append(m)
            last = m.end
    return out


_BUILTIN: PhraseBook | None = None
_BUILTIN_SOURCES: list | None = None


def _builtin_sources() -> list[tuple[str, bytes]]:
    """(path, bytes) of every built-in pack file, in file-name order."""
    global _BUILTIN_SOURCES
    if _BUILTIN_SOURCES is None:
        folder = _packs_dir()
        names = sorted(n for n in os.listdir(folder) if n.endswith(".yaml"))
        _BUILTIN_SOURCES = [(str(folder / n), (folder / n).read_bytes()) for n in names
                            if (folder / n).is_file()]
    return _BUILTIN_SOURCES


def _parse_builtin(sources: list[tuple[str, bytes]]) -> list[tuple[str, dict]]:
    packs = [(path, _parse_pack(path, raw) or {}) for path, raw in sources]
    # common.yaml first so language packs can be told apart in words()
    packs.sort(key=lambda p: (p[1].get("language") != "common", p[0]))
    return packs


def _load_cached(builtin: list[tuple[str, bytes]], user: list[tuple[str, bytes]]) -> PhraseBook:
    """A PhraseBook for these pack files, from the compiled-pack cache when
    it holds an entry for exactly these names and bytes, else parsed (user
    packs validated), compiled and stored for the next run."""
    key = _cache_key(builtin + user)
    path = _cache_file(key)
    entry = _read_entry(path, key) if path else None
    if entry is not None:
        return PhraseBook(*entry)
    if user:
        packs = list(PhraseBook.builtin()._packs)
        for name, raw in user:
            data = _parse_pack(name, raw)
            validate_pack(data, name)
            packs.append((name, data))
    else:
        packs = _parse_builtin(builtin)
    book = PhraseBook(packs)
    if path:
        _write_entry(path, key, (packs, book._compiled()))
    return book


# --- the compiled-pack cache ---------------------------------------------
#
# Parsing 28 YAML packs and compiling the phrase index costs ~80 ms, more
# than the rest of a one-file check. The result is stored as one marshal
# file per set of pack files: marshal loads plain tuples/dicts/strings
# several times faster than pickle (measured: see benchmarks/README.md).
# The key hashes every pack file's path and bytes, this module's own source
# (a changed matcher never reads an old index), the provenance version and
# the Python version (marshal's format is version-specific). Entries are
# written atomically (temporary file + os.replace); an entry that cannot be
# read or fails its checksum is ignored and rewritten; a folder that cannot
# be written just means no caching.

_CACHE_MAGIC = b"provenance-phrases-1\n"
_CACHE_KEEP = 16     # entries kept per folder (one per distinct set of user packs)


def cache_dir() -> str:
    """Where compiled phrase packs are cached: `$PROVENANCE_CACHE_DIR`, else
    `$XDG_CACHE_HOME/provenance`, else `~/.cache/provenance`
    (`%LOCALAPPDATA%\\provenance` on Windows)."""
    d = os.environ.get("PROVENANCE_CACHE_DIR")
    if d:
        return d
    if os.name == "nt" and os.environ.get("LOCALAPPDATA"):
        return os.path.join(os.environ["LOCALAPPDATA"], "provenance")
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return os.path.join(base, "provenance")


def _cache_key(sources: list[tuple[str, bytes]]) -> str:
    import hashlib
    import sys
    from . import __version__
    h = hashlib.sha256()
    try:
        with open(__file__, "rb") as f:
            h.update(f.read())
    except OSError:
        pass
    h.update(f"\0{__version__}\0{sys.implementation.cache_tag}\0{len(sources)}\0".encode())
    for name, raw in sources:
        h.update(name.encode("utf-8", "surrogateescape"))
        h.update(b"\0%d\0" % len(raw))
        h.update(raw)
    return h.hexdigest()


def _cache_file(key: str) -> str | None:
    try:
        return os.path.join(cache_dir(), f"phrases-{key[:32]}.marshal")
    except (OSError, RuntimeError):    # no home folder
        return None


def _read_entry(path: str, key: str) -> tuple | None:
    """(packs, compiled) from a cache file, or None when it is missing,
    for another key, truncated, corrupt or of an unexpected shape."""
    import zlib
    try:
        with open(path, "rb") as f:
            blob = f.read()
    except OSError:
        return None
    head = _CACHE_MAGIC + key.encode()
    n = len(head)
    if blob[:n] != head or len(blob) < n + 4:
        return None
    payload = memoryview(blob)[n + 4:]
    if zlib.crc32(payload) != int.from_bytes(blob[n:n + 4], "big"):
        return None
    try:
        packs, compiled = marshal.loads(payload)
        by_word, prefixed, phrases, shapes, literals, regex, blocks = compiled
    except Exception:      # anything a damaged file can raise: it is only a cache
        return None
    if not (isinstance(packs, list) and isinstance(by_word, dict) and isinstance(prefixed, tuple)
            and isinstance(phrases, tuple) and isinstance(shapes, tuple) and isinstance(literals, dict)
            and isinstance(regex, dict) and isinstance(blocks, dict)):
        return None
    return packs, compiled


def _write_entry(path: str, key: str, entry: tuple) -> None:
    import zlib
    try:
        payload = marshal.dumps(entry)
    except ValueError:     # a pack value marshal cannot store (e.g. a YAML date): no cache
        return
    folder = os.path.dirname(path)
    tmp = f"{path}.{os.getpid()}-{os.urandom(4).hex()}.tmp"
    try:
        os.makedirs(folder, exist_ok=True)
        with open(tmp, "wb") as f:
            f.write(_CACHE_MAGIC + key.encode() + zlib.crc32(payload).to_bytes(4, "big") + payload)
        os.replace(tmp, path)
    except OSError:        # read-only or full: run without a cache
        try:
            os.unlink(tmp)
        except OSError:
            pass
        return
    _prune(folder)


def _prune(folder: str) -> None:
    """Keep the newest entries only (packs edited over time leave old ones)."""
    try:
        entries = [e for e in os.scandir(folder)
                   if e.name.startswith("phrases-") and e.name.endswith(".marshal")]
        if len(entries) <= _CACHE_KEEP:
            return
        entries.sort(key=lambda e: e.stat().st_mtime_ns, reverse=True)
        for e in entries[_CACHE_KEEP:]:
            os.unlink(e.path)
    except OSError:
        pass
