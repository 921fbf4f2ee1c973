"""Findings → what to insert, where (no file format here).

A finding is fixed only where the text to add is known without a human
decision:

| check | fixed when | inserted |
|---|---|---|
| `image-credit` (want: metadata-only) | the credit exists in IPTC/XMP or JSON-LD and the picture is not AI-made | the house credit format (`Foto: {credit}`) in the picture's caption |
| `archive-label` (want: missing) | the picture's date makes it an archive picture | the archive label (`(Archivbild)`) appended to its caption |
| `ai-image-label` | the picture's provenance says AI | the AI-image label (`KI-generiertes Bild.`) in its caption |
| `ai-notice` | AI text with no notice at all | the house notice, at the end of the body (or the start) |
| `source-link` | aggregated copy, `source=URL` declared | the go-to-original link text linked to that URL |

Never fixed: a missing credit (who took the photo?), a misplaced notice,
an unverifiable plain-text link, contradictions between label and
provenance, anything `info` ("needs review").
"""
from __future__ import annotations

from dataclasses import dataclass, field

# (check, params.want) -> how `--fix` repairs it; printed by `provenance explain`.
FIXES = {
    ("image-credit", "metadata-only"):
        "`--fix` shows the metadata credit in the picture's caption in the house format of the "
        "article's language (pack `fix.credit`, e.g. `Foto: {credit}`, `Photo: {credit}`, "
        "`Fot. {credit}`; config `fix.credit`). ninjs gets a `byline`/`by`, NewsML-G2 a "
        "`creditline`. Not for AI pictures (a photo label would contradict their provenance).",
    ("archive-label", "missing"):
        "`--fix` appends the archive label of the article's language to the picture's caption "
        "(pack `fix.archive_label`, e.g. `(Archivbild)`, `(File photo)`, `(Zdjęcie archiwalne)`; "
        "config `fix.archive_label`).",
    ("ai-image-label", None):
        "`--fix` adds the AI-image label of the article's language to the picture's caption "
        "(pack `fix.ai_image_label`, e.g. `KI-generiertes Bild.`; config `fix.ai_image_label`).",
    ("ai-notice", None):
        "`--fix` adds the house notice (config `fix.notice` per language, default the pack's "
        "`fix.notice`) as its own paragraph at the end of the body (config "
        "`fix.notice_position: start` puts it first). A notice that is present but misplaced, "
        "or a reviewed text reported as exempt, is left to a person.",
    ("source-link", None):
        "`--fix` adds the go-to-original link text (pack `fix.go_to_original` in the language of "
        "the aggregator's source line, else the article's; e.g. `Idź do oryginalnego materiału`) "
        "linked to the URL declared with `source=` (`--declare`, front matter, config). Without a "
        "declared source, which page is the original is a person's call.",
}

class Refused(Exception):
    """An intent a format's editor will not carry out; the message says why."""


def make_edits(intents, one, picture, parts=None) -> tuple[list, list]:
    """(edits, refused) for one file: `one(intent)` gives the edits of a
    notice or source link, `picture(group)` those of one picture's caption
    intents (`parts(group)` may split a picture's intents into groups edited
    apart); a `Refused` refuses that intent, or that group, with its reason."""
    edits: list = []
    refused: list = []
    groups, rest = by_picture(intents)
    for intent in rest:
        try:
            edits += one(intent)
        except Refused as e:
            refused.append((intent, str(e)))
    for group in groups:
        for part in (parts(group) if parts else [group]):
            try:
                edits += picture(part)
            except Refused as e:
                refused += [(i, str(e)) for i in part]
    return edits, refused


def by_picture(intents) -> tuple[list[list], list]:
    """Caption intents grouped per picture (one insertion carries all of a
    picture's labels), and the other intents in their order."""
    groups: dict[int, list] = {}
    rest = []
    for intent in intents:
        if intent.kind == "caption":
            groups.setdefault(id(intent.image), []).append(intent)
        else:
            rest.append(intent)
    return list(groups.values()), rest


WORDING_KEYS = ("credit", "archive_label", "ai_image_label", "notice", "go_to_original")


def fix_of(rule) -> str | None:
    """How `--fix` repairs this rule, or None (not fixable)."""
    want = (rule.params or {}).get("want")
    return FIXES.get((rule.check, want)) or FIXES.get((rule.check, None))


@dataclass
class Intent:
    """One insertion to make. kind: caption | notice | source-link."""

    kind: str
    finding: object
    text: str                       # the wording to add (plain text)
    image: object = None            # article.Image for captions
    url: str | None = None          # source-link target
    field: str = ""                 # caption part: credit | archive_label | ai_image_label
    credit: str | None = None       # the bare metadata credit (structured credit fields)


@dataclass
class Plan:
    intents: list[Intent] = field(default_factory=list)
    refused: list[tuple[object, str]] = field(default_factory=list)   # (finding, why)


class House:
    """The house wording: config `fix:` first, then the phrase packs."""

    def __init__(self, book, config: dict | None = None, policy: dict | None = None):
        self.book = book
        self.config = config or {}
        self.policy = policy or {}

    def get(self, key: str, lang: str | None) -> str | None:
        value = self.config.get(key)
        if isinstance(value, str):
            return value
        if isinstance(value, dict) and lang and value.get(lang):
            return value[lang]
        return self.book.wording(key, lang) if lang else None

    @property
    def notice_position(self) -> str:
        """`fix.notice_position`, else where the policy wants the notice
        (`policy.notice_position: top` → start), else the end of the body."""
        if self.config.get("notice_position"):
            return self.config["notice_position"]
        return "start" if self.policy.get("notice_position") == "top" else "end"


def _lang(code: str | None) -> str | None:
    return code.split("-", 1)[0].lower() if code else None


def plan(article, result, facts, rules: dict, house: House, only: list[str] | None = None) -> Plan:
    """What to insert for the findings of `result` (findings of rules not
    in `rules` or not named by `only` are left alone)."""
    out = Plan()
    lang = _lang(article.language)
    for finding in result.findings:
        rule = rules.get(finding.rule)
        if rule is None or fix_of(rule) is None:
            continue
        if only and not any(o in (rule.id, rule.category) for o in only):
            continue
        why = _refusal(finding, rule, facts)
        if why:
            out.refused.append((finding, why))
            continue
        intent, why = _intent(finding, rule, article, facts, house, lang)
        if intent is None:
            out.refused.append((finding, why))
        else:
            out.intents.append(intent)
    return out


def _refusal(finding, rule, facts) -> str | None:
    if finding.severity == "info":
        return "reported as info (needs review): a person decides"
    if rule.check == "ai-notice" and facts.notice is not None:
        return "a notice is there but not where the policy wants it: moving text is a person's decision"
    return None


def _image_facts(finding, facts):
    loc = finding.location
    for f in facts.images:
        il = f.image.location
        if (il.line, il.selector, f.image.src or il.image) == (loc.line, loc.selector, loc.image):
            return f
    return None


def _intent(finding, rule, article, facts, house: House, lang):
    check = rule.check
    if check in ("image-credit", "archive-label", "ai-image-label"):
        f = _image_facts(finding, facts)
        if f is None:
            return None, "could not tell which picture the finding is about"
        if check == "image-credit":
            if f.ai or f.metadata_credit is None:
                return None, ("an AI picture: a photo credit label would contradict its provenance"
                              if f.ai else "no metadata credit to show")
            fmt = house.get("credit", lang)
            if not fmt or "{credit}" not in fmt:
                return None, _no_wording("credit", lang)
            credit = " ".join(f.metadata_credit[0].split())
            return Intent("caption", finding, fmt.replace("{credit}", credit), image=f.image,
                          field="credit", credit=credit), None
        key = "archive_label" if check == "archive-label" else "ai_image_label"
        text = house.get(key, lang)
        if not text:
            return None, _no_wording(key, lang)
        return Intent("caption", finding, text, image=f.image, field=key), None
    if check == "ai-notice":
        text = house.get("notice", lang)
        if not text:
            return None, _no_wording("notice", lang)
        return Intent("notice", finding, text), None
    if check == "source-link":
        declared = article.declared.get("source")
        url = str(declared.value).strip() if declared is not None and declared.value else ""
        if not url.startswith(("http://", "https://")):
            return None, "no source=URL declared: which page is the original is a person's call"
        link_lang = _source_line_language(article, house) or lang
        text = house.get("go_to_original", link_lang)
        if not text:
            return None, _no_wording("go_to_original", link_lang)
        return Intent("source-link", finding, text, url=url), None
    return None, "no fix for this check"


def _source_line_language(article, house: House) -> str | None:
    """The aggregator shell's language: that of the source line's time
    phrase (`1 godzina temu` → pl), when the article has a source line."""
    sl = article.source_line
    if sl is None:
        return None
    for kind in ("relative_time", "absolute_time"):
        m = house.book.search(kind, sl.time)
        if m is not None and m.lang not in (None, "common"):
            return _lang(m.lang)
    return None


def _no_wording(key: str, lang: str | None) -> str:
    return (f"no house wording '{key}' for language '{lang}' (set fix.{key}.{lang} in the config)"
            if lang else f"article language unknown (use --lang or set fix.{key} in the config)")
