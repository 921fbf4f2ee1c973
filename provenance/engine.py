"""Article + rules -> FileResult. Pure: no I/O, no file formats."""
from __future__ import annotations

from datetime import date

from .article import Article
from .checks import CHECKS, FAILED, INCOMPLETE, PASSED, Context
from .phrases import PhraseBook
from .result import FileResult, Finding
from .ruleset import Rule
from .signals import Facts, derive

_ORDER = {"error": 0, "warning": 1, "info": 2}


def check_article(article: Article, rules: list[Rule], book: PhraseBook, policy: dict | None = None,
                  *, severity: dict | None = None, trust_anchors: bool = False,
                  today: str | None = None, known_rules: set | None = None,
                  report_unused_suppressions: bool = False) -> FileResult:
    """Run every enabled rule on one article and collect the four outcomes."""
    policy = policy or {}
    res = FileResult(path=article.path, format=article.format)
    facts = derive(book, article) if article.checked else None
    ctx = Context(article=article, facts=facts if facts is not None else Facts(), book=book, policy=policy,
                  today=today or date.today().isoformat(), trust_anchors=trust_anchors,
                  severity=severity or {})
    outcomes: dict[str, str] = {}
    findings: list[Finding] = []
    checks = [(rule, CHECKS[rule.check]) for rule in rules]
    for rule, check in checks:
        if check.after_suppressions or not article.checked and not check.on_unread:
            continue
        outcome, found = check.run(ctx, rule)
        outcomes[rule.id] = outcome
        findings += found

    findings, suppressed, ctx.suppression_problems = _apply_suppressions(
        article, findings, known_rules or {r.id for r in rules}, report_unused_suppressions)
    for rule, check in checks:
        if check.after_suppressions and (article.checked or check.on_unread):
            outcome, found = check.run(ctx, rule)
            outcomes[rule.id] = outcome
            findings += found

    # a failed rule whose findings were all suppressed now passes
    left = {f.rule for f in findings}
    for rid, oc in outcomes.items():
        if oc in (FAILED, INCOMPLETE) and rid not in left:
            outcomes[rid] = PASSED
        elif oc == FAILED and all(f.severity == "info" for f in findings if f.rule == rid):
            outcomes[rid] = INCOMPLETE
    for rid, oc in outcomes.items():
        res.rules[oc].append(rid)

    findings.sort(key=lambda f: (f.location.line or 0, f.location.column or 0, _ORDER[f.severity], f.rule))
    res.findings = findings
    res.suppressed = [dict(f.as_dict(), reason=reason) for f, reason in suppressed]
    if not article.checked:
        # skipped with an info (JSON/XML that is no article) is not an error
        res.status = "error" if any(p.severity == "error" for p in article.problems) else "pass"
    elif any(f.severity in ("error", "warning") for f in findings):
        res.status = "fail"
    else:
        res.status = "pass"
    res.signals = _signals(article, facts)
    res.meta = {"outlet": (facts.outlet if facts else None) or None,
                "section": article.section, "published": facts.published if facts else None,
                "file": article.file,
                "images": sorted({i.file for i in article.images if i.file})}
    return res


def _signals(article: Article, facts) -> dict:
    s: dict[str, object] = {"language": article.language}
    if facts is None:
        return s
    s.update({"ai": facts.ai, "aggregated": facts.aggregated})
    if facts.reviewed:
        s["reviewed"] = True
    if facts.ai_origin:
        s["ai_origin"] = facts.ai_origin
    if facts.aggregated_origin and facts.aggregated:
        s["aggregated_origin"] = facts.aggregated_origin
    if facts.published:
        s["published"] = facts.published
    if facts.wire:
        s["wire_copy"] = facts.wire
    if facts.notice_looked_for and facts.notice:   # only where a rule needed it
        s["notice"] = facts.notice.block.text[facts.notice.match.start:facts.notice.match.end]
    return s


def _apply_suppressions(article: Article, findings: list[Finding], known: set, report_unused: bool):
    from .suppressions import apply
    if not article.suppressions:
        return findings, [], []
    return apply(article.suppressions, findings, known, report_unused)
