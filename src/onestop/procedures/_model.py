"""The procedure model: what a citizen brings, pays, waits for and receives, and why."""

from __future__ import annotations

import enum
import re
import unicodedata

import attrs

from onestop.calendar import OfficeHours
from onestop.errors import CatalogError, Problem, TimingError
from onestop.timing import ProcessingTime, TimeUnit

__all__ = [
    "STANDARD_DAY_HOURS",
    "Channel",
    "ChannelOffer",
    "Document",
    "DocumentRole",
    "Fee",
    "LegalBasis",
    "Level",
    "OnlineService",
    "Procedure",
    "Result",
    "TimeSource",
    "at_most",
    "fold",
]

#: National procedure code (mã TTHC) "d.dddddd", optionally with a provincial suffix such as
#: "2.000908.000.00.00.H61" or "1.000948.H38" (law.md §1.5).
CODE = re.compile(r"^[0-9]\.[0-9]{6}(?:\.[0-9A-Za-z]+)*$")


class Channel(enum.Enum):
    """How a dossier is filed and its result returned (Decree 118/2025/NĐ-CP art. 15; national
    channel codes 1, 3, 2)."""

    IN_PERSON = "in_person"
    POSTAL = "postal"
    ONLINE = "online"

    @property
    def label_vi(self) -> str:
        """The wording of the national portal."""
        return _CHANNEL_VI[self]

    @property
    def national_code(self) -> int:
        """KenhThucHien: 1 direct, 2 online, 3 postal (law.md §1.5)."""
        return _CHANNEL_CODE[self]


_CHANNEL_VI = {
    Channel.IN_PERSON: "Trực tiếp",
    Channel.POSTAL: "Dịch vụ bưu chính",
    Channel.ONLINE: "Trực tuyến",
}
_CHANNEL_CODE = {Channel.IN_PERSON: 1, Channel.ONLINE: 2, Channel.POSTAL: 3}


class OnlineService(enum.Enum):
    """Level of the online public service (Decree 42/2022/NĐ-CP art. 11(1))."""

    #: "toàn trình": the whole procedure online, result online or by public postal service.
    FULL = "full"
    #: "một phần": any other online service.
    PARTIAL = "partial"


class Level(enum.Enum):
    """Level of government that carries out a procedure ("cấp thực hiện")."""

    MINISTRY = "ministry"
    PROVINCE = "province"
    #: Abolished on 01/07/2025 (two-tier local government); kept for older versions.
    DISTRICT = "district"
    COMMUNE = "commune"
    #: "Cơ quan khác", e.g. notary offices for certification.
    OTHER = "other"


class DocumentRole(enum.Enum):
    """What the citizen does with a document of the dossier."""

    #: "Giấy tờ phải nộp": handed in.
    SUBMIT = "submit"
    #: "Giấy tờ phải xuất trình": shown, not kept.
    SHOW = "show"
    #: Listed by the record under another heading (conditions, cases).
    LISTED = "listed"


class TimeSource(enum.Enum):
    """Which time limit a deadline uses."""

    #: The time set by the legal text.
    STATUTORY = "statutory"
    #: A shorter time committed to by a province or ward (a layer).
    COMMITTED = "committed"


_UNDASH = str.maketrans({"đ": "d", "Đ": "D", "ð": "d", "Ð": "D"})


def fold(text: str) -> str:
    """``text`` without Vietnamese diacritics, lower-cased, spaces collapsed, for searching.

    Examples:
        >>> fold("Thủ tục  Đăng ký khai sinh")
        'thu tuc dang ky khai sinh'
    """
    # Đ/đ have no decomposition; legacy encodings also write them as the Icelandic Ð/ð.
    undashed = text.translate(_UNDASH)
    decomposed = unicodedata.normalize("NFD", undashed)
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(bare.lower().split())


def invalid(message: str, path: str = "$") -> CatalogError:
    """The error for a value built in code (not loaded from a file) that breaks a rule."""
    return CatalogError([Problem("<python>", path, message)])


def _non_empty(instance: object, attribute: attrs.Attribute[str], value: str) -> None:
    if not value.strip():
        raise invalid(f"{attribute.name} must not be empty", f"$.{attribute.name}")


@attrs.frozen
class LegalBasis:
    """A legal text a rule rests on.

    Examples:
        >>> LegalBasis("60/2014/QH13", "Luật Hộ tịch", article="Điều 16").cite()
        'Điều 16, 60/2014/QH13 (Luật Hộ tịch)'
    """

    document: str = attrs.field(validator=_non_empty)
    title: str = ""
    article: str | None = None
    url: str | None = None

    def cite(self) -> str:
        """A short citation: article, document number and title."""
        text = self.document if not self.title else f"{self.document} ({self.title})"
        return text if self.article is None else f"{self.article}, {text}"


@attrs.frozen
class Fee:
    """The fee or charge of one channel.

    ``amount_vnd`` is the amount in đồng when the record states one in VND (0 for "Miễn
    phí"); ``None`` when it does not (a fee set by each province, a foreign currency, no
    information). ``verbatim`` keeps the record's text.
    """

    amount_vnd: int | None
    verbatim: str = ""
    note: str | None = None

    def __attrs_post_init__(self) -> None:
        if self.amount_vnd is not None and self.amount_vnd < 0:
            raise invalid(f"fee {self.amount_vnd} VND is negative; fees are 0 or more", "$.fee_vnd")


@attrs.frozen
class ChannelOffer:
    """One row of the record's channel table: a channel with its time and fee.

    A channel may appear twice (e.g. a longer time when verification is needed).
    ``processing_time`` is ``None`` when the record gives no time or no unit; the record's
    cell stays in ``time_verbatim``.
    """

    channel: Channel
    processing_time: ProcessingTime | None = None
    time_verbatim: str | None = None
    fee: Fee | None = None
    description: str | None = None


@attrs.frozen
class Document:
    """A paper of the dossier ("thành phần hồ sơ")."""

    name: str = attrs.field(validator=_non_empty)
    role: DocumentRole = DocumentRole.SUBMIT
    originals: int = 1
    copies: int = 0
    #: The record's heading above the document (a case, a condition), kept verbatim.
    group: str | None = None
    #: Other papers accepted instead of this one.
    alternatives: tuple[str, ...] = ()

    def __attrs_post_init__(self) -> None:
        if self.originals < 0 or self.copies < 0 or self.originals + self.copies == 0:
            raise invalid(
                f"document {self.name[:40]!r} needs at least one original or copy, got "
                f"{self.originals} originals and {self.copies} copies"
            )


@attrs.frozen
class Result:
    """The document returned to the citizen, with the portal's result code (KQ.*)."""

    name: str = attrs.field(validator=_non_empty)
    code: str | None = None


@attrs.frozen
class Procedure:
    """One administrative procedure (thủ tục hành chính) as in force on some dates.

    ``processing_time`` is the statutory time limit; ``committed_time`` a shorter one a
    province or ward committed to (set by a :class:`~onestop.procedures.Layer`).
    :attr:`deadline_time` is the one deadlines use.

    Examples:
        >>> from datetime import date
        >>> from onestop.procedures import default_catalog
        >>> birth = default_catalog().get("1.001193", on=date(2026, 3, 2))
        >>> birth.name_vi
        'Thủ tục đăng ký khai sinh'
    """

    code: str
    name_vi: str = attrs.field(validator=_non_empty)
    field: str = attrs.field(validator=_non_empty)
    legal_basis: tuple[LegalBasis, ...]
    name_en: str | None = None
    levels: frozenset[Level] = frozenset()
    competent_agency: str | None = None
    executing_agency: str | None = None
    processing_time: ProcessingTime | None = None
    committed_time: ProcessingTime | None = None
    committed_by: str | None = None
    time_rules: tuple[str, ...] = ()
    channels: tuple[ChannelOffer, ...] = ()
    online_service: OnlineService | None = None
    documents: tuple[Document, ...] = ()
    results: tuple[Result, ...] = ()
    #: Can be received, settled and returned on the spot at special sessions (first-Sunday
    #: "Ngày Chủ nhật gần Dân"): a decision of the ward, not of the law.
    on_the_spot: bool = False
    #: What could not be parsed or rests on an uncertain source.
    notes: tuple[str, ...] = ()
    #: Where the record comes from (an address or a citation).
    source: str | None = None

    def __attrs_post_init__(self) -> None:
        if not CODE.fullmatch(self.code):
            raise invalid(
                f"code {self.code!r} is not a national procedure code like '1.001193' "
                "(optionally with a provincial suffix such as '.H61')",
                "$.code",
            )
        if not self.legal_basis:
            raise invalid(
                f"procedure {self.code} has no legal basis; cite at least one text", "$.legal_basis"
            )

    @property
    def deadline_time(self) -> ProcessingTime | None:
        """The committed time if there is one, else the statutory time."""
        return self.committed_time if self.committed_time is not None else self.processing_time

    @property
    def time_source(self) -> TimeSource:
        """Which time :attr:`deadline_time` is."""
        return TimeSource.COMMITTED if self.committed_time is not None else TimeSource.STATUTORY

    def time_of(self, offer: ChannelOffer) -> ProcessingTime | None:
        """The time limit that applies to one channel row: the committed time, else the
        statutory time (the legal text wins over a record's cell), else the row's own time.

        The row keeps its own cell (``offer.processing_time``, ``offer.time_verbatim``) as the
        record gives it, even where it differs from the time that applies.
        """
        return self.deadline_time if self.deadline_time is not None else offer.processing_time

    def time_for(self, channel: Channel) -> ProcessingTime | None:
        """The time limit of ``channel``: the committed time, else the statutory time, else
        the time of the channel's first row that gives one (:meth:`time_of`)."""
        if self.deadline_time is not None:
            return self.deadline_time
        for offer in self.channels:
            if offer.channel is channel and self.time_of(offer) is not None:
                return self.time_of(offer)
        return None

    @property
    def channel_set(self) -> frozenset[Channel]:
        """The channels the procedure can be filed through."""
        return frozenset(offer.channel for offer in self.channels)


#: Working hours in one working day of onestop's default office hours (07:30–11:30 and
#: 13:30–17:00, :meth:`~onestop.calendar.OfficeHours.standard`): 7.5, not the 8 some provinces
#: use when they convert (rules.md, practice.md §2.1: an 8-hour day must not be assumed).
STANDARD_DAY_HOURS: float = (
    sum(session.seconds for session in OfficeHours.standard().sessions) / 3600
)

_DAYS = (TimeUnit.WORKING_DAYS, TimeUnit.CALENDAR_DAYS)


def at_most(
    shorter: ProcessingTime,
    longer: ProcessingTime,
    *,
    hours_per_day: float = STANDARD_DAY_HOURS,
) -> bool | None:
    """Whether ``shorter`` is never due later than ``longer``, whatever the hour of receipt:
    ``True`` when it is sure, ``False`` when it is not (a dossier may be due later), ``None``
    when the units cannot be compared.

    The rules, each the conservative one (a commitment must hold for every dossier):

    * **The same unit** needs an amount no larger and a cutoff no earlier (no cutoff is the
      latest). An earlier cutoff makes some receipts count from the next working day, so
      they could be due later; onestop does not weigh a cutoff against a smaller amount.
    * **Working hours against working days**: ``N`` working days cover at least ``N ×
      hours_per_day`` hours of working time when ``hours_per_day`` is the length of the
      shortest working day, so ``H`` hours are never later when ``H ≤ N × hours_per_day``
      (and the cutoff is no earlier). The default is the 7.5 hours of onestop's default
      office hours (:data:`STANDARD_DAY_HOURS`); pass ``hours_per_day=8`` to follow the
      conversion provinces use (1 working day = 8 working hours, rules.md [S]) where their
      days are 8 hours long.
    * **Working days against working hours** are not compared (``None``): ``N`` working days
      give from ``N`` to ``N + 1`` days of working time depending on the hour of receipt,
      and the length of each day depends on the office hours.
    * **"Trong ngày" (same day)** is never later than any limit of one or more working or
      calendar days, whatever either cutoff: after its cutoff it is due on the next working
      day, which a limit of one day reaches as well. Against another same-day limit the
      cutoff decides. No limit in days is at most a same-day limit (``False``). Same day
      and working hours are not compared (``None``): the answer depends on the hour of
      receipt and the office hours.
    * **Calendar days and working time** are not compared (``None``): a weekend or Tết in
      between changes the answer.

    Examples:
        >>> at_most(ProcessingTime.working_days(2), ProcessingTime.working_days(3))
        True
        >>> at_most(ProcessingTime.working_hours(15), ProcessingTime.working_days(2))
        True
        >>> at_most(ProcessingTime.working_hours(16), ProcessingTime.working_days(2))
        False
        >>> at_most(ProcessingTime.working_hours(16), ProcessingTime.working_days(2),
        ...         hours_per_day=8)
        True
        >>> from datetime import time
        >>> at_most(ProcessingTime.working_days(1, cutoff=time(8, 0)),
        ...         ProcessingTime.working_days(1))
        False
        >>> print(at_most(ProcessingTime.calendar_days(2), ProcessingTime.working_days(3)))
        None
    """
    if not hours_per_day > 0:
        raise TimingError(f"hours_per_day must be more than 0, got {hours_per_day!r}")
    if shorter.unit is TimeUnit.SAME_DAY and longer.unit in _DAYS:
        return True
    if longer.unit is TimeUnit.SAME_DAY and shorter.unit is not TimeUnit.SAME_DAY:
        return None if shorter.unit is TimeUnit.WORKING_HOURS else False
    if shorter.unit is longer.unit:
        no_longer = shorter.amount <= longer.amount
    elif (shorter.unit, longer.unit) == (TimeUnit.WORKING_HOURS, TimeUnit.WORKING_DAYS):
        no_longer = shorter.amount <= longer.amount * hours_per_day
    else:
        return None
    return no_longer and _cutoff_no_earlier(shorter, longer)


def _cutoff_no_earlier(shorter: ProcessingTime, longer: ProcessingTime) -> bool:
    """Whether every receipt ``longer`` counts from its day, ``shorter`` does too."""
    if shorter.cutoff is None:
        return True
    return longer.cutoff is not None and shorter.cutoff >= longer.cutoff
