"""The built-in rule packs, phrase packs and presets: YAML data, shipped in
the wheel as `provenance.rules` (this folder in a source tree)."""
from pathlib import Path


def folder() -> Path:
    """Where the built-in packs are."""
    return Path(__file__).resolve().parent
