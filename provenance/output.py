"""Writing what a run produces: reports, baselines, the HTML audit report.

- Text is made encodable first: a lone surrogate (from a JSON `\\udfff`
  escape, or a file name that is not UTF-8) is written as `\\udfff`, never
  a crash that loses the report.
- A target is refused (one line, exit 2) when it is one of the checked
  inputs, a symbolic link, a device, FIFO or other non-regular file, or a
  folder; `-o -` writes to standard output.
- Files are written under a temporary name beside the target and renamed
  into place; the temporary file is removed whatever goes wrong (a full disk,
  an interrupt).
"""
from __future__ import annotations

import os
import stat
import sys
from contextlib import contextmanager


def clean(text: str) -> str:
    """`text` with lone surrogates escaped (`\\udfff`), encodable as UTF-8."""
    try:
        text.encode("utf-8")
        return text
    except UnicodeEncodeError:
        return text.encode("utf-8", "backslashreplace").decode("utf-8")


_CONTROL = None


def printable(text) -> str:
    """Text from an input made safe for a terminal: control characters (C0
    but tab, DEL, C1 — escape sequences that set a window title, clear the
    screen or erase a line) and bidirectional overrides ("Trojan Source")
    are shown as `\x1b`-style escapes; lone surrogates likewise."""
    global _CONTROL
    if _CONTROL is None:
        import re
        _CONTROL = re.compile("[\x00-\x08\x0a-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e"
                              "\u2066-\u2069\ud800-\udfff]")
    text = str(text)
    return _CONTROL.sub(lambda m: m.group().encode("unicode_escape", "backslashreplace").decode("ascii")
                        if not 0xD800 <= ord(m.group()) <= 0xDFFF else f"\\u{ord(m.group()):04x}", text)


class UsageError(Exception):
    """A command-line mistake: printed as one line, exit code 2."""


def _error(message: str):
    return UsageError(message)


def refuse_target(path: str | None, flag: str, inputs=(), supported=frozenset()) -> None:
    """Raise UsageError when `path` must not be written: a folder, a symlink,
    anything but a regular file, or one of the checked inputs (`inputs` are
    the PATH arguments; a file under an input folder with an extension the
    run checks counts as an input)."""
    if not path or path == "-":
        return
    try:
        st = os.lstat(path)
    except FileNotFoundError:
        st = None
    except OSError as e:
        raise _error(f"{flag} {path}: cannot write there: {e.strerror or e}") from None
    if st is not None:
        if stat.S_ISLNK(st.st_mode):
            raise _error(f"{flag} {path}: is a symbolic link; refusing to replace it or write through it")
        if stat.S_ISDIR(st.st_mode):
            raise _error(f"{flag} {path}: is a folder; name a file")
        if not stat.S_ISREG(st.st_mode):
            raise _error(f"{flag} {path}: is not a regular file (device, FIFO or socket); "
                         "use -o - for standard output")
        if is_input(path, inputs, supported):
            raise _error(f"{flag} {path}: is one of the checked inputs; write the report elsewhere")


def is_input(path: str, inputs, supported=frozenset()) -> bool:
    """True when the existing file `path` is, or would be walked as, one of
    `inputs` (`supported`: the extensions the run checks in a folder, which
    the command line passes; this module knows no file formats)."""
    target = os.path.realpath(path)
    for arg in inputs:
        if not arg or arg == "-":
            continue
        try:
            if os.path.samefile(arg, path):
                return True
        except OSError:
            continue
        top = os.path.realpath(arg)
        if os.path.isdir(top) and target.startswith(top.rstrip(os.sep) + os.sep):
            rel = os.path.relpath(target, top).split(os.sep)
            hidden = any(part.startswith(".") for part in rel)
            if not hidden and os.path.splitext(target)[1].lower() in supported:
                return True
    return False


@contextmanager
def atomic(path: str, *, binary: bool = False, like: os.stat_result | None = None,
           before_replace=None, durable: bool = True):
    """A file handle (text, or bytes with `binary`) whose content replaces
    `path` only when the block ends without an exception: a temporary file
    in the same folder, fsync, rename, fsync of the folder. The one atomic
    writer of the project: reports, baselines, the HTML report, `--fix`, the
    cache entries (`usercache`).

    New files get the umask's permission bits; with `like` (the stat of the
    file being replaced) its permission bits and, where allowed, its owner.
    `before_replace()` runs just before the rename and may raise to keep
    the original (`--fix`: the file changed since it was read).
    `durable=False` skips the fsyncs (caches: a lost entry is rebuilt).
    Non-encodable text must go through `clean`."""
    directory = os.path.dirname(os.path.abspath(path))
    os.makedirs(directory, exist_ok=True)
    import tempfile
    fd, tmp = tempfile.mkstemp(prefix=f".{os.path.basename(path)}.", suffix=".tmp", dir=directory)
    try:
        with (os.fdopen(fd, "wb") if binary else
              os.fdopen(fd, "w", encoding="utf-8", errors="backslashreplace", newline="")) as fh:
            yield fh
            if durable:
                fh.flush()
                os.fsync(fh.fileno())
        if like is None:
            os.chmod(tmp, 0o666 & ~_umask())
        else:
            os.chmod(tmp, stat.S_IMODE(like.st_mode))
            if hasattr(os, "chown") and (like.st_uid, like.st_gid) != (os.getuid(), os.getgid()):
                try:
                    os.chown(tmp, like.st_uid, like.st_gid)
                except OSError:
                    pass        # not ours to give away: the file belongs to whoever writes it
        if before_replace is not None:
            before_replace()
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
    if durable:
        _sync_folder(directory)


def _sync_folder(directory: str) -> None:
    """fsync the folder so that the rename itself survives a crash."""
    try:
        dfd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(dfd)
    except OSError:
        pass
    finally:
        os.close(dfd)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def write_text(text: str, path: str | None) -> None:
    """`text` to standard output (`path` None or "-") or atomically to `path`."""
    text = clean(text)
    if not path or path == "-":
        sys.stdout.write(text)
        sys.stdout.flush()
        return
    with atomic(path) as fh:
        fh.write(text)


def write_output(text: str, path: str | None) -> None:
    """Reports go to stdout or, with -o, to a file replaced atomically."""
    if path and path != "-":
        writable(path, "-o")
    try:
        write_text(text, path)
    except OSError as e:
        raise UsageError(f"{path}: cannot write: {e.strerror or e}") from None


def writable(path: str | None, flag: str, inputs=(), supported=frozenset()) -> None:
    """Raise UsageError (one line, exit 2) when `path` cannot be written, before any work is done:
    also a symlink, a device, a folder or one of the checked `inputs` (provenance.output)."""
    if not path or path == "-":
        return
    refuse_target(path, flag, inputs, supported)
    d = os.path.dirname(os.path.abspath(path))
    try:
        os.makedirs(d, exist_ok=True)
    except OSError as e:
        raise UsageError(f"{flag} {path}: cannot create folder {d}: {e.strerror or e}") from None
    if os.path.isdir(path) or not os.access(d, os.W_OK) or \
            (os.path.exists(path) and not os.access(path, os.W_OK)):
        raise UsageError(f"{flag} {path}: cannot write there")
