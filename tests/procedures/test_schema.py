"""The JSON Schema of catalog files: generated from the file-format classes, it accepts what
the loader accepts and refuses what it refuses, and it cannot drift from the classes."""

from __future__ import annotations

import copy
import json
import re
import unicodedata
from collections.abc import Callable, Iterator
from datetime import date, time
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st
from jsonschema import Draft202012Validator  # type: ignore[import-untyped]

from onestop.errors import CatalogError, TimingError
from onestop.procedures import Catalog, _files, _schema, default_catalog, loads_catalog
from onestop.procedures._files import catalog_document
from onestop.procedures._model import CODE
from onestop.procedures._schema import SCHEMA_ID, catalog_json_schema, write_schema
from onestop.timing import ProcessingTime
from tests.procedures.strategies import catalogs, codes, processing_times

SCHEMA = catalog_json_schema()
VALIDATOR = Draft202012Validator(SCHEMA, format_checker=Draft202012Validator.FORMAT_CHECKER)
TIME_PATTERN = re.compile(SCHEMA["$defs"]["ProcessingTime"]["pattern"])

#: Every kind of value the format has: versions, channels with and without fees, documents,
#: results, cutoffs, dates.
RICH = """
format = 1
name = "Phường Mẫu"
source = "https://example.invalid/catalog"

[[procedure]]
code = "2.000815"
name_vi = "Chứng thực bản sao từ bản chính giấy tờ, văn bản"
name_en = "Certified copy from an original"
field = "Chứng thực"
levels = ["commune", "other"]
competent_agency = "UBND cấp xã"
executing_agency = "Phòng Tư pháp"
processing_time = "Trong ngày"
time_rules = ["Sau 15 giờ: ngày làm việc tiếp theo"]
online_service = "partial"
on_the_spot = true
notes = ["phí theo trang"]
valid_from = 2015-04-10
legal_basis = [
    { document = "23/2015/NĐ-CP", title = "Nghị định 23", article = "Điều 7", url = "https://example.invalid/23" },
]

[[procedure.channel]]
channel = "in_person"
processing_time = "Trong ngày"
fee_vnd = 2000
fee_verbatim = "2.000 đồng/trang"
fee_note = "từ trang thứ ba: 1.000 đồng/trang"
description = "Nộp tại bộ phận một cửa"

[[procedure.channel]]
channel = "online"
time_verbatim = "Theo quy định"

[[procedure.document]]
name = "Bản chính giấy tờ"
role = "show"
originals = 1

[[procedure.document]]
name = "Bản sao cần chứng thực"
copies = 2
group = "Trường hợp nộp trực tiếp"
alternatives = ["Bản chụp"]

[[procedure.result]]
name = "Bản sao có chứng thực"
code = "KQ.G17.000001"

[[procedure.change]]
effective_from = 2025-07-01
legal_basis = [{ document = "280/2025/NĐ-CP" }]
set = { processing_time = "02 ngày làm việc, sau 15:00 tính từ ngày làm việc tiếp theo", levels = ["commune"] }

[[procedure]]
code = "1.004194.H61"
name_vi = "Đăng ký tạm trú"
field = "Cư trú"
processing_time = "03 ngày làm việc"
committed_time = "16 giờ làm việc"
committed_by = "Quyết định của UBND phường"
valid_until = 2030-01-01
legal_basis = [{ document = "68/2020/QH14", article = "Điều 28" }]
"""


def jsonable(value: Any) -> Any:
    """A catalog document as JSON holds it: dates as ISO strings."""
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, dict):
        return {key: jsonable(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [jsonable(item) for item in value]
    return value


def document_of(catalog: Catalog) -> dict[str, Any]:
    result: dict[str, Any] = jsonable(catalog_document(catalog))
    return result


def rich() -> dict[str, Any]:
    return document_of(loads_catalog(RICH, file="rich.toml"))


def errors(document: object) -> list[str]:
    return [error.message for error in VALIDATOR.iter_errors(document)]


def loader_refuses(document: dict[str, Any]) -> bool:
    try:
        loads_catalog(json.dumps(document, ensure_ascii=False), format="json")
    except CatalogError:
        return True
    return False


# ---------------------------------------------------------------------------- the schema


def test_the_schema_is_a_valid_draft_2020_12_schema_with_its_id() -> None:
    Draft202012Validator.check_schema(SCHEMA)
    assert SCHEMA["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert SCHEMA["$id"] == SCHEMA_ID == "https://onestop.invalid/schema/catalog-1.json"


def test_each_call_returns_a_new_equal_schema() -> None:
    first, second = catalog_json_schema(), catalog_json_schema()
    assert first == second
    first["$defs"]["ProcedureEntry"]["properties"].clear()
    assert catalog_json_schema() == second


def test_write_schema_writes_the_schema_as_the_same_bytes_every_time(tmp_path: Path) -> None:
    one, two = tmp_path / "one.json", tmp_path / "two.json"
    write_schema(one)
    write_schema(str(two))
    assert one.read_bytes() == two.read_bytes()
    assert json.loads(one.read_text(encoding="utf-8")) == SCHEMA
    assert one.read_text(encoding="utf-8").endswith("}\n")


# ---------------------------------------------------------------------------- valid documents


def test_the_embedded_default_catalog_is_valid() -> None:
    document = document_of(default_catalog())
    assert errors(document) == []
    assert len(document.get("procedure", [])) == len(default_catalog())


def test_a_catalog_with_every_kind_of_value_is_valid() -> None:
    document = rich()
    assert procedure(document)["change"], "the rich catalog has a version"
    assert errors(document) == []


@given(catalogs())
def test_every_catalog_the_writer_produces_is_valid(catalog: Catalog) -> None:
    assert errors(document_of(catalog)) == []


def test_json_null_for_an_optional_field_is_valid_as_the_loader_reads_it() -> None:
    document = rich()
    procedure(document)["name_en"] = None
    procedure(document)["change"][0]["set"]["name_en"] = None
    assert errors(document) == []
    assert not loader_refuses(document)


# ---------------------------------------------------------------------------- refusals

Mutation = Callable[[dict[str, Any]], None]


def procedure(document: dict[str, Any]) -> dict[str, Any]:
    """The procedure of the rich catalog that has every kind of value."""
    found: dict[str, Any] = next(p for p in document["procedure"] if p["code"] == "2.000815")
    return found


REFUSED: dict[str, Mutation] = {
    "unknown key at the top": lambda d: d.update(author="x"),
    "unknown key in a procedure": lambda d: procedure(d).update(nmae_vi="x"),
    "unknown key in a channel row": lambda d: procedure(d)["channel"][0].update(fee=1),
    "unknown key in a legal basis": lambda d: procedure(d)["legal_basis"][0].update(page=3),
    "unknown key in a document": lambda d: procedure(d)["document"][0].update(pages=3),
    "unknown key in a result": lambda d: procedure(d)["result"][0].update(kind="x"),
    "unknown key in a change": lambda d: procedure(d)["change"][0].update(reason="x"),
    "a change setting the code": lambda d: procedure(d)["change"][0]["set"].update(code="1.000001"),
    "a change setting an unknown field": lambda d: procedure(d)["change"][0]["set"].update(
        colour="red"
    ),
    "a bool as fee": lambda d: procedure(d)["channel"][0].update(fee_vnd=True),
    "a text as fee": lambda d: procedure(d)["channel"][0].update(fee_vnd="2000"),
    "a negative fee": lambda d: procedure(d)["channel"][0].update(fee_vnd=-1),
    "a fraction as copies": lambda d: procedure(d)["document"][0].update(copies=1.5),
    "a bool as originals": lambda d: procedure(d)["document"][0].update(originals=True),
    "no original and no copy": lambda d: procedure(d)["document"][0].update(originals=0),
    "a bad channel": lambda d: procedure(d)["channel"][0].update(channel="fax"),
    "a bad level": lambda d: procedure(d).update(levels=["village"]),
    "a bad role": lambda d: procedure(d)["document"][0].update(role="keep"),
    "a bad online service": lambda d: procedure(d).update(online_service="total"),
    "a number as on_the_spot": lambda d: procedure(d).update(on_the_spot=1),
    "missing format": lambda d: d.pop("format"),
    "missing name": lambda d: d.pop("name"),
    "format 2": lambda d: d.update(format=2),
    "missing code": lambda d: procedure(d).pop("code"),
    "missing name_vi": lambda d: procedure(d).pop("name_vi"),
    "missing field": lambda d: procedure(d).pop("field"),
    "missing legal basis": lambda d: procedure(d).pop("legal_basis"),
    "empty legal basis": lambda d: procedure(d).update(legal_basis=[]),
    "a blank name": lambda d: procedure(d).update(name_vi="  "),
    "a blank document number": lambda d: procedure(d)["legal_basis"][0].update(document=" "),
    "a change without legal basis": lambda d: procedure(d)["change"][0].update(legal_basis=[]),
    "a change without date": lambda d: procedure(d)["change"][0].pop("effective_from"),
    "a document without name": lambda d: procedure(d)["document"][0].pop("name"),
    "a channel row without channel": lambda d: procedure(d)["channel"][0].pop("channel"),
    "a bad code": lambda d: procedure(d).update(code="1.1193"),
    "a bare number as time": lambda d: procedure(d).update(processing_time="3"),
    "zero working days": lambda d: procedure(d).update(processing_time="0 ngày làm việc"),
    "an impossible cutoff": lambda d: procedure(d).update(
        processing_time="03 ngày làm việc, sau 25:00 tính từ ngày làm việc tiếp theo"
    ),
    "a bad time in a change": lambda d: procedure(d)["change"][0]["set"].update(
        processing_time="ba ngày"
    ),
    "an impossible date": lambda d: procedure(d).update(valid_from="2026-02-30"),
    "a date in another form": lambda d: procedure(d).update(valid_from="02/03/2026"),
    "a number as date": lambda d: procedure(d).update(valid_from=20260302),
    "a table as procedure list": lambda d: d.update(procedure={"code": "1.001193"}),
    "null for a required field": lambda d: procedure(d).update(name_vi=None),
    # M2: unset names only optional changeable fields.
    "unsetting an unknown field": lambda d: procedure(d)["change"][0].update(unset=["colour"]),
    "unsetting a required field": lambda d: procedure(d)["change"][0].update(unset=["name_vi"]),
    "unsetting the code": lambda d: procedure(d)["change"][0].update(unset=["code"]),
    "a fraction as fee": lambda d: procedure(d)["channel"][0].update(fee_vnd=2000.5),
}


@pytest.mark.parametrize("mutation", REFUSED.values(), ids=REFUSED.keys())
def test_the_schema_refuses_what_the_loader_refuses(mutation: Mutation) -> None:
    document = rich()
    mutation(document)
    assert errors(document), "the schema accepts it"
    assert loader_refuses(document), "the loader accepts it"


ACCEPTED: dict[str, Mutation] = {
    "unsetting an optional field": lambda d: procedure(d)["change"][0].update(unset=["name_en"]),
    # M2: JSON Schema counts 2000.0 as an integer; the JSON loader reads it as 2000.
    "a whole number written 2000.0": lambda d: procedure(d)["channel"][0].update(fee_vnd=2000.0),
    "a whole number written 1.0 as copies": lambda d: procedure(d)["document"][0].update(
        copies=1.0
    ),
}


@pytest.mark.parametrize("mutation", ACCEPTED.values(), ids=ACCEPTED.keys())
def test_the_schema_accepts_what_the_loader_accepts(mutation: Mutation) -> None:
    document = rich()
    mutation(document)
    assert errors(document) == []
    assert not loader_refuses(document)


def test_a_whole_number_with_a_fraction_in_json_loads_as_that_number() -> None:
    document = rich()
    procedure(document)["channel"][0]["fee_vnd"] = 2000.0
    text = json.dumps(document, ensure_ascii=False)
    assert '"fee_vnd": 2000.0' in text
    fee = loads_catalog(text, format="json").get("2.000815", on=date(2026, 3, 2)).channels[0].fee
    assert fee is not None
    assert fee.amount_vnd == 2000
    assert type(fee.amount_vnd) is int


@pytest.mark.parametrize(
    ("key", "value"),
    [("code", "1.001193\n"), ("valid_from", "2026-03-02\n"), ("processing_time", "3\n")],
)
def test_a_trailing_newline_does_not_slip_through_a_pattern(key: str, value: str) -> None:
    """Python's "$" matches before a final newline; the schema's patterns end the text for
    ECMA-262 and Python validators alike."""
    document = rich()
    procedure(document)[key] = value
    assert errors(document)


@given(codes())
def test_the_code_pattern_accepts_the_codes_the_model_accepts(code: str) -> None:
    pattern = SCHEMA["$defs"]["ProcedureEntry"]["properties"]["code"]["pattern"]
    assert re.search(pattern, code)
    assert CODE.match(code)


@pytest.mark.parametrize("code", ["1.1193", "1.0011930", "a.001193", "1.001193.", "1.001193.H-1"])
def test_the_code_pattern_refuses_what_the_model_refuses(code: str) -> None:
    pattern = SCHEMA["$defs"]["ProcedureEntry"]["properties"]["code"]["pattern"]
    assert not re.search(pattern, code)
    assert not CODE.match(code)


def test_the_schema_names_the_unknown_key() -> None:
    document = rich()
    procedure(document)["nmae_vi"] = "x"
    assert any("nmae_vi" in message for message in errors(document))


# ---------------------------------------------------------------------------- no drift


def entry_classes() -> dict[str, type]:
    """The attrs classes of the file format: ``CatalogFile`` and every ``*Entry``."""
    return {
        name: kind
        for name, kind in vars(_files).items()
        if isinstance(kind, type)
        and attrs.has(kind)
        and kind.__module__ == _files.__name__
        and (name == "CatalogFile" or name.endswith("Entry"))
    }


def object_schema(name: str) -> dict[str, Any]:
    found: dict[str, Any] = SCHEMA if name == "CatalogFile" else SCHEMA["$defs"][name]
    return found


def test_the_schema_lists_every_field_of_every_entry_class_in_order() -> None:
    classes = entry_classes()
    assert set(classes) == {
        "CatalogFile",
        "ProcedureEntry",
        "ChannelEntry",
        "DocumentEntry",
        "ResultEntry",
        "ChangeEntry",
        "LegalBasisEntry",
    }
    for name, kind in classes.items():
        schema = object_schema(name)
        fields = attrs.fields(kind)
        assert list(schema["properties"]) == [field.name for field in fields], name
        required = [field.name for field in fields if field.default is attrs.NOTHING]
        assert schema.get("required", []) == required, name
        assert schema["additionalProperties"] is False, name
    named = {name for name in SCHEMA["$defs"] if name in classes}
    assert named == set(classes) - {"CatalogFile"}


def test_a_change_may_set_exactly_the_changeable_fields() -> None:
    change_set = SCHEMA["$defs"]["ChangeEntry"]["properties"]["set"]
    assert set(change_set["properties"]) == _files.CHANGEABLE
    assert change_set["additionalProperties"] is False
    procedure_properties = SCHEMA["$defs"]["ProcedureEntry"]["properties"]
    for name, schema in change_set["properties"].items():
        assert schema == procedure_properties[name]


def walk(node: Any) -> Iterator[dict[str, Any]]:
    if isinstance(node, dict):
        yield node
        for value in node.values():
            yield from walk(value)
    elif isinstance(node, list):
        for value in node:
            yield from walk(value)


def test_every_object_refuses_unknown_keys_and_every_property_is_described() -> None:
    for node in walk(SCHEMA):
        if node.get("type") != "object":
            continue
        assert node.get("additionalProperties") is False, node.get("title")
        for name, schema in node["properties"].items():
            assert len(schema["description"]) > 10, name


def test_every_reference_resolves() -> None:
    references = {node["$ref"] for node in walk(SCHEMA) if "$ref" in node}
    assert references == {f"#/$defs/{name}" for name in SCHEMA["$defs"]}


def test_a_field_without_description_stops_the_schema(monkeypatch: pytest.MonkeyPatch) -> None:
    docs = copy.deepcopy(_schema._FIELD_DOCS)
    del docs["ChannelEntry"]["fee_note"]
    monkeypatch.setattr(_schema, "_FIELD_DOCS", docs)
    with pytest.raises(TypeError, match=r"ChannelEntry\.fee_note has no description"):
        catalog_json_schema()


def test_a_description_of_a_missing_field_stops_the_schema(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    docs = copy.deepcopy(_schema._FIELD_DOCS)
    docs["ResultEntry"]["colour"] = "A field that does not exist."
    monkeypatch.setattr(_schema, "_FIELD_DOCS", docs)
    with pytest.raises(TypeError, match=r"\['colour'\] that ResultEntry does not have"):
        catalog_json_schema()


def test_a_class_without_descriptions_stops_the_schema(monkeypatch: pytest.MonkeyPatch) -> None:
    docs = {k: v for k, v in _schema._FIELD_DOCS.items() if k != "ResultEntry"}
    monkeypatch.setattr(_schema, "_FIELD_DOCS", docs)
    with pytest.raises(TypeError, match="ResultEntry has no field descriptions"):
        catalog_json_schema()


@attrs.frozen
class Ratio:
    """A float: the format has none."""

    value: float


@attrs.frozen
class Pair:
    """A fixed-length tuple: the format's arrays have one item type."""

    value: tuple[str, int]


@attrs.frozen
class Either:
    """A union of two types."""

    value: str | int


@attrs.frozen
class Table:
    """A table outside a change's 'set'."""

    value: dict[str, Any]


@pytest.mark.parametrize(
    ("kind", "message"),
    [
        (Ratio, "no JSON Schema for <class 'float'>"),
        (Pair, r"only tuple\[X, \.\.\.\] is supported"),
        (Either, "cannot describe the union"),
        (Table, "only a change's 'set' may be a table"),
    ],
)
def test_a_type_outside_the_format_stops_the_schema(
    monkeypatch: pytest.MonkeyPatch, kind: type, message: str
) -> None:
    monkeypatch.setitem(_schema._FIELD_DOCS, kind.__name__, {"value": "A field of an odd type."})
    with pytest.raises(TypeError, match=message):
        _schema._Builder().entry(kind)


# ---------------------------------------------------------------------------- time limits


def accepted(text: str) -> bool:
    try:
        ProcessingTime.parse(text)
    except TimingError:
        return False
    return True


@given(processing_times())
def test_the_text_of_every_processing_time_matches_the_pattern(value: ProcessingTime) -> None:
    assert TIME_PATTERN.search(str(value)), str(value)


SAME_DAY = ["trong ngày", "ngay trong ngày", "trong ngày làm việc", "same day"]
UNITS = [
    "ngày làm việc",
    "working day",
    "working days",
    "giờ làm việc",
    "working hour",
    "working hours",
    "ngày",
    "calendar day",
    "calendar days",
    "day",
    "days",
    "ngày công",
    "tuần",
]
SUFFIXES = [
    "",
    ", không có giờ chốt",
    ", sau 15:00 tính từ ngày làm việc tiếp theo",
    ", sau 7:30 tính từ ngày làm việc tiếp theo",
    ", sau 24:00 tính từ ngày làm việc tiếp theo",
    ", sau 15:60 tính từ ngày làm việc tiếp theo",
    ",sau 15:00 tính từ ngày làm việc tiếp theo",
    " , không có giờ chốt",
    ", sau 15 giờ",
]


@st.composite
def time_texts(draw: st.DrawFn) -> str:
    """Texts near the accepted forms: any case, any spacing, composed or decomposed, amounts
    with zeros and too many digits, good and bad suffixes."""
    if draw(st.booleans()):
        core = draw(st.sampled_from(SAME_DAY))
    else:
        digits = draw(st.text("0123456789", min_size=0, max_size=8))
        core = f"{digits} {draw(st.sampled_from(UNITS))}"
    text = core + draw(st.sampled_from(SUFFIXES))
    spaced = "".join(
        draw(st.sampled_from([" ", "  ", "\t", "\n "])) if char == " " else char for char in text
    )
    cased = "".join(char.upper() if draw(st.booleans()) else char for char in spaced)
    padded = draw(st.sampled_from(["", " ", "\t"])) + cased + draw(st.sampled_from(["", " \n"]))
    form = draw(st.sampled_from(["NFC", "NFD", "mixed"]))
    if form == "NFC":
        return unicodedata.normalize("NFC", padded)
    if form == "NFD":
        return unicodedata.normalize("NFD", padded)
    return "".join(draw(equivalent_forms(char)) for char in unicodedata.normalize("NFC", padded))


@st.composite
def equivalent_forms(draw: st.DrawFn, char: str) -> str:
    """``char`` written in a form canonically equivalent to it: its marks in any order, some
    of them composed with the letter ("ê" + combining dot below for "ệ")."""
    decomposed = unicodedata.normalize("NFD", char)
    base, marks = decomposed[0], draw(st.permutations(list(decomposed[1:])))
    composed = draw(st.integers(0, len(marks)))
    head = unicodedata.normalize("NFC", base + "".join(marks[:composed]))
    return head + "".join(marks[composed:])


@given(time_texts())
def test_the_pattern_matches_exactly_the_texts_the_parser_accepts(text: str) -> None:
    assert bool(TIME_PATTERN.search(text)) == accepted(text), repr(text)


@pytest.mark.parametrize(
    "text",
    [
        "03 ngày làm việc",
        "3 NGÀY LÀM VIỆC",
        "Trong ngày",
        "Ngay trong ngày",
        "04 giờ làm việc",
        "30 ngày",
        "1 working day",
        "same day, không có giờ chốt",
        "02 ngày làm việc, sau 15:00 tính từ ngày làm việc tiếp theo",
        "999999 ngày",
        "000001 ngày",
    ],
)
def test_accepted_time_limits_match(text: str) -> None:
    assert accepted(text)
    assert TIME_PATTERN.search(text)


@pytest.mark.parametrize(
    "text",
    [
        # M2: neither NFC nor NFD: "ệ" as "ê" + combining dot below, or "ẹ" + circumflex,
        # or its marks out of canonical order.
        "03 ngày làm vi\u00ea\u0323c",
        "03 ngày làm vi\u1eb9\u0302c",
        "03 nga\u0300y làm vie\u0302\u0323c",
        "Trong ngày, sau 15:00 tính từ ngày làm vi\u00ea\u0323c tiếp theo",
    ],
)
def test_texts_mixing_composed_and_decomposed_letters_match_as_the_parser_accepts_them(
    text: str,
) -> None:
    assert unicodedata.normalize("NFC", text) != text != unicodedata.normalize("NFD", text)
    assert accepted(text)
    assert TIME_PATTERN.search(text)


@pytest.mark.parametrize(
    "text",
    ["3", "", "ba ngày", "0 ngày", "1000000 ngày", "0000001 ngày", "3 weeks", "Trong ngày,"],
)
def test_refused_time_limits_do_not_match(text: str) -> None:
    assert not accepted(text)
    assert not TIME_PATTERN.search(text)


def test_a_time_with_a_cutoff_keeps_its_text_through_the_pattern() -> None:
    value = ProcessingTime.working_days(2, cutoff=time(15, 0))
    assert TIME_PATTERN.search(str(value))
    assert ProcessingTime.parse(str(value)) == value
