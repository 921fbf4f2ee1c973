"""The small part of JSON Schema the checks' parameter fragments use — type,
enum, items, minimum, properties, additionalProperties — checked without
importing jsonschema, so a run with a config pays nothing for it."""
from __future__ import annotations

_TYPES: dict[str, type | tuple[type, ...]] = {"string": str, "boolean": bool, "integer": int, "number": (int, float), "array": list, "object": dict}


def _is(value, name: str) -> bool:
    if name in ("integer", "number") and isinstance(value, bool):
        return False
    return isinstance(value, _TYPES[name])


def schema_error(schema: dict, value, where: str) -> str | None:
    """Why `value` does not fit `schema`, naming `where` (a key path), or None."""
    if "enum" in schema and value not in schema["enum"]:
        return f"key '{where}': {value!r} is not one of {', '.join(map(str, schema['enum']))}"
    types = schema.get("type")
    if types is not None:
        names = types if isinstance(types, list) else [types]
        if not any(_is(value, t) for t in names):
            return f"key '{where}': {value!r} is not {' or '.join(f'a {t}' if t != 'array' else 'a list' for t in names)}"
    if "minimum" in schema and isinstance(value, (int, float)) and value < schema["minimum"]:
        return f"key '{where}': {value!r} is less than {schema['minimum']}"
    if isinstance(value, list) and "items" in schema:
        for i, item in enumerate(value):
            err = schema_error(schema["items"], item, f"{where}/{i}")
            if err:
                return err
    if isinstance(value, dict) and ("properties" in schema or schema.get("additionalProperties") is False):
        return properties_error(schema.get("properties") or {}, value, where,
                                closed=schema.get("additionalProperties") is False)
    return None


def properties_error(properties: dict, value: dict, where: str = "", *, closed: bool = True) -> str | None:
    """Why the mapping `value` does not fit `properties` (unknown keys
    refused when `closed`), or None."""
    prefix = f"{where}/" if where else ""
    for key, item in value.items():
        if key not in properties:
            if not closed:
                continue
            import difflib
            near = difflib.get_close_matches(str(key), list(properties), n=1)
            hint = f" (did you mean '{near[0]}'?)" if near else ""
            known = ", ".join(properties) or "none"
            return f"key '{prefix}{key}': unknown{hint}; known: {known}"
        err = schema_error(properties[key], item, f"{prefix}{key}")
        if err:
            return err
    return None
