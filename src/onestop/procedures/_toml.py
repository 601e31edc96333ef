"""A small TOML writer for catalog documents (Python reads TOML, but cannot write it).

It writes what catalog files hold: strings, integers, booleans, dates, arrays, inline tables
for small records and ``[[array.of.tables]]`` for lists of records.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from datetime import date
from typing import Any

__all__ = ["dumps_toml"]

_BARE_KEY = re.compile(r"^[A-Za-z0-9_-]+$")
#: Keys whose lists are written as [[tables]]; other lists of tables are inline.
_TABLE_ARRAYS = frozenset({"procedure", "channel", "document", "result", "change"})


def _key(key: str) -> str:
    return key if _BARE_KEY.fullmatch(key) else _string(key)


def _string(text: str) -> str:
    # JSON escapes are TOML basic-string escapes; TOML also forbids a raw DEL.
    return json.dumps(text, ensure_ascii=False).replace("\x7f", "\\u007f")


def _value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, str):
        return _string(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Mapping):
        return (
            "{ " + ", ".join(f"{_key(k)} = {_value(v)}" for k, v in value.items()) + " }"
            if value
            else "{}"
        )
    if isinstance(value, list | tuple):
        return "[" + ", ".join(_value(item) for item in value) + "]"
    raise TypeError(f"cannot write {type(value).__name__} {value!r} as TOML")


def _table(lines: list[str], table: Mapping[str, Any], prefix: str) -> None:
    nested = []
    for key, value in table.items():
        if (
            key in _TABLE_ARRAYS
            and isinstance(value, list)
            and value
            and all(isinstance(v, Mapping) for v in value)
        ):
            nested.append((key, value))
        else:
            lines.append(f"{_key(key)} = {_value(value)}")
    for key, items in nested:
        name = f"{prefix}.{key}" if prefix else key
        for item in items:
            lines.append("")
            lines.append(f"[[{name}]]")
            _table(lines, item, name)


def dumps_toml(document: Mapping[str, Any]) -> str:
    """``document`` as TOML text.

    Examples:
        >>> print(dumps_toml({"format": 1, "procedure": [{"code": "1.001193"}]}))
        format = 1
        <BLANKLINE>
        [[procedure]]
        code = "1.001193"
        <BLANKLINE>
    """
    lines: list[str] = []
    _table(lines, document, "")
    return "\n".join(lines) + "\n"
