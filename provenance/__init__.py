"""provenance: check that published articles carry the disclosures they owe.

The distribution is ``provenance-check`` (``pip install provenance-check``);
the import package and the command are ``provenance``. The version and the
project's addresses come from the installed distribution's metadata, so
``--version``, the wheel and every report say the same thing as
``pyproject.toml``.
"""
from __future__ import annotations

DISTRIBUTION = "provenance-check"


def _pyproject() -> dict:
    """``[project]`` of the source tree this package sits in, when it is not
    installed under its distribution name (a checkout on sys.path)."""
    import re
    from pathlib import Path
    try:
        text = (Path(__file__).resolve().parent.parent / "pyproject.toml").read_text(encoding="utf-8")
    except OSError:
        return {}
    version = re.search(r'^version\s*=\s*"([^"]+)"', text, re.M)
    urls = dict(re.findall(r'^(\w+)\s*=\s*"(https?://[^"]+)"', text.split("[project.urls]", 1)[-1], re.M)) \
        if "[project.urls]" in text else {}
    return {"version": version.group(1) if version else None, "urls": urls}


def _installed() -> dict | None:
    """Version and project URLs of the installed distribution, read from its
    ``.dist-info/METADATA`` on sys.path (what importlib.metadata reads, without
    importing it: that import alone costs tens of milliseconds at every start)."""
    import os
    import sys
    prefix = DISTRIBUTION.replace("-", "_") + "-"
    for entry in sys.path:
        try:
            names = os.listdir(entry or ".")
        except OSError:
            continue
        for name in names:
            if name.startswith(prefix) and name.endswith(".dist-info"):
                try:
                    with open(os.path.join(entry or ".", name, "METADATA"), encoding="utf-8") as fh:
                        head = fh.read().split("\n\n", 1)[0]
                except OSError:
                    continue
                version: str | None = None
                urls: dict[str, str] = {}
                for line in head.splitlines():
                    key, _, value = line.partition(": ")
                    if key == "Version":
                        version = value.strip()
                    elif key == "Project-URL":
                        label, _, url = value.partition(",")
                        urls[label.strip()] = url.strip()
                if version:
                    return {"version": version, "urls": urls}
    return None


_META = _installed() or _pyproject()


def _version() -> str:
    return _META.get("version") or "0+unknown"


__version__ = _version()


def project_url(label: str) -> str | None:
    """An address from ``[project.urls]`` in pyproject.toml (``Repository``,
    ``Documentation`` …), as the installed metadata records it (a source tree:
    its pyproject.toml); None when neither says."""
    urls = _META.get("urls") or {}
    return next((u for k, u in urls.items() if k.lower() == label.lower()), None)


def docs_url(page: str) -> str | None:
    """The address of a page under ``docs/`` (``rules/ai-notice-missing.md``)."""
    base = project_url("Documentation")
    return base.rstrip("/") + "/" + page if base else None
