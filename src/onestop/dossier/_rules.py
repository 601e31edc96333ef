"""The one-stop rule sets, effective-dated: a dossier is judged by the set in force when it
was received (rules.md, "Rule sets are effective-dated").

Where the sources are secondary or unverified (law.md tags [S] and [M]) the rule is a field
with the documented default, so a ward or a what-if can change it with ``attrs.evolve``.
"""

from __future__ import annotations

import enum
from datetime import date
from typing import Any

import attrs

from onestop.errors import DossierError
from onestop.procedures import LegalBasis
from onestop.timing import ReceiptRules

__all__ = [
    "DECREE_61",
    "DECREE_118",
    "RULE_SETS",
    "CountingStart",
    "Form",
    "FormKind",
    "Granularity",
    "LifecycleRules",
    "SupplementPolicy",
    "rules_for",
]


class SupplementPolicy(enum.Enum):
    """What a supplement request does to the legal clock (rules.md; practice.md §2.4)."""

    #: The clock stops while the dossier waits for the citizen and goes on where it stopped:
    #: the national portal subtracts that interval (Decision 766/QĐ-TTg indicator 2.1 [S]).
    PAUSE = "pause"
    #: The full time limit starts again when the papers arrive, as some systems read the
    #: decree ("theo Nghị định", practice.md §2.4).
    RESTART = "restart"


class Granularity(enum.Enum):
    """How finely the end of processing is compared with the appointment (rules.md)."""

    #: By calendar day, as production one-stop systems compare (practice.md §2.6).
    DAY = "day"
    #: By minute, as OpenCPS compares timestamps (practice.md §2.6).
    MINUTE = "minute"


class CountingStart(enum.Enum):
    """Which moment of an online or postal dossier starts the legal clock."""

    #: When the desk receives the dossier as complete and valid ("kể từ ngày nhận đủ hồ sơ
    #: hợp lệ", law.md §1.7 [S]; S1 computes the appointment at acceptance, practice.md §2.1).
    RECEIPT = "receipt"
    #: When the citizen filed it (the time the online system recorded).
    FILING = "filing"


class FormKind(enum.Enum):
    """The official forms of the one-stop process (law.md §1.4)."""

    RECEIPT = "receipt"
    SUPPLEMENT_REQUEST = "supplement_request"
    REFUSAL = "refusal"
    APOLOGY = "apology"
    STOP_NOTICE = "stop_notice"
    TRACKING_SHEET = "tracking_sheet"
    REGISTER = "register"


@attrs.frozen
class Form:
    """One official form: its kind, its number in its circular and its title."""

    kind: FormKind
    number: str
    title: str

    def cite(self, circular: str) -> str:
        """``"Mẫu số 01, Thông tư 01/2018/TT-VPCP"``."""
        return f"Mẫu số {self.number}, Thông tư {circular}"


def _count(instance: object, attribute: attrs.Attribute[Any], value: int | None) -> None:
    if value is None and attribute.name == "late_after_supplement_requests":
        return
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise DossierError(f"{attribute.name} must be a whole number >= 0, got {value!r}")


_DEFAULT_RECEIPT = ReceiptRules()


@attrs.frozen
class LifecycleRules:
    """The one-stop rules a dossier is judged by.

    Examples:
        >>> rules_for(date(2026, 3, 2)).name
        'Decree 118/2025/NĐ-CP'
        >>> rules_for(date(2024, 3, 4)).form(FormKind.APOLOGY).title
        'Phiếu xin lỗi và hẹn lại ngày trả kết quả'
    """

    name: str
    valid_from: date
    #: The last day the set governs receipts; ``None`` while it is in force.
    valid_until: date | None
    legal_basis: tuple[LegalBasis, ...]
    #: The circular whose annex has the forms.
    forms_circular: str
    forms: tuple[Form, ...]
    supplement_policy: SupplementPolicy = SupplementPolicy.PAUSE
    #: Whether waiting for a fee or tax payment (status 6) stops the clock; rules.md: "where
    #: configured", so off by default.
    payment_pauses_clock: bool = False
    #: A dossier with more supplement requests than this counts as late (Decision 766/QĐ-TTg
    #: indicator 2.1: "Yêu cầu bổ sung hồ sơ hơn 01 lần thì tính quá hạn" [S]); ``None``
    #: switches the rule off.
    late_after_supplement_requests: int | None = attrs.field(default=1, validator=_count)
    #: How many times the return date may be reset with an apology ("không quá một lần" [S]).
    max_extensions: int = attrs.field(default=1, validator=_count)
    #: The apology must be sent no later than this many working days before the due day
    #: ("chậm nhất 01 ngày trước ngày hết hạn" [S]).
    apology_lead_working_days: int = attrs.field(default=1, validator=_count)
    granularity: Granularity = Granularity.DAY
    counting_starts: CountingStart = CountingStart.RECEIPT
    receipt_rules: ReceiptRules = _DEFAULT_RECEIPT

    def form(self, kind: FormKind) -> Form | None:
        """The form of ``kind`` in this set, or ``None`` when its circular has none."""
        for form in self.forms:
            if form.kind is kind:
                return form
        return None

    def governs(self, day: date) -> bool:
        """Whether a dossier received on ``day`` is judged by this set."""
        return self.valid_from <= day and (self.valid_until is None or day <= self.valid_until)


_K = FormKind
DECREE_61 = LifecycleRules(
    name="Decree 61/2018/NĐ-CP",
    valid_from=date(2018, 6, 21),
    valid_until=date(2025, 6, 30),
    legal_basis=(
        LegalBasis("61/2018/NĐ-CP", "Về thực hiện cơ chế một cửa, một cửa liên thông"),
        LegalBasis("107/2021/NĐ-CP", "Sửa đổi, bổ sung Nghị định 61/2018/NĐ-CP"),
        LegalBasis("01/2018/TT-VPCP", "Hướng dẫn thi hành Nghị định 61/2018/NĐ-CP"),
    ),
    forms_circular="01/2018/TT-VPCP",
    forms=(
        Form(_K.RECEIPT, "01", "Giấy tiếp nhận hồ sơ và hẹn trả kết quả"),
        Form(_K.SUPPLEMENT_REQUEST, "02", "Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ"),
        Form(_K.REFUSAL, "03", "Phiếu từ chối tiếp nhận giải quyết hồ sơ"),
        Form(_K.APOLOGY, "04", "Phiếu xin lỗi và hẹn lại ngày trả kết quả"),
        Form(_K.TRACKING_SHEET, "05", "Phiếu kiểm soát quá trình giải quyết hồ sơ"),
        Form(_K.REGISTER, "06", "Sổ theo dõi hồ sơ"),
    ),
)

# Circular 03/2025/TT-VPCP is dated 15/09/2025 [S]; its form list is single-sourced
# (practice.md §4). Dossiers received between 01/07/2025 and its effect are judged by
# Decree 118 with these forms all the same: the forms are templates, not deadlines.
DECREE_118 = LifecycleRules(
    name="Decree 118/2025/NĐ-CP",
    valid_from=date(2025, 7, 1),
    valid_until=None,
    legal_basis=(
        LegalBasis(
            "118/2025/NĐ-CP",
            "Về thực hiện thủ tục hành chính theo cơ chế một cửa, một cửa liên thông tại Bộ "
            "phận Một cửa và Cổng Dịch vụ công quốc gia",
        ),
        LegalBasis("03/2025/TT-VPCP", "Hướng dẫn thi hành Nghị định 118/2025/NĐ-CP"),
    ),
    forms_circular="03/2025/TT-VPCP",
    forms=(
        Form(_K.RECEIPT, "01", "Giấy tiếp nhận hồ sơ và hẹn trả kết quả"),
        Form(_K.SUPPLEMENT_REQUEST, "02", "Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ"),
        Form(_K.REFUSAL, "03", "Phiếu từ chối tiếp nhận giải quyết hồ sơ"),
        Form(_K.APOLOGY, "04", "Văn bản xin lỗi và đề nghị gia hạn thời gian giải quyết"),
        Form(_K.STOP_NOTICE, "05", "Thông báo dừng giải quyết hồ sơ"),
        Form(_K.TRACKING_SHEET, "06", "Phiếu kiểm soát quá trình giải quyết hồ sơ"),
        Form(_K.REGISTER, "07", "Sổ theo dõi hồ sơ"),
    ),
)

#: Every rule set onestop ships, oldest first.
RULE_SETS = (DECREE_61, DECREE_118)


def rules_for(day: date) -> LifecycleRules:
    """The rule set governing a dossier received on ``day``.

    Examples:
        >>> rules_for(date(2025, 6, 30)).name
        'Decree 61/2018/NĐ-CP'
        >>> rules_for(date(2025, 7, 1)).name
        'Decree 118/2025/NĐ-CP'
    """
    for rules in RULE_SETS:
        if rules.governs(day):
            return rules
    raise DossierError(
        f"no one-stop rule set governs a dossier received on {day.isoformat()}: onestop ships "
        f"{DECREE_61.name} (from {DECREE_61.valid_from.isoformat()}) and {DECREE_118.name}; "
        "pass rules= explicitly for an older dossier"
    )
