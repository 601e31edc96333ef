"""Documents: the one-stop forms a dossier gives rise to, rendered as plain Vietnamese text.

The receipt-and-appointment slip (form 01), the supplement request (02), the refusal (03), the
apology (04) and, under Decree 118/2025/NĐ-CP, the stop notice (05) are rendered from the
dossier's events, for a portal to print or to send by SMS/Zalo. onestop renders text; it sends
nothing. The form's number and title come from the dossier's rule set (:meth:`LifecycleRules.form
<onestop.dossier.LifecycleRules.form>`), so a 2024 dossier gets the forms of Circular
01/2018/TT-VPCP and a 2026 one those of Circular 03/2025/TT-VPCP.

The document is addressed to the citizen, so it prints the applicant's name, address, phone
and e-mail in full; errors never do (they name the dossier id, the form and what to do).

References:
    Circular 01/2018/TT-VPCP (23/11/2018), annex forms 01–04 (law.md §1.4 [S]).
    Circular 03/2025/TT-VPCP (15/09/2025), Phụ lục I forms 01–05: form titles confirmed [S] by
    a legal-forms site listing the annex (thuviennhadat.vn, "Tải file word biểu mẫu Thông tư
    03/2025/TT-VPCP").
    Decree 61/2018/NĐ-CP as amended and Decree 118/2025/NĐ-CP: the apology states the reason for
    the delay and the new date ("lý do quá hạn, thời gian đề nghị gia hạn", law.md §1.3 [S]).
"""

# Where the field labels come from. The circulars' annexes themselves were not read.
# - Form 01 labels ("Mã hồ sơ", "Tiếp nhận hồ sơ của", "Địa chỉ", "Số điện thoại", "Email",
#   "Nội dung yêu cầu giải quyết", "1. Thành phần hồ sơ nộp gồm", "2. Số lượng hồ sơ ... (bộ)",
#   "3. Thời gian giải quyết hồ sơ theo quy định là", "4. Thời gian nhận hồ sơ", "5. Thời gian
#   trả kết quả giải quyết hồ sơ", "6. Đăng ký nhận kết quả tại", "Vào Sổ theo dõi hồ sơ, Quyển
#   số ... Số thứ tự", the two signatures) and the "... giờ ... phút, ngày ... tháng ... năm"
#   moments: [S], identical in two independent provincial one-stop systems that print form 01
#   (a Phú Thọ OpenCPS front end and the Thanh Hóa public-service system, public code).
# - Form 02 ("Yêu cầu hoàn thiện hồ sơ gồm những nội dung sau", "Lý do", "Người hướng dẫn") and
#   form 03 (the reason for not receiving the dossier) labels: [S], the Thanh Hóa system, whose
#   form 02 cites "Mẫu số 02 ... Thông tư số 01/2018/TT-VPCP".
# - Form 04: "Kính gửi", "Lý do" and "Thời gian hẹn trả kết quả lại" follow a land-registry
#   branch's adaptation of the 2018 form [S, local]; the 2025 labels "Lý do quá hạn" and
#   "Thời gian đề nghị gia hạn" follow the decree's wording quoted in law.md §1.3 [S].
# - Form 05 (stop notice): no text of the form was found; "Kính gửi" and "Lý do dừng giải quyết
#   hồ sơ" are believed, not read [M].
# The sentences between the labels are onestop's own, not the forms' prose.

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from datetime import datetime

import attrs

from onestop.calendar import to_local
from onestop.dossier._dossier import Dossier
from onestop.dossier._events import (
    Applicant,
    CompletionRequested,
    Event,
    Extended,
    Received,
    RefusedAtDesk,
    Stopped,
    SupplementRequested,
)
from onestop.dossier._rules import RULE_SETS, Form, FormKind
from onestop.errors import CalendarError, DossierError
from onestop.procedures import Channel, Document, DocumentRole

__all__ = ["SMS_LIMIT", "Office", "render", "render_sms"]

#: The longest text :func:`render_sms` returns, in characters.
SMS_LIMIT = 160

#: A field the dossier does not record: left for the desk to fill in by hand.
_BLANK = "……………"


def _required(instance: object, attribute: attrs.Attribute[str], value: str) -> None:
    if not isinstance(value, str) or not value.strip():
        raise DossierError(f"Office.{attribute.name} is required, got {value!r}")


def _optional(instance: object, attribute: attrs.Attribute[str | None], value: str | None) -> None:
    if value is not None and (not isinstance(value, str) or not value.strip()):
        raise DossierError(
            f"Office.{attribute.name} must be None or a non-empty string, got {value!r}"
        )


@attrs.frozen
class Office:
    """The unit issuing the documents: its name as printed at the top, and optionally the
    address and phone number printed at the foot for the citizen to get in touch.

    Examples:
        >>> Office("Bộ phận Một cửa UBND phường An Khê", phone="0236 3 123 456").phone
        '0236 3 123 456'
    """

    name: str = attrs.field(validator=_required)
    address: str | None = attrs.field(default=None, kw_only=True, validator=_optional)
    phone: str | None = attrs.field(default=None, kw_only=True, validator=_optional)


#: The name of the desk when no office is given, by forms circular: Decree 61 calls it the
#: "Bộ phận Tiếp nhận và Trả kết quả", Decree 118 the "Bộ phận Một cửa".
_DEFAULT_DESK = {
    "01/2018/TT-VPCP": "Bộ phận Tiếp nhận và Trả kết quả",
    "03/2025/TT-VPCP": "Bộ phận Một cửa",
}

#: The apology's two labels (reason, new date) by forms circular; see the module comment.
_APOLOGY_LABELS = {
    "01/2018/TT-VPCP": ("Lý do", "Thời gian hẹn trả kết quả lại"),
    "03/2025/TT-VPCP": ("Lý do quá hạn", "Thời gian đề nghị gia hạn trả kết quả đến"),
}

#: The event each document records, and the command that records it.
_RECORDED: dict[FormKind, tuple[tuple[type[Event], ...], str]] = {
    FormKind.RECEIPT: ((Received,), "receive the dossier first (Dossier.receive)"),
    FormKind.SUPPLEMENT_REQUEST: (
        (SupplementRequested, CompletionRequested),
        "record the request first (Dossier.request_supplement, or Dossier.request_completion "
        "before receipt)",
    ),
    FormKind.REFUSAL: ((RefusedAtDesk,), "record the refusal first (Dossier.refuse_at_desk)"),
    FormKind.APOLOGY: (
        (Extended,),
        "an apology states the reason and the new date: record them first with "
        "Dossier.extend(reason=..., new_due=...)",
    ),
    FormKind.STOP_NOTICE: ((Stopped,), "record the stop first (Dossier.stop)"),
}


# ---------------------------------------------------------------- the public functions


def render(
    dossier: Dossier,
    kind: FormKind,
    *,
    office: Office | None = None,
    now: datetime | None = None,
) -> str:
    """The document ``kind`` of ``dossier`` as plain Vietnamese text, dated ``now`` (by default
    the moment of the event it records).

    Raises :class:`~onestop.errors.DossierError` when the dossier has no event for the
    document (an apology without an extension, a slip before receipt), when its rule set has
    no such form (the stop notice before Decree 118/2025/NĐ-CP), or for the internal forms
    (tracking sheet, register).

    Examples:
        >>> from datetime import datetime
        >>> from onestop.calendar import VIETNAM_TZ, WorkCalendar
        >>> from onestop.procedures import default_catalog
        >>> from onestop.dossier import Applicant, Dossier
        >>> monday = datetime(2026, 3, 2, 9, 5, tzinfo=VIETNAM_TZ)
        >>> procedure = default_catalog().get("1.001022", on=monday.date())
        >>> d = Dossier.file(id="HS-0042", procedure=procedure, at=monday,
        ...                  calendar=WorkCalendar.vietnam(),
        ...                  applicant=Applicant(name="Nguyễn Văn An")).receive(at=monday)
        >>> text = render(d, FormKind.RECEIPT, office=Office("Bộ phận Một cửa UBND phường An Khê"))
        >>> print("\\n".join(text.splitlines()[5:8]))
        GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ
        (Mẫu số 01, Thông tư 03/2025/TT-VPCP)
        Mã hồ sơ: HS-0042
        >>> print(next(line for line in text.splitlines() if line.startswith("5.")))
        5. Thời gian trả kết quả giải quyết hồ sơ: 17 giờ 00 phút, ngày 05 tháng 03 năm 2026
    """
    form = _form(dossier, kind)
    event = _recorded(dossier, form)
    issued = _issued(dossier, form, event, now)
    if office is None:
        office = Office(_DEFAULT_DESK.get(dossier.rules.forms_circular, "Bộ phận Một cửa"))
    lines = [
        office.name,
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        f"Ngày {issued:%d} tháng {issued:%m} năm {issued:%Y}",
        "",
        form.title.upper(),
        f"({form.cite(dossier.rules.forms_circular)})",
        f"Mã hồ sơ: {dossier.id}",
        "",
        *_BODIES[form.kind](dossier, form, event, office),
        "",
        *_SIGNATURES[form.kind],
    ]
    if office.address is not None or office.phone is not None:
        contact = "; ".join(
            part
            for part in (
                office.address,
                None if office.phone is None else f"điện thoại {office.phone}",
            )
            if part is not None
        )
        lines += ["", f"Liên hệ {office.name}: {contact}"]
    return "\n".join(lines) + "\n"


def render_sms(dossier: Dossier, kind: FormKind) -> str:
    """A short text of the document ``kind`` for SMS or Zalo: at most :data:`SMS_LIMIT`
    characters, diacritics kept, the applicant's personal data left out (the message goes to
    the phone number on file). Free text (a procedure name, a reason) is shortened with "…" to
    fit. Refuses what :func:`render` refuses.

    Examples:
        >>> from datetime import datetime
        >>> from onestop.calendar import VIETNAM_TZ, WorkCalendar
        >>> from onestop.procedures import default_catalog
        >>> from onestop.dossier import Dossier
        >>> monday = datetime(2026, 3, 2, 9, 5, tzinfo=VIETNAM_TZ)
        >>> procedure = default_catalog().get("1.001022", on=monday.date())
        >>> d = Dossier.file(id="HS-0042", procedure=procedure, at=monday,
        ...                  calendar=WorkCalendar.vietnam()).receive(at=monday)
        >>> render_sms(d, FormKind.RECEIPT)
        'Hồ sơ HS-0042 (Thủ tục đăng ký nhận cha, mẹ, con) đã được tiếp nhận lúc 09:05 02/03/2026. Hẹn trả kết quả: 17:00 05/03/2026.'
    """
    form = _form(dossier, kind)
    event = _recorded(dossier, form)
    prefix, free, suffix = _SMS[form.kind](dossier, event)
    room = SMS_LIMIT - len(prefix) - len(suffix)
    if len(free) > room:
        free = free[: max(room - 1, 0)].rstrip() + "…" if room > 0 else ""
    message = prefix + free + suffix
    return message if len(message) <= SMS_LIMIT else message[: SMS_LIMIT - 1] + "…"


# ---------------------------------------------------------------- what the document records


def _form(dossier: Dossier, kind: FormKind) -> Form:
    if kind not in _RECORDED:
        raise DossierError(
            f"the {kind.value} form is an internal record of the office, not a document for "
            "the citizen; render() covers " + ", ".join(k.value for k in _RECORDED)
        )
    rules = dossier.rules
    form = rules.form(kind)
    if form is None:
        others = [
            f"{other.name} (form {found.number}, {found.title!r})"
            for other in RULE_SETS
            if (found := other.form(kind)) is not None
        ]
        raise DossierError(
            f"dossier {dossier.id!r} is judged by {rules.name}, whose forms (Circular "
            f"{rules.forms_circular}) have no {kind.value} form; it exists only in "
            f"{', '.join(others) or 'no rule set'}: give the citizen the decision in the "
            "office's own document, or pass rules= if the dossier belongs to another rule set"
        )
    return form


def _recorded(dossier: Dossier, form: Form) -> Event:
    """The last event the document ``form`` records."""
    types, todo = _RECORDED[form.kind]
    for event in reversed(dossier.events):
        if isinstance(event, types):
            return event
    names = " or ".join(t.kind.value for t in types)
    raise DossierError(
        f"dossier {dossier.id!r} has no {names} event, so there is no "
        f"{form.title!r} (form {form.number}) to render; {todo}"
    )


def _issued(dossier: Dossier, form: Form, event: Event, now: datetime | None) -> datetime:
    if now is None:
        return event.at
    try:
        issued = to_local(now)
    except CalendarError as error:
        raise DossierError(f"the date of the document is not usable: {error}") from None
    if issued < event.at:
        raise DossierError(
            f"form {form.number} of dossier {dossier.id!r} cannot be dated "
            f"{issued.isoformat()}, before the {event.kind.value} it records at "
            f"{event.at.isoformat()}; pass a later now= or leave it out"
        )
    return issued


# ---------------------------------------------------------------- formatting


def _moment(value: datetime) -> str:
    """``"09 giờ 05 phút, ngày 04 tháng 03 năm 2024"``, in Vietnam time."""
    local = to_local(value)
    return f"{local:%H} giờ {local:%M} phút, ngày {local:%d} tháng {local:%m} năm {local:%Y}"


def _short(value: datetime) -> str:
    """``"09:05 04/03/2024"``, for SMS."""
    return f"{to_local(value):%H:%M %d/%m/%Y}"


def _or_blank(value: str | None) -> str:
    return _BLANK if value is None else value


def _applicant(applicant: Applicant | None, lead: str) -> list[str]:
    """The citizen's lines, in full: the document is addressed to them."""
    if applicant is None:
        applicant = Applicant(name=_BLANK)
    return [
        f"{lead}: {applicant.name}",
        f"Địa chỉ: {_or_blank(applicant.address)}",
        f"Số điện thoại: {_or_blank(applicant.phone)}",
        f"Email: {_or_blank(applicant.email)}",
    ]


def _request(dossier: Dossier) -> str:
    procedure = dossier.procedure
    return f"Nội dung yêu cầu giải quyết: {procedure.name_vi} (mã thủ tục {procedure.code})"


def _numbered(items: Iterable[str]) -> list[str]:
    return [f"   ({index}) {item}" for index, item in enumerate(items, 1)]


def _paper(document: Document) -> str:
    counts = [
        f"{count:02d} {what}"
        for count, what in ((document.originals, "bản chính"), (document.copies, "bản sao"))
        if count
    ]
    return f"{document.name.rstrip(' ;.')} ({', '.join(counts)})"


def _received_line(dossier: Dossier) -> list[str]:
    received = dossier.received_at
    return [] if received is None else [f"Thời gian nhận hồ sơ: {_moment(received)}"]


# ---------------------------------------------------------------- the bodies


def _receipt(dossier: Dossier, form: Form, event: Event, office: Office) -> list[str]:
    assert isinstance(event, Received)
    clock = dossier.clock
    assert clock is not None, "a received dossier has a clock"
    papers = [_paper(d) for d in dossier.procedure.documents if d.role is not DocumentRole.SHOW]
    time = "không quy định" if clock.processing_time is None else str(clock.processing_time)
    promise = (
        "không hẹn (thủ tục không quy định thời hạn giải quyết)"
        if clock.slip_promise is None
        else _moment(clock.slip_promise)
    )
    if dossier.channel is Channel.POSTAL:
        where = "địa chỉ của người nộp hồ sơ, qua dịch vụ bưu chính công ích"
    else:
        where = office.name if office.address is None else f"{office.name}, {office.address}"
    return [
        *_applicant(dossier.applicant, f"{office.name} tiếp nhận hồ sơ của"),
        _request(dossier),
        "1. Thành phần hồ sơ nộp gồm:",
        *(_numbered(papers) if papers else [f"   {_BLANK}"]),
        "2. Số lượng hồ sơ: 01 (bộ)",
        f"3. Thời gian giải quyết hồ sơ theo quy định là: {time}",
        f"4. Thời gian nhận hồ sơ: {_moment(event.at)}",
        f"5. Thời gian trả kết quả giải quyết hồ sơ: {promise}",
        f"6. Đăng ký nhận kết quả tại: {where}",
        f"Vào Sổ theo dõi hồ sơ, Quyển số: {_BLANK}, Số thứ tự: {_or_blank(event.receipt_number)}",
    ]


def _supplement(dossier: Dossier, form: Form, event: Event, office: Office) -> list[str]:
    assert isinstance(event, SupplementRequested | CompletionRequested)
    return [
        *_applicant(dossier.applicant, f"{office.name} tiếp nhận hồ sơ của"),
        _request(dossier),
        *_received_line(dossier),
        "Yêu cầu hoàn thiện hồ sơ gồm những nội dung sau:",
        *_numbered(event.missing),
        f"Lý do: {_or_blank(event.reason)}",
        "Các giấy tờ trên được yêu cầu một lần, đầy đủ, bằng phiếu này.",
    ]


def _refusal(dossier: Dossier, form: Form, event: Event, office: Office) -> list[str]:
    assert isinstance(event, RefusedAtDesk)
    return [
        *_applicant(dossier.applicant, f"{office.name} tiếp nhận hồ sơ của"),
        _request(dossier),
        f"Lý do không tiếp nhận, giải quyết hồ sơ: {event.reason}",
    ]


def _apology(dossier: Dossier, form: Form, event: Event, office: Office) -> list[str]:
    assert isinstance(event, Extended)
    # The promise this letter replaces, as it stood just before it: the slip's appointment
    # moved by the pauses so far, or an earlier apology's new date.
    index = dossier.events.index(event)
    clock = attrs.evolve(dossier, events=dossier.events[:index]).clock
    assert clock is not None, "only a received dossier can be extended"
    before = clock.promised_at if clock.extensions else clock.appointment
    reason_label, new_label = _APOLOGY_LABELS.get(
        dossier.rules.forms_circular, _APOLOGY_LABELS["03/2025/TT-VPCP"]
    )
    return [
        *_applicant(dossier.applicant, "Kính gửi"),
        _request(dossier),
        *_received_line(dossier),
        "Thời gian hẹn trả kết quả giải quyết hồ sơ: "
        + (_BLANK if before is None else _moment(before)),
        f"{reason_label}: {event.reason}",
        f"{new_label}: {_moment(event.new_due)}",
        f"{office.name} xin lỗi vì hồ sơ chưa có kết quả đúng hẹn và mong được thông cảm.",
    ]


def _stop(dossier: Dossier, form: Form, event: Event, office: Office) -> list[str]:
    assert isinstance(event, Stopped)
    return [
        *_applicant(dossier.applicant, "Kính gửi"),
        _request(dossier),
        *_received_line(dossier),
        f"Thời gian dừng giải quyết hồ sơ: {_moment(event.at)}",
        f"Lý do dừng giải quyết hồ sơ: {event.reason}",
    ]


_Body = Callable[[Dossier, Form, Event, Office], list[str]]
_BODIES: dict[FormKind, _Body] = {
    FormKind.RECEIPT: _receipt,
    FormKind.SUPPLEMENT_REQUEST: _supplement,
    FormKind.REFUSAL: _refusal,
    FormKind.APOLOGY: _apology,
    FormKind.STOP_NOTICE: _stop,
}

_SIGN = "(Ký và ghi rõ họ tên)"
_TWO_SIGNATURES = ("NGƯỜI NỘP HỒ SƠ", _SIGN, "", "NGƯỜI TIẾP NHẬN HỒ SƠ", _SIGN)
_HEAD_SIGNATURE = ("THỦ TRƯỞNG CƠ QUAN, ĐƠN VỊ", "(Ký, ghi rõ họ tên và đóng dấu)")
_SIGNATURES: dict[FormKind, Sequence[str]] = {
    FormKind.RECEIPT: _TWO_SIGNATURES,
    FormKind.SUPPLEMENT_REQUEST: ("NGƯỜI HƯỚNG DẪN", _SIGN),
    FormKind.REFUSAL: _TWO_SIGNATURES,
    FormKind.APOLOGY: _HEAD_SIGNATURE,
    FormKind.STOP_NOTICE: _HEAD_SIGNATURE,
}


# ---------------------------------------------------------------- the SMS texts

# Each gives (prefix, free text, suffix); only the free text is shortened to fit.


def _sms_receipt(dossier: Dossier, event: Event) -> tuple[str, str, str]:
    clock = dossier.clock
    assert clock is not None
    promise = (
        " Thủ tục không quy định thời hạn."
        if clock.slip_promise is None
        else f" Hẹn trả kết quả: {_short(clock.slip_promise)}."
    )
    return (
        f"Hồ sơ {dossier.id} (",
        dossier.procedure.name_vi,
        f") đã được tiếp nhận lúc {_short(event.at)}.{promise}",
    )


def _sms_supplement(dossier: Dossier, event: Event) -> tuple[str, str, str]:
    assert isinstance(event, SupplementRequested | CompletionRequested)
    return f"Hồ sơ {dossier.id} cần bổ sung: ", "; ".join(event.missing), "."


def _sms_refusal(dossier: Dossier, event: Event) -> tuple[str, str, str]:
    assert isinstance(event, RefusedAtDesk)
    return f"Hồ sơ {dossier.id} không được tiếp nhận. Lý do: ", event.reason, ""


def _sms_apology(dossier: Dossier, event: Event) -> tuple[str, str, str]:
    assert isinstance(event, Extended)
    return (
        f"Xin lỗi: hồ sơ {dossier.id} chưa có kết quả đúng hẹn. Hẹn lại: "
        f"{_short(event.new_due)}. Lý do: ",
        event.reason,
        "",
    )


def _sms_stop(dossier: Dossier, event: Event) -> tuple[str, str, str]:
    assert isinstance(event, Stopped)
    return f"Hồ sơ {dossier.id} đã dừng giải quyết. Lý do: ", event.reason, ""


_SMS: dict[FormKind, Callable[[Dossier, Event], tuple[str, str, str]]] = {
    FormKind.RECEIPT: _sms_receipt,
    FormKind.SUPPLEMENT_REQUEST: _sms_supplement,
    FormKind.REFUSAL: _sms_refusal,
    FormKind.APOLOGY: _sms_apology,
    FormKind.STOP_NOTICE: _sms_stop,
}
