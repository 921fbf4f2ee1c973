"""Packs: the phrase kinds, reading pack files (built-in and user) and
validating them against provenance/schemas/phrases.schema.json."""
from __future__ import annotations

import os
import re
from pathlib import Path

from .index import has_nested_quantifier

PHRASE_KINDS = (
    "ai_notice", "ai_image_label", "photo_label", "neutral_label", "credit_prefix",
    "collective_credit", "credit_placeholder", "archive_label", "go_to_original",
    "agencies", "ai_generators",
)
REGEX_KINDS = (
    "relative_time", "absolute_time", "archive_patterns", "photo_patterns",
    "credit_patterns", "dateline_patterns",
)
PARTS_KEYS = ("subject", "subject_start", "this", "text_noun", "ai", "machine", "agent", "verb", "negation",
              "contrast", "but_with", "conditional", "we_asked", "actor", "presenting", "conversation", "label", "text_credit",
              "picture", "other_text", "other_work", "prompt", "experiment", "article", "label_tail", "done", "modal")

# Regex kinds only ever see this much text: user regexes stay bounded.
REGEX_INPUT_LIMIT = 100_000
# A sentence longer than this is not a notice (ai_notice_parts).
NOTICE_MAX_WORDS = 40
# ai_notice_parts: the AI term and the verb must be this close to each other.
PARTS_MAX_GAP = 7
# A short notice label ("KI-generiert") counts only when it stands (almost) alone.
SHORT_LABEL_WORDS = 3
SHORT_LABEL_SEGMENT_WORDS = 8


class PhraseError(Exception):
    """A phrase pack is invalid; the message names the file, the kind/key and the problem."""


# --- loading ---------------------------------------------------------------


def _packs_dir() -> Path:
    from ..rules import folder as rules_dir
    return rules_dir() / "phrases"


def _parse_pack(path: str, raw: bytes):
    """One pack file's bytes as data (yaml is imported only when a pack
    has to be parsed, not when the compiled-pack cache answers)."""
    import yaml
    from ..limits import YAMLTooLarge, load_yaml
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as e:
        raise PhraseError(f"{path}: not UTF-8 text: {e.reason} at byte {e.start}") from None
    if "\r" in text:     # as a text-mode read would: universal newlines
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    try:
        return load_yaml(text)       # libyaml when present; alias expansion bounded
    except YAMLTooLarge as e:
        raise PhraseError(f"{path}: {e}") from None
    except yaml.YAMLError as e:
        raise PhraseError(f"{path}: not valid YAML: {e}") from None


def schema() -> dict:
    """The JSON Schema for phrase pack files."""
    import json
    return json.loads((Path(__file__).parent.parent / "schemas" / "phrases.schema.json").read_text())


def validate_pack(data, path: str) -> None:
    """Validate one parsed pack (imports jsonschema); also rejects regexes
    that do not compile or could backtrack catastrophically."""
    import jsonschema
    validator = jsonschema.Draft202012Validator(schema())
    errors = sorted(validator.iter_errors(data), key=lambda e: [str(x) for x in e.absolute_path])
    if errors:
        e = errors[0]
        where = "/".join(str(x) for x in e.absolute_path) or "(top level)"
        raise PhraseError(f"{path}: key '{where}': {e.message}")
    _check_regexes(data, path)


def _check_regexes(data: dict, path: str) -> None:
    for kind in REGEX_KINDS:
        for n, pattern in enumerate(data.get(kind) or []):
            try:
                re.compile(pattern)
            except re.error as e:
                raise PhraseError(f"{path}: key '{kind}/{n}': invalid regex {pattern!r}: {e}") from None
            from ..patterns import refusal
            why = refusal(pattern)
            if why:
                raise PhraseError(f"{path}: key '{kind}/{n}': {why}")
            if has_nested_quantifier(pattern):
                raise PhraseError(
                    f"{path}: key '{kind}/{n}': regex {pattern!r} repeats a group that itself "
                    "repeats or branches (catastrophic backtracking); rewrite it without nesting")



_BUILTIN_SOURCES: list | None = None


def _builtin_sources() -> list[tuple[str, bytes]]:
    """(path, bytes) of every built-in pack file, in file-name order."""
    global _BUILTIN_SOURCES
    if _BUILTIN_SOURCES is None:
        folder = _packs_dir()
        names = sorted(n for n in os.listdir(folder) if n.endswith(".yaml"))
        _BUILTIN_SOURCES = [(str(folder / n), (folder / n).read_bytes()) for n in names
                            if (folder / n).is_file()]
    return _BUILTIN_SOURCES


def _parse_builtin(sources: list[tuple[str, bytes]]) -> list[tuple[str, dict]]:
    packs = [(path, _parse_pack(path, raw) or {}) for path, raw in sources]
    # common.yaml first so language packs can be told apart in words()
    packs.sort(key=lambda p: (p[1].get("language") != "common", p[0]))
    return packs

