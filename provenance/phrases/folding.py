"""Folding: the normalised form phrases and texts are compared in.

Case, diacritics (`sztuczną` = `sztuczna`, ß = ss, ł = l ...), punctuation,
hyphens and every kind of space fold away; `_Tokens` cuts a folded text
into words and maps word numbers back to offsets in the original text.
"""
from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from itertools import accumulate, compress

# --- normalisation -------------------------------------------------------

# Letters that NFKD does not decompose into base + mark.
_SPECIAL = str.maketrans({
    "ł": "l", "ø": "o", "æ": "ae", "đ": "d", "œ": "oe", "ı": "i", "þ": "th",
    "ð": "d", "ħ": "h", "ŧ": "t", "ŀ": "l", "ĸ": "k",
})
# Standalone abbreviations for "artificial intelligence" that are one word.
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
    assert _OUTSIDE_BLOCKS is not None       # loaded by _fold_text
    if not folded.isascii() or _OUTSIDE_BLOCKS.search(match.group()) is not None:
        raise _NotAscii
    return folded


def _fold_text(text: str) -> str:
    if _OUTSIDE_BLOCKS is None:
        _load_blocks()
    assert _OUTSIDE_BLOCKS is not None
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
                 "_present", "kinds")

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
        self._wstart: list[int] | None = None
        self._ostart: _WordStarts | None = None
        self._present: set[str] | None = None
        self.kinds: tuple | None = None      # (phrase index, what it found so far: see PhraseBook._known)
        # Where the folded text is longer or shorter than the original
        # (ß -> ss, combining marks dropped): (norm pos, orig pos, folded length).
        self._fix: list[tuple[int, int, int]] | None = None
        if _RESIZING_RE is not None and (len(norm) != len(src) or _RESIZING_RE.search(src)):
            fix, shift = [], 0
            for m in _RESIZING_RE.finditer(src):
                n = len(_TABLE[ord(m.group())])
                fix.append((m.start() + shift, m.start(), n))
                shift += n - 1
            self._fix = fix

    @property
    def present(self) -> set[str]:
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

    def _starts(self) -> list[int]:
        """Where each word starts in the folded text."""
        if self._wstart is None:
            # the folded text is words and single spaces (" " is its only
            # separator): piece k of split(" ") starts at the sum of the
            # earlier pieces' lengths + 1; words are the non-empty pieces
            pieces = self.norm.split(" ")
            self._wstart = list(compress(accumulate(map(_PLUS_ONE, map(len, pieces)), initial=0), pieces))
        return self._wstart

    def word_start(self, i: int) -> int:
        """Offset in the original text where word i starts."""
        return self._norm_to_orig(self._starts()[i], False)

    def word_end(self, i: int) -> int:
        """Offset in the original text just after word i."""
        return self._norm_to_orig(self._starts()[i] + len(self.words[i]), True)

    def span(self, i: int, j: int) -> tuple[int, int]:
        """(word_start(i), word_end(j - 1)): where words i..j-1 lie in the original text."""
        starts = self._wstart or self._starts()
        start, end = starts[i], starts[j - 1] + len(self.words[j - 1])
        if self._fix:
            return self._norm_to_orig(start, False), self._norm_to_orig(end, True)
        return start, end

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


