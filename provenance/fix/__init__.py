"""`provenance check --fix` / `--diff`: insert the missing disclosure where it
belongs, without touching a byte around it.

One file at a time (`fix_file`):

1. read the bytes once and check them as `check` does;
2. `plan` turns the findings whose text is known (metadata credit, archive
   label, AI-image label, house notice, go-to-original link to a declared
   source) into intents; everything needing a person stays a finding;
3. the format's editor (`text`, `html`, `ninjs`, `newsml`) finds the
   insertion points in the source as written and returns pure insertions;
4. the new bytes are checked again: every fixed rule must have lost exactly
   the fixed findings and no rule may gain one — else nothing is changed;
5. `--diff` prints a unified diff; `--fix` writes atomically (`write`).

Feeds, images and stdin are never edited.
"""
from __future__ import annotations

import difflib
import os
from collections import Counter
from dataclasses import dataclass, field

from .plan import FIXES, House, Plan, fix_of, plan   # noqa: F401  (public API)

EDITABLE = ("text", "markdown", "html", "ninjs", "newsml")


BYTEWISE = "bytewise"      # a single-byte page read as the reader reads it: offsets are byte offsets


class Changed(Exception):
    """The file changed on disk since it was read: not overwritten."""


@dataclass
class FileFix:
    path: str
    results: list                              # FileResults (findings marked)
    old: bytes | None = None
    new: bytes | None = None                   # None: nothing to change
    codec: str = "utf-8"
    fixed: list = field(default_factory=list)  # findings fixed
    refused: list = field(default_factory=list)   # (finding, why)

    def diff(self) -> str:
        if self.new is None or self.old is None:
            return ""
        codec = "cp1252" if self.codec == BYTEWISE else self.codec
        a = self.old.decode(codec, "replace").splitlines(keepends=True)
        b = self.new.decode(codec, "replace").splitlines(keepends=True)
        name = self.path.lstrip("/")
        out = []
        for line in difflib.unified_diff(a, b, f"a/{name}", f"b/{name}"):
            out.append(line if line.endswith("\n") else line + "\n\\ No newline at end of file\n")
        return "".join(out)


def _decode(data: bytes, fmt: str) -> tuple[str, str] | None:
    """(text, codec) such that text.encode(codec) == data (or BYTEWISE), or
    None. HTML and XML keep the charset they declare (an insertion is
    written in it); any other file must be UTF-8."""
    import codecs
    import re
    declared = None
    if data.startswith(b"\xef\xbb\xbf"):
        declared = "utf-8"
    elif fmt in ("html", "newsml"):
        from ..readers.html import declared_charset
        declared = declared_charset(data)
    codec = declared or "utf-8"
    try:
        name = codecs.lookup(codec).name
    except LookupError:
        name = None
    if name and not re.match(r"utf[-_]?(16|32)", name):
        try:
            text = data.decode(name)
            if text.encode(name) == data:
                return text, name
        except UnicodeDecodeError:
            pass
    if fmt == "html":
        # What the reader itself decoded (a late or browser-mapped charset,
        # windows-1252 for an undeclared page that is not UTF-8): usable when
        # it is one character per byte; insertions then go in as ASCII with
        # character references, right under any such charset.
        from ..readers.html.parse import _utf8_payload
        text = _utf8_payload(data)[0].decode("utf-8", "replace")
        if len(text) == len(data):
            return text, BYTEWISE
    return None


def _edits(fmt, text, data, article, intents, house):
    if fmt in ("text", "markdown"):
        from .text import text_edits
        return text_edits(text, article, intents, house, markdown=fmt == "markdown")
    if fmt == "html":
        from .html import html_edits
        return html_edits(text, data, article, intents, house)
    if fmt == "ninjs":
        from .ninjs import ninjs_edits
        return ninjs_edits(text, article, intents, house)
    from .newsml import newsml_edits
    return newsml_edits(text, data, article, intents, house)


def apply(text: str, codec: str, data: bytes, edits, markup: bool) -> bytes:
    """The original bytes with the insertions spliced in at their offsets."""
    out, prev = [], 0
    errors = "xmlcharrefreplace" if markup else "strict"
    for at, insert, *_ in sorted(edits, key=lambda e: (e[0], e[2])):
        if not insert:
            continue
        if codec == BYTEWISE:
            b, piece = at, insert.encode("ascii", "xmlcharrefreplace")
        else:
            b, piece = len(text[:at].encode(codec)), insert.encode(codec, errors)
        out.append(data[prev:b])
        out.append(piece)
        prev = b
    out.append(data[prev:])
    return b"".join(out)


def fix_file(runner, path: str, only: list[str] | None = None) -> FileFix:
    """Check one file and work out its fixed bytes (nothing is written)."""
    from .. import detect
    from ..run import display_path
    from ..signals import derive
    shown = display_path(path)
    cfg = runner.configs.for_file(path)
    data, problem = runner._read_bytes(path, cfg)
    if problem is not None:
        return FileFix(shown, runner.check_path(path))
    book = runner.book_for(cfg)
    rules = runner.rules_for(cfg)
    articles = detect.read(data, shown, path, book)
    results = [runner.check_article(a, cfg, rules, book) for a in articles]
    ff = FileFix(shown, results, old=data)
    if len(articles) != 1 or not articles[0].checked or articles[0].format not in EDITABLE:
        return ff
    article, result = articles[0], results[0]
    enabled, _ = runner.selected(rules, cfg, cfg.relpath(article.file))
    by_id = {r.id: r for r in enabled}
    facts = derive(book, article)
    house = House(book, getattr(cfg, "fix", None), cfg.policy)
    p = plan(article, result, facts, by_id, house, only)
    ff.refused = list(p.refused)
    if p.intents:
        decoded = _decode(data, article.format)
        if decoded is None:
            ff.refused += [(i.finding, "the file's encoding cannot be kept byte for byte") for i in p.intents]
        else:
            text, codec = decoded
            ff.codec = codec
            markup = article.format in ("html", "newsml")
            edits, refused = _edits(article.format, text, data, article, p.intents, house)
            ff.refused += [(i.finding, why) for i, why in refused]
            if edits:
                new = apply(text, codec, data, edits, markup)
                why = _verify(runner, path, shown, new, result, [e[3] for e in edits])
                if why is None:
                    ff.new, ff.fixed = new, [e[3].finding for e in edits]
                else:
                    # keep what verifies on its own, rule by rule
                    placed = [e[3] for e in edits]
                    kept: list = []
                    for rule in dict.fromkeys(i.finding.rule for i in placed):
                        trial = kept + [i for i in placed if i.finding.rule == rule]
                        e2, _ = _edits(article.format, text, data, article, trial, house)
                        new2 = apply(text, codec, data, e2, markup)
                        if len(e2) == len(trial) and _verify(runner, path, shown, new2, result, trial) is None:
                            kept, ff.new = trial, new2
                    ff.fixed = [i.finding for i in kept]
                    ff.refused += [(i.finding, why) for i in placed if i not in kept]
    _mark(result, ff)
    return ff


def _verify(runner, path, shown, new: bytes, before, intents) -> str | None:
    """None when the fixed bytes lose exactly the fixed findings and gain none.

    Other findings may go away only where the fix touched their picture (an
    AI label also settles that picture's label/provenance contradiction); a
    finding elsewhere that vanishes means the insertion is read as more than
    it is (`Foto: …` taken for a collective credit of every picture) and
    would hide what a person must decide."""
    after = runner.check_path(path, data=new, display=shown, file=path)
    if len(after) != 1:
        return "the fixed file no longer reads as one article (left unchanged)"

    def key(f):
        return f.rule, f.location.image or ""

    was = Counter(key(f) for f in before.findings)
    now = Counter(key(f) for f in after[0].findings)
    gone = Counter(key(i.finding) for i in intents)
    touched = {i.finding.location.image for i in intents if i.kind == "caption" and i.finding.location.image}
    for k in set(was) | set(now):
        rule, image = k
        expected = was[k] - gone[k]
        if now[k] > expected:
            if not gone[k]:
                return f"the inserted text would raise '{rule}' (a person decides): left unchanged"
            return f"after the fix, '{rule}' still reports {now[k]} finding(s), expected {expected}: left unchanged"
        if now[k] < expected and image not in touched:
            return (f"the inserted text would also silence '{rule}'"
                    + (f" for '{image}'" if image else "") + " (a person decides): left unchanged")
    return None


def _mark(result, ff: FileFix) -> None:
    fixed = {id(f) for f in ff.fixed}
    for f, why in ff.refused:
        f.not_fixed = why
    for f in result.findings:
        if id(f) in fixed:
            f.fixed = True
            f.not_fixed = None


def settle(result, written: bool) -> None:
    """After --fix wrote the file: fixed findings no longer fail it."""
    if not written:
        for f in result.findings:
            if getattr(f, "fixed", False):
                f.fixed, f.fixable = False, True
        return
    if result.status == "fail" and not any(f.severity in ("error", "warning") and not f.fixed
                                           for f in result.findings):
        result.status = "pass"


def run(runner, paths: list[str], *, write_files: bool, only: list[str] | None, diff_out=None,
        err=None) -> list:
    """`check --fix`/`--diff` over files: FileResults with fixed findings
    marked; diffs go to `diff_out`; a summary line to `err`."""
    results, fixed, files, left = [], 0, 0, 0
    for path in paths:
        ff = fix_file(runner, path, only)
        written = False
        if ff.new is not None:
            if write_files:
                try:
                    write(path, ff.new, ff.old or b"")
                    written = True
                except Changed as e:
                    for f in ff.fixed:
                        f.fixed, f.not_fixed = False, str(e)
                    if err is not None:
                        err.write(f"provenance: {e}\n")
                except OSError as e:
                    for f in ff.fixed:
                        f.fixed, f.not_fixed = False, f"could not write: {e.strerror}"
                    if err is not None:
                        err.write(f"provenance: {path}: could not write: {e.strerror}\n")
            elif diff_out is not None:
                diff_out.write(ff.diff())
        for r in ff.results:
            settle(r, written)
        if written:
            fixed += len(ff.fixed)
            files += 1
        left += len(ff.refused)
        results += ff.results
    if err is not None:
        verb = "fixed" if write_files else "fixable"
        n = fixed if write_files else sum(1 for r in results for f in r.findings if getattr(f, "fixable", False))
        err.write(f"provenance: {n} finding(s) {verb}" + (f" in {files} file(s)" if write_files else "")
                  + (f"; {left} left for a person (see 'not_fixed' in the JSON report)" if left else "") + "\n")
    return results


def write(path: str, new: bytes, expected: bytes) -> None:
    """Replace `path` with `new` atomically (`provenance.output.atomic`: same
    permission bits, and owner where allowed), through a symlink to its
    target — unless the file no longer holds `expected` (changed since it
    was read)."""
    from ..output import atomic
    path = os.path.realpath(path)        # through a symlink: the link stays a link
    st = os.stat(path)

    def unchanged() -> None:
        with open(path, "rb") as fh:
            if fh.read() != expected:
                raise Changed(f"{path}: changed since it was read; not fixed")

    unchanged()
    with atomic(path, binary=True, like=st, before_replace=unchanged) as fh:
        fh.write(new)
