"""The audit result cache: a re-audit of an unchanged archive only stats files.

Two tables in one SQLite file (``DIR/audit-v1.sqlite``):

- **index**: ``(path, size, mtime_ns) -> sha256 of the content``. A file whose
  size and modification time are unchanged is not even read again.
- **results**: ``(content sha256, settings key, display path) -> results``.
  The settings key hashes the rule and phrase packs in use
  (`provenance.ruleset.pack_hash`), the resolved config of the file and the
  run options (``--declare``, ``--select`` …), so a changed rule, config or
  option never serves a stale answer. The display path is part of the key
  because reports name it and path globs in a config apply to it.

An entry also records the local image files the article used (path, size,
mtime): an article whose images changed is checked again.

Entries are written in transactions (SQLite commits are atomic, so a killed
audit never leaves a half-written entry). An entry that cannot be decoded is
ignored and rewritten; a cache file that is not a database at all is moved
aside and started afresh. Default folder: ``$PROVENANCE_CACHE_DIR``, else
``$XDG_CACHE_HOME/provenance`` or
``~/.cache/provenance`` (``%LOCALAPPDATA%\\provenance`` on Windows).
"""
from __future__ import annotations

import hashlib
import json
import os
import sqlite3

from .article import Location
from .result import FileResult, Finding

SCHEMA = 1
FILENAME = f"audit-v{SCHEMA}.sqlite"


def default_dir() -> str:
    """The per-user cache folder, shared with the compiled phrase packs
    (`$PROVENANCE_CACHE_DIR`, else `$XDG_CACHE_HOME/provenance`)."""
    from .usercache import folder
    return folder()


def content_hash(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def settings_key(cfg, opts, extra: str = "") -> str:
    """Hash of everything besides the bytes that decides a file's results."""
    import dataclasses
    from .ruleset import pack_hash
    cfg_state = {k: v for k, v in dataclasses.asdict(cfg).items() if k != "origins"}
    blob = json.dumps({"packs": pack_hash(list(cfg.rule_files) + list(cfg.phrases)),
                       "config": cfg_state, "options": dataclasses.asdict(opts), "extra": extra},
                      sort_keys=True, default=str)
    return hashlib.sha256(blob.encode()).hexdigest()[:32]


# -- FileResult <-> JSON (the cache keeps exactly what reports need) --------
def result_to_dict(r: FileResult) -> dict:
    d = r.as_dict()
    d["meta"] = r.meta
    return d


def result_from_dict(d: dict) -> FileResult:
    findings = [Finding(rule=f["rule"], category=f["category"], severity=f["severity"],
                        message=f["message"], location=Location(**f["location"]),
                        evidence=f.get("evidence"), fix=f.get("fix"))
                for f in d["findings"]]
    return FileResult(path=d["path"], format=d["format"], status=d["status"], signals=d["signals"],
                      findings=findings, rules=d["rules"], meta=d.get("meta") or {})


def stat_deps(paths) -> list:
    """(path, size, mtime_ns) of each dependency that exists."""
    out = []
    for p in sorted(set(paths)):
        try:
            st = os.stat(p)
        except OSError:
            out.append([p, None, None])
        else:
            out.append([p, st.st_size, st.st_mtime_ns])
    return out


def _deps_unchanged(deps) -> bool:
    for p, size, mtime in deps:
        try:
            st = os.stat(p)
        except OSError:
            if size is not None:
                return False
            continue
        if size is None or st.st_size != size or st.st_mtime_ns != mtime:
            return False
    return True


class Cache:
    """Open (or create) the cache in `folder`. Use `lookup_*`/`store` from
    one process; `close()` commits what is pending."""

    BATCH = 200     # entries per write transaction: fast, and a crash loses little
    RETRIES = 20    # a write another audit holds the lock for is retried, never fatal

    def __init__(self, folder: str):
        if os.path.exists(folder) and not os.path.isdir(folder):
            raise OSError(f"--cache {folder}: is a file, not a folder")
        os.makedirs(folder, exist_ok=True)
        self.path = os.path.join(folder, FILENAME)
        self.hits = self.misses = 0
        self._pending: list[tuple] = []
        self.dropped = 0        # entries not stored because the cache stayed locked
        import random
        import time
        for attempt in range(self.RETRIES):
            try:
                self._db = self._open()
                return
            except sqlite3.DatabaseError as exc:
                if _contended(exc):
                    # another audit is creating the same cache (switching it to
                    # WAL takes a short exclusive lock): wait and open again. Never
                    # move a busy database aside: the other audit is using it.
                    time.sleep(min(2.0, 0.05 * 2 ** attempt) * random.uniform(0.5, 1.0))
                    continue
                # not a database (truncated, overwritten) or another program's
                # tables under our name: keep it for a post-mortem, start afresh
                os.replace(self.path, self.path + (".foreign" if "schema" in str(exc) else ".corrupt"))
                self._db = self._open()
                return
        raise OSError(f"cache {self.path}: still locked by another program")

    def _open(self) -> sqlite3.Connection:
        # autocommit; reads never wait (WAL); a writer waits up to 30 s for another
        db = sqlite3.connect(self.path, timeout=30, isolation_level=None)
        try:
            return self._prepare(db)
        except BaseException:
            db.close()
            raise

    @staticmethod
    def _prepare(db: sqlite3.Connection) -> sqlite3.Connection:
        db.execute("PRAGMA busy_timeout=30000")
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("PRAGMA synchronous=NORMAL")
        db.execute("CREATE TABLE IF NOT EXISTS idx (path TEXT PRIMARY KEY, size INT, mtime INT, sha TEXT)")
        db.execute("CREATE TABLE IF NOT EXISTS results (key TEXT PRIMARY KEY, value TEXT)")
        for table, columns in (("idx", ["path", "size", "mtime", "sha"]), ("results", ["key", "value"])):
            have = [row[1] for row in db.execute(f"PRAGMA table_info({table})")]
            if have != columns:
                raise sqlite3.DatabaseError(f"foreign schema in table {table}")
        return db

    # -- index: stat -> content hash -----------------------------------------
    def content_hash_for(self, path: str, size: int, mtime_ns: int) -> str | None:
        row = self._db.execute("SELECT size, mtime, sha FROM idx WHERE path=?", (_key_text(path),)).fetchone()
        if row and row[0] == size and row[1] == mtime_ns:
            return row[2]
        return None

    # -- results --------------------------------------------------------------
    @staticmethod
    def key(sha: str, settings: str, display: str) -> str:
        return hashlib.sha256(f"{sha}\0{settings}\0{display}".encode("utf-8", "surrogatepass")).hexdigest()

    def lookup(self, key: str) -> list[FileResult] | None:
        row = self._db.execute("SELECT value FROM results WHERE key=?", (key,)).fetchone()
        if row is None:
            self.misses += 1
            return None
        try:
            entry = json.loads(row[0])
            if not _deps_unchanged(entry.get("deps", [])):
                self.misses += 1
                return None
            results = [result_from_dict(d) for d in entry["results"]]
        except (ValueError, KeyError, TypeError, AttributeError):
            self.misses += 1       # a corrupt entry: ignored here, rewritten by the next store
            return None
        self.hits += 1
        return results

    def store(self, key: str, results: list[FileResult], deps=(), stat=None, sha=None) -> None:
        """Record results (and, with `stat` = (path, size, mtime_ns), the index)."""
        value = json.dumps({"results": [result_to_dict(r) for r in results], "deps": list(deps)},
                           default=str)       # ASCII: a lone surrogate stays an escape
        index = (_key_text(stat[0]), *stat[1:], sha) if stat is not None and sha else None
        self._pending.append((key, value, index))
        if len(self._pending) >= self.BATCH:
            self._flush()

    def _flush(self) -> None:
        """Write the pending entries in one short transaction. Another audit
        sharing the cache may hold the write lock: wait, retry, and in the
        end drop the entries (a cache only saves time) rather than fail."""
        import random
        import time
        pending, self._pending = self._pending, []
        if not pending:
            return
        for attempt in range(self.RETRIES):
            try:
                self._db.execute("BEGIN IMMEDIATE")
                try:
                    self._db.executemany("INSERT OR REPLACE INTO results VALUES (?, ?)",
                                         [(k, v) for k, v, _ in pending])
                    self._db.executemany("INSERT OR REPLACE INTO idx VALUES (?, ?, ?, ?)",
                                         [i for _, _, i in pending if i is not None])
                    self._db.execute("COMMIT")
                except BaseException:
                    self._db.execute("ROLLBACK")
                    raise
                return
            except sqlite3.OperationalError as exc:
                if not _contended(exc):
                    raise
                time.sleep(min(2.0, 0.05 * 2 ** attempt) * random.uniform(0.5, 1.0))
        self.dropped += len(pending)

    def close(self) -> None:
        if self._db is not None:
            try:
                self._flush()
            finally:
                self._db.close()
                self._db = None  # type: ignore[assignment]  # closed for good


def _contended(exc: sqlite3.DatabaseError) -> bool:
    """Another connection holds the lock: a reason to wait, not a damaged file."""
    return isinstance(exc, sqlite3.OperationalError) and ("locked" in str(exc) or "busy" in str(exc))


def _key_text(path: str) -> str:
    """A path as SQLite text: a file name that is not UTF-8 keeps its bytes as escapes."""
    try:
        path.encode("utf-8")
        return path
    except UnicodeEncodeError:
        return path.encode("utf-8", "surrogatepass").decode("utf-8", "backslashreplace")
