"""What a caption or credit says: credit, photo label, AI label, archive label.

Pure text analysis over the phrase packs, part of the language layer: the
facts the checks read (`signals`) and the readers (which plain-text paragraph
is a caption, which line under an HTML picture is its credit) ask the same
questions, the readers through the phrase book they are handed
(`PhraseBook.credit_in`, `PhraseBook.is_caption`). No rule knowledge: it says
what the text *is*, the checks decide what is owed.
"""
from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import TYPE_CHECKING

from ..memo import kept
from .folding import _tokens
from .index import _compile_phrase

if TYPE_CHECKING:
    from .book import PhraseBook

# "Name Surname/Agency", "Kirsty Wigglesworth/Pool AP/dpa", "PAP/Name", "Name / AFP"
_SLASH_CREDIT = re.compile(
    r"(?:^|[\s(])((?:[^\W\d_][\w'’.&-]*\.?)(?:[ \u00a0][^\W\d_][\w'’.&-]*){0,4}"
    r"\s?[/|]\s?[^\W_][\w'’.&-]*(?:[ \u00a0/|]+[^\W_][\w'’.&-]*){0,5})\W{0,3}$")
# The lower-case words that may follow the slash of a credit ("AFP via Getty
# Images", "Name/Agencia de Noticias", "Name / BNS nuotr.") are the packs'
# `credit_particles`; any other lower-case word after the slash reads as a
# sentence ("Strecke Hamburg/Berlin warten am Bahnsteig").
# "CARLOS GONZALEZ • cgonzalez@startribune.com" (US photo desks), "Jane Doe for The New York Times"
_CAPS_CREDIT = re.compile(r"^(?:[A-ZÀ-ÞĀ-Ž][A-ZÀ-ÞĀ-Ž'’.-]+\s){1,3}[A-ZÀ-ÞĀ-Ž][A-ZÀ-ÞĀ-Ž'’.-]+"
                          r"(?:\s*[•|·,-]\s*\S+@\S+)?$")
# "Jane Doe for The New York Times": the packs' `credit_agents` ("for") stand
# between the photographer and the outlet, `outlet_articles` ("the") may open
# the outlet's name; "©", "(c)" and the packs' `copyright_words` open a
# copyright line.


@lru_cache(maxsize=4)
def _word_patterns(book_id: int, agents: frozenset[str], articles: frozenset[str],
                   copyright: frozenset[str]) -> tuple[re.Pattern[str] | None, re.Pattern[str]]:
    def alts(words: frozenset[str]) -> str:
        return "|".join(re.escape(w) for w in sorted(words, key=lambda w: (-len(w), w)))
    for_credit = None
    if agents:
        article = rf"(?:(?:{alts(articles)})\s)?" if articles else ""
        for_credit = re.compile(r"^([A-ZÀ-Ž][\w'’.-]+(?:\s[A-ZÀ-Ž][\w'’.-]+){1,3}?)\s(?:" + alts(agents) + r")\s"
                                + article + r"[A-ZÀ-Ž][\w'’.&-]+(?:\s[A-ZÀ-Ž][\w'’.&-]+){0,4}$", re.I)
    words = rf"|(?:{alts(copyright)})\b" if copyright else ""
    return for_credit, re.compile(r"(?:©|\(c\)" + words + r")\s*\S+", re.I)


def _for_credit(book: PhraseBook) -> re.Pattern[str] | None:
    return _word_patterns(id(book), book.word_set("credit_agents"), book.word_set("outlet_articles"),
                          book.word_set("copyright_words"))[0]


def _copyright(book: PhraseBook) -> re.Pattern[str]:
    return _word_patterns(id(book), book.word_set("credit_agents"), book.word_set("outlet_articles"),
                          book.word_set("copyright_words"))[1]
_EMAIL_END = re.compile(r"(?<!\s)\s*(?:[•|·,–-]\s*)?[\w.+-]{1,64}@[\w-]+(?:\.[\w-]+)+$")
# sentence end followed by the trailing segment of a caption
_LAST_SEGMENT = re.compile(r"(?:^|[.!?»”\")]\s+|\s[-–—|]\s+)([^.!?]{1,120})$")


@dataclass
class Labels:
    credit: str | None = None        # the credit text found
    photo_label: str | None = None   # presents the image as a photograph
    neutral_label: str | None = None  # Illustration:, Grafik:, Symbolbild ...
    ai_label: str | None = None      # visible AI label
    archive_label: str | None = None  # archive / stand-in label


@lru_cache(maxsize=1)
def _agency_pattern(book_id: int, words: tuple[str, ...]):
    # Agencies are matched case-sensitively for short all-caps names (AP, TT)
    # so that "ap" or "tt" inside ordinary words/sentences never count.
    # Italian and Spanish desks write all-caps agencies in title case
    # ("Foto Ansa", "Efe"): accept that form too, never the lower-case one.
    forms = set(words) | {w.title() for w in words if len(w) >= 3 and w.isupper() and w.isalpha()}
    alts = sorted(forms, key=len, reverse=True)
    return re.compile(r"(?<![\w-])(?:" + "|".join(re.escape(a) for a in alts) + r")(?![\w-])")


def agencies(book: PhraseBook):
    return _agency_pattern(id(book), tuple(book.words("agencies")))


def find_agency(book: PhraseBook, text: str) -> str | None:
    m = agencies(book).search(text)
    if m:
        return m.group(0)
    # long agency names case-insensitively (picture alliance, Getty Images)
    low = text.lower()
    for w, w_low in _long_agencies(book):
        if w_low in low:
            return w
    return None


def _long_agencies(book: PhraseBook) -> tuple:
    """(name, lower-case name) of the agencies longer than five letters, in pack order."""
    return book.derived("long agencies", lambda b: tuple((w, w.lower()) for w in b.words("agencies") if len(w) > 5))


def slash_credit(book: PhraseBook, text: str) -> str | None:
    """A trailing `Name/Agency` credit, or None. After the slash every word is
    capitalised, an agency (`dpa`), a placeholder (`privat`), a picture word
    or abbreviation (`foto`, `nuotr.`) or a particle (`via`): a description such
    as "Strecke Hamburg/Berlin warten am Bahnsteig" is no credit."""
    m = _SLASH_CREDIT.search(text)
    if not m:
        return None
    credit = m.group(1)
    tail = agencies(book).sub(" ", re.split(r"[/|]", credit, maxsplit=1)[1])
    # "imago images", "picture alliance"; in ASCII text (most), only the names
    # it holds (IGNORECASE between ASCII texts is lower-casing; beyond, `ſ` is `s`)
    low = tail.lower() if tail.isascii() else None
    for name, name_low in _long_agencies(book):
        if " " in name and (low is None or name_low in low or not name.isascii()):
            tail = re.sub(re.escape(name), " ", tail, flags=re.I)
            low = tail.lower() if low is not None else None
    particles = book.word_set("credit_particles")
    for word in re.findall(r"[^\W\d_][\w'’.&-]*", tail):
        if word[:1].islower() and not word.endswith(".") \
                and word.lower() not in particles and not find_agency(book, word.split("-")[0]) \
                and not book.search("credit_placeholder", word) and not book.search("photo_label", word + ":"):
            return None
    return credit


def _hits(book: PhraseBook, kind: str, text: str):
    """Matches of a kind that are not part of an archive label: "foto de" in
    "(foto de archivo)" is no credit and no photo label."""
    found = book.find(kind, text)
    if not found:
        return found
    arch = book.find("archive_label", text)
    if not arch:
        return found
    # archive hits do not overlap and come in text order: the last one
    # starting at or before a hit is the only one that can hold it
    starts = [a.start for a in arch]
    return [m for m in found if not (k := bisect_right(starts, m.start)) or m.start >= arch[k - 1].end]


def trailing_credit(book: PhraseBook, text: str) -> str | None:
    """A credit standing at the end of a caption (plain-text captions, figcaptions)."""
    t = text.strip().rstrip(". ")
    if not t:
        return None
    # a photographer's e-mail (the whitespace before it taken from the start of
    # its run only: `\s*[…]?\s*` tried at every space of a long run was cubic)
    if "@" in t:      # (the pattern tries every position of a caption: only where it can match)
        t = _EMAIL_END.sub("", t)
    m = _LAST_SEGMENT.search(t)
    seg = (m.group(1) if m else t).strip()
    if len(seg.split()) > 9:
        return None
    found = _trailing_segment_credit(book, seg, m is not None)
    # `dpa/lno`: the agency signature of the text, not a photo credit. (Asked
    # only of a segment that reads as a credit: most read as none, #16.)
    if found is not None:
        sig = book.search("dateline_patterns", seg)
        if sig and sig.end >= len(seg) - 1:
            return None
    return found


def _trailing_segment_credit(book: PhraseBook, seg: str, after_sentence: bool) -> str | None:
    """`trailing_credit` of the caption's last segment, before the dateline test."""
    for kind in ("credit_prefix", "photo_label"):
        hits = _hits(book, kind, seg)
        if hits and seg[hits[0].end:].strip(" :.,") and not _description(book, seg[hits[0].end:]):
            return seg[hits[0].start:]
    suffix = _suffix_credit(book, seg)
    if suffix:
        return suffix
    for arch in book.find("archive_label", seg):
        # "Arkivfoto: Ida Jensen", "Архивна снимка: БГНЕС": the archive label
        # is the picture word of a credit prefix; "Archivbild: Das Kraftwerk
        # am Ostufer" is a description, so only a short name-like rest counts
        rest = seg[arch.end:]
        name = rest.strip(" :.,")
        if (seg[arch.end - 1] == ":" or rest.lstrip().startswith(":")) and name \
                and len(name.split()) <= 4 and all(
                    w[:1].isupper() or w[:1].isdigit() or find_agency(book, w) or book.search("credit_placeholder", w)
                    for w in name.replace("/", " ").split()):
            return seg[arch.start:]
    if _copyright(book).search(seg):
        return seg
    if after_sentence:
        if _CAPS_CREDIT.match(seg):
            return seg
        fc = _for_credit(book)
        by = fc.match(seg) if fc else None
        if by and by.group(1).istitle():
            return seg        # only as the trailing segment after a caption sentence
    sc = slash_credit(book, seg)
    if sc:
        return sc
    if find_agency(book, seg) and len(seg.split()) <= 4 and all(
            w[:1].isupper() or find_agency(book, w) for w in seg.split()):
        return seg
    paren = re.search(r"\(([^()]{2,60})\)$", seg) if seg.endswith(")") else None
    if paren:   # "Le strade allagate a Faenza (Ansa)", "(Foto: dpa)"
        inner = paren.group(1).strip()
        if any(w.lower() == inner.lower() for w in book.words("agencies")) or \
                _hits(book, "credit_prefix", inner) or slash_credit(book, inner):
            return inner
    if len(seg.split()) <= 3 and _placeholders(book, seg):
        return seg
    return None


def _suffix_credit(book: PhraseBook, seg: str) -> str | None:
    """A credit whose picture abbreviation follows the name, as Lithuanian
    captions print it: "Luko Balandžio (BNS) nuotr.", "15min nuotr."
    (`seg` comes with its final dot stripped). Only an abbreviation (a pack
    phrase ending in a dot) after at most six words counts."""
    ends = _dotted_ends(book)
    if ends is not None and not _tokens(seg).compact.endswith(ends):
        # Only a one-word phrase that must be followed by its dot (`nuotr.`)
        # can end at the dot added here, and it is then the text's last
        # word(s): folded words glued together end with it (the dot folds to
        # a space, so `seg`'s folded words are those of `full`). Most
        # segments end otherwise, and need not be folded again (#16).
        return None
    full = seg.rstrip() + "."
    for kind in ("credit_prefix", "photo_label"):
        hits = _hits(book, kind, full)
        if not hits:
            continue
        last = hits[-1]
        before = full[:last.start].strip(" /,")
        if last.end == len(full) and full[last.end - 1] == "." and before \
                and full[last.start - 1:last.start].isspace() and len(before.split()) <= 6:
            return full.strip()
    return None


def _dotted_ends(book: PhraseBook) -> tuple[str, ...] | None:
    """The folded forms of the `credit_prefix` and `photo_label` phrases
    that need a dot right after them (one word, no `*`: `nuotr.`, `Fot.`),
    or None when a literal phrase (`©`) could end in a dot: unsure."""
    return book.derived("dotted ends", _find_dotted_ends)


def _find_dotted_ends(book: PhraseBook) -> tuple[str, ...] | None:
    ends: set[str] | None = set()
    acronyms = book.acronyms()
    for kind in ("credit_prefix", "photo_label"):
        for raw in book.words(kind):
            if len(re.sub(r"[^\w]", "", raw)) < 2:      # a literal (see PhraseBook._add)
                if raw.strip().endswith("."):
                    ends = None
                continue
            if not raw.rstrip().endswith("."):
                continue        # (`_compile_phrase` gives a "." trail only to these)
            for _, (pieces, stars, _), phrase in _compile_phrase(kind, "", raw, acronyms):
                if phrase[3] == "." and ends is not None:
                    if any(stars):
                        ends = None
                    else:
                        ends.add("".join(pieces))
    return tuple(sorted(ends)) if ends is not None else None


def _placeholders(book: PhraseBook, text: str):
    """Placeholder credits (`privat`, `DR`, `Archiv`) that are not merely a
    word inside a longer archive label: "(Foto de archivo)" and "Foto aus dem
    Archiv" are labels, "Foto: Archiv" and "Fot. archiwum" are credits."""
    arch = book.find("archive_label", text)
    starts = [a.start for a in arch]
    out = []
    for p in book.find("credit_placeholder", text):
        k = bisect_right(starts, p.start)    # archive hits do not overlap: only arch[k - 1] can hold p
        a = arch[k - 1] if k else None
        if a is None or not (p.end <= a.end and a.end - a.start > p.end - p.start):
            out.append(p)
    return out


_MEMO_LIMIT = 4096          # captions kept per memo (see provenance.memo)
_credit_memo: dict = {}


def credit_in(book: PhraseBook, text: str) -> str | None:
    """Any credit in a caption/credit text (not only a trailing one).
    Pure for a given book: the HTML reader (placing credits) and the engine
    (reading them) ask about the same captions, so answers are kept."""
    if not text or not text.strip():
        return None
    key = (book, text)       # (the book itself: an id could be reused by a later book)
    if key in _credit_memo:
        return _credit_memo[key]
    return kept(_credit_memo, key, _credit_in(book, text), _MEMO_LIMIT)


def _credit_in(book: PhraseBook, text: str) -> str | None:
    tc = trailing_credit(book, text)
    if tc:
        return tc
    for kind in ("credit_prefix", "photo_label"):
        for hit in _hits(book, kind, text):
            rest = rest_words(text, hit.end)
            if rest and not _description(book, rest):
                return text[hit.start:hit.end + 60].strip()
    m = _copyright(book).search(text)
    if m:
        return m.group(0)
    return _first(book, text, "photo_patterns", "credit_patterns") or _source_segment(book, text)


def _source_segment(book: PhraseBook, text: str) -> str | None:
    """A last `/` or `|` segment that opens with a neutral label names where
    the picture comes from: "Autos robados … en Bolivia/Captura de pantalla
    de reportaje" (a screenshot of a TV report), "… | Illustration"."""
    cut = max(text.rfind("/"), text.rfind("|"))
    if cut <= 0:
        return None
    seg = text[cut + 1:].strip()
    if not seg or len(seg.split()) > 6:
        return None
    return seg if any(h.start == 0 for h in book.find("neutral_label", seg)) else None


_REST_WORDS = re.compile(r"\S+(?:\s+\S+){0,6}")
_REST_START: dict[str, re.Pattern] = {}


def rest_words(text: str, pos: int, strip: str = " :.,") -> str:
    """`text[pos:].strip(strip)` as far as `_description` reads it: its first
    seven words when it has more (bounded, so a caption with thousands of
    labels is read in linear time), else all of it."""
    start_re = _REST_START.get(strip)
    if start_re is None:
        start_re = _REST_START[strip] = re.compile(f"[^{re.escape(strip)}]")
    start = start_re.search(text, pos)
    if start is None:
        return ""
    head = _REST_WORDS.search(text, start.start())
    if head is not None and len(head.group().split()) == 7 and (
            text[head.end() - 1] not in strip or start_re.search(text, head.end()) is not None):
        return head.group()      # the strip at the end of the text leaves these seven words whole
    return text[start.start():].rstrip(strip)


_LOWER_WORD = re.compile(r"(?<![\w'’.-])[^\W\d_A-ZÀ-ÞĀ-Ž][\w'’-]*")


def _description(book: PhraseBook, rest: str) -> bool:
    """After a label, a sentence describing the picture rather than a name
    ("Image: Jose Mourinho has agreed a deal to become manager of …", a
    screen-reader label): more than five words, two of the first four
    lower-case words other than particles. "Photo: Adil Boukind Archives Le
    Devoir Les entreprises …" (a credit run into the caption) stays a credit."""
    words = rest.split()
    if len(words) <= 5:
        return False
    particles = book.word_set("credit_particles")
    lower = [w for w in _LOWER_WORD.findall(" ".join(words[:4])) if w.lower() not in particles]
    return len(lower) >= 2


is_description = _description     # (signals: a collective credit label before a headline is none)


def _first(book: PhraseBook, text: str, *kinds: str) -> str | None:
    """Text of the first match of the first kind that matches."""
    for kind in kinds:
        m = book.search(kind, text)
        if m:
            return text[m.start:m.end]
    return None


def _labels_credit(text: str, photo, ai) -> bool:
    """The AI label is part of this photo credit: it follows the photo
    label in the same sentence ("Foto: Jan Kos (AI)", "Bild: Midjourney")."""
    if ai.start < photo.start:
        return ai.end >= photo.start - 2
    between = text[photo.end:ai.start]
    return len(between) <= 80 and not re.search(r"[.!?](\s|$)|\n", between)


_labels_memo: dict = {}


def analyse(book: PhraseBook, text: str) -> Labels:
    """Read caption + credit text of one image (a fresh `Labels`: the
    caller may change it). Pure for a given book: pictures of a gallery and
    pages of one site repeat captions (187 distinct of 298 in the corpus),
    so the answers are kept, as `credit_in`'s are."""
    if not text or not text.strip():
        return Labels()
    key = (book, text)       # (the book itself: an id could be reused by a later book)
    known = _labels_memo.get(key)
    if known is None:
        known = kept(_labels_memo, key, _analyse(book, text), _MEMO_LIMIT)
    return replace(known)


def _analyse(book: PhraseBook, text: str) -> Labels:
    out = Labels()
    out.credit = credit_in(book, text)
    ai = book.search("ai_image_label", text) or book.find_image_label(text)
    out.ai_label = text[ai.start:ai.end] if ai else None
    out.archive_label = _first(book, text, "archive_label", "archive_patterns")
    out.neutral_label = _first(book, text, "neutral_label")
    photo = _hits(book, "photo_label", text)
    if photo and ai and _labels_credit(text, photo[0], ai):
        photo = []       # "Foto: X (AI)", "Bild: Midjourney": the credit is an AI label
    out.photo_label = text[photo[0].start:photo[0].end] if photo else _first(book, text, "photo_patterns")
    if not out.photo_label and not out.neutral_label and out.credit:
        # "Name/Agency" presents the image as an agency photograph
        sc = slash_credit(book, out.credit)
        if sc and find_agency(book, sc):
            out.photo_label = sc
    return out


def is_caption_paragraph(book: PhraseBook, text: str) -> bool:
    """Plain text: a paragraph with a credit, a picture marker or an archive label."""
    words = len(text.split())
    if words > 80:
        return False
    if trailing_credit(book, text):
        return True
    if _hits(book, "photo_label", text):
        return True
    if any(_stands_as_neutral_label(text, m) for m in _hits(book, "neutral_label", text)):
        return True
    if words <= 60 and any(_stands_as_label(book, text, m) for m in book.find("archive_label", text)):
        return True
    return False


def _stands_as_neutral_label(text: str, m) -> bool:
    """`Grafik: dpa`, `(Symbolbild)`, `Montage` opening a short line mark a
    caption; "Während der Montage bleibt die Brücke …" is a sentence."""
    before, after = text[:m.start].rstrip(), text[m.end:].lstrip()
    if text[m.end - 1] == ":" or after.startswith((":", ")", "/", "|")) or before.endswith("("):
        return True
    return not before or len(text.split()) <= 6


def _stands_as_label(book: PhraseBook, text: str, m) -> bool:
    """An archive label hit that marks a caption: a picture word
    ("Archivbild", "file photo"), or a bare archive word in parentheses, before
    a colon or dash, at the end of the paragraph, or in a very short one."""
    hit = text[m.start:m.end].strip("() ")
    # the packs' `archive_nouns` are also ordinary nouns ("Im Archiv der
    # Stadt …", "Les archives de la ville …"): a label only where they stand as one
    if hit.lower() not in book.word_set("archive_nouns"):
        return True
    before, after = text[:m.start].rstrip(), text[m.end:].lstrip()
    if text[m.start] == "(" or before.endswith("(") or after.startswith((")", ":", "-", "–", "—", "/", "|")):
        return True
    if not after.strip(" .!?\"'»”"):
        return True
    return len(text.split()) <= 4
