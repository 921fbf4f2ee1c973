"""The compiled-pack cache: parsed and compiled packs stored as marshal
files so that a one-file check does not parse 28 YAML files."""
from __future__ import annotations

from pathlib import Path

from .. import usercache
from .packs import _parse_builtin, _parse_pack, validate_pack


def _load_cached(builtin: list[tuple[str, bytes]], user: list[tuple[str, bytes]], book_class):
    """A PhraseBook for these pack files, from the compiled-pack cache when
    it holds an entry for exactly these names and bytes, else parsed (user
    packs validated), compiled and stored for the next run."""
    key = _cache_key(builtin + user)
    entry = _read_entry(key)
    if entry is not None:
        return book_class(*entry)
    if user:
        packs = list(book_class.builtin()._packs)
        for name, raw in user:
            data = _parse_pack(name, raw)
            validate_pack(data, name)
            packs.append((name, data))
    else:
        packs = _parse_builtin(builtin)
    book = book_class(packs)
    usercache.store(_CACHE_PREFIX, _CACHE_MAGIC, key, (packs, book._compiled()), _CACHE_KEEP)
    return book


# --- the compiled-pack cache ---------------------------------------------
#
# Parsing 28 YAML packs and compiling the phrase index costs ~80 ms, more
# than the rest of a one-file check. The result is stored as one marshal
# entry per set of pack files (`provenance.usercache`: keyed, CRC-checked,
# written atomically). The key hashes every pack file's path and bytes and
# this package's own source (a changed matcher never reads an old index).

_CACHE_PREFIX = "phrases"
_CACHE_MAGIC = b"provenance-phrases-1\n"
_CACHE_KEEP = 16     # entries kept per folder (one per distinct set of user packs)


def cache_dir() -> str:
    """Where compiled phrase packs are cached (`provenance.usercache.folder`)."""
    return usercache.folder()


def _cache_key(sources: list[tuple[str, bytes]]) -> str:
    code = b""
    for module in sorted(Path(__file__).parent.glob("*.py")):   # a changed matcher never reads an old index
        try:
            code += module.read_bytes()
        except OSError:
            pass
    return usercache.key(sources, code)


def _read_entry(key: str) -> tuple | None:
    """(packs, compiled) from the cache, or None when it is missing, for
    another key, damaged or of an unexpected shape."""
    entry = usercache.load(_CACHE_PREFIX, _CACHE_MAGIC, key)
    if not (isinstance(entry, tuple) and len(entry) == 2 and isinstance(entry[1], tuple)
            and len(entry[1]) == 8):
        return None
    packs, compiled = entry
    by_word, prefixed, phrases, shapes, kind_words, literals, regex, blocks = compiled
    if not (isinstance(packs, list) and isinstance(by_word, dict) and isinstance(prefixed, tuple)
            and isinstance(phrases, tuple) and isinstance(shapes, tuple) and isinstance(kind_words, dict)
            and isinstance(literals, dict)
            and isinstance(regex, dict) and isinstance(blocks, dict)):
        return None
    return packs, compiled
