"""`provenance audit`: check a whole archive, CMS export or set of feeds.

    provenance audit exports/2026/ --html audit.html --json audit.json
    provenance audit feeds/*.xml --jobs 2
    provenance audit big-archive/ --engine dask --scheduler tcp://10.0.0.5:8786

What it reads
  Folders (walked, honouring the config's ``exclude:`` globs), ``.zip`` and
  ``.tar.gz``/``.tgz`` archives (members read in place, never extracted to
  disk; reported as ``archive.zip!folder/article.html``), sitemaps (a local
  ``<urlset>``: every ``<loc>`` that is a local path or ``file:`` URL is
  checked, ``http(s)`` URLs only with ``--fetch``; ``<sitemapindex>`` files are
  followed) and feeds (each item is its own entry, ``feed.xml#item-N``).

How it runs
  ``--jobs N`` worker processes (default: the number of cores) or a Dask
  cluster (``--engine dask``); results stream to the reports as they come,
  so memory stays flat however many files there are. A cache
  (`provenance.cache`) makes a re-audit of an unchanged archive a matter of
  stat calls. A progress bar with rate and ETA goes to stderr on a terminal,
  a plain line every few seconds in CI logs, nothing with ``--quiet``.

What it reports
  Summary tables on stdout (compliance by category, by rule, by source
  outlet, by section, by month of publication, the worst files), the JSON
  report with an ``audit`` block (``--json FILE``, or ``--format json``) and
  a self-contained HTML report (``--html FILE``). Exit codes as for
  ``check``.
"""
from __future__ import annotations

import gc
import heapq
import json
import os
import sys
import tarfile
import time
import zipfile
from collections import deque
from contextlib import AbstractContextManager
from dataclasses import dataclass
from typing import Callable, TextIO, Union

from .output import clean, printable
from .result import needs_review
from .run import Options, Runner, display_path

ARCHIVE_SUFFIXES = (".zip", ".tar.gz", ".tgz", ".tar")
SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
BATCH = 16              # files per task at the start: amortises the cost of a round trip to a worker
BATCH_MAX = 128         # ... growing with the run, so a big archive costs the parent few round trips
BATCH_GROW = 64         # ... a batch holds up to 1/BATCH_GROW of the files queued so far
# A Dask task costs the scheduler and the client a few milliseconds each, on
# the cores the workers use too: bigger batches, growing faster (measured,
# 16,000 articles, 2 workers on 2 cores: 1.74x at 16..128 files a task,
# 1.97x at 64..1024; growing by 1/16 instead of 1/64 halves the scheduler's CPU).
DASK_BATCHES = (64, 1024, 16)
WINDOW_PER_WORKER = 4   # tasks in flight per worker: bounded, so memory stays flat


# -- units of work -------------------------------------------------------------
@dataclass
class Unit:
    """One input to check. `data` is None for a file the worker reads itself;
    `stat` = (index key, size, mtime_ns) when the cache may skip reading it."""

    path: str                      # absolute path, archive member name, or URL
    display: str                   # the path reports show
    file: str | None               # real file on disk (config, images), None in archives
    section: str
    data: bytes | None = None
    stat: tuple | None = None
    problem: tuple | None = None   # (code, message): an archive member that cannot be checked


# read each file's bytes in the parent: always, never, or when the predicate says so
WithData = Union[bool, Callable[[Unit], bool]]


def _is_archive(path: str) -> bool:
    return path.lower().endswith(ARCHIVE_SUFFIXES)


def _first_component(rel: str) -> str:
    parts = [p for p in rel.replace("\\", "/").split("/") if p not in ("", ".")]
    return parts[0] if len(parts) > 1 else "(top level)"


def iter_units(paths: list[str], runner: Runner, *, fetch: bool = False, with_data: WithData = True,
               notes: dict | None = None, with_stat: bool = True):
    """Yield a `Unit` per article source under `paths`, in a stable order.

    With `with_data=False` nothing is read that need not be (for counting);
    with `with_stat=False` files are not stat-ed (only the cache needs it)."""
    from .detect import SUPPORTED
    from .run import walk
    notes = notes if notes is not None else {}
    exts = SUPPORTED | {".zip", ".gz", ".tgz", ".tar"}
    for arg in paths:
        if os.path.isdir(arg):
            files = _folder_files(arg, runner, exts)
        else:
            root = os.path.dirname(arg)
            files = ((fp, _first_component(os.path.relpath(fp, root) if root else fp), None, None)
                     for fp in walk([arg], runner.configs, supported=exts, exclude=runner.opts.exclude))
        for fp, section, full, shown in files:
            low = fp.lower()
            if low.endswith(".gz") and not _is_archive(fp):
                continue
            if _is_archive(fp) and os.path.isfile(fp):
                yield from _archive_units(fp, runner, with_data, notes)
            elif low.endswith(".xml") and _is_sitemap(fp):
                yield from _sitemap_units(fp, runner, fetch, with_data, notes, set(), with_stat)
            else:
                yield _file_unit(fp, section, with_stat, full, shown)


def _folder_files(top: str, runner: Runner, exts):
    """(path, section, absolute path, display path) of each file `walk`
    finds under the folder `top`, honouring `exclude:` globs. The parent
    process does this for every file of an archive while the workers
    check: what depends only on the folder (config, absolute and display
    path, section) is worked out once per folder, not per file."""
    from .run import walk
    folder: str | None = None
    info: tuple | None = None
    for fp in walk([top], None, supported=exts, exclude=runner.opts.exclude, gitignore=runner.opts.gitignore):
        d, name = os.path.split(fp)
        if d != folder:
            folder = d
            cfg = runner.configs.for_file(fp)
            shown = display_path(d)
            info = (cfg if cfg.exclude else None, os.path.abspath(d),
                    "" if shown == "." else shown if shown.endswith("/") else shown + "/",
                    _first_component(os.path.join(os.path.relpath(d, top), "_")))
        assert info is not None
        cfg, full_dir, shown_dir, section = info
        if cfg is not None and cfg.excluded(fp):
            continue
        yield fp, section, os.path.join(full_dir, name), shown_dir + name


def _file_unit(fp: str, section: str, with_stat: bool = True, full: str | None = None,
               shown: str | None = None) -> Unit:
    full = full or os.path.abspath(fp)
    stat = None
    if with_stat:
        try:
            st = os.stat(full)
            stat = (full, st.st_size, st.st_mtime_ns)
        except OSError:
            pass
    return Unit(path=full, display=shown or display_path(fp), file=full, section=section, stat=stat)


def _archive_units(archive: str, runner: Runner, with_data: WithData, notes: dict):
    """Members of a zip or tar archive, read in place (never extracted)."""
    from .detect import IMAGE_EXT, SUPPORTED, walk_media
    shown = display_path(archive)
    full = os.path.abspath(archive)
    cfg = runner.configs.for_file(full)
    try:
        ast = os.stat(full)
    except OSError:
        yield Unit(path=full, display=shown, file=full, section="(archive)")  # reported unreadable
        return

    def wanted(name: str) -> bool:
        base = name.rsplit("/", 1)[-1]
        ext = os.path.splitext(base)[1].lower()
        if not base or base.startswith(".") or ext not in SUPPORTED or \
                ext in IMAGE_EXT and not walk_media(ext):
            return False
        return not cfg.excluded(os.path.join(full, name))

    def unit(name: str, size: int, data: bytes | None) -> Unit:
        return Unit(path=f"{full}!{name}", display=f"{shown}!{name}", file=None,
                    section=_first_component(name), data=data,
                    stat=(f"{full}!{name}", size, ast.st_mtime_ns ^ ast.st_size))

    cap = cfg.max_file_size

    def too_large(u: Unit, size: int) -> Unit:
        u.problem = ("input-too-large", f"{u.display}: {size:,} bytes or more (uncompressed) exceeds "
                                        f"max_file_size ({cap:,}); not read")
        return u

    def read_member(u: Unit, fh) -> Unit:
        """At most `cap` + 1 bytes, streamed: a header that lies about the
        size (a zip bomb) never makes a member bigger than the cap in memory."""
        data = fh.read(cap + 1) if fh is not None else b""
        if len(data) > cap:
            return too_large(u, len(data))
        u.data = data
        return u

    def wants_data(u: Unit) -> bool:
        return with_data is True or (callable(with_data) and with_data(u))

    count = 0
    try:
        if full.lower().endswith(".zip"):
            with zipfile.ZipFile(full) as zf:
                for info in zf.infolist():
                    if info.is_dir() or not wanted(info.filename):
                        continue
                    count += 1
                    u = unit(info.filename, info.file_size, None)
                    if info.file_size > cap:
                        yield too_large(u, info.file_size)
                    elif wants_data(u):
                        with zf.open(info) as fh:
                            yield read_member(u, fh)
                    else:
                        yield u
        else:
            # stream mode: members are decompressed in order, and the member
            # list is dropped as we go so memory does not grow with the archive
            with tarfile.open(full, "r|*") as tf:
                for member in tf:
                    if (member.issym() or member.islnk()) and wanted(member.name):
                        count += 1
                        kind = "symbolic" if member.issym() else "hard"
                        u = unit(member.name, 0, None)
                        u.problem = ("input-unreadable", f"{u.display}: a {kind} link in the archive "
                                                         f"(to {member.linkname}); links are not followed")
                        yield u
                    elif member.isfile() and wanted(member.name):
                        count += 1
                        u = unit(member.name, member.size, None)
                        if member.size > cap:
                            yield too_large(u, member.size)
                        elif wants_data(u):
                            yield read_member(u, tf.extractfile(member))
                        else:
                            yield u
                    tf.members = []  # type: ignore[attr-defined]  # TarFile keeps it, typeshed does not say
    except (zipfile.BadZipFile, zipfile.LargeZipFile, tarfile.TarError, OSError, EOFError,
            NotImplementedError, RuntimeError, ValueError) as e:
        reason = " ".join(str(e).split()) or "damaged"
        notes.setdefault("archive_errors", []).append(f"{shown}: {reason}")
        # a damaged archive is an input that could not be checked (never a plain article)
        yield Unit(path=full, display=shown, file=full, section="(archive)",
                   problem=("input-unreadable", f"{shown}: damaged archive: {reason}"
                            + (f" (after {count} member(s))" if count else "")))


def _is_sitemap(fp: str) -> bool:
    from .readers.xmlsafe import root_of
    try:
        with open(fp, "rb") as fh:
            head = fh.read(4096)
    except OSError:
        return False
    root = root_of(head)
    return root is not None and root[1] in ("urlset", "sitemapindex") and root[0] == SITEMAP_NS


def _sitemap_units(fp: str, runner: Runner, fetch: bool, with_data: WithData, notes: dict, seen: set,
                   with_stat: bool = True):
    """Each `<loc>` of a sitemap: local files and file: URLs always,
    http(s) pages only with --fetch (fetched into memory)."""
    import urllib.parse
    import urllib.request
    from .readers.xmlsafe import XMLRefused, parse
    full = os.path.abspath(fp)
    if full in seen:
        return
    seen.add(full)
    try:
        with open(full, "rb") as fh:
            tree = parse(fh.read())
    except (OSError, XMLRefused) as e:
        notes.setdefault("sitemap_errors", []).append(f"{display_path(fp)}: {e}")
        return
    root = tree.getroot()
    nested = root.tag == f"{{{SITEMAP_NS}}}sitemapindex"
    base = os.path.dirname(full)
    for loc in root.iter(f"{{{SITEMAP_NS}}}loc"):
        target = (loc.text or "").strip()
        if not target:
            continue
        try:
            scheme = urllib.parse.urlsplit(target).scheme.lower()
        except ValueError as e:          # e.g. "Invalid IPv6 URL": one note, not a traceback
            notes.setdefault("sitemap_errors", []).append(f"{display_path(fp)}: <loc>{target}</loc>: {e}")
            continue
        if scheme in ("http", "https"):
            if nested or not fetch:
                notes["remote_skipped"] = notes.get("remote_skipped", 0) + 1
                continue
            data = None
            if with_data:
                from .images.remote import fetch_url
                try:
                    data = fetch_url(target)
                except OSError as e:
                    data = b""
                    notes.setdefault("fetch_errors", []).append(f"{target}: {e}")
            yield Unit(path=target, display=target, file=None,
                       section=_first_component(urllib.parse.urlsplit(target).path.lstrip("/")),
                       data=data if data is not None else b"")
            continue
        local = urllib.request.url2pathname(urllib.parse.urlsplit(target).path) if scheme == "file" \
            else os.path.join(base, urllib.parse.unquote(target))
        if not runner.opts.allow_outside:
            from .images.stage import inside_tree
            if not inside_tree(local, [base, os.getcwd()]):
                yield Unit(path=local, display=target, file=None, section="(sitemap)",
                           problem=("input-unreadable", f"{display_path(fp)}: <loc> {target} is outside the "
                                                        "sitemap's folder tree; not read (use --allow-outside)"))
                continue
        if nested:
            yield from _sitemap_units(local, runner, fetch, with_data, notes, seen, with_stat)
        else:
            if runner.configs.for_file(local).excluded(local):
                continue
            yield _file_unit(local, _first_component(os.path.relpath(local, base)), with_stat)


# -- the per-file work (runs in a worker process or on a Dask worker) ----------
_RUNNERS: dict[bytes, Runner] = {}


def _runner_for(opts: Options) -> Runner:
    import pickle
    key = pickle.dumps(opts)
    if key not in _RUNNERS:
        _RUNNERS.clear()
        _RUNNERS[key] = Runner(opts)
    return _RUNNERS[key]


def _share_runner(runner: Runner) -> None:
    """Let this process's batches (and worker processes forked from it)
    use `runner` instead of loading the rules again."""
    import pickle
    _RUNNERS.clear()
    _RUNNERS[pickle.dumps(runner.opts)] = runner


def check_units(opts: Options, units: list[Unit]) -> list[tuple]:
    """Check a batch of units; for each: (content sha256 or None, results, image deps)."""
    from .cache import content_hash, stat_deps
    runner = _runner_for(opts)
    out: list[tuple] = []
    for u in units:
        data, sha = u.data, None
        if u.problem is not None:
            out.append((None, [runner.unchecked(u.display, u.file, *u.problem)], []))
            continue
        if data is None and u.file and _readable_size(runner, u.file):
            from .limits import read_file
            try:
                data = read_file(u.file, runner.configs.for_file(u.file).max_file_size)
            except OSError:
                data = None          # check_path reports why
        if data is not None:
            sha = content_hash(data)
            results = runner.check_path(u.path, data=data, display=u.display, file=u.file)
        else:
            results = runner.check_path(u.path, display=u.display, file=u.file)
        # local image files the article showed: a changed image invalidates the cached result
        used = [img for r in results for img in r.meta.get("images", ())]
        out.append((sha, results, stat_deps(used)))
    return out


class BatchSummary:
    """A worker's answer for a batch when the parent needs no per-file
    results (no cache to fill, no report built from them): the batch's
    `Summary`, whether a file in it was unchecked or failing, how many units
    it had, and, for a per-file JSON report, each file's entry already
    written (`JsonStream.entry`), for an HTML report its findings' spool
    lines (`spool_lines`). Sparing the parent process the results of every
    file (unpickling them, adding them up, writing them out) leaves the
    cores to the workers."""

    __slots__ = ("summary", "unchecked", "failing", "count", "entries", "spooled")

    def __init__(self, summary: Summary, unchecked: bool, failing: bool, count: int,
                 entries: list[str] | None = None, spooled: list[str] | None = None):
        self.summary, self.unchecked, self.failing, self.count = summary, unchecked, failing, count
        self.entries, self.spooled = entries, spooled


def spool_lines(r) -> str:
    """A file's findings as the HTML report's spool takes them: one JSON
    line each (`provenance.report.html`)."""
    return "".join(json.dumps([r.path, f.rule, f.category, f.severity, f.message, f.location.line,
                               f.location.selector, f.location.image, f.evidence, f.fix],
                              ensure_ascii=False) + "\n" for f in r.findings)


def summarise_units(opts: Options, units: list[Unit], spec: tuple) -> BatchSummary | list[tuple]:
    """`check_units`, summed up in the worker: `spec` is the parent's rule
    categories, the `--fail-on` limit (FAIL_ORDER rank, or None), whether
    the parent writes a per-file JSON report (then each file's entry comes
    back written, in order) and an HTML report (then its spool lines). A batch
    with a rule the categories do not name (a config's own rule file) goes
    back file by file, as `check_units` gives it, so the parent's summary
    stays exactly what adding every file in order gives."""
    from .result import FAIL_ORDER
    rule_category, limit, entries, spool = spec
    checked = check_units(opts, units)
    for _sha, results, _deps in checked:
        for r in results:
            for ids in r.rules.values():
                for rid in ids:
                    if rid not in rule_category:
                        return checked
    part = Summary(rule_category)
    written: list[str] | None = [] if entries else None
    spooled: list[str] | None = [] if spool else None
    unchecked = failing = False
    for u, (_sha, results, _deps) in zip(units, checked):
        for r in results:
            part.add(r, u.section)
            if written is not None:
                written.append(JsonStream.entry(r))
            if spooled is not None and r.findings:
                spooled.append(spool_lines(r))
            unchecked |= r.status == "error"
            if limit is not None and not failing:
                failing = any(FAIL_ORDER[f.severity] <= limit for f in r.findings)
    return BatchSummary(part, unchecked, failing, len(units), written, spooled)


def _readable_size(runner: Runner, file: str) -> bool:
    """Non-empty and under max_file_size: otherwise check_path explains."""
    try:
        size = os.stat(file).st_size
    except OSError:
        return False
    return 0 < size <= runner.configs.for_file(file).max_file_size


# -- engines -----------------------------------------------------------------------
class _Done:
    """A finished 'future' for work done in this process."""

    def __init__(self, value):
        self.value = value

    def done(self):
        return True

    def result(self):
        return self.value


def _local_engine(opts: Options, jobs: int, work=None):
    """(submit, shutdown, workers); `work(opts, batch)` is what a batch
    runs (`check_units` unless told)."""
    if jobs <= 1:
        return (lambda batch: _Done(check_units(opts, batch))), (lambda: None), 1
    engine = _Pool(opts, jobs, work or check_units)
    return engine.submit, engine.shutdown, jobs


class _Pool:
    """Worker processes that survive a worker's death: a batch whose worker
    died (a C library aborting on some file) is checked again one unit per
    process, so only the file that kills its process is reported (as an
    input error), and a fresh pool takes the following batches."""

    def __init__(self, opts: Options, jobs: int, work=None):
        self.opts, self.jobs = opts, jobs
        self.work = work or check_units
        self._new()

    def _new(self):
        from concurrent.futures import ProcessPoolExecutor
        # Forked workers inherit the parent's objects (the loaded packs):
        # frozen, the workers' collections do not walk them, so fewer pages
        # get copied (16,000 articles, --jobs 2: 800 fewer page faults and
        # 1-3 % less worker CPU in four interleaved pairs). `shutdown` undoes it.
        gc.freeze()
        self.ex = ProcessPoolExecutor(max_workers=self.jobs)

    def submit(self, batch):
        from concurrent.futures.process import BrokenProcessPool
        try:
            return _Recovering(self, batch, self.ex.submit(self.work, self.opts, batch))
        except BrokenProcessPool:
            self.renew()
            return _Recovering(self, batch, self.ex.submit(self.work, self.opts, batch))

    def renew(self):
        from concurrent.futures.process import BrokenProcessPool
        try:
            self.ex.submit(int).result()      # still working: nothing to do
            return
        except BrokenProcessPool:
            pass
        self.ex.shutdown(wait=False, cancel_futures=True)
        self._new()

    def shutdown(self):
        self.ex.shutdown()
        gc.unfreeze()


class _Recovering:
    def __init__(self, pool: _Pool, batch, future):
        self.pool, self.batch, self.future = pool, batch, future

    def done(self):
        return self.future.done()

    def result(self):
        from concurrent.futures.process import BrokenProcessPool
        try:
            return self.future.result()
        except BrokenProcessPool:
            self.pool.renew()
            from .run import isolated
            runner = _runner_for(self.pool.opts)
            out = []
            for u in self.batch:
                res = isolated(runner, u.path, work=check_units, args=(self.pool.opts, [u]), shown=u.display)
                out.append(res[0] if res and isinstance(res[0], tuple) else (None, res, []))
            return out


def in_order(units, submit, workers: int, lookup=None, sizes=(BATCH, BATCH_MAX, BATCH_GROW)):
    """Yield ("batch", units, what the batch's work returned) and ("hit",
    unit, cached results) in input order, with a bounded number of batches
    in flight. `sizes`: files in the first batches, at most, and the share
    (1/grow) of the files queued so far that a batch may hold in between."""
    first, most, grow = sizes
    pending: deque = deque()
    batch: list[Unit] = []
    window = max(2, workers * WINDOW_PER_WORKER)
    in_flight = 0

    seen = 0

    def flush():
        nonlocal batch, in_flight
        if batch:
            pending.append(("future", batch, submit(batch)))
            in_flight += 1
            batch = []

    def drain(block: bool):
        nonlocal in_flight
        while pending:
            kind, what, fut = pending[0]
            if kind == "future":
                if not (block and in_flight >= window) and not fut.done():
                    return
                pending.popleft()
                in_flight -= 1
                yield "batch", what, fut.result()
            else:
                pending.popleft()
                yield "hit", what, fut

    for u in units:
        hit = lookup(u) if lookup else None
        if hit is not None:
            flush()
            pending.append(("done", u, hit))
        else:
            batch.append(u)
            seen += 1
            # Small runs stay balanced across workers; long ones grow the
            # batches (1/grow of the files so far) to save the parent round trips.
            if len(batch) >= min(most, max(first, seen // grow)):
                flush()
        yield from drain(block=True)
    flush()
    while pending:
        kind, what, fut = pending[0]
        pending.popleft()
        if kind == "future":
            yield "batch", what, fut.result()
        else:
            yield "hit", what, fut


# -- progress -------------------------------------------------------------------------
class Progress:
    """A rich progress bar on a terminal (when the optional `rich` package is
    installed), plain periodic lines otherwise."""

    EVERY = 5.0   # seconds between plain lines

    def __init__(self, total: int | None, quiet: bool, stream=None):
        self.stream = stream or sys.stderr
        self.total, self.done, self.quiet = total, 0, quiet
        self.start = self.last = time.monotonic()
        self._bar = None
        if not quiet and self.stream.isatty():
            try:
                from rich.console import Console
                from rich.progress import (BarColumn, MofNCompleteColumn, Progress as Bar, TextColumn,
                                           TimeElapsedColumn, TimeRemainingColumn)
            except ImportError:      # the optional progress package is not installed: plain lines
                return
            self._bar = Bar(TextColumn("provenance audit"), BarColumn(), MofNCompleteColumn(),
                            TextColumn("{task.fields[rate]} files/s"), TimeElapsedColumn(),
                            TextColumn("ETA"), TimeRemainingColumn(),
                            console=Console(file=self.stream), transient=False)
            self._bar.start()
            self._task = self._bar.add_task("audit", total=total, rate="0")

    def rate(self) -> float:
        elapsed = time.monotonic() - self.start
        return self.done / elapsed if elapsed > 0 else 0.0

    def advance(self, n: int = 1) -> None:
        self.done += n
        if self.quiet:
            return
        if self._bar is not None:
            self._bar.update(self._task, advance=n, rate=f"{self.rate():.0f}")
            return
        now = time.monotonic()
        if now - self.last >= self.EVERY:
            self.last = now
            self._line()

    def _line(self) -> None:
        of = f"/{self.total}" if self.total is not None else ""
        print(f"provenance audit: {self.done}{of} files, {self.rate():.0f} files/s",
              file=self.stream, flush=True)

    def close(self) -> None:
        if self.quiet:
            return
        if self._bar is not None:
            self._bar.stop()
        else:
            self._line()


# -- summaries --------------------------------------------------------------------------
class Summary:
    """Totals and compliance rates, accumulated one FileResult at a time.

    Memory grows with the number of distinct rules, outlets, sections and
    months, never with the number of files."""

    WORST = 10
    REVIEW_LIMIT = 2000

    def __init__(self, rule_category: dict[str, str]):
        self.rule_category = dict(rule_category)
        self.totals = {"files": 0, "checked": 0, "passed": 0, "failed": 0, "unchecked": 0,
                       "skipped": 0, "errors": 0, "warnings": 0, "infos": 0, "needs_review": 0}
        self.review: list[dict] = []     # pictures the checker could not decide (first REVIEW_LIMIT)
        self.category: dict[str, dict] = {}
        self.rule: dict[str, dict] = {}
        self.groups: dict[str, dict] = {"outlet": {}, "section": {}, "month": {}}
        self._worst: list = []
        self._seq = 0
        # findings of a rule or category that had no row yet (not counted
        # here): `merge` counts them when an earlier batch made the row
        self._unrowed: dict = {}

    def add(self, r, section: str) -> None:
        # Runs in the parent process for every file while the workers
        # check: kept to plain dict lookups (no default rows built per rule).
        t = self.totals
        status = r.status
        t["files"] += 1
        if r.findings and all(f.rule == "input-not-article" for f in r.findings):
            # JSON/XML that is no article (a schema, package.json): not an article to rate
            t["skipped"] += 1
            t["infos"] += len(r.findings)
            return
        t["checked" if status != "error" else "unchecked"] += 1
        if status == "pass":
            t["passed"] += 1
        elif status == "fail":
            t["failed"] += 1
        counts = {"error": 0, "warning": 0, "info": 0}
        categories = self.rule_category
        for f in r.findings:
            counts[f.severity] += 1
            categories.setdefault(f.rule, f.category)
        t["errors"] += counts["error"]
        t["warnings"] += counts["warning"]
        t["infos"] += counts["info"]
        if counts["info"]:
            for f in r.findings:
                if needs_review(f):
                    t["needs_review"] += 1
                    if len(self.review) < self.REVIEW_LIMIT:
                        loc = f.location
                        self.review.append({"path": r.path, "line": loc.line, "selector": loc.selector,
                                            "image": loc.image, "rule": f.rule, "why": f.evidence or ""})
        # by rule and category: applicable = the rule had something to check
        failed_cats, applicable_cats = set(), set()
        rule_rows = self.rule
        outcomes = r.rules
        for outcome in ("passed", "failed", "incomplete"):
            ids = outcomes.get(outcome)
            if not ids:
                continue
            failed = outcome == "failed"
            for rid in ids:
                cat = categories.get(rid, "other")
                row = rule_rows.get(rid)
                if row is None:
                    row = rule_rows[rid] = {"category": cat, "applicable": 0, "failed": 0, "findings": 0}
                row["applicable"] += 1
                applicable_cats.add(cat)
                if failed:
                    row["failed"] += 1
                    failed_cats.add(cat)
        for f in r.findings:
            self._count_finding(rule_rows, "rule", f.rule)
            if f.category == "input":   # input problems count even without a rule outcome
                applicable_cats.add("input")
                if f.severity in ("error", "warning"):
                    failed_cats.add("input")
        cat_rows = self.category
        for cat in applicable_cats:
            row = cat_rows.get(cat)
            if row is None:
                row = cat_rows[cat] = {"applicable": 0, "failed": 0, "findings": 0}
            row["applicable"] += 1
            row["failed"] += cat in failed_cats
        for f in r.findings:
            self._count_finding(cat_rows, "category", f.category)
        # by outlet, section, month
        meta = r.meta or {}
        published = meta.get("published") or r.signals.get("published") or ""
        month = str(published)
        keys = (("outlet", meta.get("outlet") or "(own content)"),
                ("section", meta.get("section") or section or "(none)"),
                ("month", month[:7] if len(month) >= 7 else "(unknown)"))
        checked, passed, failing = status != "error", status == "pass", status == "fail"
        for group, key in keys:
            rows = self.groups[group]
            key = str(key)
            row = rows.get(key)
            if row is None:
                row = rows[key] = {"files": 0, "checked": 0, "passed": 0, "failed": 0, "errors": 0,
                                   "warnings": 0}
            row["files"] += 1
            row["checked"] += checked
            row["passed"] += passed
            row["failed"] += failing
            row["errors"] += counts["error"]
            row["warnings"] += counts["warning"]
        if counts["error"] or counts["warning"]:
            self._seq += 1
            item = (counts["error"], counts["warning"], -self._seq, r.path)
            if len(self._worst) < self.WORST:
                heapq.heappush(self._worst, item)
            else:
                heapq.heappushpop(self._worst, item)

    def _count_finding(self, rows: dict, kind: str, key: str) -> None:
        """One finding in its rule's or category's row; a finding whose rule
        or category has no row (no outcome was recorded for it) is counted apart."""
        row = rows.get(key)
        if row is not None:
            row["findings"] += 1
        else:
            self._unrowed[(kind, key)] = self._unrowed.get((kind, key), 0) + 1

    def merge(self, part: Summary) -> None:
        """Add the Summary a worker made of the next batch of files (from
        the same rule categories, with no rule they do not name): the same
        as adding those files here one by one, in order."""
        for key, n in part.totals.items():
            self.totals[key] += n
        room = self.REVIEW_LIMIT - len(self.review)
        if room > 0:
            self.review.extend(part.review[:room])
        for rule, category in part.rule_category.items():
            self.rule_category.setdefault(rule, category)
        # Findings the batch could not count (no row of theirs in it yet)
        # count when an earlier batch had made the row.
        for (kind, name), n in part._unrowed.items():
            row = (self.rule if kind == "rule" else self.category).get(name)
            if row is not None:
                row["findings"] += n
        for mine_rows, rows in ((self.rule, part.rule), (self.category, part.category),
                                *((self.groups[g], part.groups[g]) for g in part.groups)):
            for key, row in rows.items():
                mine = mine_rows.get(key)
                if mine is None:
                    mine_rows[key] = dict(row)
                else:
                    for field, n in row.items():
                        if field != "category":
                            mine[field] += n
        # worst files: the batch's sequence numbers follow this summary's
        for errors, warnings, neg_seq, path in part._worst:
            item = (errors, warnings, neg_seq - self._seq, path)
            if len(self._worst) < self.WORST:
                heapq.heappush(self._worst, item)
            else:
                heapq.heappushpop(self._worst, item)
        self._seq += part._seq

    def as_dict(self) -> dict:
        """The JSON `audit` block."""
        def rate(ok, n):
            return round(ok / n, 4) if n else None

        t = dict(self.totals)
        t["compliance"] = rate(t["passed"], t["checked"])
        cats = {k: {**v, "compliance": rate(v["applicable"] - v["failed"], v["applicable"])}
                for k, v in sorted(self.category.items())}
        rules = {k: {**v, "compliance": rate(v["applicable"] - v["failed"], v["applicable"])}
                 for k, v in sorted(self.rule.items(), key=lambda kv: (-kv[1]["failed"], kv[0]))}
        groups = {}
        for g, rows in self.groups.items():
            order = sorted(rows.items(), key=(lambda kv: kv[0]) if g == "month"
                           else (lambda kv: (-kv[1]["files"], kv[0])))
            groups[g] = {k: {**v, "compliance": rate(v["passed"], v["checked"])} for k, v in order}
        worst = [{"path": p, "errors": e, "warnings": w}
                 for e, w, _, p in sorted(self._worst, reverse=True)]
        return {"totals": t, "by_category": cats, "by_rule": rules,
                "by_outlet": groups["outlet"], "by_section": groups["section"],
                "by_month": groups["month"], "worst_files": worst,
                # for an editor to go through: pictures that may be editorial
                # and show no credit (info; they never fail the audit)
                "needs_review": list(self.review)}


def render_tables(audit: dict, limit: int = 15) -> str:
    """The `audit` block as plain-text tables (stdout)."""
    def pct(x):
        return "   -  " if x is None else f"{x * 100:5.1f}%"

    out = []
    t = audit["totals"]
    out.append(f"Audited {t['files']} articles: {t['checked']} checked, {t['passed']} compliant "
               f"({pct(t['compliance']).strip()}), {t['failed']} failing, {t['unchecked']} "
               f"could not be checked; {t['errors']} errors, {t['warnings']} warnings, "
               f"{t['infos']} infos"
               + (f" ({t['needs_review']} {'picture needs' if t['needs_review'] == 1 else 'pictures need'} "
                  "review: see the report's needs_review list)" if t.get("needs_review") else ""))

    def table(title, head, rows):
        rows = list(rows)
        if not rows:
            return
        shown = rows[:limit]
        w = max([len(head[0])] + [len(str(r[0])) for r in shown])
        w = min(w, 48)
        out.append("")
        out.append(title)
        out.append(f"  {head[0]:<{w}}  " + "  ".join(f"{h:>10}" for h in head[1:]))
        for r in shown:
            # keep the end of long names: that is where paths differ
            name = printable(r[0])
            name = name if len(name) <= w else "…" + name[-(w - 1):]
            out.append(f"  {name:<{w}}  " + "  ".join(f"{c:>10}" for c in r[1:]))
        if len(rows) > limit:
            out.append(f"  … {len(rows) - limit} more (see the JSON or HTML report)")

    table("By category", ("category", "articles", "failing", "findings", "compliant"),
          ((k, v["applicable"], v["failed"], v["findings"], pct(v["compliance"]))
           for k, v in audit["by_category"].items()))
    table("By rule", ("rule", "articles", "failing", "findings", "compliant"),
          ((k, v["applicable"], v["failed"], v["findings"], pct(v["compliance"]))
           for k, v in audit["by_rule"].items()))
    for key, title in (("by_outlet", "By source outlet"), ("by_section", "By section"),
                       ("by_month", "By month of publication")):
        table(title, (title.split()[-1], "articles", "failing", "errors", "compliant"),
              ((k, v["files"], v["failed"], v["errors"], pct(v["compliance"]))
               for k, v in audit[key].items()))
    table("Worst files", ("file", "errors", "warnings"),
          ((w["path"], w["errors"], w["warnings"]) for w in audit["worst_files"]))
    return "\n".join(out) + "\n"


# -- streamed JSON -------------------------------------------------------------------------
class JsonStream:
    """The canonical JSON report written as results come: `files[]` first,
    then `summary` and the `audit` block (docs/design.md#reports). To a file it is
    written under a temporary name and moved into place at the end."""

    def __init__(self, path: str | None):
        from . import __version__
        self.path = path
        self._atomic: AbstractContextManager | None = None
        self.fh: TextIO
        if path and path != "-":
            from .output import atomic
            self._atomic = atomic(path)
            self.fh = self._atomic.__enter__()
        else:
            self.fh = sys.stdout
        tool = json.dumps({"name": "provenance", "version": __version__})
        self.fh.write(f'{{\n  "tool": {tool},\n  "files": [')
        self.first = True

    @staticmethod
    def entry(result) -> str:
        """A file's entry in `files` (made by the workers or the parent)."""
        return clean(json.dumps(result.as_dict(), ensure_ascii=False))

    def add_entry(self, entry: str) -> None:
        self.fh.write("\n    " if self.first else ",\n    ")
        self.first = False
        self.fh.write(entry)

    def close(self, summary: dict, audit: dict) -> None:
        self.fh.write("\n  ],\n")
        self.fh.write(f'  "summary": {json.dumps(summary)},\n')
        self.fh.write(clean(f'  "audit": {json.dumps(audit, ensure_ascii=False, indent=2)}\n}}\n'))
        if self._atomic is not None:
            self._atomic.__exit__(None, None, None)
        else:
            self.fh.flush()

    def abandon(self) -> None:
        """Remove the temporary file of a stream that cannot be finished."""
        if self._atomic is not None:
            try:
                raise RuntimeError("abandoned")
            except RuntimeError as exc:
                try:
                    self._atomic.__exit__(type(exc), exc, exc.__traceback__)
                except RuntimeError:
                    pass


def report_summary(totals: dict) -> dict:
    """The report `summary` (docs/design.md#reports) from the audit totals."""
    out = {"files": totals["files"], "checked": totals["checked"], "failed": totals["failed"],
           "errors": totals["errors"], "warnings": totals["warnings"], "infos": totals["infos"]}
    if totals.get("needs_review"):
        out["needs_review"] = totals["needs_review"]
    return out


# -- the command ---------------------------------------------------------------------------
def run_audit(args, runner: Runner) -> int:
    """`provenance audit`: returns the exit code (same rules as `check`)."""
    from .result import FAIL_ORDER
    jobs = args.jobs if args.jobs else (os.cpu_count() or 1)
    if jobs < 1:
        print("provenance: --jobs must be at least 1", file=sys.stderr)
        return 2
    notes: dict = {}
    fetch = runner.opts.fetch

    fmt = args.format
    rule_category = {r.id: r.category for r in runner.catalogue}
    limit = None if args.fail_on == "never" else FAIL_ORDER[args.fail_on]
    # Without a cache to fill or a report built from every file's result
    # objects, workers send back the summary of each batch instead of its
    # results (and what the JSON and HTML reports take of each file, written).
    work = None
    if args.no_cache and fmt in ("text", "json"):
        import functools
        entries = bool(args.json) or fmt == "json"
        work = functools.partial(summarise_units, spec=(rule_category, limit, entries, bool(args.html)))

    # the engine
    if args.engine == "dask":
        from .dask_engine import DaskEngine
        engine = DaskEngine(args.scheduler, jobs)
        hint = None if args.quiet else engine.settings_hint()
        if hint:
            print(f"provenance: hint: {hint}", file=sys.stderr)
        submit, shutdown, workers = engine.submit_fn(work or check_units, runner.opts), engine.close, engine.workers
        sizes = DASK_BATCHES
    else:
        sizes = (BATCH, BATCH_MAX, BATCH_GROW)
        _share_runner(runner)   # before the pool forks its workers
        submit, shutdown, workers = _local_engine(runner.opts, jobs, work)

    cache = None
    if not args.no_cache:
        from .cache import Cache, default_dir
        cache = Cache(args.cache or default_dir())
    settings: dict[int, str] = {}

    def settings_for(u: Unit) -> str:
        from .cache import settings_key
        cfg = runner.configs.for_file(u.file)
        k = id(cfg)
        if k not in settings:
            settings[k] = settings_key(cfg, runner.opts)
        return settings[k]

    answered: dict = {}     # archive members the cache answered before their bytes were read

    def lookup(u: Unit):
        if cache is None or u.stat is None:
            return None
        if u.stat in answered:
            return answered.pop(u.stat)
        sha = cache.content_hash_for(*u.stat)
        if sha is None:
            cache.misses += 1       # new or changed file
            return None
        return cache.lookup(cache.key(sha, settings_for(u), u.display))

    def want_data(u: Unit) -> bool:
        """Archive members: read the bytes only when the cache cannot answer."""
        hit = answered[u.stat] = lookup(u)
        return hit is None

    from .run import expand
    paths = expand([p for p in args.paths if p != "-"],
                   warn=lambda m: print(f"provenance: warning: {m}", file=sys.stderr),
                   gitignore=runner.opts.gitignore)
    total = None if args.quiet else sum(1 for _ in iter_units(paths, runner, with_data=False,
                                                              with_stat=False))
    progress = Progress(total, args.quiet)

    summary = Summary(rule_category)
    json_out = JsonStream(args.json) if args.json else None
    stdout_json = JsonStream(args.output) if fmt == "json" else None
    streams = [out for out in (json_out, stdout_json) if out]     # the per-file JSON reports
    collected = None
    if fmt not in ("text", "json"):
        from .result import Report
        collected = Report(root=os.getcwd())
    spool = None
    if args.html:
        import tempfile
        spool = tempfile.TemporaryFile("w+", encoding="utf-8", errors="backslashreplace")
    unchecked = False
    failing = False
    try:
        units = iter_units(paths, runner, fetch=fetch, with_data=want_data if cache else True,
                           notes=notes, with_stat=cache is not None)
        for kind, what, value in in_order(units, submit, workers, lookup if cache else None, sizes):
            if isinstance(value, BatchSummary):
                summary.merge(value.summary)
                unchecked |= value.unchecked
                failing |= value.failing
                for entry in value.entries or ():
                    for out in streams:
                        out.add_entry(entry)
                if spool is not None:
                    spool.writelines(value.spooled or ())
                progress.advance(value.count)
                continue
            items = ((u, sha, results, deps, False) for u, (sha, results, deps) in zip(what, value)) \
                if kind == "batch" else ((what, None, value, [], True),)
            for u, sha, results, deps, cached in items:
                if cache is not None and not cached and sha and u.stat is not None:
                    cache.store(cache.key(sha, settings_for(u), u.display), results, deps,
                                stat=u.stat, sha=sha)
                for r in results:
                    summary.add(r, u.section)
                    unchecked |= r.status == "error"
                    if limit is not None and any(FAIL_ORDER[f.severity] <= limit for f in r.findings):
                        failing = True
                    if streams:
                        entry = JsonStream.entry(r)     # written once for both reports
                        for out in streams:
                            out.add_entry(entry)
                    if collected is not None:
                        collected.files.append(r)
                    if spool is not None and r.findings:
                        spool.write(spool_lines(r))
                progress.advance()
    except BaseException:
        for out in streams:
            out.abandon()
        raise
    finally:
        progress.close()
        shutdown()
        if cache is not None:
            cache.close()

    audit = summary.as_dict()
    audit["engine"] = {"name": args.engine, "workers": workers}
    if cache is not None:
        audit["cache"] = {"hits": cache.hits, "misses": cache.misses}
    if notes.get("remote_skipped"):
        audit["remote_skipped"] = notes["remote_skipped"]
    for key in ("archive_errors", "sitemap_errors", "fetch_errors"):
        if notes.get(key):
            audit[key] = notes[key]
    rsum = report_summary(summary.totals)
    if json_out:
        json_out.close(rsum, audit)
    if stdout_json:
        stdout_json.close(rsum, audit)
    if spool is not None:
        from .report.html import write_report
        spool.seek(0)
        help_uris = {r.id: r.help_uri for r in runner.catalogue}
        write_report(args.html, audit, spool, help_uris, title=" ".join(args.paths))
        spool.close()
    if collected is not None:
        from .output import write_output
        from .report import render
        collected.extra["audit"] = audit
        write_output(render(fmt, collected, runner.catalogue, fail_on=args.fail_on), args.output)
    elif fmt == "text":
        from .output import write_output
        write_output(render_tables(audit), args.output)
    if not args.quiet:
        if notes.get("remote_skipped"):
            print(f"provenance: {notes['remote_skipped']} remote sitemap URL(s) skipped "
                  f"(use --fetch to check them)", file=sys.stderr)
        for key in ("archive_errors", "sitemap_errors", "fetch_errors"):
            for msg in notes.get(key, []):
                print(f"provenance: {printable(msg)}", file=sys.stderr)
    if unchecked or notes.get("sitemap_errors"):
        return 2
    return 1 if failing else 0
