"""Configuration: discovery (closest `.provenance.yaml` or `[tool.provenance]`
upward wins), `extends:` presets and paths, declared signals by path glob and
source domain, rule switches and severities, policy knobs.

The closest config file wins with no silent merging of parent folders; use
`extends:` to be explicit.
"""
from __future__ import annotations

import fnmatch
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from .article import Article, Declared, declared_value

CONFIG_NAMES = (".provenance.yaml", ".provenance.yml")
PRESETS = ("eu-ai-act", "pressekodex", "strict")
FIX_KEYS = {"credit", "archive_label", "ai_image_label", "notice", "go_to_original", "notice_position"}
DECLARE_KEYS = {"ai", "reviewed", "aggregated", "published", "source"}
AI_VALUES = {"generated", "assisted", "none"}
MAX_FILE_SIZE = 50 * 1024 * 1024


def _default_policy() -> dict:
    """Every `policy:` key a check reads, with the check's default."""
    from .checks import policy_defaults
    return policy_defaults()


class ConfigError(Exception):
    """Bad configuration: the message names the file and the key."""


@dataclass
class Config:
    path: str | None = None                  # file it came from (None: built-in defaults)
    base: str = "."                          # folder relative paths and globs are relative to
    rules: dict = field(default_factory=dict)          # id -> {"severity": s} | False | True
    overrides: list = field(default_factory=list)      # [{"files": [...], "rules": {...}}]
    phrases: list = field(default_factory=list)
    rule_files: list = field(default_factory=list)
    trust_anchors: str | None = None
    site_root: str | None = None             # folder that site-absolute image paths (/img/x.jpg) live under
    exclude: list = field(default_factory=list)
    declare_paths: dict = field(default_factory=dict)
    declare_sources: dict = field(default_factory=dict)
    policy: dict = field(default_factory=lambda: _default_policy())
    max_file_size: int = MAX_FILE_SIZE
    origins: dict = field(default_factory=dict)        # key -> file that set it (config --show)
    fix: dict = field(default_factory=dict)            # house wording for --fix: key -> text | {lang: text}

    def rule_settings(self, rel_path: str | None = None) -> dict:
        """Rule switches for one file: base `rules:` then matching `overrides:`."""
        out = dict(self.rules)
        if rel_path is not None:
            for ov in self.overrides:
                if any(_glob(rel_path, g) for g in ov.get("files", [])):
                    out.update(ov.get("rules") or {})
        return out

    def relpath(self, file: str | None) -> str | None:
        if not file:
            return None
        try:
            return Path(os.path.relpath(os.path.abspath(file), self.base)).as_posix()
        except ValueError:
            return None

    def excluded(self, file: str) -> bool:
        rel = self.relpath(file)
        return rel is not None and any(_glob(rel, g) for g in self.exclude)


def _glob(rel: str, pattern: str) -> bool:
    """`**` spans folders; a pattern without `/` matches the file name too."""
    if fnmatch.fnmatch(rel, pattern):
        return True
    if pattern.endswith("/**") and (rel + "/").startswith(pattern[:-2]):
        return True
    if "/" not in pattern and fnmatch.fnmatch(rel.rsplit("/", 1)[-1], pattern):
        return True
    return False


def _read(path: Path) -> dict:
    import yaml
    from .limits import MAX_CONFIG_SIZE, YAMLTooLarge, load_yaml, read_file
    try:
        text = read_file(str(path), MAX_CONFIG_SIZE).decode("utf-8")
        if path.name == "pyproject.toml":
            try:
                import tomllib
            except ImportError:      # Python 3.10: no stdlib TOML parser
                return {}
            data = tomllib.loads(text).get("tool", {}).get("provenance", {})
        else:
            data = load_yaml(text)
    except UnicodeDecodeError as e:
        raise ConfigError(f"{path}: not UTF-8 text: {e.reason} at byte {e.start}") from None
    except YAMLTooLarge as e:
        raise ConfigError(f"{path}: {e}") from None
    except OSError as e:
        raise ConfigError(f"{path}: cannot read config: {e.strerror}") from None
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        where = f":{mark.line + 1}" if mark else ""
        raise ConfigError(f"{path}{where}: invalid YAML: {getattr(e, 'problem', e)}") from None
    except ValueError as e:   # TOML
        raise ConfigError(f"{path}: invalid TOML: {e}") from None
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise ConfigError(f"{path}: config must be a mapping of keys, got {type(data).__name__}")
    return data


def _line_of(path: Path, key: str) -> str:
    try:
        from .limits import MAX_CONFIG_SIZE, read_file
        for i, line in enumerate(read_file(str(path), MAX_CONFIG_SIZE).decode("utf-8", "replace").splitlines(), 1):
            if line.lstrip().startswith(f"{key}:") or line.lstrip().startswith(f"{key} "):
                return f":{i}"
    except OSError:
        pass
    return ""


def schema_path() -> Path:
    """The JSON Schema of `.provenance.yaml`, shipped in the package (editors use it too)."""
    return Path(__file__).resolve().parent / "schemas" / "config.schema.json"


def schema_url() -> str:
    """Where editors find the schema (`# yaml-language-server: $schema=…`): the
    project's repository ([project.urls]), else the installed file."""
    from . import project_url
    repository = project_url("Repository")
    if repository and repository.startswith("https://github.com/"):
        return f"{repository}/raw/main/provenance/schemas/config.schema.json"
    return schema_path().as_uri()


def validate(data: dict, path: Path) -> None:
    """Check a config's shape against the schema; the first problem becomes one
    ConfigError line naming the file, the line and the key. A config already
    found valid (same bytes, same schema) is remembered in the user cache, so
    a plain check does not import jsonschema every time."""
    import hashlib
    import json
    from .usercache import folder
    schema_text = schema_path().read_bytes()
    digest = hashlib.sha256(schema_text + b"\0" + json.dumps(data, sort_keys=True, default=str).encode()).hexdigest()
    marker = Path(folder()) / "config-valid" / digest[:32]
    if marker.exists():
        return
    import jsonschema
    validator = jsonschema.Draft202012Validator(json.loads(schema_text))
    errors = sorted(validator.iter_errors(data), key=lambda e: (len(e.absolute_path), list(map(str, e.absolute_path))))
    if errors:
        raise ConfigError(_describe(errors[0], path))
    try:
        marker.parent.mkdir(parents=True, exist_ok=True)
        marker.touch()
    except OSError:
        pass


def _describe(error, path: Path) -> str:
    """`file:line: key 'a.b': what is wrong` for one jsonschema error."""
    if error.context:             # oneOf/anyOf: the branch that got furthest says more
        deeper = max(error.context, key=lambda e: len(e.absolute_path))
        if len(deeper.absolute_path) > len(error.absolute_path):
            return _describe(deeper, path)
    keys = [str(k) for k in error.absolute_path]
    instance = error.instance
    if error.validator == "additionalProperties" and isinstance(instance, dict):
        allowed = set(error.schema.get("properties") or {})
        extra = next((str(k) for k in instance if k not in allowed), None)
        if extra is not None:
            keys.append(extra)
            known = f" (known: {', '.join(sorted(allowed))})" if allowed else ""
            return f"{path}{_line_of(path, extra)}: unknown key '{'.'.join(keys)}'{known}"
    if error.validator == "required":
        missing = next((k for k in error.validator_value if k not in (instance or {})), "?")
        return f"{path}{_line_of(path, keys[-1] if keys else missing)}: key '{'.'.join(keys)}' needs '{missing}'"
    line = _line_of(path, next((k for k in reversed(keys) if not k.isdigit()), "")) if keys else ""
    what = error.schema.get("description")
    kind, value = error.validator, error.validator_value
    expected = None
    if kind == "type":
        expected = f"expected {_types(value)}"
    elif kind == "enum":
        expected = "expected one of " + ", ".join(map(str, value or []))
    elif kind == "minimum":
        expected = f"expected at least {value}"
    elif kind == "minLength":
        expected = "expected a non-empty text"
    elif kind in ("oneOf", "anyOf"):
        expected = "expected " + " or ".join(
            _types(s["type"]) if "type" in s else "one of " + ", ".join(map(str, s.get("enum", [])))
            for s in value)
    shown = repr(instance) if not isinstance(instance, (dict, list)) else type(instance).__name__
    message = f"{shown}: {expected}" if expected else error.message
    return f"{path}{line}: key '{'.'.join(keys) or '(top)'}': {message}" + (f" ({what})" if what and
                                                                              len(what) < 80 else "")


def _types(value) -> str:
    names = {"string": "a text", "integer": "a whole number", "number": "a number", "boolean": "true or false",
             "array": "a list", "object": "a mapping", "null": "nothing"}
    values = value if isinstance(value, list) else [value]
    return " or ".join(names.get(v, str(v)) for v in values)


def _merge(cfg: Config, data: dict, path: Path, known_rules: set | None) -> None:
    base = path.parent
    src = str(path)
    rules = data.get("rules") or {}
    for rid, val in rules.items():
        cfg.rules[rid] = _rule_value(path, f"rules.{rid}", val)
        cfg.origins[f"rules.{rid}"] = src
        if known_rules is not None and rid not in known_rules:
            raise ConfigError(f"{path}{_line_of(path, rid)}: key 'rules.{rid}': unknown rule id '{rid}'")
    for ov in data.get("overrides") or []:
        if not isinstance(ov, dict) or "files" not in ov:
            raise ConfigError(f"{path}: key 'overrides': each entry needs 'files' and 'rules'")
        files = ov["files"] if isinstance(ov["files"], list) else [ov["files"]]
        cfg.overrides.append({"files": files, "rules": {k: _rule_value(path, f"overrides.rules.{k}", v)
                                                        for k, v in (ov.get("rules") or {}).items()}})
    for key in ("phrases", "rule_files"):
        vals = data.get(key) or []
        if isinstance(vals, str):
            vals = [vals]
        getattr(cfg, key).extend(str((base / v).resolve()) for v in vals)
        if vals:
            cfg.origins[key] = src
    if data.get("trust_anchors"):
        cfg.trust_anchors = str((base / str(data["trust_anchors"])).resolve())
        cfg.origins["trust_anchors"] = src
    if data.get("site_root"):
        cfg.site_root = str((base / str(data["site_root"])).resolve())
        cfg.origins["site_root"] = src
    if "archive_age_days" in data:
        cfg.policy["archive_age_days"] = data["archive_age_days"]
        cfg.origins["archive_age_days"] = src
    if "max_file_size" in data:
        cfg.max_file_size = int(data["max_file_size"])
    if data.get("exclude"):
        ex = data["exclude"]
        cfg.exclude.extend([ex] if isinstance(ex, str) else ex)
        cfg.origins["exclude"] = src
    pol = data.get("policy") or {}
    for k, v in pol.items():
        cfg.policy[k] = v
        cfg.origins[f"policy.{k}"] = src
    if pol.get("require_c2pa"):
        cfg.rules.setdefault("manifest-required", True)
    _merge_fix(cfg, data.get("fix"), path)
    dec = data.get("declare") or {}
    for glob, vals in (dec.get("paths") or {}).items():
        cfg.declare_paths[glob] = (_declare_values(path, f"declare.paths.{glob}", vals), src, base)
    for dom, vals in (dec.get("sources") or {}).items():
        cfg.declare_sources[str(dom).lower().removeprefix("www.")] = (
            _declare_values(path, f"declare.sources.{dom}", vals), src)


def _merge_fix(cfg: Config, fix, path) -> None:
    """`fix:` — the house wording `check --fix` inserts: each key a text for
    every language or a mapping language -> text; `credit` needs `{credit}`."""
    if fix is None:
        return
    if not isinstance(fix, dict):
        raise ConfigError(f"{path}: key 'fix' must be a mapping (notice, credit, archive_label, ...)")
    for key, value in fix.items():
        where = f"{path}{_line_of(path, key)}: key 'fix.{key}'"
        if key not in FIX_KEYS:
            raise ConfigError(f"{where}: unknown (known: {', '.join(sorted(FIX_KEYS))})")
        if key == "notice_position":
            if value not in ("start", "end"):
                raise ConfigError(f"{where}: '{value}' is not one of start, end")
        elif isinstance(value, dict):
            for lang, text in value.items():
                if not isinstance(text, str) or not text.strip():
                    raise ConfigError(f"{where}.{lang}: expected a text")
                if key == "credit" and "{credit}" not in text:
                    raise ConfigError(f"{where}.{lang}: must contain {{credit}}")
            value = {str(k).lower(): v for k, v in value.items()}
        elif not isinstance(value, str) or not value.strip():
            raise ConfigError(f"{where}: expected a text or a mapping of language to text")
        elif key == "credit" and "{credit}" not in value:
            raise ConfigError(f"{where}: must contain {{credit}}")
        cfg.fix[key] = value
        cfg.origins[f"fix.{key}"] = str(path)


def _rule_value(path, key, val):
    if val is False or val in ("off", "false", "disable", "disabled"):
        return False
    if val is True or val in ("on", "true", "enable", "enabled"):
        return True
    if isinstance(val, str) and val in ("error", "warning", "info"):
        return {"severity": val}
    if isinstance(val, dict):
        sev = val.get("severity")
        if sev is not None and sev not in ("error", "warning", "info"):
            raise ConfigError(f"{path}{_line_of(path, key.rsplit('.', 1)[-1])}: key '{key}.severity': "
                              f"'{sev}' is not one of error, warning, info")
        return val
    raise ConfigError(f"{path}: key '{key}': expected off/on, a severity or {{severity: ...}}")


def _declare_values(path, key, vals) -> dict:
    if not isinstance(vals, dict):
        raise ConfigError(f"{path}: key '{key}': expected a mapping like {{ai: generated}}")
    for k, v in vals.items():
        if k not in DECLARE_KEYS:
            raise ConfigError(f"{path}{_line_of(path, k)}: key '{key}.{k}': unknown signal "
                              f"(known: {', '.join(sorted(DECLARE_KEYS))})")
        if k == "ai" and declared_value(k, v) not in AI_VALUES:
            raise ConfigError(f"{path}: key '{key}.ai': '{v}' is not one of generated, assisted, none")
    return {k: declared_value(k, v) for k, v in vals.items()}


def _preset_path(name: str) -> Path:
    from .ruleset import rules_dir
    return rules_dir() / "presets" / f"{name}.yaml"


def load(path: str | Path, known_rules: set | None = None, _seen=None) -> Config:
    """Load one config file, following `extends:` (presets or paths) first."""
    path = Path(path).resolve()
    seen = _seen or set()
    if path in seen:
        raise ConfigError(f"{path}: key 'extends': cycle")
    seen.add(path)
    data = _read(path)
    validate(data, path)          # the shape (keys, types, values): schemas/config.schema.json
    ext = data.get("extends")
    exts = [ext] if isinstance(ext, str) else (ext or [])
    cfg = Config()
    for e in exts:
        if e in PRESETS:
            parent = load(_preset_path(e), known_rules, seen)
        else:
            p = (path.parent / e)
            if not p.exists():
                raise ConfigError(f"{path}{_line_of(path, 'extends')}: key 'extends': '{e}' is neither a "
                                  f"preset ({', '.join(PRESETS)}) nor an existing file")
            parent = load(p, known_rules, seen)
        _inherit(cfg, parent)
    _merge(cfg, data, path, known_rules)
    cfg.path, cfg.base = str(path), str(path.parent)
    return cfg


def _inherit(cfg: Config, parent: Config) -> None:
    cfg.rules.update(parent.rules)
    cfg.overrides += parent.overrides
    cfg.phrases += parent.phrases
    cfg.rule_files += parent.rule_files
    cfg.trust_anchors = parent.trust_anchors or cfg.trust_anchors
    cfg.site_root = parent.site_root or cfg.site_root
    cfg.exclude += parent.exclude
    cfg.declare_paths.update(parent.declare_paths)
    cfg.declare_sources.update(parent.declare_sources)
    cfg.policy.update(parent.policy)
    cfg.max_file_size = parent.max_file_size
    cfg.origins.update(parent.origins)
    cfg.fix.update(parent.fix)


# `[tool.provenance]` or any sub-table such as `[tool.provenance.declare.paths]`
# (valid TOML without the bare parent header).
_PYPROJECT_TABLE = re.compile(r"^[ \t]*\[[ \t]*tool[ \t]*\.[ \t]*provenance[ \t]*[\].]", re.M)


def find_config_file(start: str) -> Path | None:
    """Closest `.provenance.yaml`/`.yml` or pyproject with [tool.provenance] upward."""
    d = Path(start).resolve()
    if d.is_file() or not d.exists():
        d = d.parent
    for folder in [d, *d.parents]:
        for name in CONFIG_NAMES:
            p = folder / name
            if p.is_file():
                return p
        pp = folder / "pyproject.toml"
        if pp.is_file():
            try:
                from .limits import MAX_CONFIG_SIZE, read_file
                if _PYPROJECT_TABLE.search(read_file(str(pp), MAX_CONFIG_SIZE).decode("utf-8", "replace")):
                    return pp
            except OSError:
                pass
    return None


class Configs:
    """Per-run config lookup, cached per folder."""

    def __init__(self, explicit: str | None = None, known_rules: set | None = None):
        self.known_rules = known_rules
        self.explicit = load(explicit, known_rules) if explicit else None
        self._by_dir: dict[str, Config] = {}
        self._by_file: dict[Path, Config] = {}

    def for_file(self, file: str | None) -> Config:
        if self.explicit is not None:
            return self.explicit
        d = os.path.dirname(os.path.abspath(file)) if file else os.getcwd()
        if d not in self._by_dir:
            p = find_config_file(d if file else os.getcwd())
            if p is None:
                cfg = Config(base=os.getcwd())
            else:
                if p not in self._by_file:
                    self._by_file[p] = load(p, self.known_rules)
                cfg = self._by_file[p]
            self._by_dir[d] = cfg
        return self._by_dir[d]


def apply_declared(article: Article, cfg: Config, cli: dict) -> None:
    """Merge declared signals: CLI > the article's own metadata > config."""
    from .signals import domain
    for glob, (vals, src, base) in cfg.declare_paths.items():
        r = Path(os.path.relpath(os.path.abspath(article.file), base)).as_posix() if article.file else None
        if r is not None and _glob(r, glob):
            for k, v in vals.items():
                article.declared.setdefault(k, Declared(v, f"config {Path(src).name} paths '{glob}'"))
    if cfg.declare_sources:
        doms = []
        if article.source_line is not None:
            doms.append(domain(article.source_line.outlet))
        srcv = article.declared.get("source") or (Declared(cli["source"], "") if "source" in cli else None)
        if srcv is not None:
            doms.append(domain(str(srcv.value)))
        doms += [domain(u) for u in article.based_on]
        if article.canonical:
            doms.append(domain(article.canonical))
        for d in filter(None, doms):
            for key, (vals, src) in cfg.declare_sources.items():
                if d == key or d.endswith("." + key):
                    for k, v in vals.items():
                        article.declared.setdefault(k, Declared(v, f"config {Path(src).name} sources '{key}'"))
    for k, v in cli.items():
        article.declared[k] = Declared(v, "--declare")


def parse_declare(items: list[str]) -> dict:
    """`--declare KEY=VALUE` list -> dict, validated."""
    out = {}
    for item in items or []:
        if "=" not in item:
            raise ConfigError(f"--declare {item}: expected KEY=VALUE")
        k, v = item.split("=", 1)
        k, v = k.strip().lower(), v.strip()
        if k not in DECLARE_KEYS:
            raise ConfigError(f"--declare {item}: unknown key '{k}' (known: {', '.join(sorted(DECLARE_KEYS))})")
        if k == "ai" and v.lower() not in AI_VALUES:
            raise ConfigError(f"--declare {item}: ai must be generated, assisted or none")
        if k in ("reviewed", "aggregated") and v.lower() not in ("true", "false", "yes", "no", "1", "0"):
            raise ConfigError(f"--declare {item}: {k} must be true or false")
        if k == "published":
            import re
            if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", v):
                raise ConfigError(f"--declare {item}: published must be YYYY-MM-DD")
        out[k] = declared_value(k, v)
    return out


STARTER = """\
# provenance configuration — the closest .provenance.yaml upward from a checked
# file wins. Relative paths and globs are relative to this file.

# Start from a built-in preset: eu-ai-act (legal minimum: reviewed AI text is
# exempt), pressekodex (German press code), strict (AI-assisted text needs a
# notice too; metadata-only credits are errors). Or a path to another config.
# extends: eu-ai-act

# Switch rules off or change their severity (`provenance rules` lists the ids).
rules:
  # archive-label-on-new-image: {severity: error}
  # manifest-required: on

# Per-path rule settings.
# overrides:
#   - files: ["archive/**"]
#     rules: {archive-image-unlabelled: off}

# Extra phrase packs (house wording) and rule files.
# phrases: [house-phrases.yaml]
# rule_files: [house-rules.yaml]

# Trust anchors (PEM) for C2PA signatures; none ship by default.
# trust_anchors: certs/newsroom-ca.pem

# How old (days before the article date) an image may be without an archive label.
archive_age_days: 365

# Paths never checked.
exclude: ["drafts/**"]

# What the checker cannot see from the text: per path glob or per source domain.
# The article's own metadata and --declare on the command line take precedence.
declare:
  paths:
    # "wire/**": {aggregated: true}
  sources:
    # upday.com: {ai: generated}

# Policy knobs.
policy:
  notice_for: [generated]      # add 'assisted' to require notices on AI-assisted text
  notice_position: anywhere    # anywhere | top | bottom
  # require_c2pa: true
  # required_source_types: [digitalCapture]
  # allowed_signers: ["Newsroom Photo Desk"]

# House wording `provenance check --fix` inserts (defaults: the phrase pack of
# the article's language). A text for every language, or one per language.
# fix:
#   notice: {de: "Dieser Text wurde mit KI erstellt und redaktionell geprüft."}
#   credit: "Foto: {credit}"
#   notice_position: end         # end | start
"""
