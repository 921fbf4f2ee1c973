"""The wheel carries the rules: build it, install it into a fresh venv, run it."""
from __future__ import annotations

import subprocess
import sys
import venv
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow   # builds a wheel and installs it into a fresh venv

ROOT = Path(__file__).resolve().parents[1]


def test_wheel_installs_and_lists_rules(tmp_path):
    dist = tmp_path / "dist"
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(dist), str(ROOT)],
                   check=True, timeout=600)
    wheel = next(dist.glob("provenance_check-*.whl"))
    env_dir = tmp_path / "venv"
    venv.create(env_dir, with_pip=True)
    py = env_dir / "bin" / "python"
    subprocess.run([str(py), "-m", "pip", "install", "-q", str(wheel)], check=True, timeout=900)
    out = subprocess.run([str(env_dir / "bin" / "provenance"), "rules"], cwd=tmp_path,
                         capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert "ai-notice-missing" in out.stdout and "source-link-missing" in out.stdout
    seed = tmp_path / "seed.txt"
    seed.write_bytes((ROOT / "fixtures" / "seed-article.txt").read_bytes())
    out = subprocess.run([str(py), "-m", "provenance", "check", "--format", "json", str(seed)], cwd=tmp_path,
                         capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert '"infos": 1' in out.stdout
    # the fix machinery ships too: explain names it, --diff runs from the wheel
    out = subprocess.run([str(py), "-m", "provenance", "check", "--diff", "--declare", "aggregated=true",
                          "--declare", "source=https://www.upday.com/de/a-1", str(seed)], cwd=tmp_path,
                         capture_output=True, text=True, timeout=120)
    assert out.returncode == 0 and "finding(s) fixable" in out.stderr, out.stderr
    out = subprocess.run([str(py), "-m", "provenance", "explain", "archive-image-unlabelled"], cwd=tmp_path,
                         capture_output=True, text=True, timeout=120)
    assert out.returncode == 0 and "## Autofix" in out.stdout, out.stderr
    # the wheel's own files, not the source tree, were used
    loc = subprocess.run([str(py), "-c", "import provenance.rules as r; print(list(r.__path__)[0])"],
                         cwd=tmp_path, capture_output=True, text=True).stdout
    assert str(env_dir) in loc
    # the config schema the loader validates against ships too, and the wheel's metadata
    # carries the distribution name, version and project addresses
    meta = subprocess.run([str(py), "-c", "from importlib.metadata import metadata as m; "
                           "from provenance.config import schema_path as s; d = m('provenance-check'); "
                           "print(s().is_file(), d['Version'], 'Repository' in str(d.get_all('Project-URL')))"],
                          cwd=tmp_path, capture_output=True, text=True).stdout.split()
    assert meta == ["True", out_version(), "True"], meta


def out_version() -> str:
    import tomllib
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"]
