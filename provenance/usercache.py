"""The per-user cache folder and the marshal entries kept in it.

A one-file check should not parse 28 YAML phrase packs and the rule files
every time: parsed and compiled, they are stored as one marshal file each
(marshal loads plain tuples, dicts and strings several times faster than
pickle; measured in benchmarks/README.md). Both the compiled phrase packs
(`provenance.phrases.cache`) and the built-in rules (`provenance.ruleset`)
go through this one mechanism:

- an entry is `<prefix>-<key[:32]>.marshal`; its key hashes the provenance
  version, the Python cache tag (marshal's format is version-specific) and
  every source file's name and bytes (`key`);
- the file holds a magic line, the full key, a CRC-32 and the marshal data:
  an entry for another key, truncated or damaged, is treated as missing
  (the caller parses again and the entry is rewritten);
- entries are written with the project's one atomic writer
  (`provenance.output.atomic`, without fsync: it is only a cache), and only
  the newest `keep` entries of a prefix are kept;
- a folder that cannot be written (read-only, full, no home folder) just
  means no caching.

The folder is `$PROVENANCE_CACHE_DIR`, else `$XDG_CACHE_HOME/provenance`,
else `~/.cache/provenance` (`%LOCALAPPDATA%\\provenance` on Windows); the
audit result cache (`provenance.cache`) lives there too.
"""
from __future__ import annotations

import marshal
import os
from collections.abc import Iterable
from typing import Any


def folder() -> str:
    """Where provenance caches: `$PROVENANCE_CACHE_DIR`, else
    `$XDG_CACHE_HOME/provenance`, else `~/.cache/provenance`
    (`%LOCALAPPDATA%\\provenance` on Windows)."""
    d = os.environ.get("PROVENANCE_CACHE_DIR")
    if d:
        return d
    if os.name == "nt" and os.environ.get("LOCALAPPDATA"):
        return os.path.join(os.environ["LOCALAPPDATA"], "provenance")
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return os.path.join(base, "provenance")


def key(sources: Iterable[tuple[str, bytes]], extra: bytes = b"") -> str:
    """A hex key for these (name, bytes) sources, `extra` (e.g. the source
    of the code that compiles them), the provenance version and the Python
    cache tag."""
    import hashlib
    import sys
    from . import __version__
    items = list(sources)
    h = hashlib.sha256(extra)
    h.update(f"\0{__version__}\0{sys.implementation.cache_tag}\0{len(items)}\0".encode())
    for name, raw in items:
        h.update(name.encode("utf-8", "surrogateescape"))
        h.update(b"\0%d\0" % len(raw))
        h.update(raw)
    return h.hexdigest()


def _path(prefix: str, key: str) -> str | None:
    try:
        return os.path.join(folder(), f"{prefix}-{key[:32]}.marshal")
    except (OSError, RuntimeError):      # no home folder
        return None


def _head(magic: bytes, key: str) -> bytes:
    return magic + key.encode()


def load(prefix: str, magic: bytes, key: str) -> object | None:
    """The data stored under `key`, or None when there is no such entry or
    it is for another key, truncated or damaged."""
    import zlib
    path = _path(prefix, key)
    if path is None:
        return None
    try:
        with open(path, "rb") as f:
            blob = f.read()
    except OSError:
        return None
    head = _head(magic, key)
    n = len(head)
    if blob[:n] != head or len(blob) < n + 4:
        return None
    payload = memoryview(blob)[n + 4:]
    if zlib.crc32(payload) != int.from_bytes(blob[n:n + 4], "big"):
        return None
    try:
        return marshal.loads(payload)
    except Exception:      # anything a damaged file can raise: it is only a cache
        return None


def store(prefix: str, magic: bytes, key: str, data: Any, keep: int) -> None:
    """Store `data` under `key` (atomically), keeping the newest `keep`
    entries of `prefix`; any failure just leaves no entry."""
    import zlib
    path = _path(prefix, key)
    if path is None:
        return
    try:
        payload = marshal.dumps(data)
    except ValueError:     # a value marshal cannot store (e.g. a YAML date): no cache
        return
    from .output import atomic
    try:
        with atomic(path, binary=True, durable=False) as fh:
            fh.write(_head(magic, key) + zlib.crc32(payload).to_bytes(4, "big") + payload)
    except OSError:        # read-only or full: run without a cache
        return
    _prune(os.path.dirname(path), prefix, keep)


def _prune(where: str, prefix: str, keep: int) -> None:
    """Keep the newest entries only (packs edited over time leave old ones)."""
    try:
        entries = [e for e in os.scandir(where)
                   if e.name.startswith(prefix + "-") and e.name.endswith(".marshal")]
        if len(entries) <= keep:
            return
        entries.sort(key=lambda e: e.stat().st_mtime_ns, reverse=True)
        for e in entries[keep:]:
            os.unlink(e.path)
    except OSError:
        pass
