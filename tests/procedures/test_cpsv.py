"""The CPSV-AP 3.2.0 JSON-LD export: one public service per procedure in force, sorted by
code, with costs in VND, ISO 8601 durations, legal resources; plain JSON, deterministic."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date, time
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from onestop.procedures import (
    Catalog,
    Commitment,
    Layer,
    ProcedureSet,
    default_catalog,
    loads_catalog,
)
from onestop.procedures._cpsv import (
    CONTEXT,
    CPSV_AP_VERSION,
    CURRENCY_VND,
    duration,
    to_cpsv_ap,
)
from onestop.timing import ProcessingTime
from tests.procedures.strategies import catalogs

DAY = date(2026, 3, 2)
BASE = "https://onestop.invalid/procedure/"

CATALOG = """
format = 1
name = "Phường Mẫu"

[[procedure]]
code = "2.000815"
name_vi = "Chứng thực bản sao từ bản chính giấy tờ, văn bản"
name_en = "Certified copy from an original"
field = "Chứng thực"
competent_agency = "UBND cấp xã"
processing_time = "Trong ngày"
source = "https://example.invalid/2.000815"
legal_basis = [
    { document = "23/2015/NĐ-CP", title = "Nghị định về cấp bản sao", article = "Điều 7" },
    { document = "226/2016/TT-BTC", url = "https://example.invalid/226" },
]

[[procedure.channel]]
channel = "in_person"
fee_vnd = 2000
fee_verbatim = "2.000 đồng/trang"
fee_note = "từ trang thứ ba: 1.000 đồng/trang"

[[procedure.channel]]
channel = "online"
processing_time = "04 giờ làm việc"
fee_vnd = 0
fee_verbatim = "Miễn phí"

[[procedure.channel]]
channel = "postal"
fee_verbatim = "Theo quy định của tỉnh"
time_verbatim = "Theo dấu bưu điện"
description = "Gửi qua bưu chính công ích"

[[procedure.document]]
name = "Bản chính giấy tờ"
role = "show"

[[procedure.document]]
name = "Bản sao cần chứng thực"
originals = 0
copies = 2
group = "Trường hợp nộp trực tiếp"
alternatives = ["Bản chụp"]

[[procedure.result]]
name = "Bản sao có chứng thực"
code = "KQ.G17.000001"

[[procedure.result]]
name = "Phiếu hẹn"

[[procedure]]
code = "1.004194"
name_vi = "Đăng ký tạm trú"
field = "Cư trú"
processing_time = "03 ngày làm việc"
source = "Quyết định 1234/QĐ-BCA"
legal_basis = [{ document = "23/2015/NĐ-CP", article = "Điều 21" }]

[[procedure.change]]
effective_from = 2026-01-01
legal_basis = [{ document = "99/2025/NĐ-CP" }]
set = { processing_time = "30 ngày" }

[[procedure]]
code = "1.000001"
name_vi = "Thủ tục đã bãi bỏ"
field = "Hộ tịch"
valid_until = 2025-07-01
legal_basis = [{ document = "60/2014/QH13" }]
"""


def catalog() -> Catalog:
    return loads_catalog(CATALOG, file="test.toml")


def services(document: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {node["dct:identifier"]: node for node in document["@graph"]}


def exported() -> dict[str, dict[str, Any]]:
    return services(to_cpsv_ap(catalog(), on=DAY))


def nodes(value: Any) -> Iterator[dict[str, Any]]:
    """Every JSON object of ``value``, nested ones included."""
    if isinstance(value, dict):
        yield value
        for item in value.values():
            yield from nodes(item)
    elif isinstance(value, list):
        for item in value:
            yield from nodes(item)


def as_list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value]


# ---------------------------------------------------------------------------- structure


def test_the_context_is_a_table_of_the_cpsv_ap_prefixes() -> None:
    document = to_cpsv_ap(catalog(), on=DAY)
    assert set(document) == {"@context", "@graph"}
    assert document["@context"] == CONTEXT
    assert document["@context"]["cpsv"] == "http://purl.org/vocab/cpsv#"
    assert document["@context"]["cv"] == "http://data.europa.eu/m8g/"
    assert document["@context"]["eli"] == "http://data.europa.eu/eli/ontology#"
    assert CPSV_AP_VERSION == "3.2.0"


def test_every_term_uses_a_declared_prefix() -> None:
    document = to_cpsv_ap(catalog(), on=DAY)
    for node in nodes(document["@graph"]):
        for key in node:
            if key.startswith("@"):
                continue
            prefix, _, local = key.partition(":")
            assert prefix in CONTEXT, key
            assert local, key
        for kind in as_list(node.get("@type", [])):
            assert kind.partition(":")[0] in CONTEXT, kind


def test_the_graph_holds_the_procedures_in_force_as_public_services_sorted_by_code() -> None:
    document = to_cpsv_ap(catalog(), on=DAY)
    graph = document["@graph"]
    assert [node["dct:identifier"] for node in graph] == ["1.004194", "2.000815"]
    for node in graph:
        assert node["@type"] == "cpsv:PublicService"
        assert node["@id"] == BASE + node["dct:identifier"]


def test_titles_carry_their_language() -> None:
    service = exported()["2.000815"]
    assert service["dct:title"] == [
        {"@value": "Chứng thực bản sao từ bản chính giấy tờ, văn bản", "@language": "vi"},
        {"@value": "Certified copy from an original", "@language": "en"},
    ]
    assert exported()["1.004194"]["dct:title"] == [{"@value": "Đăng ký tạm trú", "@language": "vi"}]


def test_the_field_is_the_thematic_area_and_the_agency_the_competent_authority() -> None:
    service = exported()["2.000815"]
    area = service["cv:thematicArea"]
    assert area["@type"] == "skos:Concept"
    assert area["skos:prefLabel"] == [{"@value": "Chứng thực", "@language": "vi"}]
    authority = service["cv:hasCompetentAuthority"]
    assert authority["@type"] == "cv:PublicOrganisation"
    assert authority["skos:prefLabel"] == {"@value": "UBND cấp xã", "@language": "vi"}
    assert authority["dct:spatial"]["@id"].endswith("/country/VNM")
    assert "cv:hasCompetentAuthority" not in exported()["1.004194"]


def test_channels_carry_their_type_and_national_code() -> None:
    channels = exported()["2.000815"]["cv:hasChannel"]
    assert [c["dct:type"]["@id"].rsplit("/", 1)[1] for c in channels] == [
        "in_person",
        "online",
        "postal",
    ]
    assert [c["dct:type"]["skos:notation"] for c in channels] == ["1", "2", "3"]
    assert channels[0]["dct:type"]["skos:prefLabel"][0] == {
        "@value": "Trực tiếp",
        "@language": "vi",
    }
    assert all(c["@type"] == "cv:Channel" and c["dct:identifier"] for c in channels)
    assert channels[2]["dct:description"] == [
        {"@value": "Gửi qua bưu chính công ích", "@language": "vi"},
        {"@value": "Theo dấu bưu điện", "@language": "vi"},
    ]


def test_documents_are_evidence_and_results_outputs() -> None:
    service = exported()["2.000815"]
    inputs = service["cpsv:hasInput"]
    assert [i["dct:title"]["@value"] for i in inputs] == [
        "Bản chính giấy tờ",
        "Bản sao cần chứng thực",
    ]
    assert all(i["@type"] == "cv:Evidence" for i in inputs)
    assert inputs[0]["dct:type"]["@id"].endswith("/document-role/show")
    assert "0 bản chính, 2 bản sao" in inputs[1]["dct:description"]["@value"]
    assert "Bản chụp" in inputs[1]["dct:description"]["@value"]
    assert "Trường hợp nộp trực tiếp" in inputs[1]["dct:description"]["@value"]
    outputs = service["cpsv:produces"]
    assert [o["dct:identifier"] for o in outputs] == ["KQ.G17.000001", "2.000815-output-2"]
    assert all(o["@type"] == "cv:Output" for o in outputs)


def test_a_source_address_is_a_link_and_a_citation_a_text() -> None:
    assert exported()["2.000815"]["dct:source"] == {"@id": "https://example.invalid/2.000815"}
    assert exported()["1.004194"]["dct:source"] == "Quyết định 1234/QĐ-BCA"


@pytest.mark.parametrize("source", ["http://[", "https://a b", "see https://x.example", "ftp://x"])
def test_a_source_that_is_not_a_plain_web_address_stays_text(source: str) -> None:
    one = loads_catalog(
        CATALOG.replace('source = "Quyết định 1234/QĐ-BCA"', f"source = {source!r}")
    )
    assert services(to_cpsv_ap(one, on=DAY))["1.004194"]["dct:source"] == source


def test_ids_are_unique_and_under_the_base() -> None:
    document = to_cpsv_ap(catalog(), on=DAY, base_uri="https://ward.example/tthc/")
    ids: dict[str, Any] = {}
    for node in nodes(document["@graph"]):
        if "@id" in node and len(node) > 1:
            assert ids.setdefault(node["@id"], node) == node, node["@id"]
    minted = [i for i in ids if not i.startswith("https://onestop.invalid/vocabulary/")]
    assert all(
        i.startswith("https://ward.example/tthc/") or "publications.europa.eu" in i for i in minted
    )


# ---------------------------------------------------------------------------- costs


def test_costs_are_in_vnd_with_the_verbatim_fee() -> None:
    service = exported()["2.000815"]
    costs = service["cv:hasCost"]
    assert len(costs) == 3
    paid, free, unknown = costs
    assert paid["cv:hasValue"] == {"@value": 2000, "@type": "xsd:double"}
    assert paid["cv:currency"] == {"@id": CURRENCY_VND}
    assert CURRENCY_VND.endswith("/currency/VND")
    assert paid["dct:description"] == [
        {"@value": "2.000 đồng/trang", "@language": "vi"},
        {"@value": "từ trang thứ ba: 1.000 đồng/trang", "@language": "vi"},
    ]
    assert free["cv:hasValue"]["@value"] == 0
    assert "cv:hasValue" not in unknown
    assert "cv:currency" not in unknown
    assert unknown["dct:description"] == [{"@value": "Theo quy định của tỉnh", "@language": "vi"}]
    channels = [c["@id"] for c in service["cv:hasChannel"]]
    assert [c["cv:ifAccessedThrough"]["@id"] for c in costs] == channels
    assert all(c["@type"] == "cv:Cost" and c["dct:identifier"] for c in costs)


def test_a_procedure_without_fees_has_no_cost() -> None:
    assert "cv:hasCost" not in exported()["1.004194"]


# ---------------------------------------------------------------------------- durations


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        ("03 ngày làm việc", "P3D"),
        ("1 working day", "P1D"),
        ("04 giờ làm việc", "PT4H"),
        ("30 ngày", "P30D"),
        ("Trong ngày", "P0D"),
        ("Trong ngày, không có giờ chốt", "P0D"),
    ],
)
def test_durations_are_iso_8601(text: str, iso: str) -> None:
    assert duration(ProcessingTime.parse(text)) == iso


def test_the_service_time_is_a_duration_with_a_note_on_its_unit() -> None:
    same_day = exported()["2.000815"]
    assert same_day["cv:processingTime"] == {"@value": "P0D", "@type": "xsd:duration"}
    vi, en = same_day["skos:note"]
    assert vi == {"@value": "Trong ngày", "@language": "vi"}
    assert en["@language"] == "en"
    assert "same day" in en["@value"]
    assert "15:00" in en["@value"]
    assert "statutory" in en["@value"]


def test_the_version_in_force_gives_the_time() -> None:
    before = services(to_cpsv_ap(catalog(), on=date(2025, 12, 31)))["1.004194"]
    after = exported()["1.004194"]
    assert before["cv:processingTime"]["@value"] == "P3D"
    assert "working days" in before["skos:note"][1]["@value"]
    assert after["cv:processingTime"]["@value"] == "P30D"
    assert "calendar days" in after["skos:note"][1]["@value"]


def test_a_channel_carries_the_time_that_applies_to_it_the_law_over_its_cell() -> None:
    # H7: committed > statutory > the channel's own cell (Procedure.time_of). The online row
    # says "04 giờ làm việc", the law "Trong ngày": the law's time is exported, labelled
    # statutory, and a note says the record's cell differs; the cell stays verbatim.
    channels = exported()["2.000815"]["cv:hasChannel"]
    for channel in channels:
        assert channel["cv:processingTime"]["@value"] == "P0D"
        assert channel["skos:note"][1]["@value"].startswith("statutory time limit: ")
    notes = [note["@value"] for note in channels[1]["skos:note"]]
    assert notes[2] == (
        "The record's cell (04 giờ làm việc) differs from the statutory time limit Trong ngày, "
        "which applies."
    )
    assert len(channels[0]["skos:note"]) == 2
    assert {"@value": "Theo dấu bưu điện", "@language": "vi"} in channels[2]["dct:description"]


def test_a_channel_of_a_procedure_without_statutory_time_carries_its_own_cell() -> None:
    text = """
    format = 1
    name = "Phường Mẫu"
    [[procedure]]
    code = "1.004884"
    name_vi = "Thủ tục đăng ký lại khai sinh"
    field = "Hộ tịch"
    legal_basis = [{ document = "123/2015/NĐ-CP" }]
    [[procedure.channel]]
    channel = "in_person"
    processing_time = "05 ngày làm việc"
    """
    (channel,) = services(to_cpsv_ap(loads_catalog(text), on=DAY))["1.004884"]["cv:hasChannel"]
    assert channel["cv:processingTime"]["@value"] == "P5D"
    assert channel["skos:note"][1]["@value"].startswith("record's time limit: 5 working days")


def test_a_committed_time_is_the_time_exported_and_says_so() -> None:
    statutory = loads_catalog(
        """
        format = 1
        name = "Phường Mẫu"
        [[procedure]]
        code = "1.004194"
        name_vi = "Đăng ký tạm trú"
        field = "Cư trú"
        processing_time = "03 ngày làm việc, sau 15:00 tính từ ngày làm việc tiếp theo"
        legal_basis = [{ document = "68/2020/QH14" }]
        [[procedure.channel]]
        channel = "online"
        processing_time = "03 ngày làm việc"
        """
    )
    # Hypothetical 15:00 cutoff: a commitment may only keep or move the law's cutoff later.
    layer = Layer(
        "Phường Mẫu",
        "Quyết định 5/QĐ-UBND",
        (Commitment("1.004194", ProcessingTime.working_days(2, cutoff=time(16, 0))),),
    )
    service = services(to_cpsv_ap(statutory.with_layer(layer), on=DAY))["1.004194"]
    assert service["cv:processingTime"]["@value"] == "P2D"
    note = service["skos:note"][1]["@value"]
    assert "committed (Quyết định 5/QĐ-UBND)" in note
    assert "16:00" in note
    channel = service["cv:hasChannel"][0]
    assert channel["cv:processingTime"]["@value"] == "P2D"
    assert channel["skos:note"][1]["@value"].startswith("committed time limit")


def test_a_procedure_without_time_has_no_duration() -> None:
    document = to_cpsv_ap(catalog(), on=date(2025, 1, 1))
    gone = services(document)["1.000001"]
    assert "cv:processingTime" not in gone
    assert "skos:note" not in gone


# ---------------------------------------------------------------------------- legal resources


def test_legal_resources_carry_the_document_number_title_and_article() -> None:
    first, second = exported()["2.000815"]["cv:hasLegalResource"]
    assert first["@type"] == ["eli:LegalResource", "eli:LegalResourceSubdivision"]
    assert first["dct:title"] == {"@value": "Điều 7", "@language": "vi"}
    decree = first["eli:is_part_of"]
    assert decree["@type"] == "eli:LegalResource"
    assert decree["eli:id_local"] == "23/2015/NĐ-CP"
    assert decree["dct:title"]["@value"] == "Nghị định về cấp bản sao"
    assert second["eli:id_local"] == "226/2016/TT-BTC"
    assert second["foaf:page"] == {"@id": "https://example.invalid/226"}
    assert "dct:title" not in second


def test_a_document_cited_twice_is_described_the_same_everywhere() -> None:
    """1.004194 cites 23/2015/NĐ-CP without a title; its node takes the title cited by
    2.000815, so that the two nodes of one IRI agree."""
    residence = exported()["1.004194"]["cv:hasLegalResource"][0]
    copy = exported()["2.000815"]["cv:hasLegalResource"][0]
    assert residence["eli:is_part_of"] == copy["eli:is_part_of"]
    assert residence["@id"] != copy["@id"]


def test_every_legal_basis_is_exported() -> None:
    on_day = catalog().as_of(DAY)
    for code, service in exported().items():
        cited = [
            (r.get("eli:is_part_of", r)["eli:id_local"], r["dct:title"]["@value"])
            if "eli:is_part_of" in r
            else (r["eli:id_local"], None)
            for r in service["cv:hasLegalResource"]
        ]
        assert cited == [(b.document, b.article) for b in on_day[code].legal_basis]


# ---------------------------------------------------------------------------- inputs


def test_a_catalog_needs_a_day_and_the_library_never_guesses_it() -> None:
    with pytest.raises(TypeError, match="pass on="):
        to_cpsv_ap(catalog())


def test_a_procedure_set_exports_as_its_catalog_does() -> None:
    assert to_cpsv_ap(catalog().as_of(DAY)) == to_cpsv_ap(catalog(), on=DAY)
    assert to_cpsv_ap(catalog().as_of(DAY), on=DAY) == to_cpsv_ap(catalog(), on=DAY)
    with pytest.raises(ValueError, match="procedure set is the one of 2026-03-02"):
        to_cpsv_ap(catalog().as_of(DAY), on=date(2026, 3, 3))
    assert to_cpsv_ap(ProcedureSet([]))["@graph"] == []


@pytest.mark.parametrize("base", ["onestop/procedure/", "https://x.example/p", "/p/"])
def test_the_base_must_be_an_absolute_address_ending_in_a_slash(base: str) -> None:
    with pytest.raises(ValueError, match="base_uri"):
        to_cpsv_ap(catalog(), on=DAY, base_uri=base)


# ---------------------------------------------------------------------------- properties


def test_the_export_is_plain_json() -> None:
    document = to_cpsv_ap(catalog(), on=DAY)
    assert json.loads(json.dumps(document, ensure_ascii=False)) == document


def test_the_export_is_deterministic_whatever_the_order_of_the_catalog() -> None:
    forward = catalog()
    backward = Catalog(
        forward.name, dict(reversed(list(forward.histories.items()))), source=forward.source
    )
    first = json.dumps(to_cpsv_ap(forward, on=DAY), ensure_ascii=False)
    assert json.dumps(to_cpsv_ap(forward, on=DAY), ensure_ascii=False) == first
    assert json.dumps(to_cpsv_ap(backward, on=DAY), ensure_ascii=False) == first


def test_the_default_catalog_exports_every_procedure_once() -> None:
    in_force = default_catalog().as_of(DAY)
    document = to_cpsv_ap(default_catalog(), on=DAY)
    codes = [node["dct:identifier"] for node in document["@graph"]]
    assert codes == sorted(in_force)
    json.dumps(document)


@given(catalogs(), st.dates(date(2000, 1, 1), date(2040, 12, 31)))
def test_any_catalog_exports_each_procedure_in_force_once_as_json(
    catalog: Catalog, day: date
) -> None:
    document = to_cpsv_ap(catalog, on=day)
    assert [node["dct:identifier"] for node in document["@graph"]] == sorted(catalog.as_of(day))
    assert json.loads(json.dumps(document)) == document
    for node in document["@graph"]:
        procedure = catalog.get(node["dct:identifier"], on=day)
        fees = [o.fee for o in procedure.channels if o.fee is not None]
        assert len(node.get("cv:hasCost", [])) == len(fees)
        for cost, fee in zip(node.get("cv:hasCost", []), fees, strict=True):
            if fee.amount_vnd is None:
                assert "cv:hasValue" not in cost
            else:
                assert cost["cv:hasValue"]["@value"] == fee.amount_vnd
                assert cost["cv:currency"]["@id"] == CURRENCY_VND
        if procedure.deadline_time is not None:
            assert node["cv:processingTime"]["@value"] == duration(procedure.deadline_time)
        assert len(node["cv:hasLegalResource"]) == len(procedure.legal_basis)
