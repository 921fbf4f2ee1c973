"""PhraseBook: all phrase packs in use, matched in every language at once."""
from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from . import folding
from .folding import _BLOCKS, _ENTITY_RE, _fold_text, _tokens, _Tokens, _load_blocks
from .index import (Match, _Index, _compile_phrase, _literal_regex, _non_overlapping, _plain_mark,
                    _required_literals, _required_marks,
                    _spaces_to_whitespace, _windows, _is_word, _SPACES, _UserRegex)
from .index import _CLOSE, _OPEN, _TRAIL_REQUIRED
from .packs import PhraseError, _parse_pack, validate_pack, PARTS_KEYS, PHRASE_KINDS, REGEX_INPUT_LIMIT, REGEX_KINDS, _builtin_sources

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
        self._regex_marks: dict[str, tuple] = {}    # pattern -> `_required_marks`, from the cache
        self._literal_rx: dict[str, list] = {}     # kind -> its literal phrases, compiled
        self._words: dict[Any, Any] = {}     # kind (or (kind, key)) -> its words, worked out once
        self._folded_cache: tuple | None = None
        self._regex_set: set[str] | None = None   # (built-in book) every built-in regex
        if compiled is not None:
            by_word, prefixed, phrases, shapes, kind_words, literals, regex, blocks = compiled
            if folding._OUTSIDE_BLOCKS is None:
                _load_blocks(blocks)
            self._index = _Index(by_word, prefixed, phrases, shapes, kind_words)
            self._literals = literals
            self._regex = {kind: [[lang, pattern, None, needs] for lang, pattern, needs, _ in entries]
                           for kind, entries in regex.items()}
            self._regex_marks = {pattern: marks for entries in regex.values() for _, pattern, _, marks in entries}

    # -- construction --

    @classmethod
    def builtin(cls) -> "PhraseBook":
        """The built-in packs, loaded once per process (no jsonschema import)
        from the compiled-pack cache when it is there (see `_load_cached`)."""
        global _BUILTIN
        if _BUILTIN is None:
            from .cache import _load_cached
            _BUILTIN = _load_cached(_builtin_sources(), [], PhraseBook)
        return _BUILTIN

    @classmethod
    def load(cls, extra_files: Sequence[str] = ()) -> "PhraseBook":
        """Built-in packs plus user packs; user packs are validated and
        raise `PhraseError` naming file, key and problem. A set of user packs
        already validated and compiled once (same names, same bytes) comes
        from the compiled-pack cache."""
        if not extra_files:
            return cls.builtin()
        user: list[tuple[str, bytes]] = []
        for f in extra_files:
            path = Path(f)
            try:
                from ..limits import MAX_CONFIG_SIZE, read_file
                data = read_file(str(path), MAX_CONFIG_SIZE)
            except OSError as e:
                for prev, raw in user:     # an earlier file's own error comes first
                    validate_pack(_parse_pack(prev, raw), prev)
                raise PhraseError(f"{path}: cannot read: {e.strerror}") from None
            user.append((str(path), data))
        from .cache import _load_cached
        return _load_cached(_builtin_sources(), user, PhraseBook)

    def _compiled(self) -> tuple:
        """Everything matching needs, as plain data for the compiled-pack cache."""
        if self._index is None:
            self._compile()
        regex = {kind: [(lang, pattern, needs, _marks_of(pattern))
                        for lang, pattern, _, needs in self._regex_entries(kind)]
                 for kind in REGEX_KINDS}
        if folding._OUTSIDE_BLOCKS is None:
            _load_blocks()
        blocks = {c: folding._TABLE[c] for a, b in _BLOCKS for c in range(a, b + 1)}
        assert self._index is not None        # compiled above
        return self._index.data() + (self._literals, regex, blocks)

    # -- lookup --

    def trail_marks(self, kind: str) -> str | None:
        """The marks (`:` `/` `.`) one of which every phrase of `kind` needs
        right after it (`Fotos:`), or None when some phrase needs none: a
        text without any of them holds no match of that kind."""
        key = ("trail", kind)
        known = self._words.get(key)
        if known is None:
            marks: set[str] | None = set()
            for raw in self.words(kind):
                # (`_compile_phrase` gives a trail only to a phrase ending in
                # one of these: the others need not be compiled to know)
                compiled = _compile_phrase(kind, "", raw, ()) if len(re.sub(r"[^\w]", "", raw)) >= 2 \
                    and raw.rstrip()[-1:] in _TRAIL_REQUIRED + "." else []
                trail = compiled[0][2][3] if compiled else ""
                if not trail:
                    marks = None
                    break
                assert marks is not None
                marks.add(trail)
            known = self._words[key] = ("".join(sorted(marks)),) if marks else (None,)
        return known[0]

    def may_match_before_mark(self, kind: str, text: str) -> bool:
        """False when no phrase of `kind` can match in `text`: every phrase
        ends in a mark (`trail_marks`), and the word before each mark of
        the text (spaces between, as `_to_span` allows) ends no phrase.
        Phrases are compared glued together (`photocredits` for `Photo
        credits:`), so that word must end the glued phrase. A few folds
        of the text near its marks instead of the whole text, which most
        blocks (with a time or a colon in a sentence) do not need (#16).
        True when unsure (`*` phrases, a word longer than the look-back)."""
        ends = self._phrase_ends(kind)
        if ends is None:
            return True
        marks = self.trail_marks(kind)
        assert marks is not None      # _phrase_ends is None without them
        for mark in marks:
            k = text.find(mark)
            while k != -1:
                e = k
                while e > 0 and text[e - 1] in _TRAIL_SPACES:
                    e -= 1
                lo = max(0, e - _LOOK_BACK)
                chunk = text[lo:e]
                if "&" in chunk:    # as _Tokens reads it: entity spaces are spaces
                    chunk = _ENTITY_RE.sub(lambda m: " " * len(m.group()), chunk)
                folded = _fold_text(chunk)
                words = folded.split()
                if words and (words[-1] in ends or lo > 0 and len(words) == 1 and not folded[:1].isspace()):
                    return True
                k = text.find(mark, k + 1)
        return False

    def _phrase_ends(self, kind: str) -> frozenset | None:
        """Every ending of each phrase of `kind` glued together (`credits`,
        `redits` ... for `Photo credits:`), or None when some phrase has a
        `*` or no trail mark."""
        key = ("ends", kind)
        if key not in self._words:
            ends: set[str] | None = set()
            acronyms = self.acronyms()
            if self.trail_marks(kind) is None:
                ends = None
            for raw in self.words(kind) if ends is not None else ():
                for _, (pieces, stars, _), phrase in _compile_phrase(kind, "", raw, acronyms):
                    if any(stars) or not phrase[3] or ends is None:
                        ends = None
                        break
                    ends.update(pieces[0][n:] for n in range(len(pieces[0])))
            self._words[key] = frozenset(ends) if ends is not None else None
        return self._words[key]

    def derived(self, key: str, make):
        """A value worked out from this book's packs once and kept with it
        (`make(book)` is called the first time `key` is asked): what the
        phrase code derives from the word lists (`long agencies`, `dotted
        ends`) lives as long as the book and no longer."""
        slot = ("derived", key)
        if slot not in self._words:
            self._words[slot] = make(self)
        return self._words[slot]

    def acronyms(self) -> tuple[str, ...]:
        """The folded `ai_acronyms` of every pack, once each, in pack order
        (what `_compile_phrase` needs to read an acronym as one word)."""
        return self.derived("acronyms", lambda book: tuple(dict.fromkeys(
            _fold_text(w).strip() for w in book.words("ai_acronyms"))))

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

    def word_set(self, kind: str) -> frozenset[str]:
        """The single words of a word-list kind (`byline_words`,
        `credit_particles`, `archive_nouns`) across all packs, lower case."""
        known = self._words.get(("set", kind))
        if known is None:
            known = self._words[("set", kind)] = frozenset(w.lower() for w in self.words(kind))
        return known

    def sections(self, kind: str) -> list[tuple[str, object]]:
        """(language, value) of every pack that has `kind`, in pack order
        (user packs last): the raw data of the structured kinds
        (`detection`, `unsupported_languages`)."""
        return [(data.get("language", "common"), data[kind]) for _, data in self._packs
                if data.get(kind) is not None]

    def vocabulary(self, kind: str, key: str) -> frozenset:
        """Page vocabulary of an object kind (`picture_roles`) across all
        packs: the lower-case words under `key` (`interface`, `caption` ...)."""
        known = self._words.get((kind, key))
        if known is None:
            words: set[str] = set()
            for _, data in self._packs:
                v = data.get(kind)
                if isinstance(v, dict):
                    words.update(w if key.endswith("_label") else w.lower() for w in v.get(key) or ())
            known = self._words[(kind, key)] = frozenset(words)
        return known

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

    def wording(self, key: str, lang: str | None) -> str | None:
        """The house wording `--fix` inserts (pack key `fix:`) for `lang`;
        a user pack of that language loaded later wins. None when no pack
        of that language has one (the fix then asks a person)."""
        found = None
        for _, data in self._packs:
            fix = data.get("fix")
            if data.get("language") == lang and isinstance(fix, dict) and fix.get(key):
                found = fix[key]
        return found

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
        known = self._known(t)
        done = known.get((kind,))
        if done is None:
            done = known[(kind,)] = self._matches(t, kind, self._kind_hits(t, kind))
        return list(done)

    def _matches(self, t: _Tokens, kind: str, hits: list) -> list[Match]:
        found = []
        if hits:
            assert self._index is not None    # hits come from a scan of the index
            phrase, to_span = self._index.phrase, self._to_span
            # Of the matches starting at one word only one can survive
            # `_non_overlapping` (the earliest start, then the longest, then
            # the first in pack order): keep that one, and make a Match of
            # it alone. Many packs list the same phrase (`Foto:` in nine of
            # them): a later phrase giving the same span at the same word is
            # not worked out again.
            seen: set = set()
            best, last = None, -1
            bs = be = 0
            for i, j, pid in hits:
                p = phrase(pid)
                key = (j, p[3], p[4], p[5])
                if i != last:
                    if best is not None:
                        found.append(Match(best[0], best[1], best[2], bs, be))
                    seen.clear()
                    best, last = None, i
                elif key in seen:
                    continue
                seen.add(key)
                span = to_span(t, i, j, p)
                if span is not None:
                    s, e = span
                    if best is None or s < bs or s == bs and e > be:
                        best, bs, be = p, s, e
            if best is not None:
                found.append(Match(best[0], best[1], best[2], bs, be))
        if self._literals is None:
            self._compile()
        assert self._literals is not None
        if kind in self._literals:
            found += self._find_literals(kind, t.text)
        return _non_overlapping(found)

    def search(self, kind: str, text: str) -> Match | None:
        """The first match of one kind, or None."""
        found = self.find(kind, text)
        return found[0] if found else None

    def find_notice(self, text: str) -> Match | None:
        """The first AI notice in `text`, or None (see `notices.find_notice`)."""
        from .notices import find_notice
        return find_notice(self, text)

    def credit_in(self, text: str) -> str | None:
        """Any credit in a caption or credit text, or None (see `captions.credit_in`)."""
        from .captions import credit_in
        return credit_in(self, text)

    def is_caption(self, text: str) -> bool:
        """A plain-text paragraph that is a picture's caption: a credit, a
        picture marker or an archive label (see `captions.is_caption_paragraph`)."""
        from .captions import is_caption_paragraph
        return is_caption_paragraph(self, text)

    def find_image_label(self, text: str) -> Match | None:
        """An AI label in a caption or credit (see `notices.find_image_label`)."""
        from .notices import find_image_label
        return find_image_label(self, text)

    # -- internals --

    def _compile(self) -> None:
        phrases: list = []
        literals: dict[str, list] = {}
        acronyms = self.acronyms()
        for _, data in self._packs:
            lang = data.get("language", "common")
            for kind in PHRASE_KINDS:
                for raw in data.get(kind) or []:
                    self._add(phrases, literals, kind, lang, raw, acronyms)
            parts = data.get("ai_notice_parts") or {}
            for key in PARTS_KEYS:
                for raw in parts.get(key) or []:
                    self._add(phrases, literals, "_parts_" + key, lang, raw, acronyms)
        self._index = _Index.build(phrases)
        self._literals = literals

    @staticmethod
    def _add(phrases, literals, kind, lang, raw, acronyms):
        letters = re.sub(r"[^\w]", "", raw)
        if len(letters) < 2:
            literals.setdefault(kind, []).append((lang, raw, _literal_regex(raw)))
            return
        phrases.extend(_compile_phrase(kind, lang, raw, acronyms))

    def _kind_hits(self, t: _Tokens, kind: str) -> list:
        """One kind's (start word, end word, phrase number) hits in a text,
        scanned for that kind alone the first time it is asked for."""
        known = self._known(t)
        hits = known.get(kind)
        if hits is None:
            index = self._index
            if index is None:
                self._compile()
                index = self._index
                assert index is not None
            hits = known[kind] = index.scan_kind(t, kind)
        return hits

    def _known(self, t: _Tokens) -> dict:
        """What this book's index found in a text so far: kind -> hits,
        (kind,) -> matches."""
        index = self._index
        if index is None:
            self._compile()
            index = self._index
        known = t.kinds
        if known is None or known[0] is not index:
            known = t.kinds = (index, {})
        return known[1]

    def _scan(self, t: _Tokens) -> "_Hits":
        """The hits of every kind in a text, as a mapping kind -> hits that
        scans a kind when it is first asked for (the notice grammar asks for
        three kinds first and for the rest only when one of them is there)."""
        if self._index is None:
            self._compile()
        return _Hits(self, t)

    @staticmethod
    def _to_span(t: _Tokens, i: int, j: int, p: tuple) -> tuple[int, int] | None:
        """(start, end) in the original text of phrase `p` matched on words
        i..j-1, with its trail mark and brackets; None when the trail is missing."""
        trail, lead_open, close_end = p[3], p[4], p[5]
        text = t.text
        start, end = t.span(i, j)
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
        return start, end

    def _find_literals(self, kind: str, text: str) -> list[Match]:
        if self._literals is None:
            self._compile()
        assert self._literals is not None
        compiled = self._literal_rx.get(kind)
        if compiled is None:
            # compiled once, with the first character every match holds when
            # IGNORECASE matches it only as itself (`©`, the `(` of `(c)`):
            # most texts hold none, and are then not searched (#16)
            compiled = self._literal_rx[kind] = [
                (lang, raw, re.compile(rx, re.IGNORECASE),
                 raw.strip()[:1] if _plain_mark(raw.strip()[:1]) else "")
                for lang, raw, rx in self._literals.get(kind, ())]
        out = []
        for lang, raw, rx, first in compiled:
            if first and first not in text:
                continue
            for m in rx.finditer(text[:REGEX_INPUT_LIMIT]):
                out.append(Match(kind, lang, raw, m.start(), m.end()))
        return out

    def _builtin_regex(self, pattern: str) -> bool:
        """A regex of the built-in packs (vetted, run on Python's engine);
        any other comes from a user pack and runs on RE2."""
        builtin = PhraseBook.builtin()
        if builtin is self:
            return True
        known = builtin._regex_set
        if known is None:
            known = builtin._regex_set = {p for kind in REGEX_KINDS
                                          for _, p, _, _ in builtin._regex_entries(kind)}
        return pattern in known

    def _regex_entries(self, kind: str) -> list:
        """[lang, pattern, (compiled regex, marks each required, mark groups one of each required)
        or None until first needed, required words]."""
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
        folded = None      # folded when a regex that gets this far needs a word
        chars = None       # the text's characters, when a regex requires marks
        out = []
        for entry in entries:
            lang, pattern, compiled, needs = entry
            if compiled is None:   # its marks worked out once first needed (or cached)
                if self._builtin_regex(pattern):
                    marks = self._regex_marks.get(pattern)
                    if marks is None:
                        marks = _marks_of(pattern)
                    compiled = entry[2] = (None, frozenset(m for m in marks if len(m) == 1),
                                           tuple(m for m in marks if len(m) > 1))
                else:        # a user pack's regex runs on RE2 (linear time)
                    compiled = entry[2] = (_UserRegex(_spaces_to_whitespace(pattern, r"[\s\p{Z}]")),
                                           frozenset(), ())
            rx, each, one_of = compiled
            # Skip a regex at C speed when punctuation it cannot match without
            # is absent (most texts hold no bracket or slash), or a word it
            # cannot match without; otherwise search only around that word.
            if each or one_of:
                if chars is None:
                    chars = set(text)
                if not each <= chars or one_of and not all(chars.intersection(m) for m in one_of):
                    continue
            windows = [(0, len(text))]
            if needs:
                if folded is None:
                    folded = self._folded(text)
                if len(folded) == len(text):
                    near = _windows(folded, needs)
                    if near is not None and not near:
                        continue
                    if near is not None:
                        windows = near
            if rx is None:
                # Compiled when a text first gets this far: IGNORECASE over
                # `[A-ZÀ-ÞĀ-Ž]` costs a millisecond or more, and in most runs
                # most regexes never do (their marks or words are absent, #16).
                rx = re.compile(_builtin_form(pattern), re.IGNORECASE)
                entry[2] = (rx, each, one_of)
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


_BUILTIN: PhraseBook | None = None
# what `_to_span` allows between a phrase and its trail mark
_TRAIL_SPACES = " \t\u00a0\u202f"
# characters looked at before a mark (a word longer than that: unsure)
_LOOK_BACK = 64


def _marks_of(pattern: str) -> tuple[str, ...]:
    """`_required_marks` of a pack regex as `_find_regex` runs it (no mark
    when it cannot be read)."""
    try:
        return _required_marks(_spaces_to_whitespace(pattern))
    except Exception:        # (a user pack's regex, for RE2: it gets no marks)
        return ()


def _builtin_form(pattern: str) -> str:
    """A built-in pack regex as it runs: spaces match any whitespace, it ends
    on a word boundary, and it never starts inside a word. (`_find_regex`
    drops such matches anyway; refusing them in the engine keeps `\\d+ ...`
    linear on a long run of digits, where each digit was a start, #16.)"""
    return f"(?:(?<!\\w)|(?!\\w))(?:{_spaces_to_whitespace(pattern)})(?!\\w)"


class _Hits:
    """kind -> hits of one text, each kind scanned on first use: `get` and
    `in` (a kind is in it when it has a hit) like the dict of a full scan."""

    __slots__ = ("book", "t")

    def __init__(self, book: PhraseBook, t: _Tokens):
        self.book, self.t = book, t

    def get(self, kind: str, default=None):
        return self.book._kind_hits(self.t, kind) or default

    def __getitem__(self, kind: str) -> list:
        hits = self.book._kind_hits(self.t, kind)
        if not hits:
            raise KeyError(kind)
        return hits

    def __contains__(self, kind: str) -> bool:
        return bool(self.book._kind_hits(self.t, kind))
