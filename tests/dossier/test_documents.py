"""The one-stop documents rendered from a dossier: forms 01–05 of Circular 01/2018/TT-VPCP and
Circular 03/2025/TT-VPCP (law.md §1.1–1.4), their labels, dates and numbers, and the documents
a dossier has no event for."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from onestop.calendar import VIETNAM_TZ, WorkCalendar
from onestop.dossier import DECREE_61, DECREE_118, Applicant, Dossier, FormKind
from onestop.dossier._documents import SMS_LIMIT, Office, render, render_sms
from onestop.errors import DossierError
from onestop.procedures import Channel, Procedure, default_catalog

CALENDAR = WorkCalendar.vietnam()
OFFICE = Office(
    "Bộ phận Một cửa UBND phường An Khê", address="1 Hà Huy Tập, Đà Nẵng", phone="0236 3 123 456"
)
APPLICANT = Applicant(
    name="Nguyễn Văn An",
    id_number="048090000123",
    phone="0905123456",
    address="12 Lê Duẩn, phường An Khê, Đà Nẵng",
    email="an.nguyen@example.vn",
)
#: What must never appear in an error: every field of the applicant (the e-mail's local part
#: too).
PERSONAL = ("Nguyễn Văn An", "048090000123", "0905123456", "12 Lê Duẩn", "an.nguyen")


def _recognition() -> Procedure:
    """Recognition of parent/child (1.001022): 03 working days (law.md §2 [V])."""
    # Taken as in force in 2026; a 2024 dossier reuses it (the dossier does not check the
    # procedure's validity dates, and the rule set follows the receipt date).
    return default_catalog().get("1.001022", on=date(2026, 3, 2))


PROCEDURE = _recognition()


def _at(year: int, day: int, hour: int, minute: int = 0) -> datetime:
    """A moment in March of ``year`` (2024-03-04 and 2026-03-02 are Mondays)."""
    return datetime(year, 3, day, hour, minute, tzinfo=VIETNAM_TZ)


def _monday(year: int) -> int:
    return {2024: 4, 2026: 2}[year]


def _filed(year: int, *, channel: Channel = Channel.IN_PERSON) -> Dossier:
    monday = _monday(year)
    return Dossier.file(
        id=f"HS-{year}-0007",
        procedure=PROCEDURE,
        at=_at(year, monday, 9),
        calendar=CALENDAR,
        channel=channel,
        applicant=APPLICANT,
    )


def _received(year: int, *, channel: Channel = Channel.IN_PERSON) -> Dossier:
    monday = _monday(year)
    return _filed(year, channel=channel).receive(
        at=_at(year, monday, 9, 5), receipt_number="000123"
    )


def _extended(year: int) -> Dossier:
    monday = _monday(year)
    return (
        _received(year)
        .start_processing(at=_at(year, monday, 10))
        .extend(
            at=_at(year, monday + 2, 10),
            reason="Cần xác minh thêm tại nơi cư trú",
            new_due=_at(year, monday + 8, 17),
        )
    )


def _stopped(year: int) -> Dossier:
    monday = _monday(year)
    return (
        _received(year)
        .start_processing(at=_at(year, monday, 10))
        .stop(at=_at(year, monday + 1, 15, 30), reason="Người yêu cầu không đủ điều kiện")
    )


def _lines(text: str) -> list[str]:
    return text.splitlines()


# ---------------------------------------------------------------- form 01


def test_the_receipt_slip_of_a_2024_dossier_is_form_01_of_circular_01_2018() -> None:
    dossier = _received(2024)
    assert dossier.rules is DECREE_61
    lines = _lines(render(dossier, FormKind.RECEIPT, office=OFFICE))
    assert lines[:8] == [
        "Bộ phận Một cửa UBND phường An Khê",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "Ngày 04 tháng 03 năm 2024",
        "",
        "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ",
        "(Mẫu số 01, Thông tư 01/2018/TT-VPCP)",
        "Mã hồ sơ: HS-2024-0007",
    ]
    assert "Bộ phận Một cửa UBND phường An Khê tiếp nhận hồ sơ của: Nguyễn Văn An" in lines
    # The slip is addressed to the citizen: their data is printed in full.
    assert "Địa chỉ: 12 Lê Duẩn, phường An Khê, Đà Nẵng" in lines
    assert "Số điện thoại: 0905123456" in lines
    assert "Email: an.nguyen@example.vn" in lines
    assert (
        "Nội dung yêu cầu giải quyết: Thủ tục đăng ký nhận cha, mẹ, con (mã thủ tục 1.001022)"
        in lines
    )
    assert "1. Thành phần hồ sơ nộp gồm:" in lines
    assert any(line.startswith("   (1) ") and "(01 bản chính)" in line for line in lines)
    # Papers only shown at the desk (identity papers) are not in the list of papers handed in.
    assert not any("Hộ chiếu/Thẻ căn cước" in line for line in lines)
    assert "2. Số lượng hồ sơ: 01 (bộ)" in lines
    assert "3. Thời gian giải quyết hồ sơ theo quy định là: 03 ngày làm việc" in lines
    assert "4. Thời gian nhận hồ sơ: 09 giờ 05 phút, ngày 04 tháng 03 năm 2024" in lines
    assert (
        "5. Thời gian trả kết quả giải quyết hồ sơ: 17 giờ 00 phút, ngày 07 tháng 03 năm 2024"
        in lines
    )
    assert (
        "6. Đăng ký nhận kết quả tại: Bộ phận Một cửa UBND phường An Khê, 1 Hà Huy Tập, Đà Nẵng"
        in lines
    )
    assert "Vào Sổ theo dõi hồ sơ, Quyển số: ……………, Số thứ tự: 000123" in lines
    assert "NGƯỜI NỘP HỒ SƠ" in lines
    assert "NGƯỜI TIẾP NHẬN HỒ SƠ" in lines
    assert lines[-1] == (
        "Liên hệ Bộ phận Một cửa UBND phường An Khê: 1 Hà Huy Tập, Đà Nẵng; "
        "điện thoại 0236 3 123 456"
    )


def test_the_receipt_slip_of_a_2026_dossier_cites_circular_03_2025() -> None:
    dossier = _received(2026)
    assert dossier.rules is DECREE_118
    lines = _lines(render(dossier, FormKind.RECEIPT))
    # Without an office, the desk's name under the rule set: Decree 118's "Bộ phận Một cửa".
    assert lines[0] == "Bộ phận Một cửa"
    assert "(Mẫu số 01, Thông tư 03/2025/TT-VPCP)" in lines
    assert "4. Thời gian nhận hồ sơ: 09 giờ 05 phút, ngày 02 tháng 03 năm 2026" in lines
    assert (
        "5. Thời gian trả kết quả giải quyết hồ sơ: 17 giờ 00 phút, ngày 05 tháng 03 năm 2026"
        in lines
    )


def test_a_2024_slip_without_an_office_names_the_decree_61_desk() -> None:
    assert render(_received(2024), FormKind.RECEIPT).startswith(
        "Bộ phận Tiếp nhận và Trả kết quả\n"
    )


def test_a_postal_dossier_registers_the_result_by_post() -> None:
    lines = _lines(render(_received(2026, channel=Channel.POSTAL), FormKind.RECEIPT))
    assert any(
        line.startswith("6. Đăng ký nhận kết quả tại:") and "bưu chính" in line for line in lines
    )


def test_fields_the_dossier_does_not_record_are_left_blank_for_the_desk() -> None:
    monday = _at(2026, 2, 9)
    dossier = Dossier.file(
        id="HS-2026-0008", procedure=PROCEDURE, at=monday, calendar=CALENDAR
    ).receive(at=monday)
    lines = _lines(render(dossier, FormKind.RECEIPT))
    assert "Bộ phận Một cửa tiếp nhận hồ sơ của: ……………" in lines
    assert "Số điện thoại: ……………" in lines
    assert "Vào Sổ theo dõi hồ sơ, Quyển số: ……………, Số thứ tự: ……………" in lines


def test_now_dates_the_document_in_vietnam_time() -> None:
    # 2024-03-05 18:30 UTC is 01:30 on the 6th in Vietnam.
    now = datetime(2024, 3, 5, 18, 30, tzinfo=UTC)
    lines = _lines(render(_received(2024), FormKind.RECEIPT, now=now))
    assert lines[3] == "Ngày 06 tháng 03 năm 2024"


# ---------------------------------------------------------------- form 02


def test_the_supplement_request_lists_the_missing_papers_and_the_reason() -> None:
    dossier = (
        _received(2026)
        .start_processing(at=_at(2026, 2, 10))
        .request_supplement(
            at=_at(2026, 3, 14, 20),
            missing=["Giấy chứng sinh (bản sao)", "Văn bản cam đoan có hai người làm chứng"],
            reason="Chưa có giấy tờ chứng minh quan hệ mẹ con",
        )
    )
    lines = _lines(render(dossier, FormKind.SUPPLEMENT_REQUEST, office=OFFICE))
    assert "PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ" in lines
    assert "(Mẫu số 02, Thông tư 03/2025/TT-VPCP)" in lines
    assert lines[3] == "Ngày 03 tháng 03 năm 2026"
    assert "Bộ phận Một cửa UBND phường An Khê tiếp nhận hồ sơ của: Nguyễn Văn An" in lines
    assert "Thời gian nhận hồ sơ: 09 giờ 05 phút, ngày 02 tháng 03 năm 2026" in lines
    start = lines.index("Yêu cầu hoàn thiện hồ sơ gồm những nội dung sau:")
    assert lines[start + 1 : start + 3] == [
        "   (1) Giấy chứng sinh (bản sao)",
        "   (2) Văn bản cam đoan có hai người làm chứng",
    ]
    assert "Lý do: Chưa có giấy tờ chứng minh quan hệ mẹ con" in lines
    assert "NGƯỜI HƯỚNG DẪN" in lines


def test_a_completion_request_before_receipt_is_form_02_too() -> None:
    dossier = _filed(2024).request_completion(
        at=_at(2024, 4, 9, 10), missing=["Tờ khai đăng ký nhận cha, mẹ, con"]
    )
    lines = _lines(render(dossier, FormKind.SUPPLEMENT_REQUEST))
    assert "(Mẫu số 02, Thông tư 01/2018/TT-VPCP)" in lines
    assert "   (1) Tờ khai đăng ký nhận cha, mẹ, con" in lines
    assert "Lý do: ……………" in lines
    # Not received: no receipt moment to state.
    assert not any(line.startswith("Thời gian nhận hồ sơ") for line in lines)


def test_the_supplement_request_states_the_last_request() -> None:
    dossier = (
        _filed(2024)
        .request_completion(at=_at(2024, 4, 9, 10), missing=["Tờ khai"])
        .complete(at=_at(2024, 4, 10))
        .receive(at=_at(2024, 4, 10, 5))
        .start_processing(at=_at(2024, 4, 11))
        .request_supplement(at=_at(2024, 5, 9), missing=["Giấy chứng sinh"])
    )
    text = render(dossier, FormKind.SUPPLEMENT_REQUEST)
    assert "   (1) Giấy chứng sinh" in _lines(text)
    assert "Tờ khai" not in text


# ---------------------------------------------------------------- form 03


def test_the_refusal_states_the_reason() -> None:
    dossier = _filed(2024).refuse_at_desk(
        at=_at(2024, 4, 9, 20), reason="Không thuộc thẩm quyền giải quyết của UBND phường"
    )
    lines = _lines(render(dossier, FormKind.REFUSAL, office=OFFICE))
    assert "PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ" in lines
    assert "(Mẫu số 03, Thông tư 01/2018/TT-VPCP)" in lines
    assert lines[3] == "Ngày 04 tháng 03 năm 2024"
    assert "Địa chỉ: 12 Lê Duẩn, phường An Khê, Đà Nẵng" in lines
    assert (
        "Lý do không tiếp nhận, giải quyết hồ sơ: Không thuộc thẩm quyền giải quyết của UBND phường"
    ) in lines


# ---------------------------------------------------------------- form 04


def test_the_2024_apology_is_form_04_of_circular_01_2018() -> None:
    dossier = _extended(2024)
    lines = _lines(render(dossier, FormKind.APOLOGY, office=OFFICE))
    assert "PHIẾU XIN LỖI VÀ HẸN LẠI NGÀY TRẢ KẾT QUẢ" in lines
    assert "(Mẫu số 04, Thông tư 01/2018/TT-VPCP)" in lines
    assert lines[3] == "Ngày 06 tháng 03 năm 2024"
    assert "Kính gửi: Nguyễn Văn An" in lines
    assert "Thời gian nhận hồ sơ: 09 giờ 05 phút, ngày 04 tháng 03 năm 2024" in lines
    assert (
        "Thời gian hẹn trả kết quả giải quyết hồ sơ: 17 giờ 00 phút, ngày 07 tháng 03 năm 2024"
        in lines
    )
    assert "Lý do: Cần xác minh thêm tại nơi cư trú" in lines
    assert "Thời gian hẹn trả kết quả lại: 17 giờ 00 phút, ngày 12 tháng 03 năm 2024" in lines


def test_the_2026_apology_is_form_04_of_circular_03_2025() -> None:
    lines = _lines(render(_extended(2026), FormKind.APOLOGY))
    assert "VĂN BẢN XIN LỖI VÀ ĐỀ NGHỊ GIA HẠN THỜI GIAN GIẢI QUYẾT" in lines
    assert "(Mẫu số 04, Thông tư 03/2025/TT-VPCP)" in lines
    assert "Lý do quá hạn: Cần xác minh thêm tại nơi cư trú" in lines
    assert (
        "Thời gian đề nghị gia hạn trả kết quả đến: 17 giờ 00 phút, ngày 10 tháng 03 năm 2026"
        in lines
    )


def test_the_apology_replaces_the_appointment_moved_by_the_supplement_pause() -> None:
    # Paused Tue 09:00 → Wed 09:00 (one working day): the Thursday appointment moves to Friday.
    dossier = (
        _received(2026)
        .start_processing(at=_at(2026, 2, 10))
        .request_supplement(at=_at(2026, 3, 9), missing=["Giấy chứng sinh"])
        .receive_supplement(at=_at(2026, 4, 9))
        .extend(at=_at(2026, 5, 10), reason="Cần xác minh", new_due=_at(2026, 10, 17))
    )
    lines = _lines(render(dossier, FormKind.APOLOGY))
    assert (
        "Thời gian hẹn trả kết quả giải quyết hồ sơ: 17 giờ 00 phút, ngày 06 tháng 03 năm 2026"
        in lines
    )


# ---------------------------------------------------------------- form 05


def test_the_stop_notice_is_form_05_of_circular_03_2025() -> None:
    lines = _lines(render(_stopped(2026), FormKind.STOP_NOTICE, office=OFFICE))
    assert "THÔNG BÁO DỪNG GIẢI QUYẾT HỒ SƠ" in lines
    assert "(Mẫu số 05, Thông tư 03/2025/TT-VPCP)" in lines
    assert lines[3] == "Ngày 03 tháng 03 năm 2026"
    assert "Kính gửi: Nguyễn Văn An" in lines
    assert "Thời gian dừng giải quyết hồ sơ: 15 giờ 30 phút, ngày 03 tháng 03 năm 2026" in lines
    assert "Lý do dừng giải quyết hồ sơ: Người yêu cầu không đủ điều kiện" in lines


def test_a_decree_61_dossier_has_no_stop_notice() -> None:
    with pytest.raises(DossierError, match=r"Decree 61/2018/NĐ-CP.*no stop_notice form") as caught:
        render(_stopped(2024), FormKind.STOP_NOTICE)
    assert "Decree 118/2025/NĐ-CP (form 05" in str(caught.value)


# ---------------------------------------------------------------- refusals


def _fails(dossier: Dossier, kind: FormKind, match: str) -> DossierError:
    with pytest.raises(DossierError, match=match) as caught:
        render(dossier, kind)
    with pytest.raises(DossierError, match=match):
        render_sms(dossier, kind)
    return caught.value


REFUSED: list[tuple[Callable[[], Dossier], FormKind, str]] = [
    (lambda: _filed(2024), FormKind.RECEIPT, r"no receive event.*Dossier\.receive"),
    (lambda: _received(2024), FormKind.APOLOGY, r"no extend event.*Dossier\.extend"),
    (lambda: _received(2026), FormKind.REFUSAL, r"no refuse_at_desk event"),
    (
        lambda: _received(2026),
        FormKind.SUPPLEMENT_REQUEST,
        r"no request_supplement or request_completion event",
    ),
    (lambda: _received(2026), FormKind.STOP_NOTICE, r"no stop event.*Dossier\.stop"),
    (lambda: _received(2024), FormKind.TRACKING_SHEET, r"internal record"),
    (lambda: _received(2026), FormKind.REGISTER, r"internal record"),
    (lambda: _stopped(2024), FormKind.STOP_NOTICE, r"no stop_notice form"),
]


@pytest.mark.parametrize(("build", "kind", "match"), REFUSED)
def test_a_document_without_its_event_is_refused_without_personal_data(
    build: Callable[[], Dossier], kind: FormKind, match: str
) -> None:
    error = _fails(build(), kind, match)
    for value in PERSONAL:
        assert value not in str(error)


def test_a_document_dated_before_its_event_is_refused() -> None:
    dossier = _extended(2024)
    with pytest.raises(DossierError, match="cannot be dated") as caught:
        render(dossier, FormKind.APOLOGY, now=_at(2024, 5, 9))
    for value in PERSONAL:
        assert value not in str(caught.value)


def test_a_naive_date_is_refused() -> None:
    with pytest.raises(DossierError, match="time zone"):
        render(_received(2024), FormKind.RECEIPT, now=datetime(2024, 3, 5, 9))


def test_an_office_needs_a_name() -> None:
    with pytest.raises(DossierError, match=r"Office\.name is required"):
        Office("  ")
    with pytest.raises(DossierError, match=r"Office\.phone"):
        Office("Bộ phận Một cửa", phone="")


# ---------------------------------------------------------------- SMS


def test_the_receipt_sms_gives_the_appointment_without_personal_data() -> None:
    text = render_sms(_received(2024), FormKind.RECEIPT)
    assert text == (
        "Hồ sơ HS-2024-0007 (Thủ tục đăng ký nhận cha, mẹ, con) đã được tiếp nhận lúc "
        "09:05 04/03/2024. Hẹn trả kết quả: 17:00 07/03/2024."
    )
    for value in PERSONAL:
        assert value not in text


def test_the_apology_sms_gives_the_new_date_and_the_reason() -> None:
    assert render_sms(_extended(2026), FormKind.APOLOGY) == (
        "Xin lỗi: hồ sơ HS-2026-0007 chưa có kết quả đúng hẹn. Hẹn lại: 17:00 10/03/2026. "
        "Lý do: Cần xác minh thêm tại nơi cư trú"
    )


def test_the_stop_sms_is_for_decree_118_dossiers() -> None:
    assert render_sms(_stopped(2026), FormKind.STOP_NOTICE) == (
        "Hồ sơ HS-2026-0007 đã dừng giải quyết. Lý do: Người yêu cầu không đủ điều kiện"
    )


_reasons = st.text(
    alphabet=st.characters(codec="utf-8", categories=("L", "N", "Zs", "P")), min_size=1
).filter(lambda text: bool(text.strip()))


@given(reason=_reasons, missing=st.lists(_reasons, min_size=1, max_size=6))
def test_every_sms_fits(reason: str, missing: list[str]) -> None:
    monday = _monday(2026)
    long_name = attrs.evolve(PROCEDURE, name_vi=PROCEDURE.name_vi + " " + reason * 3)
    received = attrs.evolve(_received(2026), procedure=long_name)
    in_progress = received.start_processing(at=_at(2026, monday, 10))
    dossiers = {
        FormKind.RECEIPT: received,
        FormKind.SUPPLEMENT_REQUEST: in_progress.request_supplement(
            at=_at(2026, monday, 11), missing=missing
        ),
        FormKind.REFUSAL: _filed(2026).refuse_at_desk(at=_at(2026, monday, 10), reason=reason),
        FormKind.APOLOGY: in_progress.extend(
            at=_at(2026, monday + 1, 10), reason=reason, new_due=_at(2026, monday + 8, 17)
        ),
        FormKind.STOP_NOTICE: in_progress.stop(at=_at(2026, monday, 11), reason=reason),
    }
    for kind, dossier in dossiers.items():
        text = render_sms(dossier, kind)
        assert len(text) <= SMS_LIMIT
        assert dossier.id in text
