"""The procedure model: validation at construction, ``fold`` for searching, ``at_most`` for
comparing time limits across units, and which time a deadline uses.

rules.md "Time": 1 working day = 8 working hours where a province converts [S], but
onestop's default office hours make 7.5, and working time must not assume 8 (practice.md
§2.1): the default conversion is 7.5; calendar days are not comparable with working time. law.md §1.5: national codes "d.dddddd", with optional
provincial suffixes ("2.000908.000.00.00.H61", "1.000948.H38").
"""

from __future__ import annotations

import unicodedata
from datetime import time
from typing import Any

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from onestop.errors import CatalogError, OnestopError, TimingError
from onestop.procedures import (
    STANDARD_DAY_HOURS,
    Channel,
    ChannelOffer,
    Document,
    Fee,
    LegalBasis,
    Procedure,
    Result,
    TimeSource,
    at_most,
    fold,
)
from onestop.timing import SAME_DAY_CUTOFF, ProcessingTime, TimeUnit
from tests.procedures.strategies import (
    VIETNAMESE,
    procedures,
    processing_times,
    shorter_times,
)

CIVIL_STATUS_LAW = LegalBasis("60/2014/QH13", "Luật Hộ tịch", article="Điều 20")


def guardianship(**changes: Any) -> Procedure:
    """1.004837, guardianship registration: 03 working days (Law 60/2014 art. 20) [V]."""
    fields: dict[str, Any] = {
        "code": "1.004837",
        "name_vi": "Thủ tục đăng ký giám hộ",
        "field": "Hộ tịch",
        "legal_basis": (CIVIL_STATUS_LAW,),
        "processing_time": ProcessingTime.working_days(3),
    }
    fields.update(changes)
    return Procedure(**fields)


def only_problem(error: pytest.ExceptionInfo[CatalogError]) -> tuple[str, str, str]:
    """The file, path and message of the single problem of ``error``."""
    (problem,) = error.value.problems
    return problem.file, problem.path, problem.message


# ---------------------------------------------------------------------------- codes


@pytest.mark.parametrize(
    "code", ["1.001193", "2.000884", "2.000908.000.00.00.H61", "1.000948.H38", "1.004837"]
)
def test_national_codes_with_or_without_provincial_suffix_are_accepted(code: str) -> None:
    assert guardianship(code=code).code == code


@pytest.mark.parametrize(
    "code",
    [
        "",
        "1.1",
        "1001193",
        "1.00119",
        "1.0011930",
        "A.001193",
        "12.001193",
        "1.001193.",
        "1.001193..H61",
        "1.001193.H-61",
        " 1.001193",
        "1.001193 ",
        "1,001193",
        "１.００１１９３",
    ],
)
def test_a_malformed_code_raises_catalog_error_naming_the_code(code: str) -> None:
    with pytest.raises(CatalogError) as error:
        guardianship(code=code)
    file, path, message = only_problem(error)
    assert (file, path) == ("<python>", "$.code")
    assert repr(code) in message
    assert "1.001193" in message


def test_a_code_with_a_trailing_newline_is_rejected() -> None:
    # A "$" in the pattern matches before a final "\n": the code must match as a whole.
    with pytest.raises(CatalogError):
        guardianship(code="1.004837\n")


# ---------------------------------------------------------------------------- texts


@pytest.mark.parametrize("name", ["name_vi", "field"])
@pytest.mark.parametrize("blank", ["", " ", "\t\n", "\u3000"])
def test_empty_names_raise_catalog_error(name: str, blank: str) -> None:
    with pytest.raises(CatalogError) as error:
        guardianship(**{name: blank})
    _, path, message = only_problem(error)
    assert path == f"$.{name}"
    assert message == f"{name} must not be empty"


def test_a_legal_basis_needs_a_document_number() -> None:
    with pytest.raises(CatalogError, match="document must not be empty"):
        LegalBasis("  ", "Luật Hộ tịch")


def test_documents_and_results_need_a_name() -> None:
    with pytest.raises(CatalogError, match="name must not be empty"):
        Document("")
    with pytest.raises(CatalogError, match="name must not be empty"):
        Result(" ")


def test_legal_basis_cites_article_number_and_title() -> None:
    assert CIVIL_STATUS_LAW.cite() == "Điều 20, 60/2014/QH13 (Luật Hộ tịch)"
    assert LegalBasis("23/2015/NĐ-CP").cite() == "23/2015/NĐ-CP"


# ---------------------------------------------------------------------------- legal basis


def test_a_procedure_without_legal_basis_raises_catalog_error() -> None:
    with pytest.raises(CatalogError) as error:
        guardianship(legal_basis=())
    _, path, message = only_problem(error)
    assert path == "$.legal_basis"
    assert "1.004837 has no legal basis" in message


def test_catalog_error_is_a_value_error_and_an_onestop_error() -> None:
    with pytest.raises(ValueError, match="no legal basis") as error:
        guardianship(legal_basis=())
    assert isinstance(error.value, OnestopError)
    assert str(error.value).startswith("1 problem in the catalog:\n  <python>: $.legal_basis: ")


# ---------------------------------------------------------------------------- fees


@pytest.mark.parametrize("amount", [-1, -10_000])
def test_a_negative_fee_raises_catalog_error(amount: int) -> None:
    with pytest.raises(CatalogError) as error:
        Fee(amount, "-10.000 đồng")
    _, path, message = only_problem(error)
    assert path == "$.fee_vnd"
    assert f"fee {amount} VND is negative" in message


@pytest.mark.parametrize("amount", [0, 10_000, None])
def test_free_priced_and_unstated_fees_are_valid(amount: int | None) -> None:
    assert Fee(amount, "Miễn phí").amount_vnd == amount


# ---------------------------------------------------------------------------- documents


@pytest.mark.parametrize(("originals", "copies"), [(0, 0), (-1, 1), (1, -1), (-1, -1)])
def test_a_document_needs_at_least_one_original_or_copy(originals: int, copies: int) -> None:
    with pytest.raises(CatalogError) as error:
        Document("Tờ khai đăng ký giám hộ", originals=originals, copies=copies)
    _, _, message = only_problem(error)
    assert f"got {originals} originals and {copies} copies" in message
    assert "Tờ khai đăng ký giám hộ" in message


@pytest.mark.parametrize(("originals", "copies"), [(1, 0), (0, 1), (2, 3)])
def test_a_document_with_an_original_or_a_copy_is_valid(originals: int, copies: int) -> None:
    document = Document("Giấy tờ chứng minh", originals=originals, copies=copies)
    assert (document.originals, document.copies) == (originals, copies)


@given(procedures())
@settings(max_examples=100)
def test_every_generated_procedure_is_frozen_and_rebuilds_equal(procedure: Procedure) -> None:
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        procedure.code = "1.001193"  # type: ignore[misc]
    assert attrs.evolve(procedure) == procedure
    assert hash(attrs.evolve(procedure)) == hash(procedure)


# ---------------------------------------------------------------------------- fold


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("Đăng ký khai sinh", "dang ky khai sinh"),
        ("Thủ tục đăng ký khai sinh", "thu tuc dang ky khai sinh"),
        ("ĐĂNG KÝ GIÁM HỘ", "dang ky giam ho"),
        (
            "Chứng thực chữ ký trong các giấy tờ, văn bản",
            "chung thuc chu ky trong cac giay to, van ban",
        ),
        ("Phường  An Khê\n", "phuong an khe"),
        ("Hộ tịch", "ho tich"),
        ("Cấp bản sao Trích lục hộ tịch", "cap ban sao trich luc ho tich"),
        ("đđĐĐ", "dddd"),
        ("Ưu tiên Ơn", "uu tien on"),
        ("", ""),
    ],
)
def test_fold_drops_vietnamese_diacritics_case_and_extra_spaces(text: str, folded: str) -> None:
    assert fold(text) == folded


def test_fold_reads_composed_and_decomposed_spellings_alike() -> None:
    composed = "Đăng ký kết hôn"
    decomposed = unicodedata.normalize("NFD", composed)
    assert composed != decomposed
    assert fold(decomposed) == fold(composed) == "dang ky ket hon"


vietnamese_texts = st.text(st.sampled_from(VIETNAMESE + "ĐđỮữỆệ\t\n"), max_size=30)


@given(vietnamese_texts)
def test_fold_of_vietnamese_text_is_plain_ascii_lower_case(text: str) -> None:
    folded = fold(text)
    assert folded.isascii()
    assert folded == folded.lower()
    assert "  " not in folded
    assert folded == folded.strip()


@given(vietnamese_texts)
def test_fold_is_idempotent_and_ignores_case_and_normal_form(text: str) -> None:
    folded = fold(text)
    assert fold(folded) == folded
    assert fold(text.upper()) == folded
    assert fold(unicodedata.normalize("NFD", text)) == folded
    assert fold(unicodedata.normalize("NFC", text)) == folded


# ---------------------------------------------------------------------------- at_most

WD = ProcessingTime.working_days
WH = ProcessingTime.working_hours
CD = ProcessingTime.calendar_days
SAME = ProcessingTime.same_day()


@pytest.mark.parametrize(
    ("shorter", "longer", "expected"),
    [
        (WD(2), WD(3), True),
        (WD(3), WD(3), True),
        (WD(4), WD(3), False),
        # 3 working days of 7.5 hours (07:30-11:30, 13:30-17:00) cover 22.5 working hours.
        (WH(22), WD(3), True),
        (WH(23), WD(3), False),
        (WH(4), WH(8), True),
        (WH(9), WH(8), False),
        (CD(10), CD(15), True),
        (CD(16), CD(15), False),
        (SAME, WD(1), True),
        (SAME, CD(1), True),
        (SAME, SAME, True),
        (ProcessingTime.same_day(cutoff=None), SAME, True),
        (WD(1), SAME, False),
        (CD(1), SAME, False),
        # Incomparable: calendar days against working time, same day against hours, and
        # working days against hours (from N to N + 1 days of work, by the hour of receipt).
        (CD(2), WD(3), None),
        (WD(2), CD(30), None),
        (CD(1), WH(8), None),
        (WH(1), CD(1), None),
        (SAME, WH(4), None),
        (WH(4), SAME, None),
        (WD(1), WH(8), None),
        (WD(1), WH(100), None),
    ],
    ids=str,
)
def test_at_most_compares_time_limits_across_units(
    shorter: ProcessingTime, longer: ProcessingTime, expected: bool | None
) -> None:
    assert at_most(shorter, longer) is expected


EIGHT = time(8, 0)


@pytest.mark.parametrize(
    ("shorter", "longer", "expected"),
    [
        # H5: a cutoff earlier than the law's makes receipts between the two count from the
        # next working day: due later, so not a tightening.
        (WD(3, cutoff=EIGHT), WD(3), False),
        (WD(2, cutoff=EIGHT), WD(3, cutoff=SAME_DAY_CUTOFF), False),
        (WH(4, cutoff=EIGHT), WD(3), False),
        (ProcessingTime.same_day(cutoff=EIGHT), SAME, False),
        (SAME, ProcessingTime.same_day(cutoff=None), False),
        (CD(5, cutoff=EIGHT), CD(5), False),
        # A cutoff no earlier than the law's, or none, is fine.
        (WD(3), WD(3, cutoff=SAME_DAY_CUTOFF), True),
        (WD(3, cutoff=time(16, 0)), WD(3, cutoff=SAME_DAY_CUTOFF), True),
        (WD(3, cutoff=SAME_DAY_CUTOFF), WD(3, cutoff=SAME_DAY_CUTOFF), True),
        # Same day is due at the latest on the next working day, as any limit in days.
        (ProcessingTime.same_day(cutoff=EIGHT), WD(1), True),
        (ProcessingTime.same_day(cutoff=EIGHT), CD(1), True),
    ],
    ids=str,
)
def test_at_most_never_accepts_an_earlier_cutoff(
    shorter: ProcessingTime, longer: ProcessingTime, expected: bool
) -> None:
    assert at_most(shorter, longer) is expected


def test_at_most_converts_working_days_at_the_given_hours_per_day() -> None:
    assert at_most(WH(15), WD(2)) is True
    assert at_most(WH(16), WD(2)) is False
    assert at_most(WH(16), WD(2), hours_per_day=8) is True
    assert at_most(WH(16), WD(2), hours_per_day=7) is False
    assert at_most(WH(15), WD(2), hours_per_day=7.5) is True


def test_the_default_day_is_the_default_office_hours_not_8_hours() -> None:
    assert STANDARD_DAY_HOURS == 7.5
    with pytest.raises(TimingError, match="hours_per_day must be more than 0"):
        at_most(WH(1), WD(1), hours_per_day=0)


@given(processing_times())
def test_at_most_is_reflexive(time_limit: ProcessingTime) -> None:
    assert at_most(time_limit, time_limit) is True


@given(st.integers(1, 999))
def test_n_working_days_cover_n_days_of_the_shortest_day(days: int) -> None:
    assert at_most(WH(8 * days), WD(days), hours_per_day=8) is True
    assert at_most(WH(8 * days + 1), WD(days), hours_per_day=8) is False
    assert at_most(WH(int(7.5 * days)), WD(days)) is True
    assert at_most(WH(int(7.5 * days) + 1), WD(days)) is False


@given(processing_times(), processing_times())
def test_of_two_limits_with_the_same_cutoff_one_is_at_most_the_other(
    a: ProcessingTime, b: ProcessingTime
) -> None:
    b = ProcessingTime(b.amount, b.unit, a.cutoff)
    if at_most(a, b) is False:
        assert at_most(b, a) in (True, None)
    if {a.unit, b.unit} <= {TimeUnit.WORKING_DAYS, TimeUnit.SAME_DAY} or a.unit is b.unit:
        assert True in (at_most(a, b), at_most(b, a))


@given(st.data())
def test_the_shorter_times_strategy_stays_within_the_law(data: st.DataObject) -> None:
    statutory = data.draw(processing_times())
    assert at_most(data.draw(shorter_times(statutory)), statutory) is True


# ---------------------------------------------------------------------------- deadline_time


def test_without_commitment_deadlines_use_the_statutory_time() -> None:
    procedure = guardianship()
    assert procedure.deadline_time == WD(3)
    assert procedure.time_source is TimeSource.STATUTORY


def test_a_commitment_is_the_time_deadlines_use() -> None:
    procedure = guardianship(committed_time=WD(2), committed_by="UBND phường An Khê")
    assert procedure.processing_time == WD(3)
    assert procedure.deadline_time == WD(2)
    assert procedure.time_source is TimeSource.COMMITTED


def test_a_procedure_without_time_has_no_deadline_time() -> None:
    procedure = guardianship(processing_time=None)
    assert procedure.deadline_time is None
    assert procedure.time_source is TimeSource.STATUTORY
    assert procedure.time_for(Channel.ONLINE) is None


def test_time_for_uses_the_statutory_time_over_a_channels_cell() -> None:
    # The legal text wins over a record's cell (a portal row may be stale or mistyped).
    procedure = guardianship(
        channels=(
            ChannelOffer(Channel.IN_PERSON, WD(3), "03 ngày làm việc", Fee(0, "Miễn phí")),
            ChannelOffer(Channel.ONLINE, WD(2), "02 ngày làm việc"),
        )
    )
    assert {procedure.time_for(channel) for channel in Channel} == {WD(3)}
    assert procedure.channel_set == {Channel.IN_PERSON, Channel.ONLINE}


def test_time_for_falls_back_on_the_channels_first_row_with_a_time() -> None:
    procedure = guardianship(
        processing_time=None,
        channels=(
            ChannelOffer(Channel.IN_PERSON, WD(3), "3 Ngày làm việc"),
            ChannelOffer(Channel.ONLINE, None, "Không có thông tin"),
            ChannelOffer(Channel.ONLINE, WD(2), "2 Ngày làm việc"),
            ChannelOffer(Channel.ONLINE, WD(5), "5 Ngày làm việc"),
        ),
    )
    assert procedure.deadline_time is None
    assert procedure.time_for(Channel.IN_PERSON) == WD(3)
    assert procedure.time_for(Channel.ONLINE) == WD(2)
    assert procedure.time_for(Channel.POSTAL) is None


def test_time_for_uses_the_commitment_on_every_channel() -> None:
    procedure = guardianship(
        channels=(ChannelOffer(Channel.IN_PERSON, WD(3)), ChannelOffer(Channel.ONLINE, WD(3))),
        committed_time=WH(12),
    )
    assert {procedure.time_for(channel) for channel in Channel} == {WH(12)}


@given(procedures())
@settings(max_examples=100)
def test_deadline_time_follows_time_source(procedure: Procedure) -> None:
    if procedure.time_source is TimeSource.COMMITTED:
        assert procedure.committed_time is not None
        assert procedure.deadline_time == procedure.committed_time
    else:
        assert procedure.committed_time is None
        assert procedure.deadline_time == procedure.processing_time
    for channel in Channel:
        chosen = procedure.time_for(channel)
        if procedure.deadline_time is not None:
            assert chosen == procedure.deadline_time
            continue
        rows = [o.processing_time for o in procedure.channels if o.channel is channel]
        assert chosen == next((t for t in rows if t is not None), None)


def test_channel_codes_are_the_national_ones() -> None:
    assert [c.national_code for c in Channel] == [1, 3, 2]
    assert Channel.ONLINE.label_vi == "Trực tuyến"
    assert {unit.value for unit in TimeUnit} >= {"working_days", "calendar_days"}


def test_fold_reads_the_legacy_icelandic_eth_as_d() -> None:
    assert fold("Ðăng ký ðất") == "dang ky dat"
