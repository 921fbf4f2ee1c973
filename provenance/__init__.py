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


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version
    try:
        return version(DISTRIBUTION)
    except PackageNotFoundError:
        return _pyproject().get("version") or "0+unknown"


__version__ = _version()


def project_url(label: str) -> str | None:
    """An address from ``[project.urls]`` in pyproject.toml (``Repository``,
    ``Documentation`` …), as recorded in the installed metadata; None when the
    package is not installed."""
    from importlib.metadata import PackageNotFoundError, metadata
    try:
        entries = metadata(DISTRIBUTION).get_all("Project-URL") or []
    except PackageNotFoundError:
        urls = _pyproject().get("urls", {})
        return next((u for k, u in urls.items() if k.lower() == label.lower()), None)
    for entry in entries:
        name, _, url = entry.partition(",")
        if name.strip().lower() == label.lower():
            return url.strip()
    return None


def docs_url(page: str) -> str | None:
    """The address of a page under ``docs/`` (``rules/ai-notice-missing.md``)."""
    base = project_url("Documentation")
    return base.rstrip("/") + "/" + page if base else None
