"""Problem messages of the catalog: what is wrong — expected …, found … (hint)."""

from __future__ import annotations

import difflib

HINTS = {
    "number": "write the number only; the unit goes in unit:",
    "year": "write a four-digit year such as 2022",
    "range": 'a range is written as its lower bound with op, e.g. value: 80 with op: ">="',
    "percent": 'write "%" in quotes: a bare % cannot start a YAML value',
}


def found(value) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, str):
        return f'"{value}"'
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    return repr(value) if isinstance(value, bool) else str(value)


def describe(err: dict, allowed: list[str]) -> str:
    """One pydantic error as our message."""
    kind, value, last = err["type"], err.get("input"), str(err["loc"][-1]) if err["loc"] else ""
    if kind == "extra_forbidden":
        close = difflib.get_close_matches(last, allowed, n=1)
        hint = f' (did you mean "{close[0]}"?)' if close else f" (allowed: {', '.join(allowed)})"
        return f'unknown key — expected one of the known fields, found "{last}"{hint}'
    if kind == "missing":
        return "required field missing — expected a value, found nothing"
    if kind in ("float_type", "float_parsing", "int_type", "int_parsing") and isinstance(value, list):
        return f"expected a number, found a list — {HINTS['range']}"
    if kind in ("float_type", "float_parsing", "int_type", "int_parsing") and last in ("year", "base_year",
                                                                                        "target_year"):
        return f"expected a year, found {found(value)} — {HINTS['year']}"
    if kind == "finite_number":
        return f"expected a finite number, found {found(value)} — {HINTS['number']}"
    if kind in ("float_type", "float_parsing"):
        return f"expected a number, found {found(value)} — {HINTS['number']}"
    if kind in ("int_type", "int_parsing"):
        return f"expected a whole number, found {found(value)}"
    if kind in ("greater_than_equal", "less_than_equal") and last == "month":
        return f"expected a month from 1 to 12, found {found(value)}"
    if kind in ("greater_than_equal", "less_than_equal"):
        return f"expected a year between 1900 and 2200, found {found(value)}"
    if kind in ("literal_error", "enum"):
        expected = err["ctx"]["expected"].replace("'", "")
        return f"expected one of {expected}, found {found(value)}"
    if kind == "string_pattern_mismatch":
        return f"expected a slug of lowercase letters, digits and hyphens, found {found(value)}"
    if kind in ("string_type", "string_too_short"):
        return f"expected text, found {found(value)}"
    if kind in ("bool_type", "bool_parsing"):
        return f"expected true or false, found {found(value)}"
    if kind in ("date_type", "date_parsing", "date_from_datetime_parsing"):
        return f"expected a date YYYY-MM-DD, found {found(value)}"
    if kind in ("list_type",):
        return f"expected a list, found {found(value)}"
    if kind in ("model_type", "dict_type", "model_attributes_type"):
        return f"expected a mapping of fields, found {found(value)}"
    return f"{err['msg']}, found {found(value)}"
