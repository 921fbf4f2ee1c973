"""Bounded reading: every byte source has a size cap, and nothing that is not
a regular file is read as one.

- `read_file`: a regular file of at most `limit` bytes. FIFOs, devices and
  sockets are refused without blocking (opened non-blocking, checked with
  fstat), and so are kernel pseudo-files under /proc and /sys, whose size
  says nothing about what a read returns.
- `read_stdin`: standard input, at most `limit` bytes.
- `load_yaml`: YAML (configs, rule files, phrase packs, Markdown front
  matter) with alias expansion bounded: a document whose aliases would expand
  to more than `MAX_YAML_NODES` nodes (a "billion laughs") is refused before
  it is built.

The caps and how to change them are listed in the README ("Security and limits").
"""
from __future__ import annotations

import os
import stat
import sys

from .memo import kept

MAX_FILE_SIZE = 50 * 1024 * 1024      # articles, images, archive members, stdin (config: max_file_size)
MAX_CONFIG_SIZE = 4 * 1024 * 1024     # configs, rule files, phrase packs, trust anchors
MAX_YAML_NODES = 200_000              # nodes a YAML document may expand to through aliases
_PSEUDO = ("/proc/", "/sys/", "/dev/")


class TooLarge(OSError):
    """More bytes than the cap allows; `size` is what was seen (at least cap + 1)."""

    def __init__(self, message: str, size: int):
        super().__init__(message)
        self.size = size
        self.strerror = message


class NotRegular(OSError):
    def __init__(self, message: str):
        super().__init__(message)
        self.strerror = message


_REAL_FOLDERS: dict[str, str] = {}


def real_path(path: str) -> str:
    """`os.path.realpath(path)`, each folder's own resolution remembered: a run
    reads thousands of files (and looks for their images) in a few folders,
    and realpath lstat()s every component of every path (233 real pages:
    3,127 stat calls instead of 4,445). The last component is still looked
    at each time: a file that is a symlink is resolved in full."""
    if ".." in (path.replace(os.altsep, os.sep) if os.altsep else path).split(os.sep):
        return os.path.realpath(path)      # `..` after a symlink: realpath's own order
    head, tail = os.path.split(os.path.abspath(path))
    if not tail:
        return os.path.realpath(path)
    real_head = _REAL_FOLDERS.get(head)
    if real_head is None:
        real_head = kept(_REAL_FOLDERS, head, os.path.realpath(head))
    joined = os.path.join(real_head, tail)
    return os.path.realpath(joined) if os.path.islink(joined) else joined


def read_file(path: str, limit: int) -> bytes:
    """The bytes of the regular file `path`; raises TooLarge, NotRegular or OSError."""
    real = real_path(path)
    if real.startswith(_PSEUDO):
        raise NotRegular("a device or kernel pseudo-file, not a regular file")
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    try:
        st = os.fstat(fd)
        if stat.S_ISDIR(st.st_mode):
            raise NotRegular("is a directory")
        if not stat.S_ISREG(st.st_mode):
            raise NotRegular("not a regular file (FIFO, device or socket)")
        if st.st_size > limit:
            raise TooLarge(f"{st.st_size:,} bytes exceeds the limit ({limit:,})", st.st_size)
        # Ask for the size fstat gave plus one byte (a file that grew then
        # shows as longer), not for `limit + 1`: a read of n bytes allocates
        # n bytes first, 50 MB per file at the default cap, which cost four
        # times the read itself on a news page (#16).
        chunks, got, want = [], 0, st.st_size + 1
        while got <= limit:
            chunk = os.read(fd, min(want, limit + 1 - got))
            if not chunk:
                break
            chunks.append(chunk)
            got += len(chunk)
            want = 1 << 20          # it grew, or the read was short: go on by the MB
        data = b"".join(chunks)
    finally:
        os.close(fd)
    if len(data) > limit:          # grew while read
        raise TooLarge(f"more than {limit:,} bytes (the limit)", len(data))
    return data


def read_stdin(limit: int) -> bytes:
    data = sys.stdin.buffer.read(limit + 1)
    if len(data) > limit:
        raise TooLarge(f"standard input is longer than the limit ({limit:,} bytes)", len(data))
    return data


class YAMLTooLarge(ValueError):
    pass


def load_yaml(text: str, max_nodes: int = MAX_YAML_NODES):
    """`yaml.safe_load` (libyaml when present) after checking, from the parse
    events alone (nothing is built), that aliases do not expand the
    document beyond `max_nodes` nodes. Raises YAMLTooLarge or yaml.YAMLError."""
    import yaml
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    if "*" in text:               # no alias, no expansion: skip the extra pass
        _check_expansion(yaml, text, loader, max_nodes)
    return yaml.load(text, Loader=loader)


def _check_expansion(yaml, text: str, loader, max_nodes: int) -> None:
    sizes: dict[str, int] = {}
    stack: list[list] = [[None, 0]]
    for event in yaml.parse(text, Loader=loader):
        if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
            stack.append([event.anchor, 1])
            continue
        if isinstance(event, yaml.ScalarEvent):
            size, anchor = 1, event.anchor
        elif isinstance(event, yaml.AliasEvent):
            size, anchor = sizes.get(event.anchor, 1), None
        elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)) and len(stack) > 1:
            anchor, size = stack.pop()
        elif isinstance(event, yaml.DocumentEndEvent):
            stack = [[None, 0]]
            continue
        else:
            continue
        if anchor:
            sizes[anchor] = size
        stack[-1][1] += size
        if stack[-1][1] > max_nodes:
            raise YAMLTooLarge(f"aliases expand the document beyond {max_nodes:,} nodes "
                               "(a 'billion laughs' document); refused")
