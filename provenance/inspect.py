"""`provenance inspect FILE`: what the checker sees — the article model, the
derived signals, and each image with its C2PA and IPTC/XMP facts."""
from __future__ import annotations

import dataclasses
import json
import sys

from .run import Options, Runner, display_path


def model(file: str, trust_anchors: str | None = None, fetch: bool = False,
          config: str | None = None) -> list[dict]:
    """The Article(s) of a file as plain dicts, with derived facts."""
    from . import detect
    from .signals import derive
    runner = Runner(Options(config=config, trust_anchors=trust_anchors, fetch=fetch))
    cfg = runner.configs.for_file(file)
    book = runner.book_for(cfg)
    data, problem = runner._read_bytes(file, cfg)
    if problem is not None:
        return [{"path": display_path(file), "checked": False, "problems": [dataclasses.asdict(problem)]}]
    out = []
    for art in detect.read(data, display_path(file), file, book):
        runner.prepare(art, cfg)          # the same steps as `check`
        d = dataclasses.asdict(art)
        if art.checked:
            f = derive(book, art)
            d["signals"] = {
                "ai": f.ai, "ai_origin": f.ai_origin or None, "reviewed": f.reviewed,
                "human_signal": f.human_signal, "aggregated": f.aggregated,
                "aggregated_origin": f.aggregated_origin or None, "originals": f.originals,
                "wire_copy": f.wire, "published": f.published,
                "notice": f.notice.block.text[f.notice.match.start:f.notice.match.end] if f.notice else None,
                "collective_credit": f.collective_credit,
            }
            for img, fi in zip(d["images"], f.images):
                img["labels"] = dataclasses.asdict(fi.labels)
                img["decorative"] = fi.decorative
                img["needs_review"] = fi.needs_review
                img["ai"] = fi.ai
                img["ai_origin"] = fi.ai_origin or None
                img["created"] = fi.created
        out.append(d)
    return out


def run(args) -> int:
    arts = model(args.file, args.trust_anchors, args.fetch, args.config)
    if args.format == "json":
        print(json.dumps(arts, indent=2, ensure_ascii=False, default=str))
        return 0 if all(a.get("checked", True) for a in arts) else 2
    w = sys.stdout.write
    for a in arts:
        w(f"{a['path']}  ({a.get('format', 'unknown')})\n")
        if not a.get("checked", True):
            for p in a.get("problems", []):
                w(f"  input {p['severity']}: {p['message']}\n")
            continue
        for key in ("headline", "language", "published", "byline", "own_url", "canonical", "section"):
            if a.get(key):
                w(f"  {key}: {a[key]}\n")
        if a.get("source_line"):
            s = a["source_line"]
            w(f"  source line: {s['outlet']} | {s['time']}\n")
        if a.get("based_on"):
            w(f"  based on: {', '.join(a['based_on'])}\n")
        for k, v in (a.get("declared") or {}).items():
            w(f"  declared {k}={v['value']} ({v['origin']})\n")
        w("  signals:\n")
        for k, v in a["signals"].items():
            if v not in (None, [], False):
                w(f"    {k}: {v}\n")
        w(f"  blocks: {len(a['blocks'])}\n")
        for b in a["blocks"][:60]:
            loc = b["location"]
            where = f"{loc['line'] or ''}" + (f" {loc['selector']}" if loc.get("selector") else "")
            text = b["text"] if len(b["text"]) <= 100 else b["text"][:97] + "..."
            w(f"    [{b['kind']}] {where}: {text}\n")
        w(f"  links: {len(a['links'])}\n")
        for link in a["links"][:30]:
            w(f"    {link['text'][:60]!r} -> {link['href']}\n")
        w(f"  images: {len(a['images'])}\n")
        for img in a["images"]:
            _image(w, img)
        for p in a.get("problems", []):
            w(f"  input {p['severity']}: {p['message']}\n")
        for s in a.get("suppressions", []):
            w(f"  suppression: {s['rule']} reason={s['reason']!r}\n")
    return 0 if all(a.get("checked", True) for a in arts) else 2


def _image(w, img: dict) -> None:
    medium = img.get("medium") or "image"
    kind = f"  [{medium}]" if medium != "image" else ""
    role = img.get("role")
    if role:
        review = "  needs review" if img.get("needs_review") else ""
        why = f" ({img['role_reason']})" if img.get("role_reason") else ""
        w(f"    - {img['src'] or '(no source)'}{kind}  [{role}{why}]{review}\n")
    else:
        w(f"    - {img['src'] or '(caption in text)'}{kind}"
          f"{'  [decorative]' if img.get('decorative') else ''}\n")
    if img.get("location", {}).get("selector"):
        w(f"        at: {img['location']['selector']}\n")
    for key in ("caption", "credit", "alt", "file"):
        if img.get(key):
            w(f"        {key}: {img[key]}\n")
    if img.get("remote"):
        w("        remote: not fetched (use --fetch)\n")
    lab = img.get("labels") or {}
    shown = {k: v for k, v in lab.items() if v}
    if shown:
        w(f"        labels: {shown}\n")
    if img.get("ai") is not None:
        w(f"        AI provenance: {img['ai']} ({img.get('ai_origin')})\n")
    if img.get("created"):
        w(f"        created: {img['created']}\n")
    p = img.get("provenance")
    if not p:
        return
    if p.get("format"):
        size = f" {p['width']}x{p['height']}" if p.get("width") is not None else ""
        w(f"        format: {p['format']}{size}\n")
    for key in ("error", "partial"):
        if p.get(key):
            w(f"        {key}: {p[key]}\n")
    if p.get("c2pa_present") and p.get("c2pa_state") is None and p.get("c2pa_error_code"):
        # a manifest the SDK cannot validate: say what the SDK said
        w(f"        C2PA: manifest cannot be validated; the SDK says: {p['c2pa_error']}\n")
    elif p.get("c2pa_present") and p.get("c2pa_state") is not None:
        w(f"        C2PA: {p['c2pa_state']}"
          f"{' (untrusted signer)' if p.get('c2pa_untrusted') else ''}"
          f"{'; failures: ' + ', '.join(p['c2pa_failures']) if p.get('c2pa_failures') else ''}\n")
        for key in ("signer", "issuer", "claim_generator"):
            if p.get(key):
                w(f"          {key}: {p[key]}\n")
        ident = p.get("c2pa_identity")
        if ident:   # CAWG identity assertions: not the C2PA signer's trust
            w(f"          CAWG identity: {ident['status']} ({', '.join(ident['codes'])})\n")
        for act in p.get("c2pa_actions") or []:
            w(f"          action: {act.get('action')} {act.get('digitalSourceType') or ''}\n")
        if p.get("c2pa_ingredient_source_types"):
            w(f"          ingredients: {', '.join(p['c2pa_ingredient_source_types'])}\n")
    elif p.get("c2pa_remote"):
        w(f"        C2PA: remote manifest not fetched ({p['c2pa_remote']})\n")
    elif p.get("c2pa_error"):
        w(f"        C2PA: {p['c2pa_error']}\n")
    else:
        w("        C2PA: no manifest\n")
    for key in ("xmp_source_type", "ai_system", "ai_system_version", "ai_prompt", "credit", "creator",
                "rights", "source", "date_created", "date_origin"):
        if p.get(key):
            w(f"        {key}: {p[key]}\n")
