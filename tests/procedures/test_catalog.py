"""Catalogs: the version in force on a day, histories with their legal texts, look-up,
filter and search, diffs, and layers of commitments that only tighten the law.

rules.md "Rule sets are effective-dated": Decree 61/2018/NĐ-CP until 30/06/2025, Decree
118/2025/NĐ-CP from 01/07/2025; Civil Status Law 60/2014/QH13 until 28/02/2027, Law
03/2026/QH16 from 01/03/2027 [S]. A dossier is judged by the rules in force at its receipt.
The catalogs here are built in code; where a value is not in law.md it is marked hypothetical.
"""

from __future__ import annotations

from datetime import date, time, timedelta

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from onestop.errors import CatalogError
from onestop.procedures import (
    Catalog,
    Channel,
    ChannelOffer,
    Commitment,
    Difference,
    Fee,
    Layer,
    LegalBasis,
    Level,
    Procedure,
    ProcedureHistory,
    ProcedureSet,
    ProcedureVersion,
    TimeSource,
    fold,
)
from onestop.timing import ProcessingTime
from tests.procedures.strategies import catalogs, days, layers

DECREE_118 = LegalBasis(
    "118/2025/NĐ-CP", "Nghị định về thực hiện thủ tục hành chính theo cơ chế một cửa"
)
CIVIL_STATUS_2014 = LegalBasis("60/2014/QH13", "Luật Hộ tịch")
CIVIL_STATUS_2026 = LegalBasis("03/2026/QH16", "Luật Hộ tịch")
CERTIFICATION = LegalBasis("23/2015/NĐ-CP", article="Điều 7")

REFORM = date(2025, 7, 1)
NEW_LAW = date(2027, 3, 1)
WD = ProcessingTime.working_days
WH = ProcessingTime.working_hours

ONE_STOP_DESK = "Bộ phận Một cửa UBND cấp xã"
CENTRE = "Trung tâm Phục vụ hành chính công cấp xã"

guardianship_2014 = Procedure(
    code="1.004837",
    name_vi="Thủ tục đăng ký giám hộ",
    name_en="Guardianship registration",
    field="Hộ tịch",
    legal_basis=(attrs.evolve(CIVIL_STATUS_2014, article="Điều 20"),),
    levels=frozenset({Level.COMMUNE}),
    executing_agency=ONE_STOP_DESK,
    processing_time=WD(3),
    channels=(ChannelOffer(Channel.IN_PERSON, WD(3), fee=Fee(0, "Miễn phí")),),
)
guardianship_2025 = attrs.evolve(guardianship_2014, executing_agency=CENTRE)
# Hypothetical: the 2026 law's wording for guardianship was not read; only the basis changes.
guardianship_2027 = attrs.evolve(guardianship_2025, legal_basis=(CIVIL_STATUS_2026,))

signature = Procedure(
    code="2.000884",
    name_vi="Chứng thực chữ ký trong các giấy tờ, văn bản",
    name_en="Signature certification",
    field="Chứng thực",
    legal_basis=(CERTIFICATION,),
    levels=frozenset({Level.COMMUNE, Level.OTHER}),
    processing_time=ProcessingTime.same_day(),
    channels=(ChannelOffer(Channel.IN_PERSON, fee=Fee(10_000, "10.000 đồng/trường hợp")),),
)
birth = Procedure(
    code="1.001193",
    name_vi="Thủ tục đăng ký khai sinh",
    name_en="Birth registration",
    field="Hộ tịch",
    legal_basis=(attrs.evolve(CIVIL_STATUS_2014, article="Điều 16"),),
    levels=frozenset({Level.COMMUNE}),
    processing_time=ProcessingTime.same_day(),
    channels=(ChannelOffer(Channel.IN_PERSON), ChannelOffer(Channel.ONLINE)),
)
# Hypothetical end date: re-registration under the old law only.
birth_again = Procedure(
    code="1.004884",
    name_vi="Thủ tục đăng ký lại khai sinh",
    field="Hộ tịch",
    legal_basis=(LegalBasis("123/2015/NĐ-CP"),),
    levels=frozenset({Level.COMMUNE}),
)
# Hypothetical start date.
transaction = Procedure(
    code="2.001035",
    name_vi="Chứng thực giao dịch liên quan đến tài sản là động sản, quyền sử dụng đất, nhà ở",
    field="Chứng thực",
    legal_basis=(attrs.evolve(CERTIFICATION, article="Điều 37"),),
    processing_time=WD(2),
    channels=(ChannelOffer(Channel.IN_PERSON), ChannelOffer(Channel.POSTAL)),
)


def ward_catalog() -> Catalog:
    histories = [
        ProcedureHistory(
            "1.004837",
            (
                ProcedureVersion(guardianship_2014, None, REFORM),
                ProcedureVersion(guardianship_2025, REFORM, NEW_LAW, (DECREE_118,)),
                ProcedureVersion(guardianship_2027, NEW_LAW, None, (CIVIL_STATUS_2026,)),
            ),
        ),
        ProcedureHistory("2.000884", (ProcedureVersion(signature),)),
        ProcedureHistory("1.001193", (ProcedureVersion(birth),)),
        ProcedureHistory("1.004884", (ProcedureVersion(birth_again, None, NEW_LAW),)),
        ProcedureHistory("2.001035", (ProcedureVersion(transaction, date(2015, 9, 10)),)),
    ]
    return Catalog("Phường An Khê", {h.code: h for h in histories})


def on(day: date) -> ProcedureSet:
    return ward_catalog().as_of(day)


# ---------------------------------------------------------------------------- as_of


def test_as_of_uses_the_version_in_force_on_each_side_of_the_reform() -> None:
    catalog = ward_catalog()
    assert catalog.get("1.004837", on=REFORM - timedelta(days=1)) is guardianship_2014
    assert catalog.get("1.004837", on=REFORM) is guardianship_2025
    assert catalog.get("1.004837", on=NEW_LAW - timedelta(days=1)) is guardianship_2025
    assert catalog.get("1.004837", on=NEW_LAW) is guardianship_2027


def test_a_dossier_is_judged_by_the_version_in_force_at_its_receipt() -> None:
    received = date(2025, 6, 30)
    settled = date(2025, 7, 2)
    catalog = ward_catalog()
    assert catalog.get("1.004837", on=received).executing_agency == ONE_STOP_DESK
    assert catalog.get("1.004837", on=settled).executing_agency == CENTRE


def test_a_procedure_is_absent_before_its_first_day_and_from_its_valid_until() -> None:
    assert "2.001035" not in on(date(2015, 9, 9))
    assert "2.001035" in on(date(2015, 9, 10))
    assert "1.004884" in on(NEW_LAW - timedelta(days=1))
    assert "1.004884" not in on(NEW_LAW)
    assert sorted(on(NEW_LAW)) == ["1.001193", "1.004837", "2.000884", "2.001035"]


def test_as_of_records_its_day() -> None:
    ward = on(REFORM)
    assert ward.day == REFORM
    assert repr(ward) == "ProcedureSet(5 procedures, day=2025-07-01)"
    assert len(ward) == 5
    assert len(ward_catalog()) == 5


def expected_version(history: ProcedureHistory, day: date) -> ProcedureVersion | None:
    """The version whose [effective_from, effective_until) holds ``day``, found by hand."""
    found = [
        version
        for version in history.versions
        if (version.effective_from is None or version.effective_from <= day)
        and (version.effective_until is None or day < version.effective_until)
    ]
    assert len(found) <= 1
    return found[0] if found else None


@given(catalogs(), st.lists(days, min_size=1, max_size=8))
@settings(max_examples=60)
def test_as_of_returns_the_version_whose_half_open_interval_holds_the_day(
    catalog: Catalog, some_days: list[date]
) -> None:
    for history in catalog.histories.values():
        first = history.versions[0].effective_from
        last = history.versions[-1].effective_until
        bounds = [v.effective_from for v in history.versions if v.effective_from is not None]
        probes = [*some_days, *bounds, *(b - timedelta(days=1) for b in bounds)]
        if last is not None:
            probes += [last, last - timedelta(days=1)]
        for day in probes:
            version = expected_version(history, day)
            in_force = catalog.as_of(day)
            if version is None:
                assert history.code not in in_force
                assert (first is not None and day < first) or (last is not None and day >= last)
                with pytest.raises(KeyError):
                    catalog.get(history.code, on=day)
            else:
                assert in_force[history.code] is version.procedure
                assert catalog.get(history.code, on=day) is version.procedure
                assert history.as_of(day) is version.procedure


# ---------------------------------------------------------------------------- history


def test_history_lists_each_version_with_the_legal_texts_that_made_it() -> None:
    history = ward_catalog().history("1.004837")
    assert [(v.effective_from, v.effective_until) for v in history.versions] == [
        (None, REFORM),
        (REFORM, NEW_LAW),
        (NEW_LAW, None),
    ]
    assert [[basis.document for basis in v.changed_by] for v in history.versions] == [
        [],
        ["118/2025/NĐ-CP"],
        ["03/2026/QH16"],
    ]
    assert [v.procedure.legal_basis[0].cite() for v in history.versions] == [
        "Điều 20, 60/2014/QH13 (Luật Hộ tịch)",
        "Điều 20, 60/2014/QH13 (Luật Hộ tịch)",
        "03/2026/QH16 (Luật Hộ tịch)",
    ]


def test_versions_must_follow_each_other_without_gap_or_overlap() -> None:
    with pytest.raises(CatalogError, match=r"versions of 1\.004837 must follow each other"):
        ProcedureHistory(
            "1.004837",
            (
                ProcedureVersion(guardianship_2014, None, REFORM),
                ProcedureVersion(guardianship_2025, REFORM + timedelta(days=1)),
            ),
        )
    with pytest.raises(CatalogError, match="must follow each other"):
        ProcedureHistory(
            "1.004837",
            (ProcedureVersion(guardianship_2014), ProcedureVersion(guardianship_2025, REFORM)),
        )
    with pytest.raises(CatalogError, match=r"procedure 1\.004837 has no version"):
        ProcedureHistory("1.004837", ())


# ---------------------------------------------------------------------------- get


def test_get_of_an_unknown_code_raises_key_error_naming_code_and_day() -> None:
    with pytest.raises(KeyError) as error:
        ward_catalog().get("9.999999", on=date(2026, 3, 2))
    assert error.value.args == ("no procedure '9.999999' in force on 2026-03-02",)


def test_get_of_a_procedure_not_yet_in_force_raises_key_error() -> None:
    with pytest.raises(KeyError, match=r"no procedure '2\.001035' in force on 2015-09-09"):
        ward_catalog().get("2.001035", on=date(2015, 9, 9))


def test_history_of_an_unknown_code_raises_key_error_naming_the_catalog() -> None:
    with pytest.raises(KeyError) as error:
        ward_catalog().history("9.999999")
    assert error.value.args == ("no procedure '9.999999' in catalog 'Phường An Khê'",)


def test_a_procedure_set_without_day_says_so() -> None:
    with pytest.raises(KeyError) as error:
        ProcedureSet([birth])["1.004837"]
    assert error.value.args == ("no procedure '1.004837' in force",)


# ---------------------------------------------------------------------------- filter


def test_filter_by_field_ignores_diacritics_and_case() -> None:
    ward = on(date(2026, 3, 2))
    for spelling in ("Hộ tịch", "ho tich", "HỘ TỊCH", "  hộ   tịch "):
        assert sorted(ward.filter(field=spelling)) == ["1.001193", "1.004837", "1.004884"]
    assert sorted(ward.filter(field="chung thuc")) == ["2.000884", "2.001035"]
    assert len(ward.filter(field="Đất đai")) == 0


def test_filter_by_channel_and_level_and_both() -> None:
    ward = on(date(2026, 3, 2))
    assert sorted(ward.filter(channel=Channel.ONLINE)) == ["1.001193"]
    assert sorted(ward.filter(channel=Channel.POSTAL)) == ["2.001035"]
    assert sorted(ward.filter(level=Level.OTHER)) == ["2.000884"]
    assert sorted(ward.filter(level=Level.COMMUNE, channel=Channel.IN_PERSON)) == [
        "1.001193",
        "1.004837",
        "2.000884",
    ]
    assert sorted(ward.filter(field="hộ tịch", level=Level.COMMUNE, channel=Channel.ONLINE)) == [
        "1.001193"
    ]


def test_filter_keeps_the_day_and_returns_a_procedure_set() -> None:
    filtered = on(date(2026, 3, 2)).filter(field="Hộ tịch")
    assert isinstance(filtered, ProcedureSet)
    assert filtered.day == date(2026, 3, 2)
    assert sorted(on(date(2026, 3, 2)).filter()) == sorted(on(date(2026, 3, 2)))


# ---------------------------------------------------------------------------- search


@pytest.mark.parametrize(
    "query",
    [
        "dang ky khai sinh",
        "Đăng ký khai sinh",
        "ĐĂNG KÝ KHAI SINH",
        "đăng  ký\tkhai sinh",
        "khai sinh dang ky",
        "birth registration",
        "1.001193",
        "001193",
    ],
)
def test_search_finds_birth_registration_ignoring_diacritics_case_and_word_order(
    query: str,
) -> None:
    found = [p.code for p in on(date(2026, 3, 2)).search(query)]
    assert found[0] == "1.001193"


def test_search_needs_every_word() -> None:
    ward = on(date(2026, 3, 2))
    assert [p.code for p in ward.search("dang ky lai khai sinh")] == ["1.004884"]
    assert ward.search("khai sinh ket hon") == []
    assert [p.code for p in ward.search("chung thuc")] == ["2.000884", "2.001035"]


def test_search_by_code_prefix() -> None:
    ward = on(date(2026, 3, 2))
    assert sorted(p.code for p in ward.search("2.00")) == ["2.000884", "2.001035"]
    assert [p.code for p in ward.search("2.000884")] == ["2.000884"]


def test_search_puts_names_containing_the_whole_text_first() -> None:
    ward = on(date(2026, 3, 2))
    # "đăng ký khai sinh" is in 1.001193's name as one phrase; 1.004884 has "lại" between.
    assert [p.code for p in ward.search("dang ky khai sinh")] == ["1.001193", "1.004884"]


def test_search_puts_shorter_names_first_among_phrase_matches() -> None:
    # The documented order: the phrase first, then shorter (more specific) names.
    longer = attrs.evolve(birth, code="1.000001", name_vi="Khai sinh cho trẻ em bị bỏ rơi")
    shorter = attrs.evolve(birth, code="1.000002", name_vi="Đăng ký khai sinh")
    ward = ProcedureSet([longer, shorter])
    assert [p.code for p in ward.search("khai sinh")] == ["1.000002", "1.000001"]


@pytest.mark.parametrize("code", ["2.000908.000.00.00.H61", "1.000948.H38"])
def test_search_finds_a_code_with_a_provincial_suffix(code: str) -> None:
    # The query is folded to lower case: the code it is compared with must be too.
    copy = attrs.evolve(signature, code=code, name_vi="Cấp bản sao từ sổ gốc")
    ward = ProcedureSet([copy, birth])
    assert ward.search(code) == [copy]


@given(catalogs(), days)
@settings(max_examples=40)
def test_search_finds_every_procedure_by_its_name(catalog: Catalog, day: date) -> None:
    ward = catalog.as_of(day)
    for procedure in ward.values():
        assert procedure in ward.search(procedure.name_vi)
        assert procedure in ward.search(fold(procedure.name_vi))
        if procedure.name_en is not None:
            assert procedure in ward.search(procedure.name_en)


# ---------------------------------------------------------------------------- diff


def test_diff_lists_added_removed_and_changed_fields_by_code() -> None:
    catalog = ward_catalog()
    differences = catalog.changes_between(date(2027, 2, 28), NEW_LAW)
    assert differences == (
        Difference("1.004837", "legal_basis", guardianship_2025.legal_basis, (CIVIL_STATUS_2026,)),
        Difference("1.004884", None, birth_again, None),
    )
    assert [str(d) for d in differences] == [
        "1.004837.legal_basis: (LegalBasis(document='60/2014/QH13', title='Luật Hộ tịch', "
        "article='Điều 20', url=None),) -> (LegalBasis(document='03/2026/QH16', "
        "title='Luật Hộ tịch', article=None, url=None),)",
        "1.004884: removed",
    ]


def test_changes_between_the_reform_dates() -> None:
    differences = ward_catalog().changes_between(date(2025, 6, 30), REFORM)
    assert differences == (Difference("1.004837", "executing_agency", ONE_STOP_DESK, CENTRE),)
    assert str(differences[0]) == f"1.004837.executing_agency: {ONE_STOP_DESK!r} -> {CENTRE!r}"


def test_changes_between_a_day_and_an_earlier_day_shows_additions() -> None:
    differences = ward_catalog().changes_between(NEW_LAW, date(2015, 1, 1))
    assert Difference("1.004884", None, None, birth_again) in differences
    assert str(Difference("1.004884", None, None, birth_again)) == "1.004884: added"
    assert Difference("2.001035", None, transaction, None) in differences


def test_diff_of_two_catalogs_on_a_day() -> None:
    base = ward_catalog()
    shorter = attrs.evolve(transaction, processing_time=WD(1))
    other = attrs.evolve(
        base,
        histories={
            **base.histories,
            "2.001035": ProcedureHistory(
                "2.001035", (ProcedureVersion(shorter, date(2015, 9, 10)),)
            ),
        },
    )
    assert base.diff(other, on=date(2026, 3, 2)) == (
        Difference("2.001035", "processing_time", WD(2), WD(1)),
    )
    assert base.diff(base, on=date(2026, 3, 2)) == ()


@given(catalogs(), days, days)
@settings(max_examples=40)
def test_changes_between_lists_exactly_what_differs(
    catalog: Catalog, start: date, end: date
) -> None:
    before, after = catalog.as_of(start), catalog.as_of(end)
    differences = catalog.changes_between(start, end)
    assert catalog.changes_between(start, start) == ()
    for difference in differences:
        if difference.field is None:
            assert (difference.code in before) != (difference.code in after)
        else:
            assert getattr(before[difference.code], difference.field) == difference.before
            assert getattr(after[difference.code], difference.field) == difference.after
            assert difference.before != difference.after
    changed_codes = {d.code for d in differences}
    for code in set(before) | set(after):
        same = before.get(code) == after.get(code)
        assert same == (code not in changed_codes)
    assert [d.code for d in differences] == sorted(d.code for d in differences)


# ---------------------------------------------------------------------------- with_layer

AN_KHE = "Quyết định của UBND phường An Khê về rút ngắn thời gian giải quyết"


def ward_layer(*commitments: Commitment) -> Layer:
    return Layer("Phường An Khê", AN_KHE, commitments)


def test_a_shorter_commitment_is_the_time_deadlines_use() -> None:
    layered = ward_catalog().with_layer(ward_layer(Commitment("1.004837", WD(2))))
    for day in (date(2020, 1, 1), REFORM, NEW_LAW):
        guardianship = layered.get("1.004837", on=day)
        assert guardianship.processing_time == WD(3)
        assert guardianship.committed_time == WD(2)
        assert guardianship.deadline_time == WD(2)
        assert guardianship.time_source is TimeSource.COMMITTED
        assert guardianship.committed_by == AN_KHE
        assert guardianship.time_for(Channel.IN_PERSON) == WD(2)
    assert layered.layers == (ward_layer(Commitment("1.004837", WD(2))),)


def test_a_commitment_in_hours_within_the_working_days_is_accepted() -> None:
    # 3 working days of the default office hours (7.5 hours a day) cover 22.5 hours.
    layered = ward_catalog().with_layer(ward_layer(Commitment("1.004837", WH(22))))
    assert layered.get("1.004837", on=REFORM).deadline_time == WH(22)


def test_hours_convert_at_8_a_day_only_when_asked() -> None:
    # H5: 1 working day = 8 working hours where a province converts (rules.md) [S], but
    # onestop's default days are 7.5 hours long: 24 hours may end after 3 working days.
    layer = ward_layer(Commitment("1.004837", WH(24)))
    with pytest.raises(CatalogError, match="the statutory time is 03 ngày làm việc"):
        ward_catalog().with_layer(layer)
    layered = ward_catalog().with_layer(layer, hours_per_day=8)
    assert layered.get("1.004837", on=REFORM).deadline_time == WH(24)


def test_a_commitment_names_its_own_source_over_the_layers() -> None:
    layered = ward_catalog().with_layer(
        ward_layer(Commitment("2.001035", WD(1), source="Kế hoạch cải cách hành chính 2026"))
    )
    assert layered.get("2.001035", on=REFORM).committed_by == "Kế hoạch cải cách hành chính 2026"


def test_the_base_catalog_is_unchanged() -> None:
    base = ward_catalog()
    copy = ward_catalog()
    layered = base.with_layer(ward_layer(Commitment("1.004837", WD(2), date(2026, 1, 1))))
    assert base == copy
    assert base.layers == ()
    assert base.get("1.004837", on=date(2026, 3, 2)).time_source is TimeSource.STATUTORY
    assert layered.get("1.004837", on=date(2026, 3, 2)).time_source is TimeSource.COMMITTED
    assert layered != base


@pytest.mark.parametrize(
    ("commitment", "reason"),
    [
        (Commitment("1.004837", WD(4)), "the statutory time is 03 ngày làm việc"),
        (Commitment("1.004837", WH(23)), "the statutory time is 03 ngày làm việc"),
        # H5: an earlier cutoff than the law's makes some dossiers due a day later.
        (
            Commitment("1.004837", WD(2, cutoff=time(8, 0))),
            "the statutory time is 03 ngày làm việc",
        ),
        (
            Commitment("2.000884", ProcessingTime.same_day(cutoff=time(8, 0))),
            "the statutory time is Trong ngày",
        ),
        (Commitment("2.000884", WD(1)), "the statutory time is Trong ngày"),
    ],
)
def test_a_longer_commitment_raises_catalog_error(commitment: Commitment, reason: str) -> None:
    with pytest.raises(CatalogError) as error:
        ward_catalog().with_layer(ward_layer(commitment))
    (problem,) = error.value.problems
    assert (problem.file, problem.path) == ("Phường An Khê", "$.commitments[0]")
    assert problem.message == (
        f"{commitment.code}: committed time {commitment.processing_time} must not exceed the "
        f"law, but {reason}; a layer may only tighten"
    )


@pytest.mark.parametrize(
    ("commitment", "statutory"),
    [
        (Commitment("1.004837", ProcessingTime.calendar_days(2)), "03 ngày làm việc"),
        (Commitment("2.000884", WH(4)), "Trong ngày"),
    ],
)
def test_a_commitment_in_incomparable_units_raises_catalog_error(
    commitment: Commitment, statutory: str
) -> None:
    # Calendar days cannot be compared with working time: a weekend may fall in between.
    with pytest.raises(CatalogError) as error:
        ward_catalog().with_layer(ward_layer(commitment))
    (problem,) = error.value.problems
    assert f"{commitment.processing_time} cannot be compared with {statutory}" in problem.message


def test_a_commitment_for_a_procedure_without_statutory_time_raises_catalog_error() -> None:
    with pytest.raises(CatalogError, match="it has no statutory time to compare with"):
        ward_catalog().with_layer(ward_layer(Commitment("1.004884", WD(1))))


def test_a_commitment_for_an_unknown_code_raises_catalog_error() -> None:
    with pytest.raises(CatalogError) as error:
        ward_catalog().with_layer(ward_layer(Commitment("9.999999", WD(1))))
    (problem,) = error.value.problems
    assert (problem.path, problem.message) == (
        "$.commitments[0]",
        "no procedure 9.999999 in the catalog",
    )


def test_several_violations_are_all_reported() -> None:
    layer = ward_layer(
        Commitment("1.004837", WD(2)),
        Commitment("9.999999", WD(1)),
        Commitment("1.004837", WD(5)),
        Commitment("2.000884", ProcessingTime.calendar_days(1)),
        Commitment("2.001035", WD(1)),
        Commitment("1.004884", WD(1)),
    )
    with pytest.raises(CatalogError) as error:
        ward_catalog().with_layer(layer)
    assert [problem.path for problem in error.value.problems] == [
        "$.commitments[1]",
        "$.commitments[2]",
        "$.commitments[3]",
        "$.commitments[5]",
    ]
    assert str(error.value).startswith("4 problems in the catalog:\n  Phường An Khê: ")


def test_a_dated_commitment_splits_the_version_in_force() -> None:
    start = date(2026, 1, 1)
    layered = ward_catalog().with_layer(ward_layer(Commitment("1.004837", WD(2), start)))
    versions = layered.history("1.004837").versions
    assert [(v.effective_from, v.effective_until) for v in versions] == [
        (None, REFORM),
        (REFORM, start),
        (start, NEW_LAW),
        (NEW_LAW, None),
    ]
    assert [v.procedure.time_source for v in versions] == [
        TimeSource.STATUTORY,
        TimeSource.STATUTORY,
        TimeSource.COMMITTED,
        TimeSource.COMMITTED,
    ]
    assert versions[1].changed_by == (DECREE_118,)
    # The commitment's decision is the legal text of the version it starts, so the layered
    # catalog can be written to a file and loaded again.
    assert [basis.document for basis in versions[2].changed_by] == [
        "Quyết định của UBND phường An Khê về rút ngắn thời gian giải quyết"
    ]
    assert layered.get("1.004837", on=start - timedelta(days=1)).deadline_time == WD(3)
    assert layered.get("1.004837", on=start).deadline_time == WD(2)
    assert layered.changes_between(start - timedelta(days=1), start) == (
        Difference("1.004837", "committed_time", None, WD(2)),
        Difference("1.004837", "committed_by", None, AN_KHE),
    )


def test_a_commitment_starting_on_a_version_boundary_does_not_split() -> None:
    layered = ward_catalog().with_layer(ward_layer(Commitment("1.004837", WD(2), REFORM)))
    versions = layered.history("1.004837").versions
    assert len(versions) == 3
    assert [v.procedure.deadline_time for v in versions] == [WD(3), WD(2), WD(2)]


def test_a_dated_commitment_is_checked_only_against_the_versions_it_covers() -> None:
    # Hypothetical: 2.001035 takes 1 working day until 2027 and 2 afterwards. A commitment of
    # 12 working hours (1.5 days) fits the later version only.
    until_2027 = attrs.evolve(transaction, processing_time=WD(1))
    catalog = ward_catalog()
    base = attrs.evolve(
        catalog,
        histories={
            **catalog.histories,
            "2.001035": ProcedureHistory(
                "2.001035",
                (
                    ProcedureVersion(until_2027, None, NEW_LAW),
                    ProcedureVersion(transaction, NEW_LAW, None, (CIVIL_STATUS_2026,)),
                ),
            ),
        },
    )
    layered = base.with_layer(ward_layer(Commitment("2.001035", WH(12), NEW_LAW)))
    assert layered.get("2.001035", on=NEW_LAW).deadline_time == WH(12)
    assert layered.get("2.001035", on=REFORM).deadline_time == WD(1)
    with pytest.raises(CatalogError, match="the statutory time is 01 ngày làm việc"):
        base.with_layer(ward_layer(Commitment("2.001035", WH(12), date(2026, 1, 1))))


def test_commitments_on_one_procedure_apply_in_date_order_not_list_order() -> None:
    # H6: the later commitment (from NEW_LAW) holds from its date even if listed first.
    later = Commitment("1.004837", WD(1), NEW_LAW)
    earlier = Commitment("1.004837", WD(2), date(2026, 1, 1))
    for order in ((later, earlier), (earlier, later)):
        layered = ward_catalog().with_layer(ward_layer(*order))
        assert layered.get("1.004837", on=date(2025, 12, 31)).deadline_time == WD(3)
        assert layered.get("1.004837", on=date(2026, 1, 1)).deadline_time == WD(2)
        assert layered.get("1.004837", on=NEW_LAW).deadline_time == WD(1)


def test_two_commitments_on_one_procedure_and_day_are_refused() -> None:
    layer = ward_layer(Commitment("1.004837", WD(2), REFORM), Commitment("1.004837", WD(1), REFORM))
    with pytest.raises(CatalogError) as error:
        ward_catalog().with_layer(layer)
    (problem,) = error.value.problems
    assert (problem.path, problem.message) == (
        "$.commitments[1]",
        "1.004837: commitments[0] of the layer also holds from 2025-07-01; give one "
        "commitment per procedure and date",
    )


def test_a_commitment_that_covers_no_version_is_refused() -> None:
    # 1.004884 (hypothetically) ends on NEW_LAW: a commitment from then on applies to nothing.
    with pytest.raises(CatalogError) as error:
        ward_catalog().with_layer(ward_layer(Commitment("1.004884", WD(1), NEW_LAW)))
    (problem,) = error.value.problems
    assert problem.path == "$.commitments[0]"
    assert problem.message.startswith(
        "1.004884: the commitment from 2027-03-01 covers no version of the procedure"
    )


def test_a_commitment_overridden_before_the_procedure_starts_covers_no_version() -> None:
    # 2.001035 starts (hypothetically) on 2015-09-10; a commitment of 2010 replaced in 2012
    # by another of the same layer holds on no day of the procedure.
    layer = ward_layer(
        Commitment("2.001035", WD(1), date(2010, 1, 1)),
        Commitment("2.001035", WD(1), date(2012, 1, 1)),
    )
    with pytest.raises(CatalogError) as error:
        ward_catalog().with_layer(layer)
    (problem,) = error.value.problems
    assert problem.path == "$.commitments[0]"
    assert "from 2010-01-01 until 2012-01-01 covers no version" in problem.message


def test_a_second_layer_may_not_loosen_the_first_layers_commitment() -> None:
    province = Layer("Tỉnh", "Quyết định của UBND tỉnh", (Commitment("1.004837", WD(1)),))
    provincial = ward_catalog().with_layer(province)
    with pytest.raises(CatalogError) as error:
        provincial.with_layer(ward_layer(Commitment("1.004837", WD(2))))
    (problem,) = error.value.problems
    assert problem.message == (
        "1.004837: committed time 02 ngày làm việc must not exceed the law, but the time "
        "committed by Quyết định của UBND tỉnh is 01 ngày làm việc; a layer may only tighten"
    )


def test_a_commitment_starting_on_a_version_boundary_adds_its_decision_to_changed_by() -> None:
    layered = ward_catalog().with_layer(ward_layer(Commitment("1.004837", WD(2), REFORM)))
    versions = layered.history("1.004837").versions
    assert versions[1].changed_by == (DECREE_118, LegalBasis(AN_KHE, "Phường An Khê"))
    assert versions[2].changed_by == (CIVIL_STATUS_2026,)


def test_a_blank_commitment_source_falls_back_to_the_layers_decision() -> None:
    """Found by Hypothesis: a commitment whose source was only whitespace made a legal basis
    with an empty document number."""
    layer = Layer("Phường An Khê", AN_KHE, (Commitment("1.004837", WD(2), None, "\r"),))
    versions = ward_catalog().with_layer(layer).history("1.004837").versions
    assert {version.procedure.committed_by for version in versions} == {AN_KHE}


@pytest.mark.parametrize(("name", "source"), [(" ", "Quyết định"), ("Phường", "\t")])
def test_a_layer_names_its_authority_and_decision(name: str, source: str) -> None:
    with pytest.raises(CatalogError, match="must not be empty"):
        Layer(name, source)


def test_layers_stack() -> None:
    province = Layer("Tỉnh", "Quyết định của UBND tỉnh", (Commitment("1.004837", WD(2)),))
    ward = ward_layer(Commitment("1.004837", WH(8)))
    layered = ward_catalog().with_layer(province).with_layer(ward)
    assert layered.layers == (province, ward)
    assert layered.get("1.004837", on=REFORM).deadline_time == WH(8)


@given(st.data())
@settings(max_examples=40)
def test_a_valid_layer_tightens_only_the_days_it_covers(data: st.DataObject) -> None:
    catalog = data.draw(catalogs())
    layer = data.draw(layers(catalog))
    layered = catalog.with_layer(layer)
    assert layered.layers == (layer,)
    assert sorted(layered.histories) == sorted(catalog.histories)
    covered = {c.code: c for c in layer.commitments}
    for day in data.draw(st.lists(days, min_size=1, max_size=5)):
        before, after = catalog.as_of(day), layered.as_of(day)
        assert sorted(before) == sorted(after)
        for code, procedure in before.items():
            tightened = after[code]
            commitment = covered.get(code)
            applies = commitment is not None and (
                commitment.effective_from is None or commitment.effective_from <= day
            )
            if not applies:
                assert tightened == procedure
                continue
            assert commitment is not None
            assert tightened.processing_time == procedure.processing_time
            assert tightened.deadline_time == commitment.processing_time
            assert tightened.time_source is TimeSource.COMMITTED
            assert (
                attrs.evolve(
                    tightened,
                    committed_time=procedure.committed_time,
                    committed_by=procedure.committed_by,
                )
                == procedure
            )


def test_a_catalog_cannot_be_changed_through_its_histories() -> None:
    catalog = ward_catalog()
    with pytest.raises(TypeError):
        del catalog.histories["1.004837"]  # type: ignore[attr-defined]
    assert "1.004837" in catalog.histories
