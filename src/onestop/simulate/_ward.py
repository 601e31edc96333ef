"""A seeded SYNTHETIC ward: plausible dossier flows generated from the default catalog, and
the citizens' feedback (phản ánh, kiến nghị) that comes with them.

Nothing here is data. Every number below is an illustration chosen to look plausible for a
ward one-stop desk, not a measurement of any ward; the An Khê figures (70 % of results early,
30 % on time, first-Sunday sessions, feedback through a Zalo channel) are the targets of
rules.md ("The An Khê ward facts"), reproduced roughly, not fitted. One
:class:`random.Random` seeded by the caller drives every choice of the dossiers, a second one
seeded from the same seed every choice of the feedback (so the dossiers of a seed do not
depend on the feedback model), the catalog is walked in sorted code order and no clock is
read, so the same seed gives the same log, byte for byte.
"""

from __future__ import annotations

import bisect
import math
import random
from collections.abc import Callable, Sequence
from datetime import date, datetime, time, timedelta

import attrs

from onestop.calendar import VIETNAM_TZ, Session, WorkCalendar
from onestop.dossier import DECREE_61, Applicant, Dossier, Outcome
from onestop.errors import DossierError
from onestop.feedback import (
    Author,
    FeedbackChannel,
    FeedbackClass,
    FeedbackItem,
    Reaction,
    Step,
    Subject,
)
from onestop.procedures import Catalog, Channel, DocumentRole, Procedure, default_catalog
from onestop.scoring import Evaluation, EvaluationChannel, Rating, evaluate
from onestop.timing import TimeUnit

__all__ = ["FIRST_SUNDAY_SOURCE", "SYNTHETIC", "SyntheticWard", "simulate_ward"]

#: The label every synthetic ward carries.
SYNTHETIC = "synthetic"
#: The source named by the first-Sunday sessions of the calendar built by default.
FIRST_SUNDAY_SOURCE = "Kế hoạch Ngày Chủ nhật gần Dân (mô phỏng)"

# ---------------------------------------------------------------- the model: illustrations
# Procedure mix: weight ∝ 1 / rank**ZIPF_EXPONENT over a seeded shuffle of the procedures
# with a time limit, so a few procedures make most of the volume.
ZIPF_EXPONENT = 1.2
# Arrivals per working day, Monday first (a worked Saturday or Sunday is a make-up day).
WEEKDAY_FACTOR = (1.25, 1.05, 1.0, 0.95, 0.9, 0.7, 0.7)
# Arrivals per month, January first: a little busier before the summer school year and at the
# end of the year.
MONTH_FACTOR = (1.0, 0.9, 1.0, 1.0, 1.0, 1.05, 1.1, 1.1, 1.0, 1.0, 1.0, 1.1)
# Papers wanted before Tết: the calendar days before the holiday and how much busier they are;
# the first days back are quieter.
TET_PEAK_DAYS = 14
TET_PEAK_FACTOR = 1.6
AFTER_TET_DAYS = 7
AFTER_TET_FACTOR = 0.7
# Arrivals at a special session (first Sunday), against daily_mean.
SESSION_FACTOR = 1.5
# Minutes an in-person citizen waits at the desk before receipt.
DESK_WAIT_MINUTES = (2, 30)
# Working minutes before an online dossier is received; online filings come 06:00–23:00.
ONLINE_RECEIPT_MINUTES = (10, 240)
ONLINE_HOURS = (6, 23)
# Same-day procedures filed in person and settled at the desk at once.
SETTLE_AT_DESK_SHARE = 0.6
# Dossiers with a limit in days handed to a specialist unit before processing.
TRANSFER_SHARE = 0.7
# Outcomes aimed at (An Khê: 70 % early, 30 % on time, and here a few late). Only a dossier
# with a working day left before its due day can be early, or late after an apology sent in
# time; the others (same-day procedures received before the cutoff) are settled on time. The
# chances of the former are raised by the share of the mix they make, up to the caps.
TARGET_EARLY_SHARE = 0.70
TARGET_LATE_SHARE = 0.03
EARLY_CAP = 0.95
LATE_CAP = 0.1
# Supplement requests during processing; rarely a second one (late under Decision 766);
# sometimes the citizen never brings the papers and processing stops.
SUPPLEMENT_SHARE = 0.08
SECOND_SUPPLEMENT_SHARE = 0.1
ABANDONED_SHARE = 0.1
SUPPLEMENT_WAIT_WORKING_DAYS = (1, 5)
ABANDONED_AFTER_WORKING_DAYS = (10, 20)
WITHDRAWAL_SHARE = 0.01
# Late dossiers: the apology (form 04) is sent in time, too late, or not at all; the new date
# is sometimes missed as well.
APOLOGY_IN_TIME_SHARE = 0.75
APOLOGY_LATE_SHARE = 0.15
NEW_DATE_MISSED_SHARE = 0.15
LATE_BY_WORKING_DAYS = (1, 1, 1, 2, 2, 3, 4, 5)
# Working days between the result being ready and an in-person citizen collecting it.
PICKUP_WORKING_DAYS = (0, 0, 1, 1, 2, 3)
# Returned dossiers the citizen evaluates, and the ratings (very satisfied, satisfied,
# dissatisfied) of dossiers served in time and of late ones.
EVALUATION_SHARE = 0.3
RATINGS_IN_TIME = (0.65, 0.32, 0.03)
RATINGS_LATE = (0.2, 0.45, 0.35)

# Feedback items (phản ánh, kiến nghị): a few a week, in proportion to the dossiers (about
# 3.6 a week at 12 dossiers a day), unless feedback_per_week says otherwise. Zalo and the
# portal take them at any hour of any day; the hotline and the desk on working days, in
# office hours.
FEEDBACK_PER_DOSSIER = 0.06
FEEDBACK_CHANNELS = (
    (FeedbackChannel.ZALO, 0.4),
    (FeedbackChannel.PORTAL, 0.25),
    (FeedbackChannel.HOTLINE, 0.2),
    (FeedbackChannel.DESK, 0.15),
)
FEEDBACK_ANONYMOUS_SHARE = 0.25
# What items are about: a procedure the ward handled recently, an officer, a place, or
# nothing stated (the rest).
FEEDBACK_PROCEDURE_SHARE = 0.55
FEEDBACK_OFFICER_SHARE = 0.15
FEEDBACK_PLACE_SHARE = 0.2
FEEDBACK_RECENT_DOSSIERS = 300
# Items classified (indicator 5.1), within 0 to 2 working days of the receipt.
FEEDBACK_CLASSIFIED_SHARE = 0.9
FEEDBACK_CLASSIFY_WORKING_DAYS = (0, 2)
# Items refused (outside the ward's competence), a few of them after the 2-day limit.
FEEDBACK_REFUSED_SHARE = 0.08
FEEDBACK_REFUSED_LATE_SHARE = 0.15
# Items on which the ward asks the citizen for more information, which comes in 1-5
# working days.
FEEDBACK_SUPPLEMENT_SHARE = 0.06
FEEDBACK_SUPPLEMENT_WAIT_WORKING_DAYS = (1, 5)
# Answers after the 15-day limit, and by how many working days.
FEEDBACK_LATE_SHARE = 0.05
FEEDBACK_LATE_BY_WORKING_DAYS = (1, 1, 2, 3, 5)
# Answers published, 0-3 working days after the answer.
FEEDBACK_PUBLISHED_SHARE = 0.5
FEEDBACK_PUBLISH_WORKING_DAYS = (0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3)
# Items citizens react to after the handling, how many reactions, and the chance each is a
# like (handled in time; late or refused); items raised again (same split).
FEEDBACK_REACTED_SHARE = 0.45
FEEDBACK_REACTIONS = (1, 1, 1, 2, 2, 3, 4)
FEEDBACK_LIKE_CHANCE = (0.8, 0.3)
FEEDBACK_RERAISED_SHARE = (0.03, 0.2)

_RATINGS = (Rating.VERY_SATISFIED, Rating.SATISFIED, Rating.DISSATISFIED)
_MINUTE = timedelta(minutes=1)
_DESKS = ("syn-desk-1", "syn-desk-2", "syn-desk-3")
_OFFICERS = ("syn-officer-1", "syn-officer-2", "syn-officer-3", "syn-officer-4")
_SESSION_TEAM = "syn-sunday-team"
_SPECIALIST_UNIT = "Bộ phận chuyên môn (mô phỏng)"
_PLACES = (
    "Bộ phận một cửa phường (mô phỏng)",
    "Tổ dân phố 3 (mô phỏng)",
    "Tổ dân phố 7 (mô phỏng)",
    "Đường số 5 (mô phỏng)",
    "Nhà văn hóa khu phố 2 (mô phỏng)",
)
_FEEDBACK_SUMMARIES = {
    FeedbackClass.PROCEDURE: (
        "Hồ sơ chậm trả kết quả (mô phỏng)",
        "Hỏi thành phần hồ sơ cần nộp (mô phỏng)",
        "Không nộp được hồ sơ trực tuyến (mô phỏng)",
        "Đề nghị rút ngắn thời gian giải quyết (mô phỏng)",
    ),
    FeedbackClass.OFFICER_CONDUCT: (
        "Cán bộ hướng dẫn chưa rõ ràng (mô phỏng)",
        "Thái độ tiếp công dân chưa đúng mực (mô phỏng)",
        "Khen cán bộ hướng dẫn tận tình (mô phỏng)",
    ),
    FeedbackClass.OTHER: (
        "Đèn chiếu sáng bị hỏng (mô phỏng)",
        "Rác thải chưa được thu gom (mô phỏng)",
        "Lấn chiếm vỉa hè (mô phỏng)",
        "Nơi chờ thiếu ghế ngồi (mô phỏng)",
    ),
}


@attrs.frozen(kw_only=True, repr=False)
class SyntheticWard:
    """A SYNTHETIC ward: generated dossiers, evaluations and feedback items, not data about
    any real ward.

    Built by :func:`simulate_ward`; ``label`` is always ``"synthetic"``, ids start with
    ``SYN-`` (``SYN-PA-`` for feedback), every applicant is an obviously fake "Công dân mô
    phỏng" and every author of feedback a "Người phản ánh mô phỏng".
    """

    seed: int
    start: date
    end: date
    unit_code: str
    unit_name: str
    dossiers: tuple[Dossier, ...]
    evaluations: tuple[Evaluation, ...]
    #: The citizens' feedback items received from ``start`` to ``end``, in receipt order.
    feedback: tuple[FeedbackItem, ...] = ()
    #: The calendar the dossiers were generated on (with the first-Sunday sessions).
    calendar: WorkCalendar = attrs.field(eq=False)
    label: str = attrs.field(default=SYNTHETIC, init=False)

    def __repr__(self) -> str:
        return (
            f"SyntheticWard(SYNTHETIC, seed={self.seed}, {self.start.isoformat()}.."
            f"{self.end.isoformat()}, unit={self.unit_code} {self.unit_name!r}, "
            f"dossiers={len(self.dossiers)}, evaluations={len(self.evaluations)})"
        )


def simulate_ward(
    *,
    seed: int,
    start: date = date(2026, 1, 1),
    end: date = date(2026, 12, 31),
    daily_mean: float = 12.0,
    online_share: float = 0.35,
    unit_code: str = "20257",
    unit_name: str = "Phường An Khê (mô phỏng)",
    calendar: WorkCalendar | None = None,
    catalog: Catalog | None = None,
    progress: Callable[[int, int], None] | None = None,
    feedback_per_week: float | None = None,
) -> SyntheticWard:
    """A SYNTHETIC ward's dossiers filed from ``start`` to ``end`` (inclusive), and the
    feedback items it received then, generated from ``seed`` alone: the same arguments give
    the same dossiers and items, byte for byte.

    Arrivals come on working days (about ``daily_mean`` a day, busier on Mondays and in the
    two weeks before Tết) and at special sessions (the first-Sunday sessions of the calendar
    built by default), where same-day procedures are settled on the spot. ``online_share`` is
    the chance a dossier is filed online when its procedure offers it. Dossiers filed near
    ``end`` are followed to their return, so their later events may fall after ``end``.
    ``progress(done, total)`` is called after each generated day.

    Feedback items come through Zalo, the portal (any hour, any day), the hotline and the
    desk (office hours), about ``feedback_per_week`` a week (by default 0.06 per dossier of
    ``daily_mean``: about 3.6 a week at 12 a day). Most are classified and answered within
    the 15 working days; some are refused, some need a supplement, some are answered late,
    half the answers are published, and citizens like, dislike or raise some again. Items
    are generated from their own random stream, seeded from ``seed``: the dossiers of a seed
    do not depend on them. Like dossiers, items received near ``end`` are followed to their
    end.

    Raises :class:`~onestop.errors.DossierError` (a :class:`ValueError`) for bad arguments.

    Examples:
        >>> from datetime import date
        >>> ward = simulate_ward(seed=1, start=date(2026, 3, 1), end=date(2026, 3, 3),
        ...                      daily_mean=4)
        >>> ward.label, ward.dossiers[0].id
        ('synthetic', 'SYN-2026-000001')
        >>> ward.dossiers[0].applicant.name
        'Công dân mô phỏng 1'
        >>> simulate_ward(seed=1, start=date(2026, 3, 3), end=date(2026, 3, 1))
        Traceback (most recent call last):
        ...
        onestop.errors.DossierError: end 2026-03-01 is before start 2026-03-03: give end >= start
    """
    _check_arguments(seed, start, end, daily_mean, online_share, unit_code, unit_name)
    if feedback_per_week is None:
        feedback_per_week = 5 * daily_mean * FEEDBACK_PER_DOSSIER
    elif (
        isinstance(feedback_per_week, bool)
        or not isinstance(feedback_per_week, int | float)
        or not (feedback_per_week >= 0.0 and math.isfinite(feedback_per_week))
    ):
        raise DossierError(
            f"feedback_per_week must be a finite number >= 0, got {feedback_per_week!r}"
        )
    if calendar is None:
        calendar = WorkCalendar.vietnam().with_first_sunday_sessions(
            start=start, source=FIRST_SUNDAY_SOURCE
        )
    elif not isinstance(calendar, WorkCalendar):
        raise DossierError(f"calendar must be a WorkCalendar, got {calendar!r}")
    if catalog is None:
        catalog = default_catalog()
    elif not isinstance(catalog, Catalog):
        raise DossierError(f"catalog must be a Catalog, got {catalog!r}")
    generator = _Generator(random.Random(seed), calendar, catalog, start, online_share)
    dossiers: list[Dossier] = []
    evaluations: list[Evaluation] = []
    total = (end - start).days + 1
    for offset in range(total):
        day = start + timedelta(days=offset)
        for dossier, evaluation in generator.day(day, daily_mean):
            dossiers.append(dossier)
            if evaluation is not None:
                evaluations.append(evaluation)
        if progress is not None:
            progress(offset + 1, total)
    # A stream of its own, so that the dossiers of a seed are those it gave before feedback.
    feedback = _FeedbackGenerator(random.Random(f"{seed}/feedback"), calendar, dossiers).items(
        start, end, feedback_per_week
    )
    return SyntheticWard(
        seed=seed,
        start=start,
        end=end,
        unit_code=unit_code,
        unit_name=unit_name,
        dossiers=tuple(dossiers),
        evaluations=tuple(evaluations),
        feedback=feedback,
        calendar=calendar,
    )


def _check_arguments(
    seed: object,
    start: object,
    end: object,
    daily_mean: object,
    online_share: object,
    unit_code: object,
    unit_name: object,
) -> None:
    if isinstance(seed, bool) or not isinstance(seed, int):
        raise DossierError(f"seed must be a whole number, got {seed!r}")
    for name, value in (("start", start), ("end", end)):
        if isinstance(value, datetime) or not isinstance(value, date):
            raise DossierError(f"{name} must be a date (not a datetime), got {value!r}")
    assert isinstance(start, date)
    assert isinstance(end, date)
    if end < start:
        raise DossierError(
            f"end {end.isoformat()} is before start {start.isoformat()}: give end >= start"
        )
    if start < DECREE_61.valid_from:
        raise DossierError(
            f"start {start.isoformat()} is before the first one-stop rule set onestop ships "
            f"({DECREE_61.name}, from {DECREE_61.valid_from.isoformat()}): start later"
        )
    for name, value, high in (
        ("daily_mean", daily_mean, math.inf),
        ("online_share", online_share, 1.0),
    ):
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise DossierError(f"{name} must be a number, got {value!r}")
        if not (0.0 <= value <= high and math.isfinite(value)):
            bound = "a finite number >= 0" if high == math.inf else "between 0 and 1"
            raise DossierError(f"{name} must be {bound}, got {value!r}")
    for name, text in (("unit_code", unit_code), ("unit_name", unit_name)):
        if not isinstance(text, str) or not text.strip():
            raise DossierError(f"{name} must be a non-empty text, got {text!r}")


def _poisson(rng: random.Random, mean: float) -> int:
    """A Poisson draw (Knuth's product of uniforms; a rounded normal for large means)."""
    if mean <= 0:
        return 0
    if mean > 50:
        return max(0, round(rng.gauss(mean, math.sqrt(mean))))
    limit, count, product = math.exp(-mean), 0, rng.random()
    while product > limit:
        count += 1
        product *= rng.random()
    return count


def _tet_holiday(calendar: WorkCalendar, year: int) -> tuple[date, date] | None:
    """The first and last day of the Tết holiday of ``year`` on ``calendar``: the run of
    non-working days in January–February with the most weekdays (the earliest on a tie)."""
    best: tuple[date, date] | None = None
    best_weekdays = 0
    run_start: date | None = None
    weekdays = 0
    day = date(year, 1, 1)
    stop = date(year, 3, 1)
    while day <= stop:
        if day < stop and not calendar.is_working_day(day):
            if run_start is None:
                run_start, weekdays = day, 0
            weekdays += day.weekday() < 5
        elif run_start is not None:
            if weekdays > best_weekdays:
                best, best_weekdays = (run_start, day - timedelta(days=1)), weekdays
            run_start = None
        day += timedelta(days=1)
    return best


def _time_limited_channels(procedure: Procedure) -> tuple[Channel, ...]:
    """The channels (in person, online) the procedure offers with a time limit."""
    offered = procedure.channel_set
    return tuple(
        channel
        for channel in (Channel.IN_PERSON, Channel.ONLINE)
        if channel in offered and procedure.time_for(channel) is not None
    )


def _settles_on_the_spot(procedure: Procedure) -> bool:
    limit = procedure.time_for(Channel.IN_PERSON)
    same_day = limit is not None and limit.unit is TimeUnit.SAME_DAY
    return Channel.IN_PERSON in procedure.channel_set and (procedure.on_the_spot or same_day)


class _Generator:
    """The state of one generation: the random stream, the mix and the counters."""

    def __init__(
        self,
        rng: random.Random,
        calendar: WorkCalendar,
        catalog: Catalog,
        start: date,
        online_share: float,
    ) -> None:
        self.rng = rng
        self.calendar = calendar
        self.catalog = catalog
        self.online_share = online_share
        in_force = catalog.as_of(start)
        codes = [code for code in sorted(in_force) if _time_limited_channels(in_force[code])]
        if not codes:
            raise DossierError(
                f"no procedure of catalog {catalog.name!r} in force on {start.isoformat()} has "
                "a time limit for in-person or online filing: nothing to simulate"
            )
        rng.shuffle(codes)
        weights = [1 / rank**ZIPF_EXPONENT for rank in range(1, len(codes) + 1)]
        self.codes = codes
        self.weights = weights
        spot = [
            (c, w) for c, w in zip(codes, weights, strict=True) if _settles_on_the_spot(in_force[c])
        ]
        self.session_codes = [code for code, _ in spot]
        self.session_weights = [weight for _, weight in spot]
        multi_day = sum(
            weight
            for code, weight in zip(codes, weights, strict=True)
            if not _same_day_everywhere(in_force[code])
        )
        feasible = max(multi_day / sum(weights), 0.01)
        self.late_chance = min(LATE_CAP, TARGET_LATE_SHARE / feasible)
        wanted = TARGET_EARLY_SHARE / (1 - self.late_chance)
        self.early_chance = min(EARLY_CAP, wanted / feasible)
        self.tet: dict[int, tuple[date, date] | None] = {}
        self.numbers: dict[int, int] = {}
        self.sequence = 0

    # ------------------------------------------------------------ arrivals

    def _factor(self, day: date) -> float:
        factor = WEEKDAY_FACTOR[day.weekday()] * MONTH_FACTOR[day.month - 1]
        if day.year not in self.tet:
            self.tet[day.year] = _tet_holiday(self.calendar, day.year)
        tet = self.tet[day.year]
        if tet is not None:
            first, last = tet
            if first - timedelta(days=TET_PEAK_DAYS) <= day < first:
                factor *= TET_PEAK_FACTOR
            elif last < day <= last + timedelta(days=AFTER_TET_DAYS):
                factor *= AFTER_TET_FACTOR
        return factor

    def day(self, day: date, daily_mean: float) -> list[tuple[Dossier, Evaluation | None]]:
        """The dossiers filed on ``day``, in filing order, each with its evaluation."""
        if self.calendar.is_working_day(day):
            return self._working_day(day, _poisson(self.rng, daily_mean * self._factor(day)))
        sessions = self.calendar.sessions(day)
        if sessions and self.session_codes:
            return self._session_day(day, sessions, _poisson(self.rng, daily_mean * SESSION_FACTOR))
        return []

    def _next_id(self, day: date) -> tuple[str, int]:
        self.sequence += 1
        number = self.numbers.get(day.year, 0) + 1
        self.numbers[day.year] = number
        return f"SYN-{day.year}-{number:06d}", self.sequence

    def _working_day(self, day: date, count: int) -> list[tuple[Dossier, Evaluation | None]]:
        in_force = self.catalog.as_of(day)
        planned: list[tuple[datetime, int, Procedure, Channel, datetime]] = []
        for index in range(count):
            code = self.rng.choices(self.codes, weights=self.weights)[0]
            procedure = in_force.get(code)
            channels = () if procedure is None else _time_limited_channels(procedure)
            if procedure is None or not channels:
                continue  # retired or changed since start: the citizen is turned away
            if len(channels) == 2:
                online = self.rng.random() < self.online_share
                channel = Channel.ONLINE if online else Channel.IN_PERSON
            else:
                channel = channels[0]
            if channel is Channel.ONLINE:
                low, high = ONLINE_HOURS
                filed = datetime.combine(day, time(low), tzinfo=VIETNAM_TZ) + _MINUTE * (
                    self.rng.randrange((high - low) * 60)
                )
                delay = _MINUTE * self.rng.randint(*ONLINE_RECEIPT_MINUTES)
                received = self.calendar.roll_to_session(
                    self.calendar.add_working_time(filed, delay)
                )
            else:
                received = self._moment_in(day, None)
                filed = received - _MINUTE * self.rng.randint(*DESK_WAIT_MINUTES)
            planned.append((filed, index, procedure, channel, received))
        planned.sort(key=lambda item: (item[0], item[1]))
        return [
            self._dossier(procedure, channel, filed, received)
            for filed, _, procedure, channel, received in planned
        ]

    def _session_day(
        self, day: date, sessions: Sequence[Session], count: int
    ) -> list[tuple[Dossier, Evaluation | None]]:
        in_force = self.catalog.as_of(day)
        spans = [
            (
                datetime.combine(day, session.start, tzinfo=VIETNAM_TZ),
                datetime.combine(day, session.end, tzinfo=VIETNAM_TZ),
            )
            for session in sessions
        ]
        planned: list[tuple[datetime, int, Procedure, datetime, datetime]] = []
        for index in range(count):
            code = self.rng.choices(self.session_codes, weights=self.session_weights)[0]
            received, closes = _pick_minute(self.rng, spans)
            settled = min(closes, received + _MINUTE * self.rng.randint(5, 40))
            filed = received - _MINUTE * self.rng.randint(*DESK_WAIT_MINUTES)
            procedure = in_force.get(code)
            if procedure is None or not _settles_on_the_spot(procedure):
                continue
            planned.append((filed, index, procedure, received, settled))
        planned.sort(key=lambda item: (item[0], item[1]))
        result = []
        for filed, _, procedure, received, settled in planned:
            dossier = self._file(procedure, Channel.IN_PERSON, filed)
            dossier = dossier.receive(at=received, by=_SESSION_TEAM)
            dossier = dossier.settle_on_the_spot(
                at=settled, result=_result(procedure), by=_SESSION_TEAM
            )
            result.append((dossier, self._evaluation(dossier)))
        return result

    # ------------------------------------------------------------ one dossier

    def _file(self, procedure: Procedure, channel: Channel, filed: datetime) -> Dossier:
        identifier, number = self._next_id(filed.date())
        return Dossier.file(
            id=identifier,
            procedure=procedure,
            at=filed,
            calendar=self.calendar,
            channel=channel,
            applicant=Applicant(name=f"Công dân mô phỏng {number}"),
        )

    def _moment_in(self, day: date, after: datetime | None) -> datetime:
        """A random whole minute inside the office sessions of working day ``day``, after
        ``after``; the next working day's when ``day`` has no minute left."""
        return _moment_in(self.rng, self.calendar, day, after)

    def _later(self, after: datetime, low: int, high: int) -> datetime:
        """``after`` plus a random number of working minutes, inside a session."""
        moment = self.calendar.add_working_time(after, _MINUTE * self.rng.randint(low, high))
        return self.calendar.roll_to_session(moment)

    def _dossier(
        self, procedure: Procedure, channel: Channel, filed: datetime, received: datetime
    ) -> tuple[Dossier, Evaluation | None]:
        rng, calendar = self.rng, self.calendar
        limit = procedure.time_for(channel)
        assert limit is not None
        same_day = limit.unit is TimeUnit.SAME_DAY
        desk = rng.choice(_DESKS)
        officer = rng.choice(_OFFICERS)
        dossier = self._file(procedure, channel, filed).receive(at=received, by=desk)
        if same_day and channel is Channel.IN_PERSON and rng.random() < SETTLE_AT_DESK_SHARE:
            settled = self._later(received, 5, 45)
            if settled.date() == received.date():
                dossier = dossier.settle_on_the_spot(at=settled, result=_result(procedure), by=desk)
                return dossier, self._evaluation(dossier)
        last = received
        if not same_day and rng.random() < TRANSFER_SHARE:
            last = self._later(last, 5, 120)
            dossier = dossier.transfer(at=last, to_unit=_SPECIALIST_UNIT, by=desk)
        last = self._later(last, 1, 20) if same_day else self._later(last, 10, 480)
        dossier = dossier.start_processing(at=last, by=officer)
        if rng.random() < WITHDRAWAL_SHARE:
            last = self._later(last, 10, 600)
            return dossier.withdraw(at=last, reason="Công dân rút hồ sơ (mô phỏng)"), None
        if not same_day and rng.random() < SUPPLEMENT_SHARE:
            requests = 2 if rng.random() < SECOND_SUPPLEMENT_SHARE else 1
            abandoned = rng.random() < ABANDONED_SHARE
            for request in range(requests):
                span = calendar.working_time_between(last, _appointment(dossier)) // _MINUTE
                if span < 30:
                    break
                last = self._later(last, 1, int(span * 0.6))
                dossier = dossier.request_supplement(
                    at=last,
                    missing=[_missing_paper(rng, procedure)],
                    reason="Hồ sơ thiếu giấy tờ (mô phỏng)",
                    by=officer,
                )
                if abandoned and request == requests - 1:
                    wait = rng.randint(*ABANDONED_AFTER_WORKING_DAYS)
                    last = self._moment_in(calendar.add_working_days(last.date(), wait), None)
                    reason = "Công dân không bổ sung hồ sơ (mô phỏng)"
                    return dossier.stop(at=last, reason=reason, by=officer), None
                wait = rng.randint(*SUPPLEMENT_WAIT_WORKING_DAYS)
                last = self._moment_in(calendar.add_working_days(last.date(), wait), None)
                dossier = dossier.receive_supplement(at=last, by=desk)
        dossier, finished = self._finish(dossier, last, officer)
        if channel is Channel.ONLINE:
            returned = self._later(finished, 5, 120)
        else:
            pickup = rng.choice(PICKUP_WORKING_DAYS)
            day = calendar.add_working_days(finished.date(), pickup) if pickup else finished.date()
            returned = self._moment_in(day, finished)
        dossier = dossier.return_result(at=returned, by=desk)
        return dossier, self._evaluation(dossier)

    def _finish(self, dossier: Dossier, last: datetime, officer: str) -> tuple[Dossier, datetime]:
        """Finish ``dossier`` early, on time or late, with an apology when late."""
        rng, calendar = self.rng, self.calendar
        due_day = _appointment(dossier).date()
        first_day = last.date()
        # Working days left before the due day: room to finish early or to apologise in time.
        room = calendar.working_days_between(first_day, due_day)
        draw = rng.random()
        late = room >= 1 and draw < self.late_chance
        early = (
            room >= 1
            and not late
            and draw < self.late_chance + (1 - self.late_chance) * self.early_chance
        )
        if early:
            step = min(room - 1, int(room * rng.betavariate(2.0, 1.5)))
            day = calendar.add_working_days(first_day, step) if step else first_day
            finished = self._moment_in(day, last)
            return dossier.finish(
                at=finished, result=_result(dossier.procedure), by=officer
            ), finished
        if not late and first_day <= due_day:
            finished = self._moment_in(due_day, last)
            return dossier.finish(
                at=finished, result=_result(dossier.procedure), by=officer
            ), finished
        behind = rng.choice(LATE_BY_WORKING_DAYS)
        finish_day = calendar.add_working_days(max(due_day, first_day), behind)
        apology = rng.random()
        if apology < APOLOGY_IN_TIME_SHARE + APOLOGY_LATE_SHARE:
            required_by = calendar.closing_time(calendar.add_working_days(due_day, -1))
            sent: datetime | None = None
            if apology < APOLOGY_IN_TIME_SHARE and last < required_by:
                day = max(first_day, calendar.add_working_days(due_day, -rng.randint(1, 2)))
                sent = self._moment_in(day, last)
                if sent > required_by:
                    sent = None
            if sent is None:
                sent = self._moment_in(max(due_day, first_day), last)
            behind_days = calendar.working_days_between(due_day, finish_day)
            if behind_days >= 2 and rng.random() < NEW_DATE_MISSED_SHARE:
                promised = calendar.add_working_days(due_day, rng.randint(1, behind_days - 1))
            else:
                promised = calendar.add_working_days(due_day, behind_days + rng.randint(0, 2))
            dossier = dossier.extend(
                at=sent,
                reason="Hồ sơ cần xác minh thêm (mô phỏng)",
                new_due=calendar.closing_time(promised),
                by=officer,
            )
            last = sent
        finished = self._moment_in(max(finish_day, last.date()), last)
        return dossier.finish(at=finished, result=_result(dossier.procedure), by=officer), finished

    def _evaluation(self, dossier: Dossier) -> Evaluation | None:
        rng = self.rng
        if rng.random() >= EVALUATION_SHARE:
            return None
        outcome = dossier.classify().outcome
        late = outcome is Outcome.LATE
        overall = rng.choices(_RATINGS, weights=RATINGS_LATE if late else RATINGS_IN_TIME)[0]
        online = dossier.channel is Channel.ONLINE
        if rng.random() < 0.7:
            channel = EvaluationChannel.PORTAL if online else EvaluationChannel.KIOSK
            delay = _MINUTE * rng.randint(1, 30)
        else:
            channel = EvaluationChannel.SMS
            delay = _MINUTE * rng.randint(10, 2 * 24 * 60)
        on_time = 0 if late else 2 if outcome is Outcome.EARLY else 1
        last = dossier.events[-1].at
        return evaluate(
            dossier,
            at=last + delay,
            channel=channel,
            overall=overall,
            scores={"overall": overall.points, "on_time": on_time},
        )


def _moment_in(
    rng: random.Random, calendar: WorkCalendar, day: date, after: datetime | None
) -> datetime:
    """A random whole minute inside the office sessions of working day ``day``, after
    ``after``; the next working day's when ``day`` has no minute left."""
    while True:
        opening, closing = calendar.opening_time(day), calendar.closing_time(day)
        base = opening if after is None or after < opening else after
        minutes = 0 if base >= closing else calendar.working_time_between(base, closing) // _MINUTE
        if minutes >= 2:
            moment = calendar.add_working_time(base, _MINUTE * rng.randint(1, minutes - 1))
            return calendar.roll_to_session(moment)
        day = calendar.add_working_days(day, 1)


def _same_day_everywhere(procedure: Procedure) -> bool:
    limits = [procedure.time_for(channel) for channel in _time_limited_channels(procedure)]
    return all(limit is not None and limit.unit is TimeUnit.SAME_DAY for limit in limits)


def _pick_minute(
    rng: random.Random, spans: Sequence[tuple[datetime, datetime]]
) -> tuple[datetime, datetime]:
    """A random whole minute in one of ``spans`` (uniform over their minutes), and the end of
    its span."""
    offset = rng.randrange(sum((closes - opens) // _MINUTE for opens, closes in spans))
    for opens, closes in spans:
        minutes = (closes - opens) // _MINUTE
        if offset < minutes:
            return opens + _MINUTE * offset, closes
        offset -= minutes
    raise AssertionError("unreachable: the offset is below the total")  # pragma: no cover


def _appointment(dossier: Dossier) -> datetime:
    """The appointment a received dossier with a time limit is measured against."""
    clock = dossier.clock
    assert clock is not None
    assert clock.appointment is not None
    return clock.appointment


def _result(procedure: Procedure) -> str:
    name = procedure.results[0].name if procedure.results else "Kết quả giải quyết"
    return f"{name} (mô phỏng)"


def _missing_paper(rng: random.Random, procedure: Procedure) -> str:
    papers = [doc.name for doc in procedure.documents if doc.role is DocumentRole.SUBMIT]
    return rng.choice(papers) if papers else "Giấy tờ còn thiếu (mô phỏng)"


# ---------------------------------------------------------------- feedback


class _FeedbackGenerator:
    """The feedback items of a ward: their own random stream, the ward's calendar, and its
    dossiers (what the items are about)."""

    def __init__(
        self, rng: random.Random, calendar: WorkCalendar, dossiers: Sequence[Dossier]
    ) -> None:
        self.rng = rng
        self.calendar = calendar
        self.dossiers = dossiers
        self.filed = [dossier.events[0].at for dossier in dossiers]
        self.numbers: dict[int, int] = {}

    def items(self, start: date, end: date, per_week: float) -> tuple[FeedbackItem, ...]:
        """The items received from ``start`` to ``end``, in receipt order."""
        rng, calendar = self.rng, self.calendar
        items = []
        day = start
        while day <= end:
            working = calendar.is_working_day(day)
            arrivals: list[tuple[datetime, int, FeedbackChannel]] = []
            for channel, share in FEEDBACK_CHANNELS:
                online = channel in (FeedbackChannel.ZALO, FeedbackChannel.PORTAL)
                if not (online or working):
                    continue
                count = _poisson(rng, per_week * share / (7 if online else 5))
                for _ in range(count):
                    if online:
                        low, high = ONLINE_HOURS
                        at = datetime.combine(day, time(low), tzinfo=VIETNAM_TZ) + _MINUTE * (
                            rng.randrange((high - low) * 60)
                        )
                    else:
                        at = _moment_in(rng, calendar, day, None)
                    arrivals.append((at, len(arrivals), channel))
            arrivals.sort(key=lambda arrival: (arrival[0], arrival[1]))
            items += [self._item(channel, at) for at, _, channel in arrivals]
            day += timedelta(days=1)
        return tuple(items)

    def _subject(self, received: datetime) -> tuple[Subject | None, FeedbackClass]:
        rng = self.rng
        draw = rng.random()
        known = bisect.bisect_right(self.filed, received)
        if draw < FEEDBACK_PROCEDURE_SHARE and known:
            dossier = self.dossiers[rng.randrange(max(0, known - FEEDBACK_RECENT_DOSSIERS), known)]
            return Subject.procedure(dossier.procedure.code), FeedbackClass.PROCEDURE
        draw -= FEEDBACK_PROCEDURE_SHARE
        if 0 <= draw < FEEDBACK_OFFICER_SHARE:
            officer = rng.choice((*_DESKS, *_OFFICERS))
            return Subject.officer(officer), FeedbackClass.OFFICER_CONDUCT
        if draw < FEEDBACK_OFFICER_SHARE + FEEDBACK_PLACE_SHARE:
            return Subject.place(rng.choice(_PLACES)), FeedbackClass.OTHER
        return None, FeedbackClass.OTHER

    def _working_day_until(self, first: date, last: date) -> date:
        """A random working day from ``first`` (worked) to ``last``, ``first`` when none."""
        room = self.calendar.working_days_between(first, last)
        if room <= 0:
            return first
        step = self.rng.randint(0, room)
        return self.calendar.add_working_days(first, step) if step else first

    def _item(self, channel: FeedbackChannel, received: datetime) -> FeedbackItem:
        rng, calendar = self.rng, self.calendar
        year = received.year
        number = self.numbers.get(year, 0) + 1
        self.numbers[year] = number
        subject, feedback_class = self._subject(received)
        author = (
            None
            if rng.random() < FEEDBACK_ANONYMOUS_SHARE
            else Author(name=f"Người phản ánh mô phỏng {year}-{number}")
        )
        desk, officer = rng.choice(_DESKS), rng.choice(_OFFICERS)
        office = channel in (FeedbackChannel.HOTLINE, FeedbackChannel.DESK)
        item = FeedbackItem.receive(
            id=f"SYN-PA-{year}-{number:05d}",
            at=received,
            channel=channel,
            calendar=calendar,
            subject=subject,
            author=author,
            summary=rng.choice(_FEEDBACK_SUMMARIES[feedback_class]),
            by=desk if office else None,
        )
        first = calendar.roll(received.date(), "forward")
        last = received
        if rng.random() < FEEDBACK_CLASSIFIED_SHARE:
            low, high = FEEDBACK_CLASSIFY_WORKING_DAYS
            wait = rng.randint(low, high)
            last = _moment_in(
                rng, calendar, calendar.add_working_days(first, wait) if wait else first, last
            )
            item = item.classify_as(feedback_class, at=last, by=officer)
        late = False
        if rng.random() < FEEDBACK_REFUSED_SHARE:
            due = item.due(Step.REFUSE)
            assert due is not None
            late = rng.random() < FEEDBACK_REFUSED_LATE_SHARE
            day = (
                calendar.add_working_days(due.date(), rng.randint(1, 3))
                if late
                else self._working_day_until(last.date() if last > received else first, due.date())
            )
            last = _moment_in(rng, calendar, max(day, last.date()), last)
            reason = "Nội dung không thuộc thẩm quyền giải quyết của phường (mô phỏng)"
            item = item.refuse(at=last, reason=reason, by=officer)
            handled = last
        else:
            if rng.random() < FEEDBACK_SUPPLEMENT_SHARE:
                due = item.due(Step.SUPPLEMENT_REQUEST)
                assert due is not None
                day = self._working_day_until(last.date() if last > received else first, due.date())
                last = _moment_in(rng, calendar, max(day, last.date()), last)
                request = "Đề nghị cung cấp thêm thông tin, hình ảnh (mô phỏng)"
                item = item.request_supplement(at=last, request=request, by=officer)
                wait = rng.randint(*FEEDBACK_SUPPLEMENT_WAIT_WORKING_DAYS)
                last = _moment_in(rng, calendar, calendar.add_working_days(last.date(), wait), None)
                item = item.receive_supplement(at=last, by=desk)
            due = item.due(Step.ANSWER)
            assert due is not None
            late = rng.random() < FEEDBACK_LATE_SHARE
            day = (
                calendar.add_working_days(due.date(), rng.choice(FEEDBACK_LATE_BY_WORKING_DAYS))
                if late
                else self._working_day_until(last.date() if last > received else first, due.date())
            )
            last = _moment_in(rng, calendar, max(day, last.date()), last)
            item = item.answer(at=last, summary="Đã trả lời công dân (mô phỏng)", by=officer)
            handled = last
            if rng.random() < FEEDBACK_PUBLISHED_SHARE:
                wait = rng.choice(FEEDBACK_PUBLISH_WORKING_DAYS)
                day = calendar.add_working_days(last.date(), wait) if wait else last.date()
                last = _moment_in(rng, calendar, day, last)
                where = "Trang Zalo của phường (mô phỏng)"
                item = item.publish(at=last, where=where, by=officer)
        unhappy = late or item.refused_at is not None
        after: list[tuple[datetime, Reaction | None]] = []
        reaction: Reaction | None
        if rng.random() < FEEDBACK_REACTED_SHARE:
            chance = FEEDBACK_LIKE_CHANCE[unhappy]
            for _ in range(rng.choice(FEEDBACK_REACTIONS)):
                reaction = Reaction.LIKE if rng.random() < chance else Reaction.DISLIKE
                after.append((handled + _MINUTE * rng.randint(10, 10 * 24 * 60), reaction))
        if rng.random() < FEEDBACK_RERAISED_SHARE[unhappy]:
            after.append((handled + _MINUTE * rng.randint(24 * 60, 20 * 24 * 60), None))
        for at, reaction in sorted(after, key=lambda event: event[0]):
            at = max(at, last)
            if reaction is None:
                reason = "Công dân phản ánh lại: chưa được giải quyết dứt điểm (mô phỏng)"
                item = item.reraise(at=at, reason=reason)
            else:
                item = item.react(reaction, at=at)
            last = at
        return item
