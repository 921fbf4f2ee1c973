"""ninjs reader: IPTC's "news in JSON", versions 1.x, 2.x and 3.x.

The version comes from `standard.version`, `$schema` or `standard.schema`;
without one it is inferred from the property names (1.x: `headline`,
`body_html`/`body_text`; 2.x: lower-case `headlines`/`bodies`; 3.x:
camelCase such as `versionCreated`). The document is validated against the
IPTC schema of that version, vendored in `provenance/schemas/ninjs/`. A
violation is an `input-schema` warning and the file is still read. The
schemas' online `$ref` to GeoJSON resolves to a local stand-in; no
reference is ever retrieved over the network.

What is read (both spellings of each name):

| ninjs | Article |
|---|---|
| `headlines[role=main]` / `headline` | headline |
| `bodies` (HTML, NITF or text) / `body_html` / `body_xhtml` / `body_text` | blocks, images, links |
| `descriptions` of role lead/summary/teaser/abstract / `description_text` | first blocks (when not repeated in the body) |
| `language` | language |
| `firstCreated` else `versionCreated` | published (`YYYY-MM-DD`) |
| `by` / `byline` | byline |
| `digitalSourceType` (`{uri, name}` or a string) | declared `digital_source_type`, origin "ninjs" |
| picture/graphic/video/audio `associations` (object or array) and a media item's own `renditions` | images (with their medium; a video's rendition is its video file, not its poster) |
| `links` rel canonical / original / source | canonical, based_on |
| `uri` (http) | own_url |

An image's `src` is a local (relative) rendition `href` when there is one,
so the image stage can read the file; else the largest rendition. Its
caption is `description_text`/`descriptions`/`headline(s)`; its credit is
`by`, `creditline` or `copyrightHolder`, a structured credit that consumers
render (docs/design.md#credits). Selectors are JSON pointers
(`/bodies/0/value`, `/associations/0/renditions/0`).
"""
from __future__ import annotations

import json
import re
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from provenance import media
from provenance.article import Article, Block, Declared, Image, Location, Problem
from provenance.dates import iso_date
from provenance.readers.decode import json_text

if TYPE_CHECKING:      # the run's phrase book is handed in: readers import no language layer
    from provenance.phrases import PhraseBook

SCHEMA_DIR = Path(__file__).resolve().parent.parent / "schemas" / "ninjs"
GEOJSON_URI = "https://geojson.org/schema/GeoJSON.json"
_MAX_SCHEMA_PROBLEMS = 5
_NINJS_KEYS_1 = {"headline", "body_text", "body_html", "body_xhtml", "description_text",
                 "versioncreated", "associations", "renditions"}
_NINJS_KEYS_2 = {"headlines", "bodies", "descriptions"}


def sniff(data: bytes) -> bool:
    """True for a JSON object that looks like ninjs: `uri` with `type` or a
    headline/body property, or a `$schema`/`standard` naming ninjs."""
    head = data[:65536].lstrip(b"\xef\xbb\xbf \t\r\n")
    if not head.startswith(b"{"):
        return False
    if re.search(rb"ninjs", head[:4096], re.I):
        doc = _loads(data)
        return isinstance(doc, dict) and _looks_like_ninjs(doc, strict=False)
    doc = _loads(data)
    return isinstance(doc, dict) and _looks_like_ninjs(doc, strict=True)


def _looks_like_ninjs(doc: dict, strict: bool) -> bool:
    if "version" in doc and str(doc.get("version", "")).startswith("https://jsonfeed.org"):
        return False
    marker = str(doc.get("$schema", "")) + json.dumps(doc.get("standard", "")) + \
        json.dumps(doc.get("$standard", ""))
    if "ninjs" in marker.lower():
        return True
    keys = set(doc)
    content = bool(keys & (_NINJS_KEYS_1 | _NINJS_KEYS_2))
    if strict:
        return "uri" in keys and ("type" in keys and content or bool(keys & _NINJS_KEYS_2)
                                  or bool(keys & {"headline", "body_text", "body_html"}))
    return "uri" in keys or content


def _loads(data: bytes):
    try:
        return json.loads(json_text(data)[0])
    except (ValueError, RecursionError):
        return None


def read(data: bytes, path: str, file: str | None, book: PhraseBook) -> list[Article]:
    """One Article for a ninjs document (an unreadable file gives one
    unchecked Article carrying an `input-unparseable` error)."""
    raw, encoding_problem = json_text(data)
    try:
        doc = json.loads(raw)
    except ValueError as exc:
        return _unreadable(path, file, f"not well-formed JSON: {exc}")
    except RecursionError:
        return _unreadable(path, file, "not readable JSON: nested too deeply")
    if not isinstance(doc, dict):
        return _unreadable(path, file, "a ninjs document must be a JSON object")
    article = Article(path=path, format="ninjs", file=file)
    if encoding_problem:
        article.problems.append(encoding_problem)
    version = detect_version(doc)
    article.metadata["ninjs_version"] = version
    article.metadata["ninjs"] = doc
    article.problems.extend(schema_problems(doc, version))
    try:
        _read_all(doc, article, raw, book)
    except (TypeError, ValueError, AttributeError, KeyError):
        # a field of the wrong type (reported above as a schema warning):
        # read the document again without the values the schema rejects
        fresh = Article(path=path, format="ninjs", file=file, metadata=article.metadata,
                        problems=article.problems)
        _read_all(_without_mistyped(doc, version), fresh, raw, book)
        article = fresh
    return [article]


def _read_all(doc: dict, article: Article, raw: str, book: PhraseBook) -> None:
    _read_meta(doc, article)
    _read_descriptions(doc, article, raw)
    _read_bodies(doc, article, raw, book)
    chosen = _choose_body(doc)
    _read_pictures(doc, article, chosen[2] if chosen else "")


def _without_mistyped(doc: dict, version: str) -> dict:
    """A copy of `doc` without the values that violate a type, enum, format
    or pattern of the schema (whole properties the schema does not know stay)."""
    import copy
    doc = copy.deepcopy(doc)
    paths = []
    for candidate in reversed(_candidates(version)):
        paths += [list(e.absolute_path) for e in _validator(candidate).iter_errors(doc)
                  if e.validator in ("type", "enum", "format", "pattern", "minimum", "maximum")]
    for path in sorted(paths, key=len, reverse=True):
        parent: Any = doc
        for key in path[:-1]:
            try:
                parent = parent[key]
            except (KeyError, IndexError, TypeError):
                parent = None
                break
        if path and isinstance(parent, dict):
            parent.pop(path[-1], None)
        elif path and isinstance(parent, list) and isinstance(path[-1], int) and path[-1] < len(parent):
            parent[path[-1]] = None
    return doc


def _unreadable(path: str, file: str | None, message: str) -> list[Article]:
    return [Article(path=path, format="ninjs", file=file, checked=False,
                    problems=[Problem("input-unparseable", "error", message)])]


# --- version and schema ------------------------------------------------------

def detect_version(doc: dict) -> str:
    """"3.1", "2.1", "1.4" ... as declared, else a major version inferred
    from the property names ("3", "2" or "1")."""
    standard = _get(doc, "standard", "$standard")
    standard = standard if isinstance(standard, dict) else {}
    for value in (standard.get("version"), doc.get("$schema"), standard.get("schema")):
        m = re.search(r"(?:^|[_\-v ])(\d+\.\d+)(?:\.\d+)?(?:\.json|$)", str(value or ""))
        if value and m:
            return m.group(1)
    if "headlines" in doc or "bodies" in doc or "descriptions" in doc:
        camel = {"versionCreated", "firstCreated", "pubStatus", "copyrightHolder",
                 "contentCreated", "representationType", "infoSources"}
        return "3" if camel & set(doc) else "2"
    return "1"


def _available_versions() -> list[str]:
    names = sorted(p.stem.rsplit("_", 1)[1] for p in SCHEMA_DIR.glob("ninjs-schema_*.json"))
    return sorted(names, key=lambda v: tuple(int(x) for x in v.split(".")))


def _candidates(version: str) -> list[str]:
    """Schemas to try: the declared version (or the nearest earlier one of
    the same major), else every schema of the inferred major."""
    versions = _available_versions()
    if "." in version:
        if version in versions:
            return [version]
        major = version.split(".")[0]
        same = [v for v in versions if v.split(".")[0] == major
                and tuple(map(int, v.split("."))) <= tuple(map(int, version.split(".")))]
        return same[-1:] or [v for v in versions if v.split(".")[0] == major][:1]
    return [v for v in versions if v.split(".")[0] == version]


def schema_problems(doc: dict, version: str) -> list[Problem]:
    """Schema violations as `input-schema` warnings (at most five, the
    rest counted in the last message). Without a declared version the
    document passes if any schema of its major version accepts it."""
    best: tuple[str, list] | None = None
    for candidate in reversed(_candidates(version)):
        errors = sorted(_validator(candidate).iter_errors(doc),
                        key=lambda e: (list(map(str, e.absolute_path)), e.message))
        if not errors:
            return []
        if best is None or len(errors) < len(best[1]):
            best = (candidate, errors)
    if best is None:
        return []
    candidate, errors = best
    problems = []
    for error in errors[:_MAX_SCHEMA_PROBLEMS]:
        pointer = _pointer(error.absolute_path)
        message = f"ninjs {candidate} schema: {_short(error.message)} at {pointer or '/'}"
        problems.append(Problem("input-schema", "warning", message,
                                Location(selector=pointer or "/")))
    if len(errors) > _MAX_SCHEMA_PROBLEMS:
        problems[-1].message += f" (and {len(errors) - _MAX_SCHEMA_PROBLEMS} more violations)"
    return problems


def _short(message: str) -> str:
    return message if len(message) <= 300 else message[:297] + "..."


def _pointer(parts) -> str:
    return "".join("/" + str(p).replace("~", "~0").replace("/", "~1") for p in parts)


@lru_cache(maxsize=None)
def _validator(version: str):
    # jsonschema is heavy: imported only when a ninjs file is checked.
    import jsonschema
    from referencing import Registry, Resource
    from referencing.exceptions import NoSuchResource
    from referencing.jsonschema import DRAFT7

    schema = json.loads((SCHEMA_DIR / f"ninjs-schema_{version}.json").read_text("utf-8"))
    geojson = json.loads((SCHEMA_DIR / "geojson-standin.json").read_text("utf-8"))

    def refuse(uri: str):
        # Never fetch: an unknown reference fails validation setup loudly
        # in tests instead of silently going online.
        raise NoSuchResource(ref=uri)  # type: ignore[call-arg]  # attrs class, no mypy plugin

    registry = Registry(retrieve=refuse).with_resources([  # type: ignore[call-arg]
        (GEOJSON_URI, Resource.from_contents(geojson, default_specification=DRAFT7)),
        (GEOJSON_URI + "#", Resource.from_contents(geojson, default_specification=DRAFT7)),
    ])
    cls = jsonschema.validators.validator_for(schema, default=jsonschema.Draft7Validator)
    return cls(schema, registry=registry)


# --- metadata ----------------------------------------------------------------

def _get(obj: dict, *names: str):
    """First present value among spellings (`versionCreated`/`versioncreated`)."""
    for name in names:
        if isinstance(obj, dict) and obj.get(name) not in (None, "", [], {}):
            return obj[name]
    return None


def _read_meta(doc: dict, article: Article) -> None:
    article.headline = _headline(doc)
    lang = _get(doc, "language", "lang")
    article.language = lang if isinstance(lang, str) else None
    article.published = iso_date(_get(doc, "firstCreated", "firstcreated")) or \
        iso_date(_get(doc, "versionCreated", "versioncreated"))
    by = _get(doc, "by", "byline")
    article.byline = by.strip() if isinstance(by, str) else None
    uri = doc.get("uri")
    if isinstance(uri, str) and re.match(r"^https?://", uri, re.I):
        article.own_url = uri
    dst = _source_type(_get(doc, "digitalSourceType", "digitalsourcetype"))
    if dst:
        article.declared["digital_source_type"] = Declared(dst, "ninjs")
    sources = _get(doc, "infoSources", "infosources", "infosource")
    if sources:
        names = [s.get("name") or s.get("uri") if isinstance(s, dict) else str(s)
                 for s in (sources if isinstance(sources, list) else [sources])]
        article.metadata["info_sources"] = [n for n in names if n]
    genres = _get(doc, "genres", "genre")
    if isinstance(genres, list) and genres and isinstance(genres[0], dict):
        article.section = genres[0].get("name") or None
    altids = _get(doc, "altids", "altIds")
    if altids:
        article.metadata["altids"] = altids
    for link in _as_list(_get(doc, "links")):
        if not isinstance(link, dict) or not isinstance(link.get("href"), str):
            continue
        rel = str(link.get("rel") or "").lower().rsplit("/", 1)[-1]
        if rel == "canonical":
            article.canonical = link["href"]
        elif rel in ("original", "source", "isbasedon", "basedon", "derivedfrom"):
            article.based_on.append(link["href"])


def _headline(obj: dict) -> str | None:
    headlines = _get(obj, "headlines")
    if isinstance(headlines, list):
        values = [h for h in headlines if isinstance(h, dict) and h.get("value")]
        main = next((h for h in values if h.get("role") == "main"), values[0] if values else None)
        if main:
            return " ".join(str(main["value"]).split())
    headline = _get(obj, "headline")
    return " ".join(headline.split()) if isinstance(headline, str) else None


def _source_type(value) -> str | None:
    if isinstance(value, dict):
        value = value.get("uri") or value.get("name") or value.get("literal")
    return value.strip() if isinstance(value, str) and value.strip() else None


def _as_list(value) -> list:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


# --- bodies ------------------------------------------------------------------

_LEAD_ROLES = {"lead", "summary", "teaser", "abstract", "standfirst", "intro"}


def _read_descriptions(doc: dict, article: Article, raw: str) -> None:
    """Lead/summary descriptions are shown above the body; captions and
    writer notes are not article text."""
    if _is_picture(doc):
        return
    bodies_text = json.dumps([_get(doc, "bodies"), _get(doc, "body_text", "body_html",
                                                          "body_xhtml")], ensure_ascii=False)
    for n, desc in enumerate(_as_list(_get(doc, "descriptions"))):
        if not isinstance(desc, dict) or not isinstance(desc.get("value"), str):
            continue
        text = " ".join(desc["value"].split())
        if str(desc.get("role", "")).lower() in _LEAD_ROLES and text and \
                text[:80] not in " ".join(bodies_text.split()):
            article.blocks.append(Block(text, _json_loc(f"/descriptions/{n}/value",
                                                        desc["value"], raw)))


def _read_bodies(doc: dict, article: Article, raw: str, book: PhraseBook) -> None:
    chosen = _choose_body(doc)
    if chosen is None:
        return
    pointer, kind, value = chosen
    loc_line = _json_line(value, raw)
    if kind == "html":
        from provenance.readers.html import read_fragment
        before = (len(article.blocks), len(article.images), len(article.links))
        read_fragment(value, article, book, base_selector=pointer)
        # Lines inside a JSON string mean nothing to the user: point them at
        # the line where the string starts.
        for group in (article.blocks[before[0]:], article.images[before[1]:],
                      article.links[before[2]:]):
            for thing in group:
                thing.location.line, thing.location.column = loc_line, None
                if not (thing.location.selector or "").startswith(pointer):
                    thing.location.selector = pointer + (thing.location.selector or "")
    elif kind == "nitf":
        _read_nitf_string(value, article, pointer, loc_line)
    else:
        for text in (t for t in re.split(r"\n", value) if t.strip()):
            article.blocks.append(Block(" ".join(text.split()),
                                        Location(line=loc_line, selector=pointer)))


def _choose_body(doc: dict) -> tuple[str, str, str] | None:
    """(JSON pointer, html|nitf|text, value) of the one body to read: the
    alternatives in `bodies` carry the same story, so reading several would
    duplicate it. HTML first (what consumers render), then NITF, then text."""
    candidates: list[tuple[int, str, str, str]] = []
    for n, body in enumerate(_as_list(_get(doc, "bodies"))):
        if not isinstance(body, dict) or not isinstance(body.get("value"), str):
            continue
        ctype = str(_get(body, "contentType", "contenttype", "mimetype") or "").lower()
        role = str(body.get("role") or "").lower()
        value = body["value"]
        if "nitf" in ctype or "nitf" == role or re.match(r"\s*(<\?xml[^>]*>\s*)?<nitf\b", value):
            candidates.append((1, f"/bodies/{n}/value", "nitf", value))
        elif "html" in ctype or role in ("html", "xhtml", "html5", "richhtml5"):
            candidates.append((0, f"/bodies/{n}/value", "html", value))
        elif ctype.startswith("text/plain") or not ctype:
            candidates.append((2, f"/bodies/{n}/value", "text", value))
    for rank, name, kind in ((0, "body_html", "html"), (0, "body_xhtml", "html"),
                             (2, "body_text", "text")):
        if isinstance(doc.get(name), str) and doc[name].strip():
            candidates.append((rank, f"/{name}", kind, doc[name]))
    if not candidates:
        return None
    _, pointer, kind, value = min(candidates, key=lambda c: c[0])
    return pointer, kind, value


def _read_nitf_string(value: str, article: Article, pointer: str, line: int | None) -> None:
    from provenance.readers import newsml, xmlsafe
    # The string was already decoded from JSON: drop its XML declaration so
    # lxml does not trust a stale encoding name.
    text = re.sub(r"^\s*<\?xml[^>]*\?>", "", value)
    try:
        root = xmlsafe.parse(text.encode("utf-8")).getroot()
    except xmlsafe.XMLRefused as exc:
        article.problems.append(Problem("input-schema", "warning",
                                        f"NITF body at {pointer} is not readable XML: {exc}",
                                        Location(line=line, selector=pointer)))
        return
    before = len(article.blocks)
    newsml.read_nitf(root, article, base_selector=pointer, stop=root.getparent(),
                     line_offset=None)
    for block in article.blocks[before:]:
        block.location.line = line


def _json_line(value: str, raw: str) -> int | None:
    """Line of a string value in the JSON text (best effort)."""
    probe = json.dumps(value[:60], ensure_ascii=False)[:-1]
    pos = raw.find(probe)
    if pos < 0:
        probe = json.dumps(value[:60])[:-1]
        pos = raw.find(probe)
    return raw.count("\n", 0, pos) + 1 if pos >= 0 else None


def _json_loc(pointer: str, value: str, raw: str) -> Location:
    return Location(line=_json_line(value, raw), selector=pointer)


# --- pictures ----------------------------------------------------------------

_PICTURE_TYPES = {"picture", "graphic", "image", "photo"}
# ninjs item types that are media an article carries, and their medium
_MEDIUM_OF_TYPE = {**{t: "image" for t in _PICTURE_TYPES}, "video": "video", "audio": "audio"}


def _is_picture(obj: dict) -> bool:
    return str(obj.get("type") or "").lower() in _PICTURE_TYPES


def _medium_of(obj: dict) -> str | None:
    return _MEDIUM_OF_TYPE.get(str(obj.get("type") or "").lower())


def _read_pictures(doc: dict, article: Article, body: str) -> None:
    """Pictures, videos and audio of the item. An association the body
    already shows (its uri or a rendition href appears in the body) is not
    added a second time, unless it has a local rendition the image stage
    should read."""
    if _medium_of(doc):
        _add_image(doc, "", article, role="")
    associations = _get(doc, "associations")
    if isinstance(associations, dict):
        entries = [(f"/associations/{_esc(k)}", k, v) for k, v in associations.items()]
    else:
        entries = [(f"/associations/{n}", (v or {}).get("name", "") if isinstance(v, dict) else "",
                    v) for n, v in enumerate(_as_list(associations))]
    for pointer, name, assoc in entries:
        if not isinstance(assoc, dict):
            continue
        kind = str(assoc.get("type") or "").lower()
        if not (kind in _MEDIUM_OF_TYPE or (not kind and _renditions(assoc))):
            continue
        hrefs = [r["href"] for _, r in _renditions(assoc, _medium_of(assoc) or "image")]
        in_body = body and any(ref and ref in body for ref in [assoc.get("uri")] + hrefs)
        if in_body and not any(_is_local(h) for h in hrefs):
            continue
        _add_image(assoc, pointer, article, role=str(name))


def _esc(key: str) -> str:
    return str(key).replace("~", "~0").replace("/", "~1")


def _renditions(obj: dict, medium: str = "image") -> list[tuple[str, dict]]:
    """Renditions of `obj` in its own medium (a video's poster rendition is
    not the video); a rendition with no type or known extension counts as
    the item's medium."""
    renditions = _get(obj, "renditions")
    if isinstance(renditions, dict):
        items = [(f"/renditions/{_esc(k)}", v) for k, v in renditions.items()]
    else:
        items = [(f"/renditions/{n}", v) for n, v in enumerate(_as_list(renditions))]
    out = []
    for pointer, rend in items:
        if not isinstance(rend, dict) or not isinstance(rend.get("href"), str):
            continue
        ctype = str(_get(rend, "contentType", "contenttype", "mimetype") or "").lower()
        known = ctype or media.of_extension(rend["href"])
        if (media.from_reference(rend["href"], ctype) if known else medium) == medium:
            out.append((pointer, rend))
    return out


def _is_local(href: str) -> bool:
    return not re.match(r"^[a-z][a-z0-9+.-]*:", href, re.I) and not href.startswith("//")


def _add_image(obj: dict, pointer: str, article: Article, role: str) -> None:
    medium = _medium_of(obj) or "image"
    renditions = _renditions(obj, medium)
    if not renditions:
        return
    local = [r for r in renditions if _is_local(r[1]["href"])]
    if local:
        rend_pointer, rend = local[0]
    else:
        rend_pointer, rend = max(renditions, key=lambda r: (_int(r[1].get("width")) or 0)
                                 * (_int(r[1].get("height")) or 0))
    credit = _get(obj, "by", "byline", "creditline", "creditLine", "copyrightHolder", "copyrightholder")
    credit = credit.strip() if isinstance(credit, str) else ""
    image = Image(src=rend["href"], location=Location(selector=pointer + rend_pointer),
                  caption=_caption(obj), credit=credit,
                  width=_int(rend.get("width")), height=_int(rend.get("height")),
                  classes=role, medium=medium,
                  remote=bool(re.match(r"^https?://", rend["href"], re.I)))
    image.title = _headline(obj)
    dst = _source_type(_get(obj, "digitalSourceType", "digitalsourcetype"))
    if dst:
        image.metadata["digital_source_type"] = dst
    for key in ("copyrightHolder", "copyrightholder", "copyrightNotice", "copyrightnotice",
                "uri"):
        if isinstance(obj.get(key), str):
            image.metadata[key] = obj[key]
    created = iso_date(_get(obj, "contentCreated", "contentcreated"))
    if created:
        image.metadata["dateCreated"] = created
    article.images.append(image)


def _caption(obj: dict) -> str:
    text = _get(obj, "description_text")
    if isinstance(text, str):
        return " ".join(text.split())
    descs = [d for d in _as_list(_get(obj, "descriptions"))
             if isinstance(d, dict) and isinstance(d.get("value"), str)]
    chosen = next((d for d in descs if str(d.get("role", "")).lower() == "caption"), None) or \
        next((d for d in descs if str(d.get("role", "")).lower() not in ("writer",)), None)
    if chosen:
        return " ".join(chosen["value"].split())
    return _headline(obj) or ""


def _int(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None
