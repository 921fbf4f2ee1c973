"""Fetching remote bytes (images, remote C2PA manifests, sitemap pages) —
only with `--fetch`, as a careful client:

- http(s) and data: URIs only; at most `MAX_REDIRECTS` redirects, each
  followed by hand and checked like the first request;
- every host name is resolved once and the connection goes to that address:
  loopback, link-local (169.254.0.0/16, e.g. cloud metadata), private,
  multicast, reserved and unspecified addresses are refused unless
  `configure(allow_private=True)` (`--fetch-allow-private`);
- one deadline for the whole request (connect, headers, body, redirects):
  a server that sends one byte every few seconds is cut off when it passes;
- a body larger than the cap is refused, not truncated.

Raises OSError (with a reason a user can read) on any failure.
"""
from __future__ import annotations

import ipaddress
import socket
import threading
import time

TIMEOUT = 10.0                 # seconds per network operation
DEADLINE = 30.0                # seconds for one whole request, redirects included
MAX_BYTES = 25 * 1024 * 1024   # larger responses are refused, not truncated
MAX_REDIRECTS = 5
_SETTINGS = {"allow_private": False, "deadline": DEADLINE}


def configure(*, allow_private: bool | None = None, deadline: float | None = None) -> None:
    """Run-wide settings (`--fetch-allow-private`, `--fetch-timeout`)."""
    if allow_private is not None:
        _SETTINGS["allow_private"] = allow_private
    if deadline is not None and deadline > 0:
        _SETTINGS["deadline"] = deadline


def private_allowed() -> bool:
    return bool(_SETTINGS["allow_private"])


def fetch_url(url: str, *, timeout: float = TIMEOUT, max_bytes: int = MAX_BYTES) -> bytes:
    """Bytes behind `url`. Raises OSError on failure."""
    if url.startswith("data:"):
        return _data_uri(url, max_bytes)
    import urllib.parse
    deadline = time.monotonic() + _SETTINGS["deadline"]
    for _ in range(MAX_REDIRECTS + 1):
        status, location, body = _get(url, timeout, max_bytes, deadline)
        if status in (301, 302, 303, 307, 308) and location:
            url = urllib.parse.urljoin(url, location)
            continue
        if status >= 400:
            raise OSError(f"HTTP {status} from {_short(url)}")
        return body
    raise OSError(f"more than {MAX_REDIRECTS} redirects from {_short(url)}")


def check_address(ip: str) -> None:
    """Raise OSError when `ip` is not a public unicast address (and private
    ones are not allowed)."""
    if _SETTINGS["allow_private"]:
        return
    addr: ipaddress.IPv4Address | ipaddress.IPv6Address = ipaddress.ip_address(ip.split("%", 1)[0])
    mapped = getattr(addr, "ipv4_mapped", None)
    if mapped is not None:
        addr = mapped
    if (addr.is_private or addr.is_loopback or addr.is_link_local or addr.is_multicast
            or addr.is_reserved or addr.is_unspecified or not addr.is_global):
        raise OSError(f"{ip} is a loopback, link-local or private address; not fetched "
                      "(--fetch-allow-private allows it)")


def _get(url: str, timeout: float, max_bytes: int, deadline: float):
    import http.client
    import urllib.parse

    from .. import __version__
    parts = urllib.parse.urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https") or not parts.hostname:
        raise OSError(f"not an http(s) URL: {_short(url)}")
    host = parts.hostname
    port = parts.port or (443 if scheme == "https" else 80)
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except socket.gaierror as exc:
        raise OSError(f"cannot resolve {host}: {exc.strerror or exc}") from None
    if not infos:
        raise OSError(f"cannot resolve {host}")
    ip = str(infos[0][4][0])
    check_address(ip)
    remaining = deadline - time.monotonic()
    if remaining <= 0:
        raise OSError(f"took longer than {_SETTINGS['deadline']:g} s: {_short(url)}")
    sock = socket.create_connection((ip, port), timeout=min(timeout, remaining))
    expired = threading.Event()

    def cut():
        expired.set()
        try:
            sock.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass
    timer = threading.Timer(remaining, cut)
    timer.daemon = True
    timer.start()
    try:
        if scheme == "https":
            import ssl
            context = ssl.create_default_context()
            conn: http.client.HTTPConnection = http.client.HTTPSConnection(host, port, timeout=timeout,
                                                                           context=context)
            conn.sock = context.wrap_socket(sock, server_hostname=host)
        else:
            conn = http.client.HTTPConnection(host, port, timeout=timeout)
            conn.sock = sock
        path = parts.path or "/"
        if parts.query:
            path += "?" + parts.query
        conn.request("GET", path, headers={"User-Agent": f"provenance/{__version__}", "Host": parts.netloc,
                                           "Accept-Encoding": "identity"})
        response = conn.getresponse()
        location = response.getheader("Location")
        length = response.getheader("Content-Length")
        if length and length.strip().isdigit() and int(length) > max_bytes:
            raise OSError(f"{_short(url)} is larger than {max_bytes:,} bytes")
        chunks, size = [], 0
        while True:
            chunk = response.read1(65536) if hasattr(response, "read1") else response.read(65536)
            if not chunk:
                break
            size += len(chunk)
            if size > max_bytes:
                raise OSError(f"{_short(url)} is larger than {max_bytes:,} bytes")
            chunks.append(chunk)
        if expired.is_set():          # the cut connection looked like the end of the body
            raise OSError("deadline")
        return response.status, location, b"".join(chunks)
    except (OSError, http.client.HTTPException) as exc:
        if expired.is_set():
            raise OSError(f"took longer than {_SETTINGS['deadline']:g} s: {_short(url)}") from None
        if isinstance(exc, OSError):
            raise
        raise OSError(f"bad HTTP response from {_short(url)}: {exc}") from None
    finally:
        timer.cancel()
        try:
            sock.close()
        except OSError:
            pass


def _short(url: str) -> str:
    return url if len(url) <= 100 else url[:97] + "..."


def _data_uri(url: str, max_bytes: int = MAX_BYTES) -> bytes:
    import base64
    import urllib.parse

    header, _, payload = url.partition(",")
    try:
        if header.endswith(";base64"):
            data = base64.b64decode(payload, validate=False)
        else:
            data = urllib.parse.unquote_to_bytes(payload)
    except ValueError as exc:
        raise OSError(f"malformed data: URI ({exc})") from exc
    if len(data) > max_bytes:
        raise OSError(f"data: URI larger than {max_bytes:,} bytes")
    return data
