"""``ProcessingTime``: the legal time limit of a procedure, its validation and its wording.

rules.md "Time": units are working days (most), calendar days, working hours and same day; a
same-day limit carries the 15:00 cutoff of Law 60/2014/QH13 art. 5(3) and Decree
23/2015/NĐ-CP art. 7 unless told otherwise, other limits carry none unless their procedure
states one (Decree 63/2024/NĐ-CP art. 7). ``parse`` reads the wording of real procedure
records (procedures_sample.md), and ``str()`` writes it back so that it parses again.
"""

from __future__ import annotations

import unicodedata
from datetime import UTC, time

import pytest
from hypothesis import given
from hypothesis import strategies as st

from onestop.errors import OnestopError, TimingError
from onestop.timing import SAME_DAY_CUTOFF, ProcessingTime, TimeUnit

# ---------------------------------------------------------------------------- strategies

#: Cutoffs are whole minutes of the local clock, any hour of the day.
cutoffs: st.SearchStrategy[time] = st.builds(time, st.integers(0, 23), st.integers(0, 59))


@st.composite
def processing_times(draw: st.DrawFn) -> ProcessingTime:
    """Any valid processing time: every unit, amounts from 1 to beyond two digits, and the
    cutoff absent, the unit's default, 15:00 on a non-same-day limit, or any minute."""
    unit = draw(st.sampled_from(TimeUnit))
    amount = 0 if unit is TimeUnit.SAME_DAY else draw(st.integers(1, 10_000))
    cutoff = draw(st.one_of(st.none(), st.just(SAME_DAY_CUTOFF), cutoffs))
    return ProcessingTime(amount, unit, cutoff)


# ---------------------------------------------------------------------------- constructors


def test_constructors_build_the_unit_and_the_default_cutoff() -> None:
    assert ProcessingTime.working_days(3) == ProcessingTime(3, TimeUnit.WORKING_DAYS, None)
    assert ProcessingTime.working_hours(4) == ProcessingTime(4, TimeUnit.WORKING_HOURS, None)
    assert ProcessingTime.calendar_days(30) == ProcessingTime(30, TimeUnit.CALENDAR_DAYS, None)
    assert ProcessingTime.same_day() == ProcessingTime(0, TimeUnit.SAME_DAY, time(15, 0))


def test_same_day_carries_the_15_00_cutoff_unless_told_otherwise() -> None:
    """Law 60/2014/QH13 art. 5(3) and Decree 23/2015/NĐ-CP art. 7: "sau 15 giờ"."""
    assert time(15, 0) == SAME_DAY_CUTOFF
    assert ProcessingTime.same_day().cutoff == time(15, 0)
    assert ProcessingTime.same_day().default_cutoff == time(15, 0)
    assert ProcessingTime.same_day(cutoff=None).cutoff is None
    assert ProcessingTime.same_day(cutoff=time(16, 30)).cutoff == time(16, 30)


def test_working_day_limits_carry_no_cutoff_unless_their_procedure_states_one() -> None:
    """rules.md: the cutoff belongs to the procedure (Decree 63/2024/NĐ-CP art. 7 states one
    for the linked birth-registration bundle)."""
    for pt in (
        ProcessingTime.working_days(3),
        ProcessingTime.working_hours(4),
        ProcessingTime.calendar_days(30),
    ):
        assert pt.cutoff is None
        assert pt.default_cutoff is None
    assert ProcessingTime.working_days(1, cutoff=time(15)).cutoff == time(15)
    assert ProcessingTime.working_hours(8, cutoff=time(15)).cutoff == time(15)
    assert ProcessingTime.calendar_days(5, cutoff=time(15)).cutoff == time(15)


def test_amount_and_unit_are_kept() -> None:
    pt = ProcessingTime.working_days(12)
    assert (pt.amount, pt.unit) == (12, TimeUnit.WORKING_DAYS)
    assert ProcessingTime.same_day().amount == 0


def test_equal_values_are_equal_and_hash_alike() -> None:
    a = ProcessingTime.working_days(3)
    b = ProcessingTime(3, TimeUnit.WORKING_DAYS)
    assert a == b
    assert hash(a) == hash(b)
    assert len({a, b, ProcessingTime.parse("03 ngày làm việc")}) == 1
    assert ProcessingTime.same_day() == ProcessingTime(0, TimeUnit.SAME_DAY, time(15))
    assert hash(ProcessingTime.same_day()) == hash(ProcessingTime(0, TimeUnit.SAME_DAY, time(15)))


@pytest.mark.parametrize(
    ("a", "b"),
    [
        (ProcessingTime.working_days(3), ProcessingTime.working_days(4)),
        (ProcessingTime.working_days(3), ProcessingTime.calendar_days(3)),
        (ProcessingTime.working_days(3), ProcessingTime.working_hours(3)),
        (ProcessingTime.working_days(3), ProcessingTime.working_days(3, cutoff=time(15))),
        (ProcessingTime.same_day(), ProcessingTime.same_day(cutoff=None)),
        (ProcessingTime.same_day(), ProcessingTime.same_day(cutoff=time(16))),
    ],
)
def test_different_values_are_different(a: ProcessingTime, b: ProcessingTime) -> None:
    assert a != b


def test_processing_times_are_immutable() -> None:
    pt = ProcessingTime.working_days(3)
    with pytest.raises(AttributeError):
        pt.amount = 4  # type: ignore[misc]


# ---------------------------------------------------------------------------- validation


@pytest.mark.parametrize("amount", [0, -1, -30])
@pytest.mark.parametrize(
    "unit", [TimeUnit.WORKING_DAYS, TimeUnit.WORKING_HOURS, TimeUnit.CALENDAR_DAYS]
)
def test_zero_or_negative_amounts_are_refused(amount: int, unit: TimeUnit) -> None:
    with pytest.raises(TimingError, match="impossible"):
        ProcessingTime(amount, unit)


def test_the_error_for_zero_days_points_to_same_day() -> None:
    with pytest.raises(TimingError, match=r"same_day\(\)"):
        ProcessingTime.working_days(0)


@pytest.mark.parametrize("amount", [True, False, 3.0, "3", None])
def test_non_int_amounts_are_refused(amount: object) -> None:
    with pytest.raises(TimingError, match="must be an int"):
        ProcessingTime(amount, TimeUnit.WORKING_DAYS)


def test_bool_amount_is_refused_by_the_constructors_too() -> None:
    with pytest.raises(TimingError, match="must be an int"):
        ProcessingTime.working_days(True)
    with pytest.raises(TimingError, match="must be an int"):
        ProcessingTime.calendar_days(False)


@pytest.mark.parametrize("amount", [1, 3, -1])
def test_same_day_with_an_amount_is_refused(amount: int) -> None:
    with pytest.raises(TimingError, match="same-day limit has amount 0"):
        ProcessingTime(amount, TimeUnit.SAME_DAY)


def test_unit_must_be_a_time_unit() -> None:
    with pytest.raises(TimingError, match="TimeUnit"):
        ProcessingTime(3, "working_days")  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "cutoff",
    [time(15, 0, 30), time(15, 0, 0, 1), time(14, 59, 59)],
)
def test_cutoff_with_seconds_is_refused(cutoff: time) -> None:
    with pytest.raises(TimingError, match="whole minute"):
        ProcessingTime.working_days(1, cutoff=cutoff)
    with pytest.raises(TimingError, match="whole minute"):
        ProcessingTime.same_day(cutoff=cutoff)


def test_cutoff_with_tzinfo_is_refused() -> None:
    with pytest.raises(TimingError, match="naive"):
        ProcessingTime.same_day(cutoff=time(15, tzinfo=UTC))
    with pytest.raises(TimingError, match="naive"):
        ProcessingTime.working_days(1, cutoff=time(8, tzinfo=UTC))


@pytest.mark.parametrize("cutoff", ["15:00", 15, 15.0])
def test_cutoff_must_be_a_time(cutoff: object) -> None:
    with pytest.raises(TimingError, match="cutoff"):
        ProcessingTime.working_days(1, cutoff=cutoff)  # type: ignore[arg-type]


def test_timing_errors_are_onestop_and_value_errors() -> None:
    with pytest.raises(OnestopError):
        ProcessingTime.working_days(0)
    with pytest.raises(ValueError, match="impossible"):
        ProcessingTime.working_days(0)


# ---------------------------------------------------------------------------- parse


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("03 ngày làm việc", ProcessingTime.working_days(3)),
        ("3 ngày làm việc", ProcessingTime.working_days(3)),
        ("15 ngày làm việc", ProcessingTime.working_days(15)),
        ("Trong ngày", ProcessingTime.same_day()),
        ("Ngay trong ngày", ProcessingTime.same_day()),
        ("Trong ngày làm việc", ProcessingTime.same_day()),
        ("04 giờ làm việc", ProcessingTime.working_hours(4)),
        ("30 ngày", ProcessingTime.calendar_days(30)),
        ("01 Ngày làm việc", ProcessingTime.working_days(1)),
        ("  01   Ngày  Làm   Việc ", ProcessingTime.working_days(1)),
        ("01\tngày\u00a0làm việc\n", ProcessingTime.working_days(1)),
        ("TRONG NGÀY", ProcessingTime.same_day()),
        ("  ngay   TRONG ngày  ", ProcessingTime.same_day()),
    ],
)
def test_parse_reads_the_wording_of_procedure_records(text: str, expected: ProcessingTime) -> None:
    assert ProcessingTime.parse(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("03 ngày làm việc", ProcessingTime.working_days(3)),
        ("Trong ngày", ProcessingTime.same_day()),
        ("Ngay trong ngày", ProcessingTime.same_day()),
        ("04 giờ làm việc", ProcessingTime.working_hours(4)),
        ("30 ngày", ProcessingTime.calendar_days(30)),
    ],
)
def test_parse_accepts_nfd_decomposed_vietnamese(text: str, expected: ProcessingTime) -> None:
    """Text pasted from Word or macOS file names often arrives decomposed (NFD)."""
    decomposed = unicodedata.normalize("NFD", text)
    assert decomposed != text  # the input really is decomposed
    assert ProcessingTime.parse(decomposed) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("3 working days", ProcessingTime.working_days(3)),
        ("1 working day", ProcessingTime.working_days(1)),
        ("same day", ProcessingTime.same_day()),
        ("Same Day", ProcessingTime.same_day()),
        ("4 working hours", ProcessingTime.working_hours(4)),
        ("1 working hour", ProcessingTime.working_hours(1)),
        ("30 calendar days", ProcessingTime.calendar_days(30)),
        ("1 calendar day", ProcessingTime.calendar_days(1)),
        ("30 days", ProcessingTime.calendar_days(30)),
        ("  7   Working   Days ", ProcessingTime.working_days(7)),
    ],
)
def test_parse_accepts_english_forms(text: str, expected: ProcessingTime) -> None:
    assert ProcessingTime.parse(text) == expected


def test_parse_gives_same_day_its_cutoff_and_other_units_none() -> None:
    assert ProcessingTime.parse("Trong ngày").cutoff == time(15, 0)
    assert ProcessingTime.parse("03 ngày làm việc").cutoff is None
    assert ProcessingTime.parse("04 giờ làm việc").cutoff is None
    assert ProcessingTime.parse("30 ngày").cutoff is None


def test_parse_reads_explicit_cutoffs() -> None:
    assert ProcessingTime.parse("Trong ngày, không có giờ chốt") == ProcessingTime.same_day(
        cutoff=None
    )
    assert ProcessingTime.parse(
        "01 ngày làm việc, sau 15:00 tính từ ngày làm việc tiếp theo"
    ) == ProcessingTime.working_days(1, cutoff=time(15))
    assert ProcessingTime.parse(
        "Trong ngày, sau 16:30 tính từ ngày làm việc tiếp theo"
    ) == ProcessingTime.same_day(cutoff=time(16, 30))


def test_parse_refuses_a_bare_number_with_the_specific_message() -> None:
    """A bare "1" in a record could mean a working day or a calendar day: the legal text
    says which, so onestop refuses to guess."""
    with pytest.raises(TimingError) as info:
        ProcessingTime.parse("1")
    assert str(info.value) == (
        "'1' has no unit; a bare number is not read as working days: write e.g. "
        "'01 ngày làm việc' or '01 ngày', as the legal text says"
    )


@pytest.mark.parametrize("text", ["3", "03", " 15 ", "7"])
def test_parse_names_the_bare_number_in_its_suggestion(text: str) -> None:
    amount = int(text)
    with pytest.raises(TimingError, match="has no unit") as info:
        ProcessingTime.parse(text)
    assert f"'{amount:02d} ngày làm việc'" in str(info.value)


@pytest.mark.parametrize(
    "text",
    [
        "Không có thông tin",
        "5 giờ",
        "",
        "   ",
        "ngày làm việc",
        "3 tuần",
        "ba ngày làm việc",
        "-3 ngày làm việc",
        "3,5 ngày làm việc",
        "03 ngày làm việc kể từ ngày nhận đủ hồ sơ",
    ],
)
def test_parse_refuses_unreadable_wordings(text: str) -> None:
    with pytest.raises(TimingError, match="cannot read the time limit") as info:
        ProcessingTime.parse(text)
    assert "accepted forms" in str(info.value)
    assert "\n" not in str(info.value)


@pytest.mark.parametrize("text", ["0 ngày làm việc", "00 giờ làm việc", "0 ngày"])
def test_parse_refuses_a_zero_amount(text: str) -> None:
    with pytest.raises(TimingError, match="impossible"):
        ProcessingTime.parse(text)


def test_parse_refuses_an_impossible_cutoff_hour() -> None:
    with pytest.raises(TimingError, match="impossible cutoff"):
        ProcessingTime.parse("Trong ngày, sau 25:00 tính từ ngày làm việc tiếp theo")


@pytest.mark.parametrize("value", [3, None, b"03 ngay lam viec", 3.0])
def test_parse_refuses_non_str(value: object) -> None:
    with pytest.raises(TimingError, match="expected the text of a time limit"):
        ProcessingTime.parse(value)  # type: ignore[arg-type]


@pytest.mark.parametrize("text", ["²", "³ ", "¹"])
def test_parse_refuses_non_decimal_digits_with_a_timing_error(text: str) -> None:
    """``str.isdigit`` is true for superscripts, which ``int`` cannot read: parse must still
    answer with its own error, not a bare ValueError."""
    with pytest.raises(TimingError):
        ProcessingTime.parse(text)


_PARSE_ALPHABET = "0123456789²¹ ngàylmviệcrtoơgiờ,:"


@given(st.one_of(st.text(alphabet=_PARSE_ALPHABET, max_size=12), st.text(max_size=30)))
def test_parse_either_reads_or_raises_a_timing_error(text: str) -> None:
    try:
        pt = ProcessingTime.parse(text)
    except TimingError:
        return
    assert isinstance(pt, ProcessingTime)
    assert ProcessingTime.parse(str(pt)) == pt


# ---------------------------------------------------------------------------- str()


@pytest.mark.parametrize(
    ("pt", "text"),
    [
        (ProcessingTime.working_days(3), "03 ngày làm việc"),
        (ProcessingTime.working_days(15), "15 ngày làm việc"),
        (ProcessingTime.working_days(120), "120 ngày làm việc"),
        (ProcessingTime.working_hours(4), "04 giờ làm việc"),
        (ProcessingTime.calendar_days(30), "30 ngày"),
        (ProcessingTime.same_day(), "Trong ngày"),
        (ProcessingTime.same_day(cutoff=None), "Trong ngày, không có giờ chốt"),
        (
            ProcessingTime.same_day(cutoff=time(16, 30)),
            "Trong ngày, sau 16:30 tính từ ngày làm việc tiếp theo",
        ),
        (
            ProcessingTime.working_days(1, cutoff=time(15)),
            "01 ngày làm việc, sau 15:00 tính từ ngày làm việc tiếp theo",
        ),
        (
            ProcessingTime.working_hours(8, cutoff=time(9, 5)),
            "08 giờ làm việc, sau 09:05 tính từ ngày làm việc tiếp theo",
        ),
    ],
)
def test_str_writes_the_wording_of_procedure_records(pt: ProcessingTime, text: str) -> None:
    assert str(pt) == text


# ---------------------------------------------------------------------------- round trip


@given(processing_times())
def test_parse_of_str_round_trips(pt: ProcessingTime) -> None:
    assert ProcessingTime.parse(str(pt)) == pt


@given(
    processing_times(),
    st.sampled_from(["upper", "nfd", "spaces", "title"]),
)
def test_parse_of_str_is_insensitive_to_case_spacing_and_normal_form(
    pt: ProcessingTime, variant: str
) -> None:
    text = str(pt)
    if variant == "upper":
        text = text.upper()
    elif variant == "title":
        text = text.title()
    elif variant == "nfd":
        text = unicodedata.normalize("NFD", text)
    else:
        text = "  " + text.replace(" ", "   ") + "\t"
    assert ProcessingTime.parse(text) == pt


@given(st.integers(1, 999))
def test_amounts_parse_with_and_without_leading_zeros(n: int) -> None:
    for text in (f"{n} ngày làm việc", f"{n:02d} ngày làm việc", f"{n:04d} ngày làm việc"):
        assert ProcessingTime.parse(text) == ProcessingTime.working_days(n)
    assert ProcessingTime.parse(f"{n} working days") == ProcessingTime.working_days(n)
    assert ProcessingTime.parse(f"{n:02d} giờ làm việc") == ProcessingTime.working_hours(n)
    assert ProcessingTime.parse(f"{n:02d} ngày") == ProcessingTime.calendar_days(n)
