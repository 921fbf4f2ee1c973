"""C2PA: read the manifest store of an image with c2pa-python.

What is recorded in `ImageProvenance`:

- `c2pa_state`: the SDK's validation state of the store — `Well-formed`,
  `Valid`, `Trusted` or `Invalid` (None when the file has no manifest).
- `c2pa_failures`: failure codes of the active manifest (e.g.
  `assertion.dataHash.mismatch`). Without trust anchors the SDK always adds
  `signingCredential.untrusted`; that code is dropped then, because with no
  anchors nobody asked whether the signer is trusted.
- `c2pa_untrusted`: only with trust anchors: the signer does not chain to them.
- `c2pa_source_types` / `c2pa_actions`: `digitalSourceType` of the actions in
  the *active* manifest (`c2pa.actions`, `c2pa.actions.v2`); ingredient
  manifests go to `c2pa_ingredient_source_types`.
- `c2pa_date`: `DateTimeOriginal` from a `stds.exif` / `c2pa.metadata` assertion.
- `claim_generator`, `signer` (certificate common name), `issuer` (organisation).
- `c2pa_remote`: the URL of a remote (cloud) manifest that was not fetched.
- `c2pa_error` / `c2pa_error_code`: a manifest the SDK cannot validate at all
  (unknown algorithm, prerelease claim, broken JUMBF, unreadable claim): the
  SDK's own text and error kind; `c2pa_present` is set, the state stays None,
  and the `manifest-invalid` rule reports it. A file whose container the SDK
  cannot parse (`UNPARSED`) says nothing about a manifest: the reader makes
  it an input problem instead.
- `c2pa_identity`: CAWG identity assertions (`cawg.*` codes), kept out of
  `c2pa_failures` — they are not the C2PA signer's trust.

Pitfalls of c2pa-python 0.38 handled here: `Reader.is_valid` describes the
reader object, not the file, so it is never used; settings keys are not
checked by the SDK, so the ones used are the documented c2pa-rs keys and the
tests prove their effect (remote fetch off → "must fetch remote manifests").
Remote manifest fetching and OCSP stay off unless `fetch=True`; with
`fetch=True` the remote manifest is downloaded here (timeout, size cap) and
handed to the SDK as manifest data.
"""
from __future__ import annotations

import io
import json
import re

from ..article import ImageProvenance
from .remote import fetch_url

_CONTEXTS: dict = {}
_UNTRUSTED = "signingCredential.untrusted"
UNPARSED = "the C2PA SDK cannot parse this file: "
_AI_ASSERTION = re.compile(r"ai[-_.]?disclosure|generative|c2pa\.ai\b", re.I)
_REMOTE_IN_ERROR = re.compile(r"(https?://\S+)")


def trust_anchor_text(trust_anchors: str | None) -> str | None:
    """PEM text of the trust anchors: `trust_anchors` is a path to a PEM file
    (or PEM text itself)."""
    if not trust_anchors:
        return None
    if "-----BEGIN" in trust_anchors:
        return trust_anchors
    with open(trust_anchors, encoding="ascii", errors="replace") as fh:
        return fh.read()


def check_trust_anchors(path: str) -> None:
    """Refuse trust anchors the SDK cannot use (raises ValueError with the
    reason): a file that is not PEM would otherwise switch C2PA reading off."""
    try:
        with open(path, "rb") as fh:
            raw = fh.read(4 * 1024 * 1024 + 1)
    except OSError as exc:
        raise ValueError(f"cannot read: {exc.strerror or exc}") from None
    if len(raw) > 4 * 1024 * 1024:
        raise ValueError("larger than 4 MiB; not a PEM bundle of CA certificates")
    text = raw.decode("ascii", "replace")
    blocks = re.findall(r"-----BEGIN CERTIFICATE-----(.*?)-----END CERTIFICATE-----", text, re.S)
    if not blocks:
        raise ValueError("not a PEM file of certificates (no '-----BEGIN CERTIFICATE-----')")
    import base64
    import binascii
    for n, block in enumerate(blocks, 1):
        try:
            der = base64.b64decode("".join(block.split()), validate=True)
        except (binascii.Error, ValueError):
            der = b""
        if not _is_der_sequence(der):
            raise ValueError(f"certificate {n} is not valid base64 DER")
    try:
        _context(text, False)
    except Exception as exc:
        raise ValueError(f"the C2PA library rejects these trust anchors: {exc}") from None


def _is_der_sequence(der: bytes) -> bool:
    """A DER SEQUENCE whose length field covers exactly the bytes given."""
    if len(der) < 2 or der[0] != 0x30:
        return False
    size = der[1]
    if size < 0x80:
        return size + 2 == len(der)
    n = size & 0x7F
    return 0 < n <= 4 and int.from_bytes(der[2:2 + n], "big") + 2 + n == len(der)


def _context(anchors_pem: str | None, fetch: bool):
    """One SDK context per trust configuration, reused for every file.

    The SDK itself never fetches remote manifests: `fetch_url` does (with a
    timeout and size cap) when `fetch` is set. OCSP revocation checks go
    online to an address a certificate names, which cannot be vetted: they
    run only with `fetch` and `--fetch-allow-private`."""
    from .remote import private_allowed
    # OCSP requests go where a certificate says, through the SDK: as those
    # addresses cannot be checked, they run only when private ones are allowed
    ocsp = fetch and private_allowed()
    key = (anchors_pem, fetch, ocsp)
    ctx = _CONTEXTS.get(key)
    if ctx is None:
        import c2pa

        settings: dict = {"verify": {"remote_manifest_fetch": False, "ocsp_fetch": ocsp,
                                     "verify_trust": True}}
        if anchors_pem:
            settings["trust"] = {"trust_anchors": anchors_pem}
        ctx = _CONTEXTS[key] = c2pa.Context.from_dict(settings)
    return ctx


def read_c2pa(prov: ImageProvenance, data: bytes, mime: str | None, *,
              trust_anchors: str | None = None, fetch: bool = False,
              remote_url: str | None = None) -> None:
    """Fill the C2PA fields of `prov` from the image bytes. Never raises:
    SDK errors land in `prov.c2pa_error`. `remote_url` is a manifest URL seen
    in the file's XMP (`dcterms:provenance`)."""
    try:
        import c2pa
    except ImportError as exc:  # pragma: no cover - c2pa-python is a dependency
        prov.c2pa_error = f"c2pa-python is not installed ({exc})"
        return
    try:
        anchors = trust_anchor_text(trust_anchors)
    except OSError as exc:
        prov.c2pa_error = f"cannot read trust anchors: {exc}"
        anchors = None
    try:
        ctx = _context(anchors, fetch)
    except Exception as exc:
        prov.c2pa_error = f"C2PA settings rejected (trust anchors?): {exc}"
        return
    store = None
    try:
        reader = c2pa.Reader.try_create(mime, io.BytesIO(data), None, ctx)
        if reader is not None:
            with reader:
                store = json.loads(reader.json())
    except c2pa.C2paError as exc:
        message = str(exc)
        kind = _error_kind(exc, message)
        if kind in ("Remote", "RemoteManifest") or "must fetch remote" in message:
            url = remote_url or _url_in(message)
            if fetch and url:
                store = _read_remote(prov, data, mime, url, ctx)
            else:
                prov.c2pa_present = True
                prov.c2pa_remote = url or "remote manifest"
                prov.c2pa_error = "remote manifest not fetched" + (f" ({url})" if url else "")
        elif kind == "NotSupported" or "type is unsupported" in message:
            prov.c2pa_error = None if mime is None else f"C2PA: {message}"
        elif kind == "ManifestNotFound":
            pass
        elif "could not be parsed" in message or kind == "Io":
            prov.c2pa_error = f"{UNPARSED}{message}"
        else:
            # A manifest is there but the SDK cannot validate it (unknown
            # algorithm, prerelease claim, broken JUMBF, unreadable claim):
            # never silent, never "untrusted" — manifest-invalid with the
            # SDK's own words.
            prov.c2pa_present = True
            prov.c2pa_error_code = kind
            prov.c2pa_error = message
    except Exception as exc:  # the SDK can raise plain errors on broken streams
        prov.c2pa_present = True
        prov.c2pa_error_code = type(exc).__name__
        prov.c2pa_error = f"C2PA manifest could not be read: {exc}"
    if store:
        apply_store(prov, store, trusted_anchors=bool(anchors))


def _error_kind(exc: Exception, message: str) -> str:
    """The SDK's error kind: `Other` for "Other: unknown algorithm", from the
    typed exception's name or else the message's `Kind:` prefix."""
    name = type(exc).__name__.lstrip("_")
    if name.startswith("C2pa") and name != "C2paError":
        return name[4:]
    head = message.split(":", 1)[0].strip()
    return head if head.isidentifier() else "C2paError"


def _url_in(message: str) -> str | None:
    match = _REMOTE_IN_ERROR.search(message)
    return match.group(1).rstrip(".,;)") if match else None


def _read_remote(prov: ImageProvenance, data: bytes, mime: str | None, url: str, ctx):
    import c2pa

    prov.c2pa_remote = None
    try:
        manifest = fetch_url(url)
    except OSError as exc:
        prov.c2pa_present = True
        prov.c2pa_remote = url
        prov.c2pa_error = f"remote manifest could not be fetched from {url}: {exc}"
        return None
    try:
        with c2pa.Reader(mime, io.BytesIO(data), manifest, ctx) as reader:
            return json.loads(reader.json())
    except Exception as exc:
        prov.c2pa_present = True
        prov.c2pa_error = f"remote manifest from {url} could not be read: {exc}"
        return None


def apply_store(prov: ImageProvenance, store: dict, *, trusted_anchors: bool) -> None:
    """Copy what the rules need from a c2pa-rs manifest store (`Reader.json()`)."""
    manifests = store.get("manifests") or {}
    active = manifests.get(store.get("active_manifest") or "")
    prov.c2pa_present = True
    prov.c2pa_state = store.get("validation_state")
    results = (store.get("validation_results") or {}).get("activeManifest")
    if results is not None:
        codes = [s.get("code") for s in results.get("failure") or []]
    else:
        codes = [s.get("code") for s in store.get("validation_status") or []]
    codes = list(dict.fromkeys(c for c in codes if c))
    prov.c2pa_untrusted = trusted_anchors and _UNTRUSTED in codes
    prov.c2pa_failures = [c for c in codes if (trusted_anchors or c != _UNTRUSTED)
                          and not c.startswith("cawg.")]
    prov.c2pa_identity = _identity(results, [c for c in codes if c.startswith("cawg.")])
    if not active:
        return
    prov.c2pa_actions = _actions(active)
    prov.c2pa_source_types = _unique(a["digitalSourceType"] for a in prov.c2pa_actions
                                     if a.get("digitalSourceType"))
    prov.c2pa_ai_assertion = any(_AI_ASSERTION.search(a.get("label") or "")
                                 for a in active.get("assertions") or [])
    prov.c2pa_ingredient_source_types = _ingredient_source_types(active, manifests, set())
    prov.c2pa_date = _date_original(active)
    prov.claim_generator = _claim_generator(active)
    prov.c2pa_author = _author(active)
    sig = active.get("signature_info") or {}
    prov.signer = sig.get("common_name") or sig.get("issuer")
    prov.issuer = sig.get("issuer")


def _identity(results: dict | None, failures: list[str]) -> dict | None:
    """CAWG identity assertions, reported apart from the C2PA signature: the
    SDK lowers the state to Valid when an identity credential does not chain
    (`cawg.x509.credential.untrusted`) even though the C2PA signer does."""
    seen = [s.get("code") for key in ("success", "informational")
            for s in (results or {}).get(key) or [] if (s.get("code") or "").startswith("cawg.")]
    if not seen and not failures:
        return None
    if any(not c.endswith(".untrusted") for c in failures):
        status = "invalid"
    elif failures:
        status = "untrusted"
    else:
        status = "valid"
    return {"status": status, "codes": failures or list(dict.fromkeys(seen))}


def _unique(items) -> list[str]:
    return list(dict.fromkeys(items))


def _actions(manifest: dict) -> list[dict]:
    out = []
    for assertion in manifest.get("assertions") or []:
        if not (assertion.get("label") or "").startswith("c2pa.actions"):
            continue
        for action in (assertion.get("data") or {}).get("actions") or []:
            if not isinstance(action, dict):
                continue
            params = action.get("parameters") or {}
            source = action.get("digitalSourceType") or params.get("digitalSourceType")
            entry = {"action": action.get("action")}
            if source:
                entry["digitalSourceType"] = source
            agent = action.get("softwareAgent")
            if isinstance(agent, dict):
                agent = agent.get("name")
            if agent:
                entry["softwareAgent"] = agent
            out.append(entry)
    return out


def _ingredient_source_types(manifest: dict, manifests: dict, seen: set) -> list[str]:
    """Source types of every ingredient manifest, depth-first (a composite's
    AI parts show up even when the active manifest only says `opened`)."""
    out: list[str] = []
    for ingredient in manifest.get("ingredients") or []:
        label = ingredient.get("active_manifest")
        if not label or label in seen or label not in manifests:
            continue
        seen.add(label)
        inner = manifests[label]
        out += [a["digitalSourceType"] for a in _actions(inner) if a.get("digitalSourceType")]
        out += _ingredient_source_types(inner, manifests, seen)
    return _unique(out)


def _date_original(manifest: dict) -> str | None:
    from ..dates import iso_date

    for assertion in manifest.get("assertions") or []:
        label = assertion.get("label") or ""
        if not (label.startswith("stds.exif") or label.startswith("c2pa.metadata")):
            continue
        data = assertion.get("data") or {}
        for key in ("exif:DateTimeOriginal", "DateTimeOriginal", "photoshop:DateCreated"):
            if data.get(key):
                return iso_date(str(data[key]))
    return None


def _author(manifest: dict) -> str | None:
    """Names of the `stds.schema-org.CreativeWork` author(s): the credit a
    C2PA manifest carries (`"author": [{"name": "John Doe"}]`)."""
    for assertion in manifest.get("assertions") or []:
        if not (assertion.get("label") or "").startswith("stds.schema-org.CreativeWork"):
            continue
        authors = (assertion.get("data") or {}).get("author")
        authors = authors if isinstance(authors, list) else [authors]
        raw = [a.get("name") if isinstance(a, dict) else a for a in authors]
        names: list[str] = [n.strip() for n in raw if isinstance(n, str) and n.strip()]
        if names:
            return ", ".join(dict.fromkeys(names))
    return None


def _claim_generator(manifest: dict) -> str | None:
    if manifest.get("claim_generator"):
        return manifest["claim_generator"]
    for info in manifest.get("claim_generator_info") or []:
        if isinstance(info, dict) and info.get("name"):
            return " ".join(str(x) for x in (info["name"], info.get("version")) if x)
    return None
