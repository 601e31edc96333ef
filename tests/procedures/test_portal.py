"""Portal records → catalog documents, and the default catalog built from them.

procedures_sample.md describes the records: time cells that may lack their unit, fees in
mixed formats, combined level strings, document groups, the portal's own errors (result
code "dsfas", 150,000 online vs 50,000 in person on 1.001612). law.md §2 gives the statutory
times the build script adds (scripts/build_default_catalog.py).

The sample lives outside the repository, in ``shared/domain/`` beside it (``../shared`` from
the repository root); these tests fail, rather than skip, when it is missing.
"""

from __future__ import annotations

import copy
import doctest
import importlib.util
import json
import subprocess
import sys
from collections.abc import Iterator, Mapping
from datetime import date, time
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from onestop.errors import CatalogError, TimingError
from onestop.procedures import (
    Channel,
    DocumentRole,
    LegalBasis,
    Level,
    Procedure,
    default_catalog,
    loads_catalog,
)
from onestop.procedures._files import catalog_document
from onestop.procedures._portal import (
    StatutoryFacts,
    document_role,
    from_portal_records,
    parse_fee,
    parse_levels,
    parse_quantity,
    parse_time_cell,
)
from onestop.procedures._toml import dumps_toml
from onestop.timing import ProcessingTime

REPO = Path(__file__).resolve().parents[2]
SAMPLE = REPO.parent / "shared" / "domain" / "procedures_sample.json"
SCRIPT = REPO / "scripts" / "build_default_catalog.py"
DAY = date(2026, 3, 2)


# ---------------------------------------------------------------------------- fixtures


@pytest.fixture(scope="module")
def sample() -> list[dict[str, Any]]:
    """The 48 portal records, from ../shared/domain relative to the repository root."""
    if not SAMPLE.is_file():
        pytest.fail(
            f"{SAMPLE} is missing: the portal sample procedures_sample.json must sit in "
            "shared/domain/ beside the repository (../shared/domain from its root)"
        )
    records: list[dict[str, Any]] = json.loads(SAMPLE.read_text(encoding="utf-8"))
    return records


@pytest.fixture(scope="module")
def script() -> Iterator[ModuleType]:
    """scripts/build_default_catalog.py, imported as a module."""
    spec = importlib.util.spec_from_file_location("build_default_catalog", SCRIPT)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    yield module
    del sys.modules[spec.name]


def record(**fields: Any) -> dict[str, Any]:
    """A portal record shaped like procedures_sample.json, ``fields`` replacing its values."""
    base: dict[str, Any] = {
        "code": "1.001193",
        "name_vi": "Thủ tục đăng ký khai sinh",
        "field": "Hộ tịch",
        "level": "Cấp xã",
        "competent_agency": None,
        "executing_agency": None,
        "channels": [
            {
                "channel": "Trực tuyến",
                "time": "1",
                "fee": "Miễn phí",
                "fee_note": None,
                "description": None,
                "verbatim": "Trực tuyến1Miễn phí",
            },
            {
                "channel": "Trực tiếp",
                "time": "1",
                "fee": "Miễn phí",
                "fee_note": None,
                "description": None,
                "verbatim": "Trực tiếp1Miễn phí",
            },
        ],
        "time_rules_in_steps": ["nếu tiếp nhận hồ sơ sau 15 giờ thì có Phiếu hẹn"],
        "documents": [
            {"group": "* Giấy tờ phải nộp", "name": "Giấy chứng sinh", "quantity": "1 bản chính"}
        ],
        "result": [{"name": "Giấy khai sinh", "code": "KQ.G15.000031"}],
        "legal_basis": [{"code": "60/2014/QH13", "title": "Luật 60/2014/QH13"}],
        "online": None,
        "source": {"official_url": "https://dichvucong.gov.vn/thu-tuc-hanh-chinh/x"},
    }
    base.update(fields)
    return base


def channel_row(
    channel: str = "Trực tiếp", time: str = "1", fee: str = "Miễn phí"
) -> dict[str, Any]:
    """One row of a record's channel table."""
    return {"channel": channel, "time": time, "fee": fee, "fee_note": None, "description": None}


def convert(*records: Mapping[str, Any], **facts: StatutoryFacts) -> dict[str, Any]:
    """The procedure entry of the only record, with ``facts`` by code (dots as underscores)."""
    statutory = {code.replace("_", "."): fact for code, fact in facts.items()}
    document = from_portal_records(records, statutory=statutory, name="test", source=None)
    entry: dict[str, Any] = document["procedure"][0]
    return entry


def load(*records: Mapping[str, Any], **facts: StatutoryFacts) -> Procedure:
    """The procedure the catalog file of the converted records gives."""
    statutory = {code.replace("_", "."): fact for code, fact in facts.items()}
    document = from_portal_records(records, statutory=statutory, name="test", source="s")
    catalog = loads_catalog(dumps_toml(document))
    return next(iter(catalog.as_of(DAY).values()))


def noted(entry: Mapping[str, Any], *words: str) -> list[str]:
    """The notes of ``entry`` that contain every one of ``words``."""
    notes: list[str] = entry.get("notes", [])
    return [note for note in notes if all(word in note for word in words)]


SAME_DAY = StatutoryFacts(
    processing_time="Trong ngày", cutoff=time(15, 0), tag="[V]", source="law.md §2, row X"
)


# ---------------------------------------------------------------------------- time cells


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("3 Ngày làm việc", ProcessingTime.working_days(3)),
        ("17 Ngày làm việc", ProcessingTime.working_days(17)),
        ("7  ngày LÀM VIỆC", ProcessingTime.working_days(7)),
        ("20 Ngày", ProcessingTime.calendar_days(20)),
        ("40 Ngày", ProcessingTime.calendar_days(40)),
        ("4 giờ làm việc", ProcessingTime.working_hours(4)),
        ("Trong ngày", ProcessingTime.same_day()),
    ],
)
def test_time_cells_with_a_unit_are_read(cell: str, expected: ProcessingTime) -> None:
    assert parse_time_cell(cell) == (expected, None)


def test_working_days_are_written_with_two_digits() -> None:
    entry = convert(record(channels=[channel_row(time="3 Ngày làm việc")]))
    assert entry["channel"][0]["processing_time"] == "03 ngày làm việc"
    assert entry["channel"][0]["time_verbatim"] == "3 Ngày làm việc"


@pytest.mark.parametrize(
    ("cell", "reason"),
    [
        ("1", "without a unit"),
        ("5", "without a unit"),
        ("1 Giờ", "clock hours or working hours"),
        ("Không có thông tin", "no time"),
        ("", "no time"),
        (None, "no time"),
        ("0 Ngày làm việc", "0"),
        ("khoảng một tuần", "converter can read"),
    ],
)
def test_time_cells_without_a_usable_time_give_a_reason(cell: str | None, reason: str) -> None:
    limit, why = parse_time_cell(cell)
    assert limit is None
    assert why is not None
    assert reason in why


def test_a_bare_number_is_kept_verbatim_and_noted() -> None:
    entry = convert(record())
    assert [row.get("processing_time") for row in entry["channel"]] == [None, None]
    assert [row["time_verbatim"] for row in entry["channel"]] == ["1", "1"]
    assert "processing_time" not in entry
    (note,) = noted(entry, "'1'", "without a unit")
    assert "Trực tuyến, Trực tiếp" in note


def test_hours_are_not_read_as_working_hours() -> None:
    entry = convert(record(channels=[channel_row(time="1 Giờ")]))
    assert "processing_time" not in entry["channel"][0]
    assert noted(entry, "'1 Giờ'", "clock hours or working hours")


def test_no_information_is_noted() -> None:
    entry = convert(record(channels=[channel_row(time="Không có thông tin")]))
    assert entry["channel"][0]["time_verbatim"] == "Không có thông tin"
    assert noted(entry, "'Không có thông tin'", "no time")


@given(st.integers(1, 999_999))
def test_any_amount_of_working_or_calendar_days_reads_back(amount: int) -> None:
    working, _ = parse_time_cell(f"{amount} Ngày làm việc")
    calendar, _ = parse_time_cell(f"{amount} Ngày")
    assert working == ProcessingTime.working_days(amount)
    assert calendar == ProcessingTime.calendar_days(amount)
    assert working is not None
    assert ProcessingTime.parse(str(working)) == working


# ---------------------------------------------------------------------------- fees


@pytest.mark.parametrize(
    ("cell", "amount"),
    [
        ("Miễn phí", 0),
        ("50,000 Việt Nam Đồng", 50_000),
        ("8,000 VNĐ", 8_000),
        ("2,000 Việt Nam Đồng", 2_000),
        ("400,000 Việt Nam Đồng", 400_000),
        ("1.000.000 đồng", 1_000_000),
        ("70000 VND", 70_000),
    ],
)
def test_fees_in_dong_are_read(cell: str, amount: int) -> None:
    assert parse_fee(cell) == (amount, None)


@pytest.mark.parametrize(
    ("cell", "reason"),
    [
        ("10 USD", "USD"),
        ("Không có thông tin", "no fee"),
        (None, "no fee"),
        ("theo quy định", "converter can read"),
    ],
)
def test_other_fees_are_unset_with_a_reason(cell: str | None, reason: str) -> None:
    amount, why = parse_fee(cell)
    assert amount is None
    assert why is not None
    assert reason in why


def test_fee_cells_are_kept_beside_the_amount() -> None:
    rows = [
        {**channel_row(fee="2,000 Việt Nam Đồng"), "fee_note": "/trang"},
        {**channel_row(fee="10 USD"), "fee_note": "/bản", "description": "Tại cơ quan đại diện"},
    ]
    entry = convert(record(channels=rows))
    ward, embassy = entry["channel"]
    assert (ward["fee_vnd"], ward["fee_verbatim"], ward["fee_note"]) == (
        2000,
        "2,000 Việt Nam Đồng",
        "/trang",
    )
    assert "fee_vnd" not in embassy
    assert (embassy["fee_verbatim"], embassy["fee_note"]) == ("10 USD", "/bản")
    assert noted(entry, "'10 USD'", "USD")


def test_a_free_fee_set_by_the_province_is_noted() -> None:
    row = {**channel_row(), "fee_note": "Mức lệ phí cụ thể do Hội đồng nhân dân tỉnh quyết định."}
    entry = convert(record(channels=[row]))
    assert entry["channel"][0]["fee_vnd"] == 0
    assert noted(entry, "People's Council")


def test_fees_differing_between_channels_are_kept_and_noted() -> None:
    rows = [channel_row("Trực tuyến", fee="150,000 Việt Nam Đồng"), channel_row(fee="50,000 VNĐ")]
    entry = convert(record(channels=rows))
    assert [row["fee_vnd"] for row in entry["channel"]] == [150_000, 50_000]
    assert noted(entry, "Fees differ", "150,000", "50,000")


# ---------------------------------------------------------------------------- levels


@pytest.mark.parametrize(
    ("text", "levels"),
    [
        ("Cấp xã", ["commune"]),
        ("Cấp xã, Cơ quan khác", ["commune", "other"]),
        ("Cấp tỉnh, Cấp xã", ["commune", "province"]),
        ("Cấp bộ, Cấp xã", ["commune", "ministry"]),
        ("Cấp bộ, Cấp tỉnh, Cấp xã, Cơ quan khác", ["commune", "ministry", "other", "province"]),
        ("Cấp huyện", ["district"]),
        ("Cấp xã, Cấp xã", ["commune"]),
    ],
)
def test_levels_are_parsed_into_a_set(text: str, levels: list[str]) -> None:
    found, unknown = parse_levels(text)
    assert [level.value for level in found] == levels
    assert unknown == ()
    assert convert(record(level=text))["levels"] == levels


def test_unknown_levels_are_left_out_and_noted() -> None:
    assert parse_levels("Cấp xã, Cấp thôn") == ((Level.COMMUNE,), ("Cấp thôn",))
    entry = convert(record(level="Cấp xã, Cấp thôn"))
    assert entry["levels"] == ["commune"]
    assert noted(entry, "'Cấp thôn'")


# ---------------------------------------------------------------------------- documents


@pytest.mark.parametrize(
    ("text", "quantity"),
    [
        ("1 bản chính", (1, 0)),
        ("2 bản chính", (2, 0)),
        ("1 bản chính, 1 bản sao", (1, 1)),
        ("0 bản chính, 1 bản sao", (0, 1)),
        ("0 bản chính", (0, 0)),
        ("một bản", None),
        ("", None),
        (None, None),
    ],
)
def test_quantities(text: str | None, quantity: tuple[int, int] | None) -> None:
    assert parse_quantity(text) == quantity


@pytest.mark.parametrize(
    ("group", "role"),
    [
        ("* Giấy tờ phải nộp", DocumentRole.SUBMIT),
        ("Giấy tờ phải nộp", DocumentRole.SUBMIT),
        ("* Giấy tờ phải xuất trình", DocumentRole.SHOW),
        ("Giấy tờ phải xuất trình", DocumentRole.SHOW),
        ("--", DocumentRole.LISTED),
        ("* Lưu ý", DocumentRole.LISTED),
        ("Hồ sơ của người nhận con nuôi", DocumentRole.LISTED),
        (None, DocumentRole.LISTED),
    ],
)
def test_document_groups(group: str | None, role: DocumentRole) -> None:
    assert document_role(group) is role


def test_documents_carry_role_quantity_and_the_other_headings() -> None:
    documents = [
        {"group": "* Giấy tờ phải nộp", "name": "Tờ khai", "quantity": "1 bản chính, 1 bản sao"},
        {"group": "* Giấy tờ phải xuất trình", "name": "Hộ chiếu", "quantity": "1 bản chính"},
        {"group": "--", "name": "Mẫu hộ tịch điện tử", "quantity": "0 bản chính, 1 bản sao"},
    ]
    entry = convert(record(documents=documents))
    assert entry["document"] == [
        {"name": "Tờ khai", "role": "submit", "originals": 1, "copies": 1},
        {"name": "Hộ chiếu", "role": "show", "originals": 1, "copies": 0},
        {
            "name": "Mẫu hộ tịch điện tử",
            "role": "listed",
            "originals": 0,
            "copies": 1,
            "group": "--",
        },
    ]
    assert noted(entry, "'--'", "listed")


def test_unreadable_and_empty_quantities_are_noted() -> None:
    documents = [
        {"group": "--", "name": "A", "quantity": "một bản"},
        {"group": "--", "name": "B", "quantity": "0 bản chính"},
    ]
    entry = convert(record(documents=documents))
    assert [d["name"] for d in entry["document"]] == ["A"]
    assert entry["document"][0]["originals"] == 1
    assert noted(entry, "'A'", "cannot be read")
    assert noted(entry, "'B'", "left out")


def test_documents_the_record_left_out_are_noted() -> None:
    entry = convert(record(documents_total=20, document_notes_omitted=3))
    assert noted(entry, "keeps 1 of the portal's 20 documents")
    assert noted(entry, "3 rows", "0 bản chính")


# ---------------------------------------------------------------------------- results, law, source


def test_result_codes_are_kept_even_when_wrong() -> None:
    results = [
        {"name": "Giấy khai sinh", "code": "KQ.G15.000031"},
        {"name": "Bản sao giao dịch được chứng thực", "code": "dsfas"},
    ]
    entry = convert(record(result=results))
    assert entry["result"] == results
    (note,) = noted(entry, "'dsfas'")
    assert "kept as is" in note


def test_legal_basis_code_is_the_document_and_title_the_title() -> None:
    bases = [
        {"code": "60/2014/QH13", "title": "Luật 60/2014/QH13"},
        {"code": "118/2025/NĐ-C", "title": ""},
    ]
    entry = convert(record(legal_basis=bases))
    assert entry["legal_basis"] == [
        {"document": "60/2014/QH13", "title": "Luật 60/2014/QH13"},
        {"document": "118/2025/NĐ-C"},
    ]


def test_verbatim_texts_and_agencies_and_source_are_kept() -> None:
    entry = convert(
        record(
            competent_agency="Ủy ban Nhân dân xã, phường, thị trấn.",
            executing_agency="",
            data_quality_notes=["A legal-basis number is truncated on the portal."],
        )
    )
    assert entry["time_rules"] == ["nếu tiếp nhận hồ sơ sau 15 giờ thì có Phiếu hẹn"]
    assert entry["competent_agency"] == "Ủy ban Nhân dân xã, phường, thị trấn."
    assert "executing_agency" not in entry
    assert entry["source"] == "https://dichvucong.gov.vn/thu-tuc-hanh-chinh/x"
    assert noted(entry, "Record: A legal-basis number is truncated")


def test_missing_source_and_unknown_channel_are_noted() -> None:
    rows = [channel_row("Qua Zalo"), channel_row()]
    entry = convert(record(source={}, channels=rows))
    assert "source" not in entry
    assert [row["channel"] for row in entry["channel"]] == ["in_person"]
    assert noted(entry, "official_url")
    assert noted(entry, "'Qua Zalo'")


def test_malformed_rows_are_left_out_and_noted() -> None:
    entry = convert(
        record(
            level=None,
            channels=["Trực tiếp1Miễn phí", {**channel_row(), "fee": None, "fee_note": "/bản"}],
            documents=[{"group": "--", "name": " ", "quantity": "1 bản chính"}],
            result=[{"name": "", "code": "KQ.G15.000031"}],
            legal_basis=["60/2014/QH13", {"code": "60/2014/QH13", "title": "Luật Hộ tịch"}],
        )
    )
    assert "levels" not in entry
    assert entry["channel"] == [{"channel": "in_person", "time_verbatim": "1", "fee_note": "/bản"}]
    assert "document" not in entry
    assert "result" not in entry
    assert entry["legal_basis"] == [{"document": "60/2014/QH13", "title": "Luật Hộ tịch"}]
    for words in (
        ("no level",),
        ("Channel row 1", "not a table"),
        ("fee note without a fee cell", "/bản"),
        ("Document row 1", "no name"),
        ("Result row 1", "no name"),
        ("Legal basis row 1", "no document number"),
    ):
        assert noted(entry, *words), words
    assert not noted(convert(record(channels=[])), "fall back")
    assert noted(convert(record(channels=[])), "no channel table")


def test_a_record_without_name_or_code_is_reported() -> None:
    with pytest.raises(CatalogError) as raised:
        from_portal_records([record(name_vi=None, code=None)], name="x", source=None)
    assert [p.path for p in raised.value.problems] == ["$[0].code", "$[0].name_vi"]


def test_online_level_is_mapped_when_the_record_has_one() -> None:
    assert convert(record(online="Toàn trình"))["online_service"] == "full"
    assert convert(record(online="Một phần"))["online_service"] == "partial"
    entry = convert(record(online="mức 4"))
    assert "online_service" not in entry
    assert noted(entry, "'mức 4'")


def test_records_that_cannot_be_procedures_are_all_reported() -> None:
    records = [
        record(code="1.1"),
        record(code="2.000815", legal_basis=[]),
        record(code="2.000884", field=""),
        record(code="2.000884"),
        "not a record",
    ]
    with pytest.raises(CatalogError) as raised:
        from_portal_records(records, name="x", source=None)  # type: ignore[arg-type]
    paths = [problem.path for problem in raised.value.problems]
    assert paths == ["$[0].code", "$[1].legal_basis", "$[2].field", "$[3].code", "$[4]"]


def test_procedures_are_sorted_by_code_and_load() -> None:
    records = [record(code="2.000815"), record(code="1.001193"), record(code="1.000894")]
    document = from_portal_records(records, name="Ward", source="sample")
    assert [p["code"] for p in document["procedure"]] == ["1.000894", "1.001193", "2.000815"]
    assert document["name"] == "Ward"
    assert document["source"] == "sample"
    catalog = loads_catalog(dumps_toml(document))
    assert sorted(catalog.histories) == ["1.000894", "1.001193", "2.000815"]


def test_the_converted_procedure_keeps_every_value() -> None:
    rows = [channel_row("Trực tuyến", "3 Ngày làm việc", "10,000 Việt Nam Đồng"), channel_row()]
    procedure = load(record(channels=rows, level="Cấp xã, Cơ quan khác"))
    online, in_person = procedure.channels
    assert online.channel is Channel.ONLINE
    assert online.processing_time == ProcessingTime.working_days(3)
    assert online.fee is not None
    assert (online.fee.amount_vnd, online.fee.verbatim) == (10_000, "10,000 Việt Nam Đồng")
    assert in_person.processing_time is None
    assert in_person.time_verbatim == "1"
    assert procedure.levels == {Level.COMMUNE, Level.OTHER}
    assert procedure.results[0].code == "KQ.G15.000031"
    assert procedure.documents[0].role is DocumentRole.SUBMIT


# ---------------------------------------------------------------------------- statutory facts


def test_statutory_facts_default_cutoff_follows_the_unit() -> None:
    assert StatutoryFacts(processing_time="Trong ngày", tag="[V]", source="s").cutoff == time(15)
    assert StatutoryFacts(processing_time="03 ngày làm việc", tag="[V]", source="s").cutoff is None
    no_cutoff = StatutoryFacts(processing_time="Trong ngày", cutoff=None, tag="[V]", source="s")
    assert str(no_cutoff.time) == "Trong ngày, không có giờ chốt"
    late = StatutoryFacts(
        processing_time="03 ngày làm việc", cutoff=time(15), tag="[S]", source="s"
    )
    assert late.time == ProcessingTime.working_days(3, cutoff=time(15))


def test_statutory_facts_are_validated() -> None:
    with pytest.raises(ValueError, match="tag"):
        StatutoryFacts(tag="verified", source="s")
    with pytest.raises(ValueError, match="source"):
        StatutoryFacts(tag="[V]", source=" ")
    with pytest.raises(TimingError):
        StatutoryFacts(processing_time="1", tag="[V]", source="s")
    with pytest.raises(ValueError, match="cutoff"):
        StatutoryFacts(cutoff=time(15), tag="[V]", source="s")
    assert StatutoryFacts(tag="[V]/[S]", source="s").time is None


def test_the_statutory_time_overrides_unit_less_cells() -> None:
    facts = StatutoryFacts(
        processing_time="Trong ngày",
        cutoff=time(15, 0),
        name_en="Birth registration",
        legal_basis=(LegalBasis("60/2014/QH13", "Luật Hộ tịch", article="Điều 16"),),
        tag="[V]",
        source="law.md §2, row 1.001193",
        note="Immediately.",
    )
    entry = convert(record(), **{"1_001193": facts})
    assert entry["processing_time"] == "Trong ngày"
    assert entry["name_en"] == "Birth registration"
    assert entry["legal_basis"] == [
        {"document": "60/2014/QH13", "title": "Luật Hộ tịch", "article": "Điều 16"}
    ]
    assert noted(entry, "statutory time", "law.md §2, row 1.001193", "[V]", "Immediately.")
    assert noted(entry, "fall back to the statutory time")
    procedure = load(record(), **{"1_001193": facts})
    assert procedure.processing_time == ProcessingTime.same_day()
    assert procedure.time_for(Channel.IN_PERSON) == ProcessingTime.same_day()
    assert procedure.channels[0].time_verbatim == "1"


def test_the_statutory_legal_basis_takes_the_portal_title_when_it_has_none() -> None:
    facts = StatutoryFacts(
        processing_time="02 ngày làm việc",
        legal_basis=(LegalBasis("23/2015/NĐ-CP", article="Điều 37"),),
        tag="[V]",
        source="s",
    )
    bases = [
        {"code": "66.7/2025/NQ-CP", "title": "Nghị quyết"},
        {"code": "23/2015/NĐ-CP", "title": "Về cấp bản sao từ sổ gốc"},
    ]
    entry = convert(record(legal_basis=bases), **{"1_001193": facts})
    assert entry["legal_basis"] == [
        {"document": "23/2015/NĐ-CP", "title": "Về cấp bản sao từ sổ gốc", "article": "Điều 37"},
        {"document": "66.7/2025/NQ-CP", "title": "Nghị quyết"},
    ]


def test_statutory_facts_supply_the_legal_basis_a_record_lacks() -> None:
    facts = StatutoryFacts(
        tag="[V]", source="s", legal_basis=(LegalBasis("123/2015/NĐ-CP"),), note="No time."
    )
    entry = convert(record(legal_basis=[]), **{"1_001193": facts})
    assert entry["legal_basis"] == [{"document": "123/2015/NĐ-CP"}]
    assert "processing_time" not in entry
    assert noted(entry, "No time.")


def test_a_channel_time_that_differs_from_the_law_is_kept_and_noted() -> None:
    rows = [channel_row(time="1 Ngày làm việc")]
    procedure = load(record(channels=rows), **{"1_001193": SAME_DAY})
    assert procedure.processing_time == ProcessingTime.same_day()
    # The channel keeps the portal's cell, but deadlines follow the legal text, and the
    # note says so (H7).
    assert procedure.channels[0].processing_time == ProcessingTime.working_days(1)
    assert procedure.time_for(Channel.IN_PERSON) == ProcessingTime.same_day()
    assert procedure.time_of(procedure.channels[0]) == ProcessingTime.same_day()
    (note,) = [n for n in procedure.notes if "differs from the law" in n]
    assert "Trực tiếp: '1 Ngày làm việc'" in note
    assert "The law wins: deadlines through every channel use the statutory time" in note
    assert "keep the portal's time" not in " ".join(procedure.notes)


def test_a_time_from_memory_needs_the_portal_to_confirm_it() -> None:
    memory = StatutoryFacts(processing_time="07 ngày làm việc", tag="[M]", source="law.md row")
    confirmed = [channel_row("Trực tuyến", "7 Ngày làm việc"), channel_row(time="7 Ngày làm việc")]
    entry = convert(record(channels=confirmed), **{"1_001193": memory})
    assert entry["processing_time"] == "07 ngày làm việc"
    assert noted(entry, "unverified", "[M]", "shows the same time")
    for rows in (
        [channel_row(time="7")],
        [channel_row(time="7 Ngày làm việc"), channel_row(time="5 Ngày làm việc")],
        [],
    ):
        entry = convert(record(channels=rows), **{"1_001193": memory})
        assert "processing_time" not in entry
        assert noted(entry, "does not confirm it", "left unset")


# ---------------------------------------------------------------------------- default catalog


def test_the_default_catalog_holds_every_sample_procedure(sample: list[dict[str, Any]]) -> None:
    codes = {str(r["code"]) for r in sample}
    assert len(codes) == 48
    assert codes <= set(default_catalog().histories)


def test_every_default_procedure_has_a_legal_basis_and_a_source() -> None:
    for history in default_catalog().histories.values():
        for version in history.versions:
            procedure = version.procedure
            assert procedure.legal_basis, procedure.code
            assert procedure.source, procedure.code
            assert all(basis.document.strip() for basis in procedure.legal_basis)


def test_the_default_catalog_is_what_the_converter_makes_of_the_sample(
    sample: list[dict[str, Any]], script: ModuleType
) -> None:
    statutory: Mapping[str, StatutoryFacts] = script.STATUTORY
    converted = from_portal_records(
        sample, statutory=statutory, name=script.NAME, source=script.catalog_source(sample)
    )
    for entry in converted["procedure"]:
        entry["valid_from"] = date(2025, 7, 1)
    expected = catalog_document(loads_catalog(dumps_toml(converted)))
    assert catalog_document(default_catalog()) == expected


def test_the_default_catalog_holds_from_the_two_tier_reform() -> None:
    # H8: the records are the national database after Decree 118/2025/NĐ-CP took effect
    # (01/07/2025, districts abolished); 2.000806 was carried out at district level before.
    catalog = default_catalog()
    assert len(catalog.as_of(date(2020, 1, 1))) == 0
    assert len(catalog.as_of(date(2025, 6, 30))) == 0
    assert len(catalog.as_of(date(2025, 7, 1))) == len(catalog)
    with pytest.raises(KeyError, match=r"2\.000806"):
        catalog.get("2.000806", on=date(2025, 6, 30))
    for history in catalog.histories.values():
        assert history.versions[0].effective_from == date(2025, 7, 1), history.code


def test_the_inferred_marriage_cutoff_is_not_tagged_as_read(script: ModuleType) -> None:
    # H9: art. 5(3)'s 15:00 cutoff is applied to 1.000894 by inference, not read for it.
    facts = script.STATUTORY["1.000894"]
    assert facts.tag != "[V]"
    assert "[S]" in facts.tag
    assert any("cutoff is an inference" in note for note in default("1.000894").notes)


def test_statutory_facts_name_only_procedures_of_the_sample(
    sample: list[dict[str, Any]], script: ModuleType
) -> None:
    codes = {str(record["code"]) for record in sample}
    assert set(script.STATUTORY) <= codes


def test_the_converter_does_not_change_its_records(sample: list[dict[str, Any]]) -> None:
    before = copy.deepcopy(sample)
    from_portal_records(sample, name="x", source=None)
    assert sample == before


def test_the_build_script_check_passes() -> None:
    result = subprocess.run(
        [sys.executable, str(SCRIPT), str(SAMPLE), "--check"],
        capture_output=True,
        text=True,
        check=False,
        cwd=REPO,
    )
    assert result.returncode == 0, result.stderr


def test_the_build_script_check_fails_on_a_stale_file(tmp_path: Path) -> None:
    stale = tmp_path / "ward_procedures.toml"
    stale.write_text("format = 1\nname = 'old'\n", encoding="utf-8")
    result = subprocess.run(
        [sys.executable, str(SCRIPT), str(SAMPLE), "--check", "--output", str(stale)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 1
    assert "out of date" in result.stderr


def test_the_build_script_docstrings(script: ModuleType) -> None:
    failures, tried = doctest.testmod(script, verbose=False)
    assert tried > 0
    assert failures == 0


def test_statutory_table_rows_cite_law_md(script: ModuleType) -> None:
    statutory: Mapping[str, StatutoryFacts] = script.STATUTORY
    for code, facts in statutory.items():
        assert facts.source.startswith(f"law.md §2, row {code} "), code
        assert facts.legal_basis, code


# ---------------------------------------------------------------------------- spot checks


def default(code: str) -> Procedure:
    """Procedure ``code`` of the default catalog."""
    return default_catalog().get(code, on=DAY)


def test_birth_registration() -> None:
    birth = default("1.001193")
    assert birth.name_en == "Birth registration"
    assert birth.processing_time == ProcessingTime.same_day()
    assert birth.processing_time.cutoff == time(15, 0)
    assert [(r.name, r.code) for r in birth.results] == [("Giấy khai sinh", "KQ.G15.000031")]
    roles = [document.role for document in birth.documents]
    assert roles.count(DocumentRole.SUBMIT) == 4
    assert roles.count(DocumentRole.SHOW) == 2
    assert roles.count(DocumentRole.LISTED) == 2
    assert birth.documents[3].name.startswith("Giấy chứng sinh")
    assert {d.group for d in birth.documents if d.role is DocumentRole.LISTED} == {"--"}
    assert [c.time_verbatim for c in birth.channels] == ["1", "1", "1"]
    assert all(c.processing_time is None for c in birth.channels)
    assert birth.legal_basis[0].document == "60/2014/QH13"
    assert any("sau 15 giờ" in rule for rule in birth.time_rules)
    assert birth.source == (
        "https://dichvucong.gov.vn/thu-tuc-hanh-chinh/019d2bfd-3fe0-70ac-b9d6-5e9e20d6eef7"
    )


def test_permanent_residence_fees_and_confirmed_time() -> None:
    residence = default("1.004222")
    fees = {
        offer.channel: offer.fee.amount_vnd for offer in residence.channels if offer.fee is not None
    }
    assert fees == {Channel.IN_PERSON: 20_000, Channel.ONLINE: 10_000}
    assert residence.processing_time == ProcessingTime.working_days(7)
    assert any("unverified" in note and "[M]" in note for note in residence.notes)


def test_certified_copy_fee_in_dong_and_in_dollars() -> None:
    copy_ = default("2.000815")
    ward, embassy = copy_.channels
    assert ward.fee is not None
    assert embassy.fee is not None
    assert (ward.fee.amount_vnd, ward.fee.verbatim) == (2_000, "2,000 Việt Nam Đồng")
    assert (embassy.fee.amount_vnd, embassy.fee.verbatim) == (None, "10 USD")
    assert ward.channel is embassy.channel is Channel.IN_PERSON
    assert copy_.processing_time == ProcessingTime.same_day()


def test_household_business_fees_kept_as_the_portal_shows_them() -> None:
    business = default("1.001612")
    fees = [(o.channel, None if o.fee is None else o.fee.amount_vnd) for o in business.channels]
    assert fees == [
        (Channel.ONLINE, 150_000),
        (Channel.POSTAL, 150_000),
        (Channel.IN_PERSON, 50_000),
    ]
    assert business.levels == {Level.MINISTRY, Level.COMMUNE}
    assert any("Fees differ" in note for note in business.notes)


def test_the_portal_error_dsfas_is_kept() -> None:
    assert [r.code for r in default("2.000942").results] == ["dsfas"]
    assert any("'dsfas'" in note for note in default("2.000942").notes)


def test_unconfirmed_memory_time_is_left_unset() -> None:
    marital = default("1.004873")
    assert marital.processing_time is None
    assert marital.name_en == "Marital-status certificate"
    assert any("does not confirm it" in note for note in marital.notes)


def test_statutory_times_of_law_md() -> None:
    expected = {
        "1.000894": ProcessingTime.same_day(),
        "1.001022": ProcessingTime.working_days(3),
        "1.004837": ProcessingTime.working_days(3),
        "2.000884": ProcessingTime.same_day(),
        "2.000908": ProcessingTime.same_day(),
        "2.000942": ProcessingTime.same_day(),
        "2.001035": ProcessingTime.working_days(2),
        "2.001019": ProcessingTime.working_days(2),
        "2.001016": ProcessingTime.working_days(2),
        "2.001406": ProcessingTime.working_days(2),
        "1.004194": ProcessingTime.working_days(3),
    }
    for code, limit in expected.items():
        assert default(code).processing_time == limit, code
    assert default("1.004884").processing_time is None
    assert default("1.014061").processing_time is None
