"""Speed properties that are not timings: what a one-file check imports and
reads at start-up, and linear-time regexes (issue #16). Timings themselves are
measured by benchmarks/speed.py as ratios, never asserted here."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

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
