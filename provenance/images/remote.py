"""Fetching remote bytes (images, remote C2PA manifests) — only with `--fetch`.

Into memory, with a timeout and a size cap, http(s) and data: URIs only.
"""
from __future__ import annotations

TIMEOUT = 10.0                 # seconds per request
MAX_BYTES = 25 * 1024 * 1024   # larger responses are refused, not truncated


def fetch_url(url: str, *, timeout: float = TIMEOUT, max_bytes: int = MAX_BYTES) -> bytes:
    """Bytes behind `url`. Raises OSError (incl. URLError, timeouts) on failure."""
    if url.startswith("data:"):
        return _data_uri(url)
    if not url.startswith(("http://", "https://")):
        raise OSError(f"not an http(s) URL: {url}")
    import urllib.request

    from .. import __version__

    import http.client

    try:
        request = urllib.request.Request(url, headers={"User-Agent": f"provenance/{__version__}"})
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310 - scheme checked
            length = response.headers.get("Content-Length")
            if length and length.isdigit() and int(length) > max_bytes:
                raise OSError(f"{url} is larger than {max_bytes} bytes")
            body = response.read(max_bytes + 1)
    except (ValueError, http.client.HTTPException) as e:   # a malformed URL, a broken response
        raise OSError(f"{url}: {e}") from None
    if len(body) > max_bytes:
        raise OSError(f"{url} is larger than {max_bytes} bytes")
    return body


def _data_uri(url: str) -> bytes:
    import base64
    import urllib.parse

    header, _, payload = url.partition(",")
    try:
        if header.endswith(";base64"):
            return base64.b64decode(payload, validate=False)
        return urllib.parse.unquote_to_bytes(payload)
    except ValueError as exc:
        raise OSError(f"malformed data: URI ({exc})") from exc
