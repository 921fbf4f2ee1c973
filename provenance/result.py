"""Result types: what the engine returns and every reporter renders."""
from __future__ import annotations

from dataclasses import dataclass, field

from . import __version__
from .article import Location

# severities from the most to the least severe (--fail-on)
FAIL_ORDER = {"error": 0, "warning": 1, "info": 2}

SEVERITIES = ("error", "warning", "info")
CATEGORIES = ("ai-disclosure", "ai-image", "photo-credit", "archive-label",
              "source-link", "manifest", "input")


@dataclass
class Finding:
    rule: str
    category: str
    severity: str
    message: str
    location: Location = field(default_factory=Location)
    evidence: str | None = None
    fix: str | None = None
    fixed: bool = False                   # --fix wrote the fix
    fixable: bool = False                 # --diff shows a fix (not written)
    not_fixed: str | None = None          # --fix/--diff: why a fixable rule's finding was left for a person

    def as_dict(self) -> dict:
        d: dict[str, object] = {"rule": self.rule, "category": self.category, "severity": self.severity,
             "message": self.message, "location": self.location.as_dict(),
             "evidence": self.evidence, "fix": self.fix}
        if self.fixed:
            d["fixed"] = True
        if self.fixable:
            d["fixable"] = True
        if self.not_fixed:
            d["not_fixed"] = self.not_fixed
        return d

    def fingerprint(self, path: str) -> str:
        """Stable across runs and line shifts: rule + path + normalised evidence."""
        import hashlib
        ev = " ".join((self.evidence or self.message).split()).casefold()
        img = self.location.image or ""
        return hashlib.sha256(f"{self.rule}\0{path}\0{img}\0{ev}".encode("utf-8", "surrogatepass")).hexdigest()[:32]


@dataclass
class FileResult:
    path: str
    format: str
    status: str = "pass"                  # pass | fail | error
    signals: dict = field(default_factory=dict)
    findings: list[Finding] = field(default_factory=list)
    rules: dict = field(default_factory=lambda: {"passed": [], "failed": [],
                                                 "incomplete": [], "not_applicable": []})
    meta: dict = field(default_factory=dict)   # not in JSON: source outlet, section, month (audit)
    suppressed: list = field(default_factory=list)  # findings hidden inline: Finding.as_dict() + reason

    def as_dict(self) -> dict:
        d = {"path": self.path, "format": self.format, "status": self.status,
             "signals": self.signals,
             "findings": [f.as_dict() for f in self.findings],
             "rules": self.rules}
        if self.suppressed:
            d["suppressed"] = self.suppressed
        return d

    def suppressed_findings(self) -> list[tuple[Finding, str]]:
        """The suppressed findings as (Finding, reason)."""
        out = []
        for d in self.suppressed:
            loc = Location(**d["location"])
            out.append((Finding(d["rule"], d["category"], d["severity"], d["message"], loc,
                                d.get("evidence"), d.get("fix")), d.get("reason") or ""))
        return out

    def count(self, severity: str) -> int:
        """Findings of this severity still there (not fixed by --fix)."""
        return sum(1 for f in self.findings if f.severity == severity and not f.fixed)


NEEDS_REVIEW = "needs review: "


def needs_review(finding) -> bool:
    """An `info` the checker could not decide (a picture that may be
    editorial): listed for a person, never failing CI."""
    return finding.severity == "info" and finding.message.startswith(NEEDS_REVIEW)


@dataclass
class Report:
    files: list[FileResult] = field(default_factory=list)
    root: str = "."
    extra: dict = field(default_factory=dict)   # baseline stats, audit block ...

    def summary(self) -> dict:
        return {
            "files": len(self.files),
            "checked": sum(1 for f in self.files if f.status != "error"),
            "failed": sum(1 for f in self.files if f.status == "fail"),
            "errors": sum(f.count("error") for f in self.files),
            "warnings": sum(f.count("warning") for f in self.files),
            "infos": sum(f.count("info") for f in self.files),
            "suppressed": sum(len(f.suppressed) for f in self.files),
            "articles": len(self.files),
            "inputs": len({f.path.rpartition("#item-")[0] if "#item-" in f.path else f.path
                           for f in self.files}),
            **({"needs_review": review} if (review := sum(
                1 for f in self.files for x in f.findings if needs_review(x))) else {}),
        }

    def as_dict(self) -> dict:
        d = {"tool": {"name": "provenance", "version": __version__},
             "summary": self.summary(),
             "files": [f.as_dict() for f in self.files]}
        d.update(self.extra)
        return d


def exit_code(report, fail_on: str) -> int:
    """0, 1 or 2 for a finished report (2 wins over 1)."""
    if any(f.status == "error" for f in report.files):
        return 2
    if fail_on == "never":
        return 0
    limit = FAIL_ORDER[fail_on]
    for f in report.files:
        if any(FAIL_ORDER[x.severity] <= limit and not x.fixed for x in f.findings):
            return 1
    return 0
