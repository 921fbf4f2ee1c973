"""Shared test fixtures.

`cli` runs `provenance` in this process: the same entry point as the console
script (`provenance.cli.main`), about fifty times faster than a subprocess.
Each call gets its own working directory, environment, stdin and stdout, and
everything is put back afterwards, so one run cannot leak into the next
(tests/test_exam.py proves it by running cases twice in different orders).
"""
from __future__ import annotations

import io
import os
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@dataclass
class Completed:
    """What a user would see: exit code, stdout, stderr (like subprocess.run)."""
    returncode: int
    stdout: str
    stderr: str


def run_cli(argv, *, cwd=None, stdin: bytes | str = b"", env: dict | None = None) -> Completed:
    """`provenance *argv` in-process; returns exit code, stdout and stderr.

    The working directory, `os.environ`, `sys.stdin/stdout/stderr` are
    replaced for the call and restored afterwards, whatever happens."""
    from provenance.cli import main
    if isinstance(stdin, str):
        stdin = stdin.encode("utf-8")
    out, err = io.StringIO(), io.StringIO()
    fake_in = io.TextIOWrapper(io.BytesIO(stdin), encoding="utf-8")
    saved_env, saved_cwd = dict(os.environ), os.getcwd()
    saved_streams = sys.stdin, sys.stdout, sys.stderr
    os.environ["NO_COLOR"] = "1"
    os.environ.update(env or {})
    try:
        os.chdir(cwd or ROOT)
        sys.stdin, sys.stdout, sys.stderr = fake_in, out, err
        try:
            rc = main([str(a) for a in argv])
        except SystemExit as e:    # argparse: --help, usage errors
            rc = e.code if isinstance(e.code, int) else (0 if e.code is None else 2)
    finally:
        sys.stdin, sys.stdout, sys.stderr = saved_streams
        os.chdir(saved_cwd)
        os.environ.clear()
        os.environ.update(saved_env)
    return Completed(rc, out.getvalue(), err.getvalue())


@pytest.fixture
def cli():
    """The `provenance` command, in-process: `cli(["check", path], cwd=...)`."""
    return run_cli
