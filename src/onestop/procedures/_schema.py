"""The JSON Schema of catalog files, generated from the classes that define the file format.

The schema is built by introspection of the attrs entry classes of
:mod:`onestop.procedures._files` (``CatalogFile``, ``ProcedureEntry``, ``ChannelEntry``, ...):
every field becomes a property with the JSON type of its annotation, fields without a default
are required, and every object refuses unknown keys, as the loader does. What the classes do
not say (the description of each field, and the rules that JSON Schema can express, such as
the code pattern or non-negative fees) is added from the tables below, which must name
existing fields only: a field added to a class without a description here stops the schema
from being built, so the schema cannot drift from the format.

Rules that involve several values (dates in order, a committed time no longer than the
statutory one, no duplicate codes) are beyond JSON Schema; ``onestop catalog validate`` and
:func:`~onestop.procedures.load_catalog` check them.

Numbers: JSON Schema counts a number with a zero fraction ("3.0") as an integer, and so does
the JSON loader; TOML keeps 3.0 a float, refused where a whole number is expected.

Texts: a time limit may be written in any Unicode form of its letters (NFC, NFD or mixed), as
the parser normalises it; the pattern lists every canonically equivalent form of each letter.

Dates: a TOML file holds native dates (``valid_from = 2026-03-02``), a JSON file holds strings
(``"2026-03-02"``). The schema describes the JSON form; validate a TOML document after turning
its dates into ISO strings.
"""

from __future__ import annotations

import enum
import itertools
import json
import re
import types
import unicodedata
from collections.abc import Callable, Mapping
from datetime import date
from pathlib import Path
from typing import Any, Union, get_args, get_origin, get_type_hints

import attrs

from onestop.procedures import _files
from onestop.timing import ProcessingTime

__all__ = ["SCHEMA_ID", "catalog_json_schema", "write_schema"]

#: The identifier of the schema; it names the schema and is never fetched.
SCHEMA_ID = "https://onestop.invalid/schema/catalog-1.json"
_DIALECT = "https://json-schema.org/draft/2020-12/schema"
_NOT_BLANK = r"\S"
#: The end of the text, in ECMA-262 and in Python alike: Python's "$" also matches before a
#: final newline, which would let "1.001193\n" through a Python validator.
_END = r"(?![\s\S])"
#: A national procedure code, as ``_model.CODE`` defines it, anchored at both ends.
_CODE = r"^[0-9]\.[0-9]{6}(?:\.[0-9A-Za-z]+)*" + _END

#: What each field of each entry class means (the classes carry no per-field documentation).
_FIELD_DOCS: dict[str, dict[str, str]] = {
    "CatalogFile": {
        "format": "Version of the file format; only 1 exists.",
        "name": "Name of the catalog, e.g. the ward or province whose procedures it lists.",
        "source": "Where the catalog comes from: an address or a citation.",
        "procedure": "The procedures, each given once, with its later versions as changes.",
    },
    "ProcedureEntry": {
        "code": "National procedure code (mã TTHC) 'd.dddddd', optionally with a provincial suffix such as '.H61'.",
        "name_vi": "Vietnamese name of the procedure, as in the national database.",
        "field": "Field (lĩnh vực) the procedure belongs to, e.g. 'Hộ tịch'.",
        "legal_basis": "The legal texts the procedure rests on; at least one.",
        "name_en": "English name of the procedure.",
        "levels": "Levels of government that carry out the procedure (cấp thực hiện).",
        "competent_agency": "Agency with the competence to decide (cơ quan có thẩm quyền).",
        "executing_agency": "Agency that carries the procedure out (cơ quan thực hiện).",
        "processing_time": "Statutory time limit of the procedure.",
        "committed_time": "Shorter time limit committed to by a province or ward; it may only tighten processing_time.",
        "committed_by": "The decision that set committed_time.",
        "time_rules": "Rules of the record about the time limit, verbatim (cases, extensions, cutoffs).",
        "online_service": "Level of the online public service: 'full' (toàn trình) or 'partial' (một phần).",
        "on_the_spot": "Whether the ward settles the procedure on the spot at special sessions.",
        "notes": "What could not be parsed or rests on an uncertain source.",
        "source": "Where the record comes from: an address or a citation.",
        "valid_from": "First day the procedure is in force; absent: since before the catalog's records.",
        "valid_until": "Day the procedure stops being in force (not included); absent: still in force.",
        "channel": "Rows of the record's channel table: channel, time and fee.",
        "document": "Papers of the dossier (thành phần hồ sơ).",
        "result": "Documents returned to the citizen.",
        "change": "Later versions, in date order: from each effective_from, the fields in set take new values.",
    },
    "ChannelEntry": {
        "channel": "How the dossier is filed and the result returned.",
        "processing_time": "Time limit through this channel, when the record gives one.",
        "time_verbatim": "The record's time cell, verbatim, when it cannot be read as a time limit.",
        "fee_vnd": "Fee in đồng (0 for 'Miễn phí'); absent when the record states no amount in VND.",
        "fee_verbatim": "The record's fee text, verbatim.",
        "fee_note": "A note on the fee (exemptions, provincial rates).",
        "description": "The record's description of the row.",
    },
    "DocumentEntry": {
        "name": "Name of the paper.",
        "role": "What the citizen does with the paper: 'submit' it, 'show' it, or 'listed' under another heading.",
        "originals": "Number of originals (bản chính).",
        "copies": "Number of copies (bản sao).",
        "group": "The record's heading above the paper (a case, a condition), verbatim.",
        "alternatives": "Other papers accepted instead of this one.",
    },
    "ResultEntry": {
        "name": "Name of the document returned.",
        "code": "Result code of the national portal (KQ.*).",
    },
    "ChangeEntry": {
        "effective_from": "First day of the new version.",
        "legal_basis": "The legal texts that made the change; at least one.",
        "set": "The fields that take new values, with those values; the other fields stay as they were.",
        "unset": "Optional fields that lose their value from this date (TOML has no null).",
    },
    "LegalBasisEntry": {
        "document": "Number of the legal document, e.g. '60/2014/QH13'.",
        "title": "Title of the legal document, e.g. 'Luật Hộ tịch'.",
        "article": "The article cited, e.g. 'Điều 16'.",
        "url": "Address of the text.",
    },
}

#: JSON Schema rules of single fields, beyond their types (what the loader checks as well).
_FIELD_RULES: dict[str, dict[str, dict[str, Any]]] = {
    "CatalogFile": {"format": {"const": _files.FORMAT}},
    "ProcedureEntry": {
        "code": {"pattern": _CODE},
        "name_vi": {"pattern": _NOT_BLANK},
        "field": {"pattern": _NOT_BLANK},
        "legal_basis": {"minItems": 1},
    },
    "ChannelEntry": {"fee_vnd": {"minimum": 0}},
    "DocumentEntry": {
        "name": {"pattern": _NOT_BLANK},
        "originals": {"minimum": 0},
        "copies": {"minimum": 0},
    },
    "ResultEntry": {"name": {"pattern": _NOT_BLANK}},
    "ChangeEntry": {
        "legal_basis": {"minItems": 1},
        "unset": {"items": {"type": "string", "enum": sorted(_files.UNSETTABLE)}},
    },
    "LegalBasisEntry": {"document": {"pattern": _NOT_BLANK}},
}

#: JSON Schema rules of whole entries.
_CLASS_RULES: dict[str, dict[str, Any]] = {
    # originals defaults to 1 and copies to 0: a document needs at least one of them.
    "DocumentEntry": {
        "not": {
            "required": ["originals"],
            "properties": {"originals": {"const": 0}, "copies": {"const": 0}},
        }
    },
}

# ------------------------------------------------------------------- time-limit pattern


def _letter(char: str) -> str:
    """A regular expression for ``char`` in either case and in every form canonically
    equivalent to it: composed (NFC), decomposed (NFD) and anything between ("ê" followed by
    a combining dot below is "ệ"), as :meth:`ProcessingTime.parse` normalises its input to NFC
    and lower-cases it.

    Examples:
        >>> _letter("n"), _letter(":")
        ('[Nn]', ':')
        >>> _letter("à") == "(?:A\u0300|a\u0300|À|à)"
        True
        >>> import re
        >>> all(re.fullmatch(_letter("ệ"), form) for form in ("ệ", "ê\u0323", "ẹ\u0302",
        ...     "e\u0323\u0302", "e\u0302\u0323", "Ê\u0323"))
        True
    """
    forms = sorted({form for variant in (char, char.upper()) for form in _equivalents(variant)})
    if len(forms) == 1:
        return forms[0]
    if all(len(form) == 1 for form in forms):
        return "[" + "".join(forms) + "]"
    return "(?:" + "|".join(forms) + ")"


def _equivalents(char: str) -> set[str]:
    """Every text canonically equivalent to ``char``: its base letter with its combining marks
    in any order, any leading part of them composed with the letter where Unicode has such a
    character."""
    decomposed = unicodedata.normalize("NFD", char)
    base, marks = decomposed[0], list(decomposed[1:])
    target = unicodedata.normalize("NFC", char)
    forms = set()
    for order in itertools.permutations(marks):
        for composed in range(len(order) + 1):
            head = unicodedata.normalize("NFC", base + "".join(order[:composed]))
            form = head + "".join(order[composed:])
            if len(head) == 1 and unicodedata.normalize("NFC", form) == target:
                forms.add(form)
    return forms


def _words(text: str) -> str:
    """``text`` with any case and any run of white space between its words."""
    return r"\s+".join("".join(_letter(char) for char in word) for word in text.split())


def _either(*alternatives: str) -> str:
    return "(?:" + "|".join(alternatives) + ")"


def _time_pattern() -> str:
    """The texts :meth:`ProcessingTime.parse` accepts, as an ECMA-262 (and Python) pattern."""
    same_day = _either(
        "(?:"
        + _words("ngay")
        + r"\s+)?"
        + _words("trong")
        + r"\s+"
        + _words("ngày")
        # "trong ngày làm việc" is the same day too.
        + "(?:"
        + r"\s+"
        + _words("làm việc")
        + ")?",
        _words("same day"),
    )
    # 1 to 6 digits, not all zero: a limit of 0 days is impossible.
    amount = r"(?=[0-9]{1,6}\s)0*[1-9][0-9]*"
    units = _either(
        _words("ngày làm việc"),
        _words("working day") + _letter("s") + "?",
        _words("giờ làm việc"),
        _words("working hour") + _letter("s") + "?",
        _words("ngày"),
        _words("calendar day") + _letter("s") + "?",
        _words("day") + _letter("s") + "?",
    )
    hour = r"(?:[01]?[0-9]|2[0-3]):[0-5][0-9]"
    cutoff = r",\s+" + _either(
        _words("không có giờ chốt"),
        _words("sau") + r"\s+" + hour + r"\s+" + _words("tính từ ngày làm việc tiếp theo"),
    )
    return r"^\s*" + _either(same_day, amount + r"\s+" + units) + f"(?:{cutoff})?" + r"\s*" + _END


_TIME_DESCRIPTION = (
    "A time limit as the records write it, in Vietnamese or English, in any case: "
    "'03 ngày làm việc' or '3 working days' (working days), "
    "'Trong ngày' or 'same day' (settled on the day of receipt; after 15:00 on the next working day), "
    "'04 giờ làm việc' or '4 working hours' (working hours), "
    "'30 ngày' or '30 calendar days' (calendar days). "
    "A suffix sets the cutoff hour after which a dossier counts as received on the next working day: "
    "', sau 15:00 tính từ ngày làm việc tiếp theo', or ', không có giờ chốt' for none. "
    "A bare number is refused: the unit must be written, as the legal text says."
)

# ------------------------------------------------------------------------ generation


@attrs.define
class _Builder:
    """Turns annotations into JSON Schema, collecting the definitions it refers to."""

    definitions: dict[str, dict[str, Any]] = attrs.field(factory=dict)

    def entry(self, kind: type) -> dict[str, Any]:
        """The object schema of one attrs entry class."""
        name = kind.__name__
        fields = attrs.fields(kind)
        schema: dict[str, Any] = {
            "title": name,
            "description": _summary(kind),
            "type": "object",
            "properties": self.properties(kind),
            "required": [field.name for field in fields if field.default is attrs.NOTHING],
            "additionalProperties": False,
            **_CLASS_RULES.get(name, {}),
        }
        return schema

    def properties(self, kind: type) -> dict[str, Any]:
        """The schema of each field of ``kind``, by name, in the order of the class."""
        name = kind.__name__
        docs = _FIELD_DOCS.get(name)
        if docs is None:
            raise TypeError(f"{name} has no field descriptions in _schema._FIELD_DOCS")
        fields = attrs.fields(kind)
        unknown = sorted(
            (set(docs) | set(_FIELD_RULES.get(name, {}))) - {field.name for field in fields}
        )
        if unknown:
            raise TypeError(f"_schema describes fields {unknown} that {name} does not have")
        hints = get_type_hints(kind)
        properties = {}
        for field in fields:
            if field.name not in docs:
                raise TypeError(f"{name}.{field.name} has no description in _schema._FIELD_DOCS")
            rules = _FIELD_RULES.get(name, {}).get(field.name, {})
            properties[field.name] = self.field_schema(
                hints[field.name], docs[field.name], rules, (name, field.name)
            )
        return properties

    def field_schema(
        self, kind: Any, description: str, rules: dict[str, Any], where: tuple[str, str]
    ) -> dict[str, Any]:
        """The schema of one field: its type, its rules, its description; ``null`` allowed
        for optional fields (JSON only: it means the same as leaving the key out)."""
        options = get_args(kind) if get_origin(kind) in (Union, types.UnionType) else (kind,)
        present = [option for option in options if option is not type(None)]
        if len(present) != 1:
            raise TypeError(f"{where[0]}.{where[1]}: cannot describe the union {kind}")
        schema = {**self.value_schema(present[0], where), **rules}
        if len(options) == 1:
            return {"description": description, **schema}
        return {
            "description": f"{description} Optional (null or absent: none).",
            "anyOf": [schema, {"type": "null"}],
        }

    def value_schema(self, kind: Any, where: tuple[str, str]) -> dict[str, Any]:
        """The schema of a value of type ``kind``."""
        simple = _SIMPLE.get(kind)
        if simple is not None:
            return simple(self)
        origin = get_origin(kind)
        if origin is tuple:
            args = get_args(kind)
            if len(args) != 2 or args[1] is not Ellipsis:
                raise TypeError(f"{where[0]}.{where[1]}: only tuple[X, ...] is supported")
            return {"type": "array", "items": self.value_schema(args[0], where)}
        if origin is dict:
            return self.changes(where)
        if isinstance(kind, type) and issubclass(kind, enum.Enum):
            return {"type": "string", "enum": [member.value for member in kind]}
        if not attrs.has(kind):
            raise TypeError(f"{where[0]}.{where[1]}: no JSON Schema for {kind!r}")
        if kind.__name__ not in self.definitions:
            self.definitions[kind.__name__] = {}  # reserved: recursion stops here
            self.definitions[kind.__name__] = self.entry(kind)
        return {"$ref": f"#/$defs/{kind.__name__}"}

    def changes(self, where: tuple[str, str]) -> dict[str, Any]:
        """A change's ``set``: the changeable fields of a procedure, with their schemas."""
        if where != ("ChangeEntry", "set"):
            raise TypeError(f"{where[0]}.{where[1]}: only a change's 'set' may be a table")
        properties = {
            name: schema
            for name, schema in self.properties(_files.ProcedureEntry).items()
            if name in _files.CHANGEABLE
        }
        return {"type": "object", "properties": properties, "additionalProperties": False}

    def time_schema(self) -> dict[str, Any]:
        self.definitions["ProcessingTime"] = {
            "title": "ProcessingTime",
            "description": _TIME_DESCRIPTION,
            "type": "string",
            "pattern": _time_pattern(),
            "examples": ["03 ngày làm việc", "Trong ngày", "04 giờ làm việc", "30 ngày"],
        }
        return {"$ref": "#/$defs/ProcessingTime"}

    def date_schema(self) -> dict[str, Any]:
        self.definitions["Date"] = {
            "title": "Date",
            "description": "A day written YYYY-MM-DD: a native date in TOML, a string in JSON.",
            "type": "string",
            "format": "date",
            "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}" + _END,
        }
        return {"$ref": "#/$defs/Date"}


_SIMPLE: dict[object, Callable[[_Builder], dict[str, Any]]] = {
    str: lambda _: {"type": "string"},
    # JSON Schema integers exclude true and false, as the loader does.
    int: lambda _: {"type": "integer"},
    bool: lambda _: {"type": "boolean"},
    date: _Builder.date_schema,
    ProcessingTime: _Builder.time_schema,
}


def _summary(kind: type) -> str:
    """The first paragraph of the class documentation, without reStructuredText markup."""
    doc = kind.__doc__ or kind.__name__
    text = " ".join(doc.split("\n\n")[0].split())
    return re.sub(r"``(.+?)``", r"'\1'", text)


def catalog_json_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of catalog files, generated from the file-format
    classes; each call returns a new dictionary.

    Examples:
        >>> schema = catalog_json_schema()
        >>> schema["$id"]
        'https://onestop.invalid/schema/catalog-1.json'
        >>> schema["required"]
        ['format', 'name']
        >>> schema["$defs"]["ChannelEntry"]["properties"]["channel"]["enum"]
        ['in_person', 'postal', 'online']
        >>> import re
        >>> pattern = schema["$defs"]["ProcessingTime"]["pattern"]
        >>> [bool(re.search(pattern, text)) for text in ("03 ngày làm việc", "Trong ngày", "3")]
        [True, True, False]
    """
    builder = _Builder()
    root = builder.entry(_files.CatalogFile)
    return {
        "$schema": _DIALECT,
        "$id": SCHEMA_ID,
        **root,
        "title": "onestop procedure catalog, format 1",
        "description": (
            "A catalog file of onestop (TOML or JSON): procedures with their versions, each "
            "resting on a legal text. Rules involving several values (dates in order, "
            "committed times no longer than statutory ones, unique codes) are checked by "
            "'onestop catalog validate'."
        ),
        "$defs": dict(sorted(builder.definitions.items())),
    }


def write_schema(path: str | Path) -> None:
    """Write :func:`catalog_json_schema` to ``path`` as UTF-8 JSON (the same bytes every
    time, for the documentation build).

    Examples:
        >>> import tempfile
        >>> with tempfile.TemporaryDirectory() as folder:
        ...     target = Path(folder, "catalog-1.json")
        ...     write_schema(target)
        ...     json.loads(target.read_text(encoding="utf-8"))["$schema"]
        'https://json-schema.org/draft/2020-12/schema'
    """
    text = json.dumps(catalog_json_schema(), ensure_ascii=False, indent=2) + "\n"
    Path(path).write_text(text, encoding="utf-8")


def _type_name(schema: Mapping[str, Any]) -> str:
    """A short human name for a property's schema."""
    if "$ref" in schema:
        name = str(schema["$ref"]).rsplit("/", 1)[-1]
        return f"[{name}](#{name.lower()})"
    if "enum" in schema:
        return " \\| ".join(f"`{value}`" for value in schema["enum"])
    if "anyOf" in schema:
        kinds = [_type_name(option) for option in schema["anyOf"] if option.get("type") != "null"]
        return " or ".join(kinds) + " (optional)"
    if schema.get("type") == "array":
        return f"array of {_type_name(schema.get('items', {}))}"
    if schema.get("type") == "object" and "properties" in schema:
        return "table of the fields of [ProcedureEntry](#procedureentry) that may change"
    return str(schema.get("type", "any"))


def schema_reference_markdown(schema: Mapping[str, Any] | None = None) -> str:
    """The file-format reference page, as Markdown, generated from the JSON Schema: one
    table per kind of table in a catalog file, one row per key.

    Examples:
        >>> text = schema_reference_markdown()
        >>> "| `code` | string | yes |" in text
        True
    """
    schema = catalog_json_schema() if schema is None else schema
    tables = [("Catalog file", schema), *schema["$defs"].items()]
    lines = []
    for name, table in tables:
        lines += [f"## {name}", "", str(table.get("description", "")), ""]
        if table.get("type") != "object":
            if "pattern" in table:
                lines += [f"Pattern: `{table['pattern']}`", ""]
            continue
        required = set(table.get("required", ()))
        lines += ["| key | type | required | meaning |", "| --- | --- | --- | --- |"]
        for key, field in table["properties"].items():
            meaning = " ".join(str(field.get("description", "")).split()).replace("|", "\\|")
            needed = "yes" if key in required else "no"
            lines.append(f"| `{key}` | {_type_name(field)} | {needed} | {meaning} |")
        lines.append("")
    return "\n".join(lines)
