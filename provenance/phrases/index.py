"""Matching: phrases compiled into one index keyed by the words a match can
start with, scanned once over a folded text for every kind at once; and the
helpers for the regex kinds (bounded windows, catastrophic-backtracking check).
"""
from __future__ import annotations

import re
import marshal
from bisect import bisect_left, bisect_right
from itertools import compress
from typing import Any, NamedTuple

from ..memo import kept
from .folding import _Tokens, _fold_text


class Match(NamedTuple):
    """One phrase found in a text. `start`/`end` are offsets into the text
    that was searched, exactly as it was passed in. (A named tuple, not a
    frozen dataclass: a long hostile text can hold 100,000 matches, and a
    frozen dataclass costs ~1 µs more to make.)"""

    kind: str
    lang: str
    phrase: str
    start: int
    end: int


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


def _compile_phrase(kind: str, lang: str, raw: str, acronyms: tuple[str, ...]) -> list[tuple]:
    """One phrase as (first words, shape, phrase) triples: several when it
    names AI by one of the folded `acronyms` (the packs' `ai_acronyms`:
    `KI` also matches `AI`, `IA`, `SI`, `UI`)."""
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
    variants: list[list[tuple[str, bool]]] = [[]]
    for f, star in folded:
        alts = acronyms if (f in acronyms and not star) else (f,)
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
        pieces: list[str] = []
        stars: list[bool] = []
        bounds: set[int] = set()
        first: list[str] = []
        cur = ""
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
    start with; a text is scanned for one kind at a time, at the positions
    of the words that can start that kind (found at C speed).

    A phrase is filed under its first word and its first words glued
    together (`mit Hilfe` also under `mithilfe`), so both spellings reach
    it; write a compound that is sometimes split in its split form. Words
    after the first are compared on the glued form, so any spelling works
    there. Phrases that start with a `*` word are found by prefix."""

    # words of texts already looked up for prefix phrases; bounded so that
    # memory stays flat over any number of articles
    _PREFIX_MEMO_MAX = 100_000

    def __init__(self, by_word: dict, prefixed: tuple, phrases: list, shapes: tuple | list = (),
                 kind_words: dict | None = None):
        # by_word: word -> {next letters of the glued text (or "") -> bucket};
        # prefixed: ((prefix, ((shape, (kind, phrase number)), ...)), ...);
        # phrases: phrase tuples by number;
        # kind_words: kind -> the by_word keys that file a phrase of that kind
        # (so a search for one kind visits only the words that can start it).
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
        self._by_head: tuple | None = None
        self.kind_words = kind_words if kind_words is not None else {}
        self._kind_keys: dict[str, frozenset] = {}
        self._kind_groups: dict[tuple, Any] = {}     # (kind, word) -> that kind's buckets

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
        kind_words: dict[str, set] = {}
        for w, groups in by_word.items():
            for ps in groups.values():
                for _, (kind, _) in ps:
                    kind_words.setdefault(kind, set()).add(w)
        return cls(by_word_b, tuple((p, tuple(ps)) for p, ps in prefixed.items()), phrases,
                   kind_words={k: tuple(sorted(ws)) for k, ws in kind_words.items()})

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
        return (by_word, self.prefixed, phrases, tuple(marshal.dumps(sh) for sh in numbers),
                dict(self.kind_words))

    def _prefix_words(self, present: set) -> set:
        """The words of a text that start a `*` phrase (memoised per word)."""
        memo = self._prefix_memo
        new = present.difference(memo)
        if new:
            if len(memo) > self._PREFIX_MEMO_MAX:
                memo.clear()
                self._prefix_hit.clear()
                new = present
            n, heads = self._prefixed_by_head()
            for w in new:
                b = None
                group = heads.get(w[:n]) if heads is not None else (self.prefix_tuple, self.prefixed)
                if group is not None and w.startswith(group[0]):
                    b = _bucket([sp for p, sps in group[1] if w.startswith(p) for sp in sps])
                    self._prefix_hit.add(w)
                memo[w] = b
        return present & self._prefix_hit

    def _prefixed_by_head(self) -> tuple[int, dict | None]:
        """(n, the `*` phrases' prefixes by their first n letters, in index
        order): each new word of a text is compared with the few prefixes
        of its head, not all ~350 (with a C loop of startswith per word,
        most of the words of a run, #16). n is the shortest prefix's length
        (at most 3); no grouping when a prefix is empty."""
        known = self._by_head
        if known is None:
            n = min((len(p) for p, _ in self.prefixed), default=0)
            n = min(n, 3)
            heads: dict | None = None
            if n > 0:
                grouped: dict[str, list] = {}
                for p, sps in self.prefixed:
                    grouped.setdefault(p[:n], []).append((p, sps))
                heads = {h: (tuple(p for p, _ in v), tuple(v)) for h, v in grouped.items()}
            known = self._by_head = (n, heads)
        return known

    def scan_kind(self, t: _Tokens, kind: str) -> list[tuple[int, int, int]]:
        """Every (start word, end word exclusive, phrase number) hit of one
        kind, in text order, visiting only the positions of words that can
        start a phrase of that kind."""
        if not t.words:
            return []
        keys = self._kind_keys.get(kind)
        if keys is None:
            keys = self._kind_keys[kind] = frozenset(self.kind_words.get(kind, ()))
        present = t.present
        wanted = present & keys
        pre_words = None
        if self.prefix_tuple:
            pre_words = {w for w in self._prefix_words(present)
                         if self._kind_prefix_bucket(kind, w) is not None}
            if pre_words:
                wanted |= pre_words
        if not wanted:
            return []
        out: dict[str, list] = {}
        self._scan(t, out, wanted, lambda w: self._kind_word_groups(kind, w), pre_words,
                   lambda w: self._kind_prefix_bucket(kind, w))
        return out.get(kind, [])

    def _all_groups(self, w: str) -> dict | None:
        groups = self.by_word.get(w)
        if groups.__class__ is bytes:
            groups = self._groups(w, groups)
        return groups

    def _kind_word_groups(self, kind: str, w: str) -> dict | None:
        key = (kind, w)
        try:
            return self._kind_groups[key]
        except KeyError:
            pass
        groups = self._all_groups(w)
        mine = None
        if groups:
            mine = {h: b for h, b in ((h, self._only(b, kind)) for h, b in groups.items()) if b is not None} or None
        self._kind_groups[key] = mine
        return mine

    def _kind_prefix_bucket(self, kind: str, w: str) -> tuple | None:
        key = (kind, "*", w)
        try:
            return self._kind_groups[key]
        except KeyError:
            pass
        b = self._prefix_memo.get(w)
        return kept(self._kind_groups, key, self._only(b, kind) if b is not None else None, self._PREFIX_MEMO_MAX)

    @staticmethod
    def _scan(t: _Tokens, out: dict, wanted: set, groups_of, pre_words, pre_bucket) -> None:
        words = t.words
        compact, cstart = t.compact, t.cstart
        # positions of the wanted words, found at C speed
        memo: dict = {}     # word -> its groups: a long text repeats its words
        for i in compress(range(len(words)), map(wanted.__contains__, words)):
            w = words[i]
            groups = memo.get(w, memo)
            if groups is memo:
                groups = memo[w] = groups_of(w)
            if groups:
                b = groups.get("")
                if b is not None:
                    _hits(out, t, i, b)
                end = cstart[i + 1]
                b = groups.get(compact[end:end + _PEEK])
                if b is not None:
                    _hits(out, t, i, b)
            if pre_words and w in pre_words:
                b = pre_bucket(w)
                if b is not None:
                    _hits(out, t, i, b)


    def _only(self, bucket: tuple, kind: str) -> tuple | None:
        """A bucket cut down to one kind's entries (and the shapes they use).
        Of the phrases with the same shape and the same punctuation rules
        (`Foto:` in nine packs) only the first is kept: the others match
        exactly where it does, and the first in pack order wins a tie."""
        shapes, entries = bucket
        mine, seen = [], set()
        for n, k, pid in entries:
            if k != kind:
                continue
            p = self.phrase(pid)
            key = (n, p[_TRAIL], p[_LEAD_OPEN], p[_CLOSE_END])
            if key not in seen:
                seen.add(key)
                mine.append((shapes[n], (k, pid)))
        return _bucket(mine) if mine else None


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
    last_word: int | None
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
        from ..patterns import search
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



def _plain_mark(c: str) -> bool:
    # a character that IGNORECASE matches only as itself: no case, no fold
    return not c.isspace() and c.lower() == c == c.upper() == c.casefold()


def _mark_forms(c: str) -> str | None:
    """The characters IGNORECASE matches a literal mark as, or None when it
    is no mark. Besides the plain marks, the circled letters (`ⓒ`, as in
    `ⓒ Yonhap`), the only cased characters that are no letter or digit and
    match just their two cases (checked over every code point: the rest,
    U+0345, also matches `ι`): a regex needing `ⓒ` is skipped at C speed
    in a text without `ⓒ` or `Ⓒ` instead of searched (#16)."""
    if _plain_mark(c):
        return c
    if "\u24b6" <= c <= "\u24e9":
        return c.lower() + c.upper()
    return None


def _required_marks(pattern: str) -> tuple[str, ...]:
    """Punctuation a regex cannot match without: each string of the result
    holds characters one of which must be in the text (`(` and `)` for
    `\\(AP Photo\\)`). Lets `_find_regex` skip a regex with an `in` test or
    two before `_windows` and the regex engine: most texts searched hold no
    bracket or slash (#16). Only for regexes run on Python's engine, whose
    syntax this reads (RE2 reads `[[:alpha:]]` as a class, Python as `[`...`]`).
    Empty = always run."""
    try:
        import re._parser as sre_parse
        from re import _constants as c
    except ImportError:  # pragma: no cover - Python 3.10
        import sre_parse
        import sre_constants as c
    repeats = tuple(getattr(c, name) for name in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT") if hasattr(c, name))

    def marks(items) -> list[frozenset[str]]:
        groups: list[frozenset[str]] = []
        for op, av in items:
            found: list[frozenset[str]] = []
            if op == c.LITERAL:
                forms = _mark_forms(chr(av))
                if forms:
                    found = [frozenset(forms)]
            elif op == c.SUBPATTERN:
                found = marks(av[-1])
            elif op == getattr(c, "ATOMIC_GROUP", None):
                found = marks(av)
            elif op in repeats:
                if av[0] >= 1:            # there at least once
                    found = marks(av[2])
            elif op == c.BRANCH:
                alternatives = [marks(b) for b in av[1]]
                if all(alternatives):     # a mark of each alternative (its first group)
                    found = [frozenset().union(*(a[0] for a in alternatives))]
            # classes, anchors, lookarounds, back references: no mark required
            groups += [g for g in found if g not in groups]
        return groups

    try:
        parsed = sre_parse.parse(pattern, re.IGNORECASE)
    except re.error:
        return ()
    return tuple("".join(sorted(g)) for g in marks(parsed))


def _non_overlapping(found: list) -> list[Match]:
    found = [m for m in found if m is not None]
    found.sort(key=lambda m: (m.start, -(m.end - m.start)))
    out, last = [], -1
    for m in found:
        if m.start >= last:
            out.append(m)
            last = m.end
    return out

