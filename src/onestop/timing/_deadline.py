"""``deadline()``: when a dossier is due, from its receipt moment and its processing time."""

from __future__ import annotations

import enum
from datetime import date, datetime, time, timedelta
from typing import Literal

import attrs

from onestop.calendar import VIETNAM_TZ, WorkCalendar, to_local
from onestop.errors import CalendarError, TimingError
from onestop.timing._processing_time import ProcessingTime, TimeUnit

__all__ = ["DayEnd", "Deadline", "ReceiptRules", "deadline"]


class DayEnd(enum.Enum):
    """When the due day of a limit ends."""

    #: At the close of the last office session of the day: the appointment on the receipt
    #: slip is a working day and hour (Circular 20/2015/TT-BTP art. 2; rules.md default).
    CLOSE_OF_OFFICE = "close_of_office"
    #: At 24:00, the Civil-Code end of a day (Civil Code 2015 art. 148(2)).
    MIDNIGHT = "midnight"


@attrs.frozen
class ReceiptRules:
    """How a receipt moment becomes a counting start and a due moment.

    Always applied (rules.md): a dossier received outside office sessions, on a non-working
    day, or after its procedure's cutoff hour is deemed received at the opening of the next
    working session; counting starts on the day after the deemed receipt day (Civil Code 2015
    art. 147).

    Examples:
        >>> ReceiptRules().day_ends
        <DayEnd.CLOSE_OF_OFFICE: 'close_of_office'>
    """

    #: When the due day ends; the close of office by default.
    day_ends: DayEnd = DayEnd.CLOSE_OF_OFFICE


_DEFAULT_RULES = ReceiptRules()
_WORKING_DAYS = TimeUnit.WORKING_DAYS
_WORKING_HOURS = TimeUnit.WORKING_HOURS
_SAME_DAY = TimeUnit.SAME_DAY
_CALENDAR_DAYS = TimeUnit.CALENDAR_DAYS
_CLOSE_OF_OFFICE = DayEnd.CLOSE_OF_OFFICE


@attrs.frozen
class Deadline:
    """A computed due moment, with how it was reached.

    Attributes:
        received_at: the receipt moment, in Asia/Ho_Chi_Minh.
        deemed_received_at: the moment the receipt counts from (next working session when
            received outside sessions, on a non-working day or after the cutoff).
        due_at: when the limit expires.
        estimated: whether the span rests on a year without a confirmed official overlay or
            on a pending entry, so the due moment may still move.
    """

    received_at: datetime
    deemed_received_at: datetime
    due_at: datetime
    processing_time: ProcessingTime
    estimated: bool
    calendar: WorkCalendar = attrs.field(eq=False, repr=False)
    rules: ReceiptRules = attrs.field(default=_DEFAULT_RULES, repr=False)

    @property
    def counted_from(self) -> date:
        """The deemed receipt day; a limit in days counts from the day after it."""
        return self.deemed_received_at.date()

    def explain(self, language: Literal["vi", "en"] = "en") -> str:
        """The computation step by step: receipt, deemed receipt, each day counted or
        skipped with its reason and source, and the due moment.

        Examples:
            >>> from onestop.calendar import VIETNAM_TZ
            >>> d = deadline(datetime(2026, 2, 13, 15, 20, tzinfo=VIETNAM_TZ),
            ...              ProcessingTime.working_days(3), WorkCalendar.vietnam())
            >>> print(d.explain())
            Received: Friday 13/02/2026 15:20
            Limit: 03 ngày làm việc, counted from the day after 13/02/2026 (Civil Code 2015 art. 147)
              14/02/2026 skipped: Weekly rest day (Saturday) (Decision 188/1999/QĐ-TTg)
              15/02/2026 skipped: Weekly rest day (Sunday) (Decision 188/1999/QĐ-TTg)
              16/02/2026 skipped: Lunar New Year holiday (Labour Code 2019 art. 112(1))
              17/02/2026 skipped: Lunar New Year holiday (Labour Code 2019 art. 112(1))
              18/02/2026 skipped: Lunar New Year holiday (Labour Code 2019 art. 112(1))
              19/02/2026 skipped: Lunar New Year holiday (Labour Code 2019 art. 112(1))
              20/02/2026 skipped: Lunar New Year holiday (Labour Code 2019 art. 112(1))
              21/02/2026 skipped: Weekly rest day (Saturday) (Decision 188/1999/QĐ-TTg)
              22/02/2026 skipped: Weekly rest day (Sunday) (Decision 188/1999/QĐ-TTg)
              23/02/2026 working day 1
              24/02/2026 working day 2
              25/02/2026 working day 3
            Due: Wednesday 25/02/2026 17:00 (close of office)
        """
        vi = language == "vi"
        words = _VI if vi else _EN
        lines = [f"{words['received']}: {_moment(self.received_at, vi)}"]
        if self.deemed_received_at != self.received_at:
            lines.append(
                f"{words['deemed']}: {_moment(self.deemed_received_at, vi)} ({self._deemed_reason(vi)})"
            )
        unit = self.processing_time.unit
        counting = {
            TimeUnit.SAME_DAY: words["same_day"],
            TimeUnit.WORKING_HOURS: words["from_moment"],
        }.get(unit, words["counted"])
        lines.append(
            f"{words['limit']}: {self.processing_time}, {counting.format(self.counted_from)}"
        )
        if unit in (TimeUnit.WORKING_DAYS, TimeUnit.CALENDAR_DAYS):
            lines.extend(self._day_lines(language))
        end = words["close"] if self.rules.day_ends is DayEnd.CLOSE_OF_OFFICE else words["midnight"]
        if unit is TimeUnit.WORKING_HOURS:
            end = words["hours"]
        lines.append(f"{words['due']}: {_moment(self.due_at, vi)} ({end})")
        if self.estimated:
            lines.append(words["estimated"])
        return "\n".join(lines)

    def _day_lines(self, language: Literal["vi", "en"]) -> list[str]:
        """One line per day after ``counted_from`` up to the due day."""
        words = _VI if language == "vi" else _EN
        amount = self.processing_time.amount
        lines = []
        day, counted = self.counted_from, 0
        # A due moment of 24:00 is the next day's 00:00: step back one instant.
        last_day = (self.due_at - timedelta(microseconds=1)).date()
        while day < last_day:
            day += timedelta(days=1)
            explanation = self.calendar.explain(day)
            fact = explanation.facts[0]
            reason = (
                f"{fact.name_vi if language == 'vi' else fact.name_en} ({fact.basis_in(language)})"
            )
            if self.processing_time.unit is TimeUnit.CALENDAR_DAYS and counted < amount:
                counted += 1
                suffix = "" if explanation.is_working_day else f": {words['not_worked']}, {reason}"
                lines.append(f"  {day:%d/%m/%Y} {words['calendar_day'].format(counted)}{suffix}")
            elif self.processing_time.unit is TimeUnit.CALENDAR_DAYS and explanation.is_working_day:
                lines.append(f"  {day:%d/%m/%Y} {words['rolled']}")
            elif explanation.is_working_day:
                counted += 1
                lines.append(f"  {day:%d/%m/%Y} {words['working_day'].format(counted)}")
            else:
                lines.append(f"  {day:%d/%m/%Y} {words['skipped']}: {reason}")
        return lines

    def _deemed_reason(self, vi: bool) -> str:
        cutoff = self.processing_time.cutoff
        local = self.received_at
        if not self.calendar.is_working_day(local.date()):
            return _VI["non_working"] if vi else _EN["non_working"]
        # deadline() compares the cutoff with the receipt rolled into a session: a receipt in
        # the lunch break counts at 13:30, after a 12:00 cutoff.
        in_session = self.calendar.roll_to_session(local)
        past_cutoff = cutoff is not None and (
            local.time() > cutoff
            or (in_session.date() == local.date() and in_session.time() > cutoff)
        )
        if past_cutoff and self.deemed_received_at.date() > local.date():
            return (_VI if vi else _EN)["after_cutoff"].format(cutoff)
        return _VI["outside"] if vi else _EN["outside"]


_EN = {
    "received": "Received",
    "deemed": "Deemed received",
    "limit": "Limit",
    "counted": "counted from the day after {:%d/%m/%Y} (Civil Code 2015 art. 147)",
    "working_day": "working day {}",
    "calendar_day": "day {}",
    "rolled": "next working day: the limit ends here, its last day was not worked (Civil Code 2015 art. 148(1))",
    "not_worked": "not worked",
    "same_day": "settled on the day of receipt {:%d/%m/%Y} (Law 60/2014/QH13 art. 5(3); Decree 23/2015/NĐ-CP art. 7)",
    "from_moment": "counted in office working time from the deemed receipt moment (Civil Code 2015 art. 147(1))",
    "skipped": "skipped",
    "due": "Due",
    "close": "close of office",
    "midnight": "24:00, Civil Code 2015 art. 148(2)",
    "hours": "working hours counted over office sessions",
    "estimated": "Estimated: rests on a year or day without a confirmed official calendar.",
    "non_working": "received on a non-working day: next working session",
    "after_cutoff": "received after the {:%H:%M} cutoff of the procedure: next working day",
    "outside": "received outside office sessions: next working session",
}
_VI = {
    "received": "Tiếp nhận",
    "deemed": "Coi như tiếp nhận",
    "limit": "Thời hạn",
    "counted": "tính từ ngày tiếp theo ngày {:%d/%m/%Y} (Điều 147 Bộ luật Dân sự 2015)",
    "working_day": "ngày làm việc thứ {}",
    "calendar_day": "ngày thứ {}",
    "rolled": "ngày làm việc tiếp theo: thời hạn kết thúc tại đây vì ngày cuối là ngày nghỉ (khoản 1 Điều 148 Bộ luật Dân sự 2015)",
    "not_worked": "ngày nghỉ",
    "same_day": "giải quyết trong ngày tiếp nhận {:%d/%m/%Y} (khoản 3 Điều 5 Luật Hộ tịch 2014; Điều 7 Nghị định 23/2015/NĐ-CP)",
    "from_moment": "tính theo giờ làm việc từ thời điểm coi như tiếp nhận (khoản 1 Điều 147 Bộ luật Dân sự 2015)",
    "skipped": "không tính",
    "due": "Hạn trả",
    "close": "hết giờ làm việc",
    "midnight": "24 giờ, khoản 2 Điều 148 Bộ luật Dân sự 2015",
    "hours": "giờ làm việc tính theo các buổi làm việc",
    "estimated": "Ước tính: dựa trên năm hoặc ngày chưa có lịch chính thức.",
    "non_working": "nhận vào ngày nghỉ: tính từ buổi làm việc tiếp theo",
    "after_cutoff": "nhận sau {:%H:%M}: tính từ ngày làm việc tiếp theo",
    "outside": "nhận ngoài giờ làm việc: tính từ buổi làm việc tiếp theo",
}
_WEEKDAY = {
    True: ("Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ nhật"),
    False: ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"),
}


def _moment(moment: datetime, vi: bool) -> str:
    return f"{_WEEKDAY[vi][moment.weekday()]} {moment:%d/%m/%Y %H:%M}"


def deadline(
    received_at: datetime,
    processing_time: ProcessingTime,
    calendar: WorkCalendar,
    rules: ReceiptRules = _DEFAULT_RULES,
) -> Deadline:
    """The due moment of a dossier received at ``received_at``.

    * The receipt is deemed at the opening of the next working session when it falls outside
      office sessions, on a non-working day, or after the procedure's cutoff hour.
    * ``N`` working days: the close of the N-th working day after the deemed receipt day (the
      first day is not counted, Civil Code 2015 art. 147).
    * Same day: the close of the deemed receipt day (so after the 15:00 cutoff, the close of
      the next working day: Law 60/2014/QH13 art. 5(3), Decree 23/2015/NĐ-CP art. 7).
    * ``N`` calendar days: the end of day ``counted_from + N``, moved to the next working day
      when that day is not worked (Civil Code 2015 arts. 147–148).
    * ``N`` working hours: ``N`` hours of office sessions after the deemed receipt moment.

    Received inside office hours before any cutoff on a worked day, ``N`` working days is
    therefore due on ``calendar.add_working_days(received_day, N)``.

    Examples:
        >>> from onestop.calendar import VIETNAM_TZ
        >>> cal = WorkCalendar.vietnam()
        >>> received = datetime(2026, 2, 13, 15, 20, tzinfo=VIETNAM_TZ)
        >>> deadline(received, ProcessingTime.working_days(3), cal).due_at.isoformat()
        '2026-02-25T17:00:00+07:00'
        >>> deadline(received, ProcessingTime.same_day(), cal).due_at.isoformat()
        '2026-02-23T17:00:00+07:00'
    """
    if not isinstance(processing_time, ProcessingTime):
        raise TimingError(f"processing_time must be a ProcessingTime, got {processing_time!r}")
    try:
        local = to_local(received_at)
        deemed = calendar.roll_to_session(local)
        cutoff = processing_time.cutoff
        if cutoff is not None and deemed.time() > cutoff:
            deemed = calendar.opening_time(calendar.add_working_days(deemed.date(), 1))
        counted_from = deemed.date()
        unit = processing_time.unit
        # Enum members are bound to module names: this function is on analysts' hot path.
        if unit is _WORKING_DAYS:
            due_day = calendar.add_working_days(counted_from, processing_time.amount)
        elif unit is _SAME_DAY:
            due_day = counted_from
        elif unit is _CALENDAR_DAYS:
            due_day = calendar.roll(counted_from + timedelta(days=processing_time.amount))
        else:
            due_at = calendar.add_working_time(deemed, timedelta(hours=processing_time.amount))
            due_day = due_at.date()
        if unit is not _WORKING_HOURS:
            if rules.day_ends is _CLOSE_OF_OFFICE:
                due_at = calendar.closing_time(due_day)
            else:
                due_at = datetime.combine(due_day + timedelta(days=1), time(0), tzinfo=VIETNAM_TZ)
        # From the receipt day: a pending day skipped by the deemed receipt may move it too.
        estimated = calendar.rests_on_estimates(local.date(), due_day)
    except CalendarError as error:
        raise TimingError(
            f"cannot compute the deadline of {received_at!r} + {processing_time}: {error}"
        ) from error
    return Deadline(local, deemed, due_at, processing_time, estimated, calendar, rules)
