"""Bounded memo dicts: the one rule for every cache kept in memory.

Readers and phrase code keep answers that repeat across pages (class and
style verdicts, caption analyses, folder resolutions) in plain module or
object dicts. A run over a big archive must not grow them without end, so
each one, once it holds `limit` entries, starts again empty: cheaper than
an LRU on a path where nearly every look-up hits, and what it forgets is
only worked out again.
"""
from __future__ import annotations

from typing import TypeVar

V = TypeVar("V")


def kept(cache: dict, key, value: V, limit: int = 20_000) -> V:
    """`value`, stored in `cache` under `key`; a cache that has reached
    `limit` entries is emptied first. Call it on a miss only."""
    if len(cache) >= limit:
        cache.clear()
    cache[key] = value
    return value
