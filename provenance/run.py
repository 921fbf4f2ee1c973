"""One run over many inputs: walk paths, read, attach images, check.

`Runner.check_path` is the per-file unit of work shared by `check`, `audit`,
`--jobs N` worker processes and the Dask engine: bytes in, FileResults out.
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from .article import Article, Problem
from .config import Config, Configs
from .result import FileResult

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


def display_path(path: str) -> str:
    try:
        rel = os.path.relpath(path)
        if not rel.startswith(".."):
            return Path(rel).as_posix()
    except ValueError:
        pass
    return Path(path).as_posix()


def walk(paths: list[str], configs: Configs | None = None, *, supported=None):
    """Yield files to check, in a stable order. Directories are walked for
    supported extensions, honouring `exclude:` globs; files named explicitly
    are always checked (unless excluded)."""
    from .detect import IMAGE_EXT, SUPPORTED, walk_media
    supported = supported or SUPPORTED
    for p in paths:
        if p == "-":
            yield p
            continue
        if os.path.isdir(p):
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
                    yield fp
        else:
            if configs is not None and os.path.exists(p) and configs.for_file(p).excluded(p):
                continue
            yield p


class Runner:
    """Holds what a run shares across files: configs, rule sets, phrase
    books, the image stage (one read per image file per run)."""

    def __init__(self, opts: Options):
        from .ruleset import load_rules
        self.opts = opts
        self._rules: dict[tuple, list] = {}
        self._books: dict[tuple, object] = {}
        builtin = load_rules()
        self.catalogue = builtin
        self.configs = Configs(opts.config, known_rules={r.id for r in builtin})
        self._stage = None
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
        if self._stage is None or self._stage.trust_anchors != anchors:
            if anchors and not self.opts.trust_anchors:
                from .config import ConfigError
                from .images.c2pa import check_trust_anchors
                try:
                    check_trust_anchors(anchors)
                except ValueError as e:
                    raise ConfigError(f"{cfg.path}: key 'trust_anchors': {anchors}: {e}") from None
            from .images import ImageStage
            self._stage = ImageStage(trust_anchors=anchors, fetch=self.opts.fetch)
        return self._stage

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
        from . import detect
        from .engine import check_article
        shown = display or (display_path(path) if path != "-" else "-")
        real = file if file is not None else (None if path == "-" else path)
        cfg = self.configs.for_file(real)
        if data is None:
            data, problem = self._read_bytes(path, cfg)
            if problem is not None:
                return [self._unchecked(shown, real, problem, cfg)]
        elif not data:
            return [self._unchecked(shown, real, Problem("input-empty", "error", f"{shown}: empty input (0 bytes)"), cfg)]
        rules = self.rules_for(cfg)
        book = self.book_for(cfg)
        try:
            articles = detect.read(data, shown, real, book)
        except Exception as e:  # a reader bug must not hide the other files
            articles = [Article(path=shown, format="unknown", file=real, checked=False, problems=[
                Problem("input-unparseable", "error", f"{shown}: could not be read: {type(e).__name__}: {e}")])]
        results = []
        for art in articles:
            results.append(self.check_article(art, cfg, rules, book))
        return results

    def check_article(self, art: Article, cfg: Config, rules, book) -> FileResult:
        from .config import apply_declared
        from .engine import check_article
        if art.checked:
            apply_declared(art, cfg, self.opts.declare)
            if not art.language:
                # metadata first, then the text itself, then --lang (docs/design.md#language)
                from .language import detect
                art.language = detect(art.text()) or self.opts.lang
            if any(not i.in_text_only and i.src and i.provenance is None for i in art.images) or \
                    any(i.file and i.provenance is None for i in art.images):
                self.stage(cfg).attach(art)
        enabled, sev = self.selected(rules, cfg, cfg.relpath(art.file))
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

    def _read_bytes(self, path: str, cfg: Config):
        import sys
        shown = display_path(path) if path != "-" else "-"
        if path == "-":
            return sys.stdin.buffer.read(), None
        try:
            st = os.stat(path)
        except OSError as e:
            return None, Problem("input-unreadable", "error", f"{shown}: cannot read: {e.strerror}")
        if os.path.isdir(path):
            return None, Problem("input-unreadable", "error", f"{shown}: is a directory")
        if st.st_size == 0:
            return None, Problem("input-empty", "error", f"{shown}: empty file (0 bytes)")
        if st.st_size > cfg.max_file_size:
            return None, Problem("input-too-large", "error",
                                 f"{shown}: {st.st_size:,} bytes exceeds max_file_size ({cfg.max_file_size:,})")
        try:
            with open(path, "rb") as fh:
                return fh.read(), None
        except OSError as e:
            return None, Problem("input-unreadable", "error", f"{shown}: cannot read: {e.strerror}")

    def _unchecked(self, shown, real, problem, cfg) -> FileResult:
        art = Article(path=shown, format="unknown", file=real, checked=False, problems=[problem])
        return self.check_article(art, cfg, self.rules_for(cfg), self.book_for(cfg))


def _matches(rule, ids) -> bool:
    return any(i == rule.id or i == rule.category or rule.id.startswith(i.rstrip("*")) and i.endswith("*")
               for i in ids)


# -- worker processes (check --jobs, audit) --------------------------------
_WORKER: Runner | None = None


def _init_worker(opts: Options) -> None:
    global _WORKER
    _WORKER = Runner(opts)


def _work(path: str) -> list[FileResult]:
    return _WORKER.check_path(path)


def check_paths(runner: Runner, paths, jobs: int = 1):
    """Yield FileResults in input order; with jobs > 1 in worker processes."""
    paths = list(paths) if jobs > 1 else paths
    if jobs <= 1:
        for p in paths:
            yield from runner.check_path(p)
        return
    from concurrent.futures import ProcessPoolExecutor
    with ProcessPoolExecutor(max_workers=jobs, initializer=_init_worker, initargs=(runner.opts,)) as ex:
        for results in ex.map(_work, paths, chunksize=max(1, min(64, len(paths) // (jobs * 8) or 1))):
            yield from results
