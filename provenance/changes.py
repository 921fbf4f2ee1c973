"""`--changed-since REF`: the files git reports as changed since a ref
(committed, staged, unstaged) plus untracked files, as absolute paths."""
from __future__ import annotations

import os
import subprocess

from .config import ConfigError


def changed_files(ref: str, cwd: str | None = None) -> set[str]:
    cwd = cwd or os.getcwd()

    def git(*args: str) -> str:
        try:
            p = subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, timeout=60)
        except FileNotFoundError:
            raise ConfigError("--changed-since needs git, which is not installed") from None
        if p.returncode != 0:
            raise ConfigError(f"--changed-since {ref}: {p.stderr.strip() or 'git failed'}")
        return p.stdout

    if not ref or ref.startswith("-"):
        # git would take it for an option (`--output=FILE` writes a file)
        raise ConfigError(f"--changed-since {ref}: a git ref cannot start with '-'")
    top = git("rev-parse", "--show-toplevel").strip()
    # the ref resolved to a commit id first: nothing the user typed reaches git as an option
    commit = git("rev-parse", "--verify", "--quiet", "--end-of-options", f"{ref}^{{commit}}").strip()
    # diff names are relative to the top of the work tree ...
    out = git("diff", "--name-only", "-z", "--diff-filter=ACMR", commit, "--")
    found = {os.path.abspath(os.path.join(top, n)) for n in out.split("\0") if n}
    # ... ls-files names to the current folder
    out = git("ls-files", "--others", "--exclude-standard", "-z")
    found.update(os.path.abspath(os.path.join(cwd, n)) for n in out.split("\0") if n)
    return found
