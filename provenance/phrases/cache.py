"""The compiled-pack cache: parsed and compiled packs stored as marshal
files so that a one-file check does not parse 28 YAML files."""
from __future__ import annotations

import marshal
import os
from pathlib import Path

from .packs import _parse_builtin, _parse_pack, validate_pack

def _load_cached(builtin: list[tuple[str, bytes]], user: list[tuple[str, bytes]], book_class):
    """A PhraseBook for these pack files, from the compiled-pack cache when
    it holds an entry for exactly these names and bytes, else parsed (user
    packs validated), compiled and stored for the next run."""
    key = _cache_key(builtin + user)
    path = _cache_file(key)
    entry = _read_entry(path, key) if path else None
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
    from .. import __version__
    h = hashlib.sha256()
    for module in sorted(Path(__file__).parent.glob("*.py")):   # a changed matcher never reads an old index
        try:
            h.update(module.read_bytes())
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
