"""Rule files: load the YAML rule packs, validate them, select rules.

A rule is data: which typed check (`check:` names a function in
`provenance.checks`) with which parameters, its category, severity, message,
fix hint and documentation. Adding a policy means adding YAML.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from .result import CATEGORIES



def rules_dir() -> Path:
    """The built-in packs: `rules/` in a source tree, `provenance/rules` in a wheel."""
    from .rules import folder     # mapped to the repository's rules/ folder
    return folder()


@dataclass
class Rule:
    id: str
    category: str
    severity: str
    summary: str
    check: str
    params: dict = field(default_factory=dict)
    message: str = ""
    fix: str = ""
    docs: dict = field(default_factory=dict)   # what, why, fail_example, pass_example, fixtures
    source: str = ""                             # file it came from
    enabled: bool = True                         # `default: off` rules need switching on

    @property
    def builtin(self) -> bool:
        return bool(self.source) and Path(self.source).parent == rules_dir()

    @property
    def help_uri(self) -> str | None:
        """The rule's page under docs/rules/ at the project's address
        ([project.urls] Documentation); None for house rules."""
        if not self.builtin:
            return None
        from . import docs_url
        return docs_url(f"rules/{self.id}.md")

    def help_markdown(self) -> str:
        d = self.docs
        parts = [f"# {self.id} ({self.category}, default {self.severity})", "", self.summary, ""]
        if d.get("what"):
            parts += ["## What it does", "", d["what"].strip(), ""]
        if d.get("why"):
            parts += ["## Why it matters", "", d["why"].strip(), ""]
        if d.get("fail_example"):
            parts += ["## Failing example", "", "```", d["fail_example"].rstrip(), "```", ""]
        if d.get("pass_example"):
            parts += ["## Passing example", "", "```", d["pass_example"].rstrip(), "```", ""]
        if d.get("options"):
            parts += ["## Options", "", d["options"].strip(), ""]
        return "\n".join(parts).rstrip() + "\n"


class RuleError(Exception):
    """A rule file is invalid: the message names file, rule and key."""


def _schema():
    import json
    return json.loads((Path(__file__).parent / "schemas" / "rules.schema.json").read_text())


def validate_rule_file(data, path: str) -> None:
    """Validate one parsed rule file against the JSON Schema (imports jsonschema)."""
    import jsonschema
    validator = jsonschema.Draft202012Validator(_schema())
    errors = sorted(validator.iter_errors(data), key=lambda e: list(e.absolute_path))
    if errors:
        e = errors[0]
        p = list(e.absolute_path)
        rule = ""
        if len(p) >= 2 and p[0] == "rules" and isinstance(p[1], int):
            try:
                rule = f" rule '{data['rules'][p[1]].get('id', p[1])}'"
            except Exception:
                rule = f" rule #{p[1]}"
        key = "/".join(str(x) for x in p[2:]) or "/".join(str(x) for x in p) or "(top)"
        if e.validator == "additionalProperties":
            extra = [k for k in (e.instance or {}) if k not in (e.schema.get("properties") or {})]
            key = "/".join([*(str(x) for x in p[2:]), extra[0]]) if extra else key
        elif e.validator == "required":
            missing = [k for k in e.validator_value if k not in (e.instance or {})]
            key = "/".join([*(str(x) for x in p[2:]), missing[0]]) if missing else key
        raise RuleError(f"{path}:{rule} key '{key}': {e.message}")


def _load_yaml(path: Path):
    import yaml
    from .limits import MAX_CONFIG_SIZE, YAMLTooLarge, load_yaml, read_file
    try:
        return load_yaml(read_file(str(path), MAX_CONFIG_SIZE).decode("utf-8"))
    except (YAMLTooLarge, UnicodeDecodeError) as e:
        raise RuleError(f"{path}: {e}") from None
    except yaml.YAMLError as e:
        raise RuleError(f"{path}: not valid YAML: {e}") from None
    except OSError as e:
        raise RuleError(f"{path}: cannot read: {e.strerror}") from None


# Built-in rule files, parsed, are kept as one entry in the user cache
# (`provenance.usercache`, beside the compiled phrase packs), keyed by the
# files' names and bytes: a one-file check then neither imports yaml nor
# parses the rules. Anything wrong with the entry means a parse.

_RULES_PREFIX = "rules"
_RULES_MAGIC = b"provenance-rules-1\n"
_RULES_KEEP = 4


def _builtin_rule_data(paths: list[Path]) -> list:
    from . import usercache
    try:
        raws = [p.read_bytes() for p in paths]
    except OSError:
        return [_load_yaml(p) for p in paths]
    key = usercache.key((p.name, raw) for p, raw in zip(paths, raws))
    data = usercache.load(_RULES_PREFIX, _RULES_MAGIC, key)
    if isinstance(data, list) and len(data) == len(paths):
        return data
    data = [_load_yaml(p) for p in paths]
    usercache.store(_RULES_PREFIX, _RULES_MAGIC, key, data, _RULES_KEEP)
    return data


def builtin_rule_files() -> list[Path]:
    return sorted(p for p in rules_dir().glob("*.yaml"))


def unsafe_pattern(pattern) -> str | None:
    """Why a user regex may not run, or None: user regexes run on RE2
    (linear time), so it must be one RE2 can express (`provenance.patterns`)."""
    from .patterns import refusal
    return refusal(pattern)


def check_rule(rule: Rule, check, path) -> None:
    """Refuse parameters the check does not take or cannot use, and message
    or fix placeholders it does not fill; fill in parameter defaults."""
    import string
    from .checks import properties_error
    if not isinstance(rule.params, dict):
        raise RuleError(f"{path}: rule '{rule.id}' key 'params': must be a mapping")
    err = properties_error(check.params, rule.params, "params")
    if err:
        raise RuleError(f"{path}: rule '{rule.id}' {err} (check '{check.name}')")
    for key in check.required:
        if key not in rule.params:
            raise RuleError(f"{path}: rule '{rule.id}' key 'params/{key}': required by check '{check.name}'")
    for key in ("message", "fix"):
        try:
            names = {f for _, f, _, _ in string.Formatter().parse(getattr(rule, key)) if f is not None}
        except ValueError as e:
            raise RuleError(f"{path}: rule '{rule.id}' key '{key}': {e}") from None
        unknown = sorted(n for n in names if n not in check.fields)
        if unknown:
            fills = ", ".join("{" + f + "}" for f in check.fields) or "no placeholders"
            raise RuleError(f"{path}: rule '{rule.id}' key '{key}': unknown placeholder "
                            f"'{{{unknown[0]}}}' (check '{check.name}' fills {fills})")
    rule.params = {**check.defaults(), **rule.params}


def load_rules(extra_files: Sequence[str] = (), validate_builtin: bool = False,
               problems: list | None = None) -> list[Rule]:
    """Built-in rules plus user rule files (user files are always validated).

    A user rule whose regex could run away is left out; with `problems` given,
    (file, message) is appended there instead of raising."""
    from .checks import CHECKS
    rules: dict[str, Rule] = {}
    builtin = builtin_rule_files()
    files = [(p, validate_builtin) for p in builtin]
    files += [(Path(p), True) for p in extra_files]
    parsed = {} if validate_builtin else dict(zip(builtin, _builtin_rule_data(builtin)))
    for path, validate in files:
        data = parsed[path] if path in parsed and not validate else _load_yaml(path)
        if validate:
            validate_rule_file(data, str(path))
        for raw in (data or {}).get("rules", []):
            rule = Rule(id=raw["id"], category=raw["category"], severity=raw["severity"],
                        summary=raw["summary"], check=raw["check"],
                        params=raw.get("params") or {}, message=raw.get("message", ""),
                        fix=raw.get("fix", ""), docs=raw.get("docs") or {}, source=str(path),
                        enabled=raw.get("default", "on") != "off")
            if rule.check not in CHECKS:
                raise RuleError(f"{path}: rule '{rule.id}' key 'check': unknown check "
                                f"'{rule.check}' (known: {', '.join(sorted(CHECKS))})")
            check_rule(rule, CHECKS[rule.check], path)
            bad = unsafe_pattern(rule.params["pattern"]) if "pattern" in rule.params else None
            if bad:
                message = f"{path}: rule '{rule.id}' key 'params/pattern': {bad}"
                if problems is None:
                    raise RuleError(message)
                problems.append((str(path), message))
                continue
            if rule.category not in CATEGORIES:
                raise RuleError(f"{path}: rule '{rule.id}' key 'category': unknown category '{rule.category}'")
            rules[rule.id] = rule
    return list(rules.values())


def pack_hash(extra: Sequence[str] = ()) -> str:
    """Hash of all rule and phrase files in use (cache keys)."""
    import hashlib
    h = hashlib.sha256()
    base = rules_dir()
    for p in sorted(base.rglob("*.yaml")) + [Path(x) for x in extra]:
        try:
            h.update(str(p.name).encode("utf-8", "surrogatepass"))
            h.update(p.read_bytes())
        except OSError:
            pass
    return h.hexdigest()[:16]
