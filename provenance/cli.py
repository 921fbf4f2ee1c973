"""Command line: arguments and exit codes, nothing else.

Exit codes (docs/design.md#commands-and-exit-codes): 0 no finding at or above --fail-on; 1 at least one;
2 usage or config error, or an input that could not be checked (2 wins).
"""
from __future__ import annotations

import argparse
import os
import sys

from . import __version__
from .output import UsageError, writable, write_output  # noqa: F401  (write_output: used by tests)
from .result import FAIL_ORDER, exit_code  # noqa: F401

MAX_JOBS_PER_CORE = 4     # more worker processes than this only thrash (and --jobs 100000 hung)


def _common(p: argparse.ArgumentParser, fmt_choices, jobs_default: str = "1") -> None:
    p.add_argument("paths", nargs="*", metavar="PATH", help="files, folders, or - for stdin")
    p.add_argument("--format", default="text", choices=fmt_choices, help="report format (default: text)")
    p.add_argument("-o", "--output", metavar="FILE", help="write the report to FILE (atomically)")
    p.add_argument("--config", metavar="FILE", help="use this config instead of discovery")
    p.add_argument("--select", action="append", default=[], metavar="IDS",
                   help="only these rule ids or categories (comma-separated; 'id*' prefix)")
    p.add_argument("--ignore", action="append", default=[], metavar="IDS",
                   help="skip these rule ids or categories (comma-separated)")
    p.add_argument("--fail-on", default="error", choices=["error", "warning", "info", "never"],
                   help="lowest severity that makes the exit code 1 (default: error)")
    p.add_argument("--declare", action="append", default=[], metavar="KEY=VALUE",
                   help="ai=generated|assisted|none, reviewed=, aggregated=, published=YYYY-MM-DD, source=URL")
    p.add_argument("--lang", help="article language where metadata and detection are unsure")
    p.add_argument("--trust-anchors", metavar="PEM", help="PEM file of C2PA trust anchors")
    p.add_argument("--fetch", action="store_true", help="fetch remote images and manifests (off by default)")
    p.add_argument("--jobs", type=int, default=1, metavar="N",
                   help=f"worker processes (default: {jobs_default}; at most {MAX_JOBS_PER_CORE} per core)")
    p.add_argument("--fetch-allow-private", action="store_true",
                   help="with --fetch: also connect to loopback, link-local and private addresses")
    p.add_argument("--fetch-timeout", type=float, default=30.0, metavar="SECONDS",
                   help="with --fetch: time one request may take, redirects included (default: 30)")
    p.add_argument("--allow-outside", action="store_true",
                   help="read local images and sitemap entries outside the current folder, the config's "
                        "folder and the article's folder (absolute paths, file: URLs)")
    p.add_argument("--file-timeout", type=float, default=60.0, metavar="SECONDS",
                   help="time one input may take before it is reported as not checked (default: 60; 0: none)")
    p.add_argument("--quiet", action="store_true", help="print findings only")
    p.add_argument("--stdin-filename", metavar="NAME", help="name of the stdin input (format detection, reports)")
    p.add_argument("--exclude", action="append", default=[], metavar="GLOBS",
                   help="leave out paths matching these globs (comma-separated; relative to the "
                        "working directory; adds to the config's exclude:)")
    p.add_argument("--no-gitignore", dest="gitignore", action="store_false",
                   help="also check files git ignores (by default folders are walked without them)")
    p.add_argument("--today", help=argparse.SUPPRESS)   # reproducible dates in tests


def build_parser() -> argparse.ArgumentParser:
    from .report import FORMATS
    parser = argparse.ArgumentParser(prog="provenance", description=(
        "Check that articles carry the disclosures they owe: AI notices, AI-image labels, "
        "photo credits, archive labels, links to the original."))
    parser.add_argument("--version", action="version", version=f"provenance {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    c = sub.add_parser("check", help="check articles and images")
    _common(c, FORMATS)
    c.add_argument("--baseline", metavar="FILE", help="report only findings not recorded in FILE")
    c.add_argument("--write-baseline", metavar="FILE", help="record current findings in FILE")
    c.add_argument("--report-unused-suppressions", action="store_true",
                   help="report inline suppressions that hid nothing (input-suppression warnings)")
    c.add_argument("--statistics", action="store_true",
                   help="text format: counts per rule instead of one line per finding")
    c.add_argument("--changed-since", metavar="REF", help="only files changed since git REF")
    c.add_argument("--fix", action="store_true",
                   help="insert missing disclosures whose text is known (metadata credit, archive label, "
                        "AI-image label, house notice, link to a declared source); writes atomically")
    c.add_argument("--diff", action="store_true", help="show what --fix would insert as a unified diff; write nothing")
    c.add_argument("--fix-only", action="append", default=[], metavar="RULES",
                   help="with --fix/--diff: fix only these rule ids or categories (comma-separated)")

    a = sub.add_parser("audit", help="audit an archive or feeds: summaries, HTML report")
    _common(a, FORMATS, jobs_default="the number of cores")
    a.add_argument("--html", metavar="FILE", help="write a self-contained HTML report")
    a.add_argument("--json", metavar="FILE", help="write the JSON report with an audit block")
    a.add_argument("--cache", metavar="DIR", nargs="?", const="",
                   help="result cache folder (default: the user cache folder)")
    a.add_argument("--no-cache", action="store_true", help="check every file again, write no cache")
    a.add_argument("--engine", default="local", choices=["local", "dask"],
                   help="local worker processes, or a dask.distributed cluster")
    a.add_argument("--scheduler", metavar="ADDRESS", help="Dask scheduler address (tcp://host:8786)")
    a.set_defaults(jobs=None)

    i = sub.add_parser("inspect", help="show what the checker sees in a file")
    i.add_argument("file", help="an article, feed or image")
    i.add_argument("--format", default="text", choices=["text", "json"], help="output format (default: text)")
    i.add_argument("--trust-anchors", metavar="PEM", help="PEM file of C2PA trust anchors")
    i.add_argument("--fetch", action="store_true", help="fetch remote images and manifests (off by default)")
    i.add_argument("--config", metavar="FILE", help="use this config instead of discovery")

    r = sub.add_parser("rules", help="list the rule catalogue")
    r.add_argument("--format", default="text", choices=["text", "json", "markdown"],
                   help="output format (default: text)")
    r.add_argument("--config", metavar="FILE", help="also list the house rules of this config's rule_files")

    e = sub.add_parser("explain", help="a rule's documentation with a failing and a passing example")
    e.add_argument("rule", help="a rule id (`provenance rules` lists them)")

    n = sub.add_parser("init", help="write a commented starter .provenance.yaml")
    n.add_argument("path", nargs="?", default=".provenance.yaml",
                   help="where to write it (default: .provenance.yaml)")
    n.add_argument("--force", action="store_true", help="overwrite an existing file")

    g = sub.add_parser("config", help="show the resolved configuration for a file")
    g.add_argument("--show", metavar="FILE", nargs="?", const=".", default=".",
                   help="the file or folder whose configuration to show (default: .)")
    g.add_argument("--config", metavar="FILE", help="use this config instead of discovery")
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    from .config import ConfigError
    from .phrases import PhraseError
    from .ruleset import RuleError
    try:
        if args.command in ("check", "audit"):
            return _check(args)
        if args.command == "inspect":
            from .inspect import run as inspect_run
            return inspect_run(args)
        if args.command == "rules":
            return _rules(args)
        if args.command == "explain":
            return _explain(args)
        if args.command == "init":
            return _init(args)
        if args.command == "config":
            return _config_show(args)
        parser.print_help()
        return 2
    except (ConfigError, RuleError, PhraseError) as e:
        print(f"provenance: config error: {e}", file=sys.stderr)
        return 2
    except UsageError as e:
        print(f"provenance: error: {e}", file=sys.stderr)
        return 2
    except OSError as e:          # an output that cannot be written, a host that does not answer ...
        where = f"{e.filename}: " if getattr(e, "filename", None) else ""
        print(f"provenance: error: {where}{e.strerror or e}", file=sys.stderr)
        return 2
    except BrokenPipeError:
        return 1
    except KeyboardInterrupt:
        return 130


def _ids(values: list[str]) -> list[str]:
    return [x.strip() for v in values for x in v.split(",") if x.strip()]


def check_selectors(opts, rules) -> None:
    """`--select`/`--ignore` name rule ids, categories or `prefix*`: anything
    else is a typo that would silently switch a check off (ruff: exit 2)."""
    import difflib
    from .result import CATEGORIES
    ids = sorted({r.id for r in rules})
    known = set(ids) | set(CATEGORIES)
    for flag, values in (("--select", opts.select), ("--ignore", opts.ignore)):
        for value in values:
            if value in known:
                continue
            if value.endswith("*") and any(i.startswith(value[:-1]) for i in ids):
                continue
            near = difflib.get_close_matches(value.rstrip("*"), sorted(known), n=3, cutoff=0.6)
            hint = f"; did you mean {' or '.join(near)}?" if near else ""
            raise UsageError(f"{flag} {value}: unknown rule id, category or prefix{hint} "
                             "(`provenance rules` lists them)")


def options_from(args):
    from .config import parse_declare
    from .run import Options
    anchors = args.trust_anchors
    if anchors:
        from .config import ConfigError
        if not os.path.isfile(anchors):
            raise ConfigError(f"--trust-anchors {anchors}: no such file")
        from .images.c2pa import check_trust_anchors
        try:
            check_trust_anchors(anchors)
        except ValueError as e:
            raise ConfigError(f"--trust-anchors {anchors}: {e}") from None
    return Options(declare=parse_declare(args.declare), config=args.config, select=_ids(args.select),
                   exclude=_ids(getattr(args, "exclude", [])), gitignore=getattr(args, "gitignore", True),
                   ignore=_ids(args.ignore), trust_anchors=anchors, fetch=args.fetch, lang=args.lang,
                   file_timeout=getattr(args, "file_timeout", 60.0),
                   allow_outside=getattr(args, "allow_outside", False),
                   fetch_allow_private=getattr(args, "fetch_allow_private", False),
                   fetch_timeout=getattr(args, "fetch_timeout", 30.0),
                   report_unused_suppressions=getattr(args, "report_unused_suppressions", False),
                   today=args.today)


def _check(args) -> int:
    from .report import render
    from .result import Report
    from .run import Runner, check_paths, walk
    if not args.paths:
        print("provenance: no PATH given (use - for stdin)", file=sys.stderr)
        return 2
    from .detect import SUPPORTED
    supported = SUPPORTED
    if args.command == "audit":
        supported = SUPPORTED | {".zip", ".gz", ".tgz", ".tar"}
    for flag in ("output", "html", "json", "write_baseline"):
        writable(getattr(args, flag, None), "-o" if flag == "output" else "--" + flag.replace("_", "-"),
                 inputs=args.paths, supported=supported)
    if args.jobs:
        args.jobs = min(args.jobs, MAX_JOBS_PER_CORE * (os.cpu_count() or 1))
    opts = options_from(args)
    runner = Runner(opts)
    if opts.select or opts.ignore:
        # house rules count too: those of the config in force here and beside each PATH
        rules = list(runner.catalogue)
        for p in [None, *(p for p in args.paths if p != "-")]:
            rules += runner.rules_for(runner.configs.for_file(p))
        check_selectors(opts, rules)
    if args.command == "audit":
        from .audit import run_audit
        return run_audit(args, runner)
    from .run import expand
    paths = list(walk(expand(args.paths, warn=lambda m: print(f"provenance: warning: {m}", file=sys.stderr),
                             gitignore=opts.gitignore),
                      runner.configs, exclude=opts.exclude, gitignore=opts.gitignore))
    if args.changed_since:
        from .changes import changed_files
        changed = changed_files(args.changed_since)
        paths = [p for p in paths if p == "-" or os.path.abspath(p) in changed]
    elif not paths:
        # a check that checked nothing must not pass (html-validate does the same)
        print(f"provenance: warning: no files to check in {' '.join(args.paths)} "
              "(no supported article or image files, or all excluded)", file=sys.stderr)
        return 2
    report = Report(root=os.getcwd())
    stdin_paths = [p for p in paths if p == "-"]
    file_paths = [p for p in paths if p != "-"]
    for p in stdin_paths:
        name = args.stdin_filename or "-"
        report.files += runner.check_path("-", display=name,
                                          file=os.path.abspath(args.stdin_filename) if args.stdin_filename else None)
    if getattr(args, "fix_only", None):
        from .result import CATEGORIES
        unknown = [i for i in _ids(args.fix_only) if i not in {r.id for r in runner.catalogue} | set(CATEGORIES)]
        if unknown:
            print(f"provenance: --fix-only: unknown rule or category {', '.join(unknown)}", file=sys.stderr)
            return 2
    if args.fix or args.diff:
        from .fix import run as fix_run
        report.files += fix_run(runner, file_paths, write_files=args.fix and not args.diff,
                                only=_ids(args.fix_only), diff_out=sys.stdout if args.diff else None,
                                err=sys.stderr)
        if args.format not in ("text", "json"):
            # annotations, code-quality and test reports list what is still wrong
            for fr in report.files:
                fr.findings = [f for f in fr.findings if not f.fixed]
    else:
        report.files += list(check_paths(runner, file_paths, jobs=max(1, args.jobs or 1)))
    if args.jobs and args.jobs > 1:     # worker processes loaded the rules: load once here to learn of problems
        for p in file_paths[:1]:
            runner.rules_for(runner.configs.for_file(p))
    report.files += runner.rule_file_results()
    if args.write_baseline:
        from .baseline import write_baseline
        n = write_baseline(report, args.write_baseline)
        print(f"provenance: wrote {n} finding(s) to {args.write_baseline}", file=sys.stderr)
    if args.baseline:
        from .baseline import apply_baseline
        try:
            apply_baseline(report, args.baseline)
        except ValueError as e:
            print(f"provenance: {e}", file=sys.stderr)
            return 2
    color = args.format == "text" and not args.output and sys.stdout.isatty() and not os.environ.get("NO_COLOR")
    out = render(args.format, report, runner.catalogue, color=color, quiet=args.quiet,
                 fail_on=args.fail_on, statistics=args.statistics)
    if args.format == "github" and os.environ.get("GITHUB_STEP_SUMMARY"):
        from .report.github import step_summary
        try:
            with open(os.environ["GITHUB_STEP_SUMMARY"], "a", encoding="utf-8") as fh:
                fh.write(step_summary(report))
        except OSError as e:
            print(f"provenance: warning: cannot write the job summary: {e.strerror or e}", file=sys.stderr)
    if not (args.diff and not args.output):      # --diff: the diff is the output (the report only with -o)
        write_output(out, args.output)
    if args.write_baseline:
        # recording a baseline adopts today's findings: only unreadable input fails
        return 2 if any(f.status == "error" for f in report.files) else 0
    return exit_code(report, args.fail_on)


def _rules(args) -> int:
    import json
    from .ruleset import load_rules
    from .config import load
    extra = load(args.config).rule_files if args.config else []
    rules = load_rules(extra)
    if args.format == "json":
        print(json.dumps([{"id": r.id, "category": r.category, "severity": r.severity,
                           "summary": r.summary, "enabled": r.enabled, "check": r.check} for r in rules],
                         indent=2, ensure_ascii=False))
        return 0
    if args.format == "markdown":
        print("| id | category | severity | summary |\n|---|---|---|---|")
        for r in rules:
            print(f"| `{r.id}` | {r.category} | {r.severity}{'' if r.enabled else ' (off)'} | {r.summary} |")
        return 0
    w = max(len(r.id) for r in rules)
    for r in rules:
        off = "" if r.enabled else " (off by default)"
        print(f"{r.id:<{w}}  {r.category:<13}  {r.severity:<7}  {r.summary}{off}")
    return 0


def _explain(args) -> int:
    from .ruleset import load_rules
    rules = {r.id: r for r in load_rules()}
    r = rules.get(args.rule)
    if r is None:
        import difflib
        near = difflib.get_close_matches(args.rule, rules, n=3)
        hint = f" (did you mean {', '.join(near)}?)" if near else ""
        print(f"provenance: unknown rule '{args.rule}'{hint}; `provenance rules` lists them", file=sys.stderr)
        return 2
    from .checks import CHECKS
    from .phrases import PhraseBook
    from .ruledocs import rule_page
    text = rule_page(r, PhraseBook.builtin())
    text += f"\n## How the check works: `{r.check}`\n\n{CHECKS[r.check].markdown()}\n"
    if r.help_uri:
        text += f"\nOnline: {r.help_uri}\n"
    sys.stdout.write(text)
    return 0


def _init(args) -> int:
    from .config import STARTER, schema_url
    if os.path.exists(args.path) and not args.force:
        print(f"provenance: {args.path} exists (use --force to overwrite)", file=sys.stderr)
        return 2
    # editors with the YAML language server (VS Code, Neovim, …) complete and check keys from the schema
    write_output(f"# yaml-language-server: $schema={schema_url()}\n" + STARTER, args.path)
    print(f"wrote {args.path}")
    return 0


def _config_show(args) -> int:
    import json
    from .config import Configs, find_config_file
    from .ruleset import load_rules
    target = args.show
    configs = Configs(args.config, known_rules={r.id for r in load_rules()})
    file = os.path.abspath(target) if os.path.isfile(target) else os.path.join(os.path.abspath(target), "x")
    cfg = configs.for_file(file)
    source = cfg.path or (str(find_config_file(file)) if find_config_file(file) else None)
    rel = cfg.relpath(file) if os.path.isfile(target) else None
    out = {"file": target, "config": source or "(built-in defaults)",
           "rules": {k: v for k, v in cfg.rule_settings(rel).items()},
           "policy": cfg.policy, "trust_anchors": cfg.trust_anchors, "exclude": cfg.exclude,
           "phrases": cfg.phrases, "rule_files": cfg.rule_files,
           "declare": {"paths": {k: v[0] for k, v in cfg.declare_paths.items()},
                       "sources": {k: v[0] for k, v in cfg.declare_sources.items()}},
           "fix": cfg.fix, "origins": cfg.origins}
    print(json.dumps(out, indent=2, ensure_ascii=False, default=str))
    return 0
