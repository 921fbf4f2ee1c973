"""Inline suppressions: how they are written, what they cover, which findings they hide.

Forms (docs/design.md#suppressions), in an HTML/Markdown comment or a
plain-text line of their own:

    provenance: ignore[rule-or-category, …] reason="…"        the next element / next line
    provenance: ignore-start[rule, …] reason="…"  …  provenance: ignore-end    a range
    provenance: ignore-file[rule, …] reason="…"               the whole file

Readers call `parse` on a comment's text and store the result on the
article; `resolve_lines` gives "next" and range suppressions their lines
where the reader did not (plain text, Markdown); the engine calls `apply`.
"""
from __future__ import annotations

import re

from .article import Location, Suppression

# anything that looks meant for us: a comment starting with "provenance:" (or "provenance-ignore")
# (Each run of spaces is matched in one place only: `\s*(?:#)?\s*` and
# `\s*(?:[…])?\s*(?:…)?\s*$` tried every split of a long run, #16.)
_MENTION = re.compile(r"^\s*(?:(?:#|//)\s*)?provenance\s*(?::|-ignore)", re.I)
_FORM = re.compile(
    r"""^\s*(?:(?:\#|//)\s*)?provenance\s*:\s*
        (?P<kind>ignore(?:-start|-end|-file)?)
        (?:\s*\[(?P<rules>[^\]]*)\])?
        (?:\s*reason\s*=\s*(?:"(?P<q1>[^"]*)"|“(?P<q2>[^”]*)”|'(?P<q3>[^']*)'|(?P<bare>\S(?:.*\S)?)))?
        \s*$""", re.I | re.X | re.S)


def mentions(text: str) -> bool:
    return bool(_MENTION.match(text or ""))


def parse(text: str, line: int | None, end_line: int | None = None) -> list[Suppression]:
    """The suppressions one comment (or text line) holds. Text that is meant
    for provenance but does not follow the grammar gives one suppression of
    kind "malformed" whose `problem` says why (an `input` warning)."""
    if not mentions(text):
        return []
    where = Location(line=line, column=1 if line else None)
    m = _FORM.match(text.strip().removesuffix("-->").strip())
    if not m:
        return [Suppression(rule="", reason=None, location=where, kind="malformed",
                            problem=f"cannot read suppression '{' '.join(text.split())[:80]}' "
                                    '(write provenance: ignore[rule-id] reason="why")')]
    kind = {"ignore": "next", "ignore-start": "start", "ignore-end": "end",
            "ignore-file": "file"}[m.group("kind").lower()]
    reason = next((m.group(g) for g in ("q1", "q2", "q3", "bare") if m.group(g) is not None), None)
    reason = reason.strip() if reason and reason.strip() else None
    rules = [r.strip().strip("\"'") for r in (m.group("rules") or "").split(",")]
    rules = [r for r in rules if r]
    if kind == "end":
        return [Suppression(rule=r, reason=reason, location=where, kind="end", last=end_line or line)
                for r in rules or ["*"]]
    if not rules:
        return [Suppression(rule="", reason=None, location=where, kind="malformed",
                            problem=f"suppression names no rule (write provenance: "
                                    f"{m.group('kind').lower()}[rule-id] reason=\"why\")")]
    return [Suppression(rule=r, reason=reason, location=where, kind=kind,
                        first=line if kind == "start" else None, last=end_line or line) for r in rules]


def pair_ranges(supps: list[Suppression]) -> list[Suppression]:
    """Match each ignore-start with the next ignore-end (of the same rule, or
    a bare ignore-end) into one "range"; unmatched ends/starts become problems."""
    out: list[Suppression] = []
    open_: list[Suppression] = []
    for s in sorted(supps, key=lambda s: (s.location.line or 0)):
        if s.kind == "start":
            open_.append(s)
        elif s.kind == "end":
            hit = [o for o in open_ if s.rule in ("*", o.rule)]
            if not hit:
                out.append(Suppression(rule="", reason=None, location=s.location, kind="malformed",
                                       problem="provenance: ignore-end without an ignore-start before it"))
            for o in hit:
                open_.remove(o)
                o.kind, o.last = "range", s.last or s.location.line
                out.append(o)
        else:
            out.append(s)
    for o in open_:
        out.append(Suppression(rule=o.rule, reason=o.reason, location=o.location, kind="malformed",
                               problem=f"provenance: ignore-start[{o.rule}] has no ignore-end after it "
                                       "(it covers nothing)"))
    return out


def resolve_lines(supps: list[Suppression], lines: list[str], *, block: bool) -> list[Suppression]:
    """Give "next" suppressions without a range the lines they cover: the next
    non-blank line (plain text) or the next block up to a blank line
    (Markdown, `block=True`); pair ranges."""
    for s in supps:
        if s.kind != "next" or s.first is not None:
            continue
        after = s.last or s.location.line or 0
        n = after + 1
        while n <= len(lines) and not lines[n - 1].strip():
            n += 1
        if n > len(lines):
            s.first, s.last = n, n          # nothing follows: covers nothing
            continue
        end = n
        if block:
            while end < len(lines) and lines[end].strip():
                end += 1
        s.first, s.last = n, end
    return pair_ranges(supps)


def covers(s: Suppression, finding) -> bool:
    if s.kind == "file":
        return True
    loc = finding.location
    if s.kind == "next" and s.selector and loc.selector:
        return loc.selector == s.selector or loc.selector.startswith((s.selector + " ", s.selector + ">"))
    if s.kind in ("next", "range") and loc.line and s.first is not None and s.last is not None:
        return s.first <= loc.line <= s.last
    return False


CATEGORY_NAMES = ("ai-disclosure", "ai-image", "photo-credit", "archive-label", "source-link",
                  "manifest", "input")


def apply(suppressions: list[Suppression], findings: list, known: set, report_unused: bool):
    """(kept findings, [(finding, reason)] suppressed, [(location, problem)])."""
    problems, kept, hidden, used = [], [], [], set()
    usable = [(i, s) for i, s in enumerate(suppressions) if s.kind in ("next", "range", "file") and s.reason]
    for f in findings:
        unsuppressable = f.category == "input" and f.rule != "input-suppression" and f.severity == "error"
        hit = None if unsuppressable else next(
            (i for i, s in usable if s.rule in (f.rule, f.category) and covers(s, f)), None)
        if hit is None:
            kept.append(f)
        else:
            used.add(hit)
            hidden.append((f, suppressions[hit].reason))
    for i, s in enumerate(suppressions):
        if s.kind == "malformed":
            problems.append((s.location, s.problem))
        elif s.rule not in known and s.rule not in CATEGORY_NAMES:
            problems.append((s.location, f"suppression names unknown rule '{s.rule}'"))
        elif not s.reason:
            problems.append((s.location, f"suppression of '{s.rule}' has no reason (reason=\"…\")"))
        elif report_unused and i not in used:
            problems.append((s.location, f"unused suppression of '{s.rule}'"))
    return kept, hidden, problems
