"""User regexes (house rules' `pattern`, phrase packs' regex kinds) run on
RE2 (google-re2): linear time in the length of the text whatever the
pattern, so no regex from a config can hang a run. A pattern RE2 cannot
express (backreferences, lookaround, atomic groups, possessive repeats) is
refused when its file is loaded, with the file, rule and key named.

RE2's `\\w`, `\\d`, `\\b` are ASCII; use `\\pL` / `\\pN` for letters and
digits of any script."""
from __future__ import annotations

import functools

_HOW = ("RE2 cannot express it (no backreferences, lookaround, atomic groups or possessive "
        "repeats: user regexes run in linear time)")


def _options():
    import re2
    options = re2.Options()
    options.log_errors = False          # errors come back as exceptions, not on stderr
    options.case_sensitive = False
    return options


def refusal(pattern) -> str | None:
    """Why `pattern` cannot be used as a user regex, or None."""
    if not isinstance(pattern, str):
        return "pattern must be a string"
    try:
        compile_user(pattern)
    except ValueError as exc:
        return str(exc)
    return None


@functools.lru_cache(maxsize=1024)
def compile_user(pattern: str, word_end: bool = False):
    """The RE2 program for a user regex, case-insensitive. With `word_end`,
    a match must not end inside a word: the match is followed by the end of
    the text or a character that is no letter, digit or `_` (caught in group
    1 after the user's own groups; callers drop it from the span). Raises ValueError."""
    import re2
    source = f"(?:{pattern})($|[^\\pL\\pN_])" if word_end else pattern
    try:
        return re2.compile(source, _options())
    except re2.error as exc:
        reason = exc.args[0].decode("utf-8", "replace") if exc.args and isinstance(exc.args[0], bytes) \
            else str(exc)
        raise ValueError(f"regex {pattern!r}: {_HOW}: {reason}") from None


def search(pattern: str, text: str, pos: int = 0, endpos: int | None = None, *, word_end: bool = False):
    """(start, end) of the first match of a user regex, or None."""
    rx = compile_user(pattern, word_end)
    m = rx.search(text, pos, len(text) if endpos is None else endpos)
    if m is None:
        return None
    end = m.start(rx.groups) if word_end else m.end()
    return m.start(), end
