"""`c2pa.Reader` and `provenance inspect --format json`, side by side.

    python benchmarks/media_compare.py [DIR_OR_FILE ...] [--trust-anchors PEM] [--in-process]

For every media file (default: fixtures/media and fixtures/corpus-images;
point it at the SDK's own fixtures, e.g. a checkout of c2pa-rs
`sdk/tests/fixtures`, for the full comparison) it reads the file with a bare
`c2pa.Reader` (offline context: no remote manifest fetch, no OCSP; the MIME
type from the file name, as a plain SDK user would) and with
`provenance inspect --format json` (a separate process per file, or
`provenance.inspect.model` in this process with `--in-process`), and
compares per field:

- state: the SDK's validation state (`Valid`, `Trusted`, `Invalid`), `none`
  (no manifest), `remote` (a remote manifest, not fetched) or the SDK's
  error kind (`error Other`, `error Verify` …) for a manifest it cannot
  validate;
- codes: failure codes of the active manifest (with no trust anchors the SDK
  always adds `signingCredential.untrusted` — and `cawg.x509.credential.untrusted`
  for identity assertions; provenance drops the first and reports CAWG codes
  apart, so both sides are compared after that documented mapping);
- ai: the `digitalSourceType`s of the active manifest's actions;
- message: the SDK's error text for a manifest it cannot validate.

It also counts `inspect` runs that exit 2 on files the SDK reads (no
exception from the SDK). Prints a table, the agreement per field, and exits
1 on any disagreement or such exit 2.
"""
from __future__ import annotations

import argparse
import io
import json
import os
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DEFAULT = [os.path.join(ROOT, "fixtures", "media"), os.path.join(ROOT, "fixtures", "corpus-images")]
FIELDS = ("state", "codes", "ai", "message")
_UNTRUSTED = "signingCredential.untrusted"


def media_files(targets: list[str]) -> list[str]:
    """Files whose extension names a media type the SDK reads."""
    sys.path.insert(0, ROOT)
    from provenance import media

    out = []
    for target in targets:
        paths = ([os.path.join(d, f) for d, _, fs in os.walk(target) for f in fs]
                 if os.path.isdir(target) else [target])
        out += [p for p in sorted(paths) if media.c2pa_type(media.of_extension(p))]
    return out


def _ctx(anchors: str | None):
    import c2pa

    settings: dict = {"verify": {"remote_manifest_fetch": False, "ocsp_fetch": False}}
    if anchors:
        with open(anchors, encoding="ascii") as fh:
            settings["trust"] = {"trust_anchors": fh.read()}
    return c2pa.Context.from_dict(settings)


def sdk_view(path: str, ctx, anchors: bool) -> dict:
    """What a bare c2pa.Reader says about the file."""
    import c2pa

    from provenance import media

    try:
        with open(path, "rb") as fh:
            data = fh.read()
        fmt = media.c2pa_type(media.of_extension(path))
        reader = c2pa.Reader.try_create(fmt, io.BytesIO(data), None, ctx)
        if reader is None:
            return {"reads": True, "state": "none", "codes": [], "ai": [], "message": None}
        with reader:
            store = json.loads(reader.json())
    except c2pa.C2paError as exc:
        text = str(exc)
        kind = text.split(":", 1)[0].strip()
        if "must fetch remote" in text:
            return {"reads": False, "state": "remote", "codes": [], "ai": [], "message": None}
        if kind == "NotSupported" or "could not be parsed" in text:
            return {"reads": False, "state": f"unreadable {kind}", "codes": [], "ai": [],
                    "message": None}
        return {"reads": False, "state": f"error {kind}", "codes": [], "ai": [], "message": text}
    results = (store.get("validation_results") or {}).get("activeManifest")
    failures = (results or {}).get("failure") if results is not None else store.get("validation_status")
    codes = {f.get("code") for f in failures or [] if f.get("code")}
    if not anchors:
        codes.discard(_UNTRUSTED)
    active = (store.get("manifests") or {}).get(store.get("active_manifest") or "") or {}
    ai = set()
    for assertion in active.get("assertions") or []:
        if (assertion.get("label") or "").startswith("c2pa.actions"):
            for action in (assertion.get("data") or {}).get("actions") or []:
                if isinstance(action, dict):
                    st = action.get("digitalSourceType") or (action.get("parameters") or {}).get(
                        "digitalSourceType")
                    if st:
                        ai.add(st)
    return {"reads": True, "state": store.get("validation_state"), "codes": sorted(codes),
            "ai": sorted(ai), "message": None}


def provenance_view(path: str, anchors: str | None, in_process: bool) -> dict:
    """What `provenance inspect --format json` says about the file."""
    if in_process:
        from provenance.inspect import model
        arts = json.loads(json.dumps(model(path, anchors), default=str))
        code = 0 if all(a.get("checked", True) for a in arts) else 2
    else:
        cmd = [sys.executable, "-m", "provenance", "inspect", "--format", "json", path]
        if anchors:
            cmd += ["--trust-anchors", anchors]
        proc = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT)
        code = proc.returncode
        try:
            arts = json.loads(proc.stdout)
        except ValueError:
            return {"exit": code, "state": f"no JSON ({proc.stderr.strip()[-200:]})",
                    "codes": [], "ai": [], "message": None}
    images = [i for a in arts for i in a.get("images") or []]
    p = (images[0].get("provenance") if images else None) or {}
    if not p.get("c2pa_present"):
        state = "none" if code != 2 else "unreadable"
    elif p.get("c2pa_state"):
        state = p["c2pa_state"]
    elif p.get("c2pa_remote"):
        state = "remote"
    else:
        state = f"error {p.get('c2pa_error_code')}"
    codes = set(p.get("c2pa_failures") or [])
    codes |= set((p.get("c2pa_identity") or {}).get("codes") or []) \
        if (p.get("c2pa_identity") or {}).get("status") != "valid" else set()
    return {"exit": code, "state": state, "codes": sorted(codes),
            "ai": sorted(set(p.get("c2pa_source_types") or [])),
            "message": p.get("c2pa_error") if state.startswith("error") else None}


def compare(files: list[str], anchors: str | None = None, in_process: bool = False) -> list[dict]:
    ctx = _ctx(anchors)
    rows = []
    for path in files:
        sdk = sdk_view(path, ctx, bool(anchors))
        ours = provenance_view(path, anchors, in_process)
        if sdk["state"].startswith("unreadable"):
            # the SDK cannot parse the file (or its type): provenance must not
            # pass it silently either — an input error (exit 2) is agreement
            agree = {f: True for f in FIELDS}
            agree["state"] = ours["exit"] == 2 or ours["state"] == "none"
        else:
            agree = {f: sdk[f] == ours[f] for f in FIELDS}
        rows.append({"file": path, "sdk": sdk, "provenance": ours, "agree": agree,
                     "exit2_on_readable": sdk["reads"] and ours["exit"] == 2})
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="*")
    parser.add_argument("--trust-anchors", metavar="PEM")
    parser.add_argument("--in-process", action="store_true",
                        help="call provenance.inspect.model here instead of one process per file")
    args = parser.parse_args(argv)
    files = media_files(args.paths or DEFAULT)
    rows = compare(files, args.trust_anchors, args.in_process)
    short = lambda v: ",".join(x.rsplit("/", 1)[-1] for x in v) if isinstance(v, list) else str(v)
    print(f"{'file':40} {'SDK state':18} {'provenance':18} {'exit':>4}  codes / AI (SDK | provenance)")
    for r in rows:
        s, o = r["sdk"], r["provenance"]
        flag = "" if all(r["agree"].values()) and not r["exit2_on_readable"] else "  <<< DIFFERS"
        print(f"{os.path.basename(r['file'])[:40]:40} {s['state'][:18]:18} {o['state'][:18]:18} "
              f"{o['exit']:>4}  [{short(s['codes'])}|{short(o['codes'])}] "
              f"[{short(s['ai'])}|{short(o['ai'])}]{flag}")
    print()
    bad = 0
    for field in FIELDS:
        n = sum(r["agree"][field] for r in rows)
        bad += len(rows) - n
        print(f"{field:8} agree {n}/{len(rows)}")
    exit2 = sum(r["exit2_on_readable"] for r in rows)
    readable = sum(r["sdk"]["reads"] for r in rows)
    print(f"exit 2 on files the SDK reads: {exit2}/{readable}")
    print(f"disagreements: {bad}")
    return 1 if bad or exit2 else 0


if __name__ == "__main__":
    sys.exit(main())
