"""One run over many inputs: walk paths, read, attach images, check.

`Runner.check_path` is the per-file unit of work shared by `check`, `audit`,
`--jobs N` worker processes and the Dask engine: bytes in, FileResults out.
"""
from __future__ import annotations

import os
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from .article import Article, Problem
from .config import Config, Configs
from .result import FileResult

if TYPE_CHECKING:
    from .images import ImageStage

SKIP_DIRS = {".git", ".hg", ".svn", "node_modules", "__pycache__", ".venv", "venv", ".tox"}


@dataclass
class Options:
    declare: dict = field(default_factory=dict)
    config: str | None = None
    select: list = field(default_factory=list)
    ignore: list = field(default_factory=list)
    trust_anchors: str | None = None
    fetch: bool = False
    lang: str | None = None
    report_unused_suppressions: bool = False
    today: str | None = None
    file_timeout: float = 60.0          # seconds one input may take (0: no limit)
    allow_outside: bool = False         # read local files outside the checked trees
    fetch_allow_private: bool = False   # --fetch may reach loopback/private addresses
    fetch_timeout: float = 30.0         # seconds for one whole request with --fetch
    exclude: list = field(default_factory=list)   # --exclude globs (relative to the working directory)
    gitignore: bool = True              # leave out what git ignores when walking folders


def display_path(path: str) -> str:
    try:
        rel = os.path.relpath(path)
        if not rel.startswith(".."):
            # relpath's answer is normalised: on POSIX it is its own as_posix()
            return rel if os.sep == "/" else Path(rel).as_posix()
    except ValueError:
        pass
    return Path(path).as_posix()


GLOB_CHARS = set("*?[")


def expand(paths: list[str], warn=None, gitignore: bool = False) -> list[str]:
    """Glob arguments (`'articles/**/*.html'`, quoted so the shell leaves them
    alone) become the files they match, sorted (without what git ignores, with
    `gitignore`); a pattern that matches nothing is reported through `warn` and
    dropped. Other paths pass unchanged."""
    import glob
    out = []
    for p in paths:
        if p != "-" and not os.path.exists(p) and GLOB_CHARS & set(p):
            hits = sorted(glob.glob(p, recursive=True))
            if gitignore:
                files = [h for h in hits if os.path.isfile(h)]
                ignored = git_ignored(os.getcwd(), files)
                hits = [h for h in hits if h not in ignored]
            if not hits and warn is not None:
                warn(f"{p} matched no files")
            out += hits
        else:
            out.append(p)
    return out


def _excluded_by(patterns, fp: str) -> bool:
    """`--exclude` globs, relative to the working directory (same rules as
    the config's `exclude:`)."""
    from .config import _glob
    rel = display_path(os.path.abspath(fp))
    return any(_glob(rel, g) or _glob(display_path(fp), g) for g in patterns)


def _in_work_tree(folder: str) -> bool:
    """Could git take `folder` for part of a work tree: a `.git` in it or
    in a folder above, or GIT_DIR / GIT_WORK_TREE set?"""
    if os.environ.get("GIT_DIR") or os.environ.get("GIT_WORK_TREE"):
        return True
    path = os.path.abspath(folder)
    while True:
        if os.path.lexists(os.path.join(path, ".git")):
            return True
        parent = os.path.dirname(path)
        if parent == path:
            return False
        path = parent


def git_ignored(folder: str, files: list[str]) -> set[str]:
    """The files among `files` (under `folder`) that git ignores (.gitignore,
    .git/info/exclude, the global excludes file; tracked files never are).
    Empty when git is missing or `folder` is not in a work tree."""
    import subprocess
    if not files:
        return set()
    try:
        p = subprocess.run(["git", "-C", folder, "check-ignore", "--stdin", "-z"],
                           input="\0".join(os.path.abspath(f) for f in files).encode("utf-8", "surrogateescape"),
                           capture_output=True, timeout=120)
    except (OSError, subprocess.SubprocessError):
        return set()
    if p.returncode not in (0, 1):      # 128: not a git work tree
        return set()
    ignored = {x for x in p.stdout.decode("utf-8", "surrogateescape").split("\0") if x}
    return {f for f in files if os.path.abspath(f) in ignored}


def walk(paths: list[str], configs: Configs | None = None, *, supported=None,
         exclude=(), gitignore: bool = False):
    """Yield files to check, in a stable order. Directories are walked for
    supported extensions, honouring the config's `exclude:` globs, `exclude`
    (--exclude) and, with `gitignore`, what git ignores; files named
    explicitly are always checked (unless excluded)."""
    from .detect import IMAGE_EXT, SUPPORTED, walk_media
    supported = supported or SUPPORTED
    for p in paths:
        if p == "-":
            yield p
            continue
        if os.path.isdir(p):
            # Outside a git work tree git ignores nothing: files are yielded
            # as they are found (a big archive's workers start at once),
            # not after the whole listing went through `git check-ignore`.
            stream = not gitignore or not _in_work_tree(p)
            found = []
            for root, dirs, files in os.walk(p):
                dirs[:] = sorted(d for d in dirs if d not in SKIP_DIRS and not d.startswith("."))
                for name in sorted(files):
                    ext = os.path.splitext(name)[1].lower()
                    if name.startswith(".") or ext not in supported or \
                            ext in IMAGE_EXT and not walk_media(ext):
                        continue
                    fp = os.path.join(root, name)
                    if configs is not None and configs.for_file(fp).excluded(fp):
                        continue
                    if exclude and _excluded_by(exclude, fp):
                        continue
                    if stream:
                        yield fp
                    else:
                        found.append(fp)
            if found:
                ignored = git_ignored(p, found)
                yield from (fp for fp in found if fp not in ignored)
        else:
            if configs is not None and os.path.exists(p) and configs.for_file(p).excluded(p):
                continue
            if exclude and _excluded_by(exclude, p):
                continue
            yield p


class Runner:
    """Holds what a run shares across files: configs, rule sets, phrase
    books, the image stage (one read per image file per run)."""

    def __init__(self, opts: Options):
        from .ruleset import load_rules
        self.opts = opts
        # run-wide fetch settings (also in worker processes); the module (socket,
        # ipaddress, threading) is only imported when they differ from its defaults
        # or something already imported it
        if (opts.fetch_allow_private or opts.fetch_timeout != Options.fetch_timeout
                or "provenance.images.remote" in sys.modules):
            from .images import remote
            remote.configure(allow_private=opts.fetch_allow_private, deadline=opts.fetch_timeout)
        self._rules: dict[tuple, list] = {}
        self._books: dict[tuple, object] = {}
        builtin = load_rules()
        self.catalogue = builtin
        self.configs = Configs(opts.config, known_rules={r.id for r in builtin})
        self._stage: ImageStage | None = None
        self._real_roots: dict[tuple, list[str]] = {}
        self.rule_problems: dict[str, list[str]] = {}   # user rule file -> why a rule was left out

    # -- shared resources ---------------------------------------------------
    def rules_for(self, cfg: Config):
        from .ruleset import load_rules
        key = tuple(cfg.rule_files)
        if key not in self._rules:
            problems: list = []
            self._rules[key] = load_rules(list(cfg.rule_files), problems=problems)
            for path, message in problems:
                self.rule_problems.setdefault(path, []).append(message)
            if cfg.rule_files:
                known = {r.id for r in self.catalogue}
                self.catalogue = self.catalogue + [r for r in self._rules[key] if r.id not in known]
        return self._rules[key]

    def book_for(self, cfg: Config):
        from .phrases import PhraseBook
        key = tuple(cfg.phrases)
        if key not in self._books:
            self._books[key] = PhraseBook.load(list(cfg.phrases)) if key else PhraseBook.builtin()
        return self._books[key]

    def stage(self, cfg: Config):
        anchors = self.opts.trust_anchors or cfg.trust_anchors
        if self._stage is None or self._stage.trust_anchors != anchors or \
                self._stage.max_bytes != cfg.max_file_size or self._stage.roots != self._roots(cfg):
            if anchors and not self.opts.trust_anchors:
                from .config import ConfigError
                from .images.c2pa import check_trust_anchors
                try:
                    check_trust_anchors(anchors)
                except ValueError as e:
                    raise ConfigError(f"{cfg.path}: key 'trust_anchors': {anchors}: {e}") from None
            from .images import ImageStage
            self._stage = ImageStage(trust_anchors=anchors, fetch=self.opts.fetch,
                                     max_bytes=cfg.max_file_size, allow_outside=self.opts.allow_outside,
                                     roots=self._roots(cfg))
        return self._stage

    def _roots(self, cfg: Config) -> list[str]:
        """Folders local files may be read from besides the article's own: the
        current folder and the folder of the config in force. (Resolved once
        per run and folder pair: `stage()` asks for every file.)"""
        key = (os.getcwd(), cfg.base if cfg.path else None)
        roots = self._real_roots.get(key)
        if roots is None:
            roots = self._real_roots[key] = [os.path.realpath(p) for p in dict.fromkeys(
                [key[0]] + ([cfg.base] if cfg.path else []))]
        return list(roots)

    def selected(self, rules, cfg: Config, rel: str | None):
        """Enabled rules and severity overrides for one file."""
        settings = cfg.rule_settings(rel)
        sel, ign = self.opts.select, self.opts.ignore
        out, sev = [], {}
        for r in rules:
            s = settings.get(r.id, settings.get(r.category))
            on = r.enabled if s is None else (s is not False)
            if sel and not _matches(r, sel):
                on = False
            if sel and _matches(r, sel) and r.id in sel:
                on = True
            if ign and _matches(r, ign):
                on = False
            if on:
                out.append(r)
                if isinstance(s, dict) and s.get("severity"):
                    sev[r.id] = s["severity"]
        return out, sev

    # -- the unit of work ----------------------------------------------------
    def check_path(self, path: str, data: bytes | None = None, display: str | None = None,
                   file: str | None = None) -> list[FileResult]:
        """Read and check one input. Whatever goes wrong inside (a reader bug,
        a runaway file past `file_timeout`) becomes an input error for this
        file alone; configuration errors still stop the run (exit 2)."""
        from .config import ConfigError
        from .phrases import PhraseError
        from .ruleset import RuleError
        shown = display or (display_path(path) if path != "-" else "-")
        real = file if file is not None else (None if path == "-" else path)
        cfg = self.configs.for_file(real)
        try:
            with time_budget(self.opts.file_timeout):
                return self._check_path(path, data, shown, real, cfg)
        except (ConfigError, RuleError, PhraseError):
            raise
        except FileTimeout:
            problem = Problem("input-unparseable", "error",
                              f"{shown}: not checked: it took longer than {self.opts.file_timeout:g} s "
                              "(the per-file time budget, --file-timeout)")
        except RecursionError:
            problem = Problem("input-unparseable", "error", f"{shown}: could not be checked: nested too deeply")
        except MemoryError:
            problem = Problem("input-unparseable", "error", f"{shown}: could not be checked: out of memory")
        except Exception as e:  # a bug must not hide the other files
            problem = Problem("input-unparseable", "error", f"{shown}: could not be checked: {_reason(e)}")
        return [self._unchecked(shown, real, problem, cfg)]

    def _check_path(self, path, data, shown, real, cfg) -> list[FileResult]:
        from . import detect
        if data is None:
            data, problem = self._read_bytes(path, cfg, shown)
            if problem is not None:
                return [self._unchecked(shown, real, problem, cfg)]
        elif not data:
            return [self._unchecked(shown, real, Problem("input-empty", "error", f"{shown}: empty input (0 bytes)"), cfg)]
        rules = self.rules_for(cfg)
        book = self.book_for(cfg)
        articles = detect.read(data, shown, real, book)
        return [self.check_article(art, cfg, rules, book) for art in articles]

    def prepare(self, art: Article, cfg: Config) -> None:
        """What happens to a read article before any rule looks at it — the
        same for `check`, `audit` and `inspect`: declared values, the
        language, the facts of its image files."""
        if not art.checked:
            return
        from .config import apply_declared
        apply_declared(art, cfg, self.opts.declare)
        if not art.language:
            # metadata first, then the text itself, then --lang (docs/design.md#language)
            from .language import detect
            art.language = detect(art.text(), self.book_for(cfg)) or self.opts.lang
        if any(not i.in_text_only and i.src and i.provenance is None for i in art.images) or \
                any(i.file and i.provenance is None for i in art.images):
            self.stage(cfg).attach(art, site_root=cfg.site_root)

    def check_article(self, art: Article, cfg: Config, rules, book) -> FileResult:
        from .engine import check_article
        self.prepare(art, cfg)
        # the file's path only matters to a config's `overrides:` (by file glob)
        enabled, sev = self.selected(rules, cfg, cfg.relpath(art.file) if cfg.overrides else None)
        anchors = bool(self.opts.trust_anchors or cfg.trust_anchors)
        policy = dict(cfg.policy)
        return check_article(art, enabled, book, policy, severity=sev, trust_anchors=anchors,
                             today=self.opts.today, known_rules={r.id for r in rules},
                             report_unused_suppressions=self.opts.report_unused_suppressions)

    def rule_file_results(self) -> list[FileResult]:
        """User rule files with rules that were left out (a runaway regex):
        reported as inputs that could not be used, after every file was checked."""
        out = []
        for path, messages in sorted(self.rule_problems.items()):
            art = Article(path=display_path(path), format="rules", file=path, checked=False,
                          problems=[Problem("input-rule-file", "error", m) for m in messages])
            cfg = self.configs.for_file(None)
            out.append(self.check_article(art, cfg, self.rules_for(cfg), self.book_for(cfg)))
        return out

    def _read_bytes(self, path: str, cfg: Config, shown: str | None = None):
        from .limits import NotRegular, TooLarge, read_file, read_stdin
        shown = shown or (display_path(path) if path != "-" else "-")
        try:
            data = read_stdin(cfg.max_file_size) if path == "-" else read_file(path, cfg.max_file_size)
        except TooLarge as e:
            return None, Problem("input-too-large", "error",
                                 f"{shown}: {e.size:,} bytes exceeds max_file_size ({cfg.max_file_size:,})")
        except NotRegular as e:
            return None, Problem("input-unreadable", "error", f"{shown}: {e.strerror}")
        except OSError as e:
            return None, Problem("input-unreadable", "error", f"{shown}: cannot read: {e.strerror or e}")
        if not data:
            return None, Problem("input-empty", "error", f"{shown}: empty {'input' if path == '-' else 'file'} (0 bytes)")
        return data, None

    def unchecked(self, shown: str, real: str | None, code: str, message: str) -> FileResult:
        """The result of an input that could not be checked at all (an error)."""
        return self._unchecked(shown, real, Problem(code, "error", message), self.configs.for_file(real))

    def _unchecked(self, shown, real, problem, cfg) -> FileResult:
        art = Article(path=shown, format="unknown", file=real, checked=False, problems=[problem])
        return self.check_article(art, cfg, self.rules_for(cfg), self.book_for(cfg))


class FileTimeout(BaseException):   # not an Exception: no `except Exception` in a reader swallows it
    """One input took longer than its time budget."""


class time_budget:
    """Raise FileTimeout in the block after `seconds` (SIGALRM; only in a
    process's main thread, where signals are delivered: check, audit and
    their worker processes; a Dask worker thread runs without it). Code in
    a C extension is interrupted when it returns to Python."""

    def __init__(self, seconds: float | None):
        import signal
        import threading
        self.seconds = seconds if seconds and seconds > 0 and hasattr(signal, "setitimer") \
            and threading.current_thread() is threading.main_thread() else None
        self.previous = None

    def __enter__(self):
        if self.seconds:
            import signal
            self.previous = signal.signal(signal.SIGALRM, self._expired)
            signal.setitimer(signal.ITIMER_REAL, self.seconds)
        return self

    @staticmethod
    def _expired(signum, frame):
        raise FileTimeout()

    def __exit__(self, *exc):
        if self.seconds:
            import signal
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, self.previous or signal.SIG_DFL)
        return False


def _reason(exc: BaseException) -> str:
    """A user-facing reason: the exception's message, never its class name."""
    text = " ".join(str(exc).split())
    return text[:300] if text else "an internal error in the checker (please report it)"


def _matches(rule, ids) -> bool:
    return any(i == rule.id or i == rule.category or rule.id.startswith(i.rstrip("*")) and i.endswith("*")
               for i in ids)


# -- worker processes (check --jobs, audit) --------------------------------
_WORKER: Runner | None = None


def _init_worker(opts: Options) -> None:
    global _WORKER
    _WORKER = Runner(opts)


def _work(path: str) -> list[FileResult]:
    assert _WORKER is not None, "worker process not initialised"
    return _WORKER.check_path(path)


def check_paths(runner: Runner, paths, jobs: int = 1):
    """Yield FileResults in input order; with jobs > 1 in worker processes."""
    paths = list(paths) if jobs > 1 else paths
    if jobs <= 1:
        for p in paths:
            yield from runner.check_path(p)
        return
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool
    chunk = max(1, min(64, len(paths) // (jobs * 8) or 1))
    done = 0
    while done < len(paths):
        try:
            with ProcessPoolExecutor(max_workers=jobs, initializer=_init_worker,
                                     initargs=(runner.opts,)) as ex:
                for results in ex.map(_work, paths[done:], chunksize=chunk):
                    done += 1
                    yield from results
        except BrokenProcessPool:
            # a worker died (a C library aborted on some file): check the files
            # that were in flight one by one, each in a process of its own
            suspects = paths[done:done + jobs * chunk]
            for p in suspects:
                yield from isolated(runner, p)
            done += len(suspects)


def isolated(runner: Runner, path: str, work=None, args=None, shown: str | None = None) -> list:
    """Check one input in a process of its own: if that process dies, the
    input is an error result instead of the end of the run."""
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool
    with ProcessPoolExecutor(max_workers=1, initializer=_init_worker, initargs=(runner.opts,)) as ex:
        try:
            return ex.submit(work or _work, *(args or (path,))).result()
        except BrokenProcessPool:
            shown = shown or display_path(path)
            return [runner.unchecked(shown, path if os.path.exists(path) else None, "input-unparseable",
                                     f"{shown}: not checked: the process reading it died (a library it uses "
                                     "crashed on this file)")]
