"""Speed properties that are not timings: what a one-file check imports and
reads at start-up, and linear-time regexes (issue #16). Timings themselves are
measured by benchmarks/speed.py as ratios, never asserted here."""
from __future__ import annotations

import ast
import importlib
import os
import pkgutil
import re
import subprocess
import sys
from pathlib import Path

import provenance

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "fixtures" / "seed-article.txt"

HEAVY = ("yaml", "importlib.metadata", "socket", "tempfile", "jsonschema")
PROBE = ("import sys\n"
         "from provenance.cli import main\n"
         "try:\n"
         "    main(['check', sys.argv[1], '--quiet'])\n"
         "except SystemExit:\n"
         "    pass\n"
         f"sys.stderr.write('LOADED ' + ' '.join(m for m in {HEAVY!r} if m in sys.modules))\n")


def _loaded(cache: Path) -> list[str]:
    env = dict(os.environ, PROVENANCE_CACHE_DIR=str(cache))
    p = subprocess.run([sys.executable, "-c", PROBE, str(SEED)], capture_output=True, text=True, env=env)
    line = [x for x in p.stderr.splitlines() if x.startswith("LOADED")][-1]
    return line.split()[1:]


def test_a_one_file_check_with_a_warm_cache_imports_no_yaml_metadata_or_network(tmp_path):
    _loaded(tmp_path)            # first run: parses packs and rules, fills the cache
    assert _loaded(tmp_path) == []


def test_a_damaged_rules_cache_entry_is_parsed_again(tmp_path, monkeypatch):
    from provenance.ruleset import load_rules
    monkeypatch.setenv("PROVENANCE_CACHE_DIR", str(tmp_path))
    first = [(r.id, r.severity, r.message) for r in load_rules()]
    entries = list(tmp_path.glob("rules-*.marshal"))
    assert len(entries) == 1
    blob = entries[0].read_bytes()
    entries[0].write_bytes(blob[:-40] + bytes(40))           # torn write / bit rot
    assert [(r.id, r.severity, r.message) for r in load_rules()] == first
    assert entries[0].read_bytes() == blob                    # rewritten


# --- linear time ------------------------------------------------------------
#
# The collector finds every `re.<fn>("literal", ...)` in the package's source
# (noting the anchored `re.match`/`re.fullmatch` ones), every compiled pattern
# held by a module, and the built-in packs' regex kinds. (Running all of them
# on 1 MB adversarial inputs in a test was tried: it does not finish in
# minutes yet; see benchmarks/README.md.)


_RE_FUNCS = {"compile": 1, "search": 2, "match": 2, "fullmatch": 2, "findall": 2, "finditer": 2,
             "split": 3, "sub": 4, "subn": 4}
_MB = 1 << 20


def _flags(node) -> int:
    if node is None:
        return 0
    return eval(compile(ast.Expression(node), "<flags>", "eval"), {"re": re})   # re.I | re.S ...


def builtin_regexes() -> dict[tuple[str, int, bool], str]:
    """(pattern, flags, anchored) -> where it is."""
    root = Path(provenance.__file__).parent
    found: dict[tuple[str, int, bool], str] = {}
    for py in sorted(root.rglob("*.py")):
        for n in ast.walk(ast.parse(py.read_text(encoding="utf-8"))):
            if not (isinstance(n, ast.Call) and isinstance(n.func, ast.Attribute) and n.func.attr in _RE_FUNCS
                    and isinstance(n.func.value, ast.Name) and n.func.value.id == "re" and n.args
                    and isinstance(n.args[0], ast.Constant) and isinstance(n.args[0].value, str)):
                continue
            flags = next((k.value for k in n.keywords if k.arg == "flags"), None)
            pos = _RE_FUNCS[n.func.attr]
            if flags is None and len(n.args) > pos:
                flags = n.args[pos]
            key = (n.args[0].value, _flags(flags), n.func.attr in ("match", "fullmatch"))
            found.setdefault(key, f"{py.relative_to(root.parent)}:{n.lineno}")
    for m in pkgutil.walk_packages(provenance.__path__, "provenance."):
        if m.name.endswith("__main__"):
            continue
        for name, value in vars(importlib.import_module(m.name)).items():
            if isinstance(value, re.Pattern) and isinstance(value.pattern, str):
                found.setdefault((value.pattern, value.flags, False), f"{m.name}.{name}")
    from provenance.phrases import REGEX_KINDS, PhraseBook
    book = PhraseBook.builtin()
    for kind in REGEX_KINDS:
        for lang, pattern, _, _ in book._regex_entries(kind):
            found.setdefault((pattern, re.IGNORECASE, False), f"pack {lang} {kind}")
    return found


def test_builtin_pack_regexes_are_ones_re2_can_run():
    """Pack regexes run on Python's engine but must be expressible in RE2
    (no backreferences or lookaround): the same bar as user packs."""
    from provenance.patterns import refusal
    packs = [(p, w) for (p, _, _), w in builtin_regexes().items() if w.startswith("pack ")]
    assert packs
    assert [(w, p, refusal(p)) for p, w in packs if refusal(p)] == []


def test_fix_inner_text_strips_tags_and_stays_linear_on_runs_of_lt():
    from provenance.fix.markup import Source
    assert Source("<p>a <b title='x>y'>bold</b> c</p>").inner_text(0, 40) == "a bold c"
    text = "<" * _MB
    assert Source(text).inner_text(0, len(text)) == text
