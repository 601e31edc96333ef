"""Replay: the same dossier events under a reformed catalog, and what changes.

A reformed dossier keeps every event of the original; only what the office would have
written differently under the reform is rewritten (:func:`reformed`). Classification, the
scorecard and the late share then follow from the dossiers as they always do.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterable, Mapping
from datetime import datetime
from fractions import Fraction
from typing import Any, Literal

import attrs

from onestop.calendar import WorkCalendar
from onestop.dossier import Dossier, Event, Extended, Outcome, Received
from onestop.errors import OnestopError
from onestop.procedures import Procedure
from onestop.scoring import Evaluation, Period, Scorecard, Unit, scorecard
from onestop.timing import ProcessingTime
from onestop.whatif._cut import Cut, as_share, refusal
from onestop.whatif._scenario import Scenario, ScenarioError

__all__ = [
    "Change",
    "Comparison",
    "ProcedureComparison",
    "SafeCut",
    "Tally",
    "reformed",
    "replay",
    "safe_cut",
]

#: The classes a share is taken over: dossiers measured against their appointment.
MEASURED = (Outcome.EARLY, Outcome.ON_TIME, Outcome.LATE)


@attrs.frozen
class Tally:
    """Dossiers by outcome.

    Shares are taken over the *measured* dossiers (early, on time or late); open dossiers
    and dossiers without a time limit are counted apart.

    Examples:
        >>> t = Tally.of([Outcome.EARLY, Outcome.EARLY, Outcome.LATE, Outcome.OPEN])
        >>> t.measured, t.share(Outcome.EARLY), t.share(Outcome.LATE)
        (3, Fraction(2, 3), Fraction(1, 3))
    """

    early: int = 0
    on_time: int = 0
    late: int = 0
    open: int = 0
    uncounted: int = 0

    @classmethod
    def of(cls, outcomes: Iterable[Outcome]) -> Tally:
        """The tally of ``outcomes``."""
        counts = dict.fromkeys(Outcome, 0)
        for outcome in outcomes:
            counts[outcome] += 1
        return cls(*(counts[outcome] for outcome in Outcome))

    def count(self, outcome: Outcome) -> int:
        """The number of dossiers of ``outcome``."""
        count: int = getattr(self, outcome.value)
        return count

    @property
    def measured(self) -> int:
        """Dossiers early, on time or late."""
        return self.early + self.on_time + self.late

    @property
    def total(self) -> int:
        """All dossiers."""
        return self.measured + self.open + self.uncounted

    def __add__(self, other: Tally) -> Tally:
        """The tally of both sets of dossiers.

        Examples:
            >>> Tally(early=2, late=1) + Tally(early=1, open=4)
            Tally(early=3, on_time=0, late=1, open=4, uncounted=0)
        """
        if not isinstance(other, Tally):
            return NotImplemented
        return Tally(*(self.count(outcome) + other.count(outcome) for outcome in Outcome))

    def share(self, outcome: Outcome) -> Fraction | None:
        """The share of ``outcome`` among the measured dossiers; ``None`` when none is."""
        if outcome not in MEASURED:
            raise ScenarioError(
                f"shares are of early, on time or late among the measured dossiers, not of "
                f"{outcome.value}; use count()"
            )
        if not self.measured:
            return None
        return Fraction(self.count(outcome), self.measured)


@attrs.frozen
class Change:
    """A dossier whose outcome differs under the scenario."""

    dossier_id: str
    code: str
    before: Outcome
    after: Outcome
    appointment_before: datetime | None
    appointment_after: datetime | None


@attrs.frozen
class ProcedureComparison:
    """The tallies of one procedure's dossiers before and after."""

    code: str
    before: Tally
    after: Tally


_Table = Literal["summary", "changes"]


@attrs.frozen
class Comparison:
    """The baseline and the scenario side by side: tallies in total and per procedure, the
    dossiers that change class, and the scorecards when a period and a unit were given."""

    scenario: Scenario
    #: The moment open dossiers were classified at (``None``: open dossiers stay open).
    now: datetime | None
    before: Tally
    after: Tally
    #: One per procedure code in the log, by code.
    procedures: tuple[ProcedureComparison, ...]
    #: The dossiers whose outcome changed, in log order.
    changes: tuple[Change, ...]
    #: The ids of dossiers whose apology was dropped: its new date was no longer later than
    #: the reformed slip's promise (:func:`reformed`).
    dropped_extensions: tuple[str, ...] = ()
    scorecard_before: Scorecard | None = None
    scorecard_after: Scorecard | None = None

    @classmethod
    def merge(cls, parts: Iterable[Comparison]) -> Comparison:
        """The comparison of a log split by dossier into ``parts``, each replayed under the
        same scenario at the same ``now``: tallies added, procedures joined, changes and
        dropped apologies one part after the other (so parts that are contiguous slices of a
        log give exactly the comparison of the whole log).

        Scorecards do not add up (their rates and points are not sums): merge comparisons
        replayed without a period, and build the scorecard of the whole log apart.

        Examples:
            >>> whole = replay([], Scenario("nothing"))
            >>> Comparison.merge([whole, whole]) == whole
            True
        """
        merged: Comparison | None = None
        for part in parts:
            if part.scorecard_before is not None or part.scorecard_after is not None:
                raise ScenarioError(
                    "comparisons with scorecards do not merge (rates and points are not sums): "
                    "replay the parts without period and unit, and build the scorecard of the "
                    "whole log with onestop.scoring.scorecard"
                )
            if merged is None:
                merged = part
                continue
            if part.scenario != merged.scenario or part.now != merged.now:
                raise ScenarioError(
                    f"parts replayed under different scenarios or at different moments do not "
                    f"merge: {merged.scenario.name!r} at {merged.now} and "
                    f"{part.scenario.name!r} at {part.now}"
                )
            merged = merged._plus(part)
        if merged is None:
            raise ScenarioError("nothing to merge: give at least one comparison")
        return merged

    def _plus(self, other: Comparison) -> Comparison:
        by_code = {item.code: item for item in self.procedures}
        for item in other.procedures:
            known = by_code.get(item.code)
            by_code[item.code] = (
                item
                if known is None
                else ProcedureComparison(
                    item.code, known.before + item.before, known.after + item.after
                )
            )
        return Comparison(
            self.scenario,
            self.now,
            self.before + other.before,
            self.after + other.after,
            tuple(by_code[code] for code in sorted(by_code)),
            self.changes + other.changes,
            self.dropped_extensions + other.dropped_extensions,
        )

    def for_procedure(self, code: str) -> ProcedureComparison:
        """The comparison of procedure ``code``."""
        for item in self.procedures:
            if item.code == code:
                return item
        raise ScenarioError(f"no dossier of procedure {code} in the replayed log")

    def to_records(self, table: _Table = "summary") -> list[dict[str, object]]:
        """Plain records: ``"summary"`` gives one per scope (``"*"`` for the total, then
        each procedure code) and outcome, with counts and shares (floats, over the measured
        dossiers) before and after; ``"changes"`` one per changed dossier.

        Examples:
            >>> empty = replay([], Scenario("nothing"))
            >>> empty.to_records()[0]
            {'procedure': '*', 'outcome': 'early', 'before': 0, 'after': 0, 'share_before': None, 'share_after': None}
        """
        if table == "changes":
            return [
                {
                    "dossier_id": change.dossier_id,
                    "procedure": change.code,
                    "before": change.before.value,
                    "after": change.after.value,
                    "appointment_before": change.appointment_before,
                    "appointment_after": change.appointment_after,
                }
                for change in self.changes
            ]
        if table != "summary":
            raise ScenarioError(f"table is 'summary' or 'changes', got {table!r}")
        scopes = [("*", self.before, self.after)]
        scopes += [(item.code, item.before, item.after) for item in self.procedures]
        records: list[dict[str, object]] = []
        for code, before, after in scopes:
            for outcome in Outcome:
                measured = outcome in MEASURED
                records.append(
                    {
                        "procedure": code,
                        "outcome": outcome.value,
                        "before": before.count(outcome),
                        "after": after.count(outcome),
                        "share_before": _float(before.share(outcome)) if measured else None,
                        "share_after": _float(after.share(outcome)) if measured else None,
                    }
                )
        return records

    def to_pandas(self, table: _Table = "summary") -> Any:
        """:meth:`to_records` as a ``pandas.DataFrame``; pandas is imported only here.

        Raises :class:`~onestop.whatif.ScenarioError` when pandas is not installed.
        """
        try:
            pandas = importlib.import_module("pandas")
        except ImportError:
            raise ScenarioError(
                "to_pandas() needs pandas, which is not installed: pip install pandas, or "
                "use to_records() for the same rows as plain dicts"
            ) from None
        return pandas.DataFrame.from_records(self.to_records(table))


def _float(value: Fraction | None) -> float | None:
    return None if value is None else float(value)


class _Reformer:
    """Reforms dossiers, each procedure and calendar once."""

    def __init__(self, scenario: Scenario) -> None:
        self.scenario = scenario
        # Keyed by id(): hashing a whole procedure per dossier would cost more than the
        # reform; the original is kept alive beside its key.
        self._procedures: dict[int, tuple[Procedure, Procedure]] = {}
        self._calendars: dict[int, tuple[WorkCalendar, WorkCalendar]] = {}

    def procedure(self, procedure: Procedure) -> Procedure:
        known = self._procedures.get(id(procedure))
        if known is None:
            known = (procedure, self.scenario.apply(procedure))
            self._procedures[id(procedure)] = known
        return known[1]

    def calendar(self, calendar: WorkCalendar) -> WorkCalendar:
        known = self._calendars.get(id(calendar))
        if known is None:
            known = (calendar, self.scenario.apply_calendar(calendar))
            self._calendars[id(calendar)] = known
        return known[1]

    def dossier(self, dossier: Dossier) -> tuple[Dossier, bool]:
        """The reformed dossier, and whether an apology was dropped."""
        procedure = self.procedure(dossier.procedure)
        calendar = self.calendar(dossier.calendar)
        if procedure is dossier.procedure and calendar is dossier.calendar:
            return dossier, False
        channel = dossier.channel
        if calendar is dossier.calendar and (
            procedure.time_for(channel) == dossier.procedure.time_for(channel)
        ):
            return self._build(dossier, procedure, calendar, dossier.events), False
        events: list[Event] = []
        dropped = False
        for event in dossier.events:
            if isinstance(event, Received) and event.promised_at is not None:
                unpromised = attrs.evolve(event, promised_at=None)
                clock = self._build(dossier, procedure, calendar, (*events, unpromised)).clock
                assert clock is not None
                due = None if clock.deadline is None else clock.deadline.due_at
                event = attrs.evolve(event, promised_at=due)
            elif isinstance(event, Extended):
                clock = self._build(dossier, procedure, calendar, events).clock
                if clock is not None:
                    current = clock.promised_at if clock.extensions else clock.appointment
                    if current is not None and event.new_due <= current:
                        dropped = True
                        continue
            events.append(event)
        return self._build(dossier, procedure, calendar, events), dropped

    def _build(
        self,
        dossier: Dossier,
        procedure: Procedure,
        calendar: WorkCalendar,
        events: Iterable[Event],
    ) -> Dossier:
        try:
            return Dossier(
                dossier.id, procedure, calendar, events, rules_override=dossier.rules_override
            )
        except OnestopError as error:
            raise ScenarioError(
                f"dossier {dossier.id} cannot be replayed under scenario "
                f"{self.scenario.name!r}: {error}"
            ) from error


def reformed(dossier: Dossier, scenario: Scenario) -> Dossier:
    """``dossier`` as it would stand under ``scenario``: the same events, the reformed
    procedure and calendar, and the slip the office would then have written.

    * When neither the procedure nor the calendar changes, the dossier itself is returned:
      the empty scenario reproduces the baseline exactly.
    * When the time limit of the dossier's channel and the calendar are unchanged, the events
      are kept as they are, the slip's frozen promise included.
    * Otherwise the receipt slip's promise (``Received.promised_at``) is recomputed as
      :meth:`Dossier.receive` computes it: the statutory due moment of the reformed time
      from the dossier's counting start. A slip without a promise stays without one.
    * An apology (``Extended``) whose new date is not later than the reformed promise
      standing then is dropped: the office would not have sent it, and the lifecycle rules
      refuse such a date. An apology never changes the classification (a dossier is
      classified against its slip), so dropping it changes only the apology check.

    Examples:
        >>> from datetime import datetime
        >>> from onestop.calendar import VIETNAM_TZ, WorkCalendar
        >>> from onestop.procedures import default_catalog
        >>> at = datetime(2026, 3, 2, 9, tzinfo=VIETNAM_TZ)
        >>> p = default_catalog().get("1.004222", on=at.date())
        >>> d = Dossier.file(id="HS-1", procedure=p, at=at, calendar=WorkCalendar.vietnam())
        >>> d = d.receive(at=at)
        >>> d.clock.promised_at.date(), reformed(d, Scenario("x").cut(p, 0.3)).clock.promised_at.date()
        (datetime.date(2026, 3, 11), datetime.date(2026, 3, 6))
    """
    return _Reformer(scenario).dossier(dossier)[0]


def replay(
    dossiers: Iterable[Dossier],
    scenario: Scenario,
    *,
    now: datetime | None = None,
    period: Period | None = None,
    unit: Unit | None = None,
    evaluations: Iterable[Evaluation] = (),
    complaints: Iterable[str] = (),
    inputs: Mapping[str, tuple[int, int]] | None = None,
) -> Comparison:
    """Every dossier of ``dossiers`` classified under the baseline and under ``scenario``
    (:func:`reformed`), compared.

    Dossiers are classified at ``now`` (``Dossier.classify``): an open dossier is late once
    ``now`` is past its appointment, and stays open without ``now``. With ``period`` and
    ``unit`` (both or neither) the comparison also holds the scorecards of both logs, with
    ``evaluations``, ``complaints`` and ``inputs`` passed to :func:`~onestop.scoring.scorecard`.

    Examples:
        >>> from datetime import datetime
        >>> from onestop.calendar import VIETNAM_TZ, WorkCalendar
        >>> from onestop.procedures import default_catalog
        >>> def t(day):
        ...     return datetime(2026, 3, day, 9, tzinfo=VIETNAM_TZ)
        >>> p = default_catalog().get("1.004222", on=t(2).date())  # 07 ngày làm việc
        >>> log = [Dossier.file(id=f"HS-{end}", procedure=p, at=t(2),
        ...                     calendar=WorkCalendar.vietnam()).receive(at=t(2)).finish(at=t(end))
        ...        for end in (5, 9, 11, 12)]
        >>> c = replay(log, Scenario("-30%").cut(p, 0.3))
        >>> c.before.early, c.before.on_time, c.before.late
        (2, 1, 1)
        >>> c.after.early, c.after.on_time, c.after.late
        (1, 0, 3)
        >>> [(x.dossier_id, x.before.value, x.after.value) for x in c.changes]
        [('HS-9', 'early', 'late'), ('HS-11', 'on_time', 'late')]
    """
    if (period is None) != (unit is None):
        raise ScenarioError("give both period and unit for the scorecards, or neither")
    originals = list(dossiers)
    reformer = _Reformer(scenario)
    afters: list[Dossier] = []
    dropped: list[str] = []
    changes: list[Change] = []
    by_code: dict[str, tuple[list[Outcome], list[Outcome]]] = {}
    all_before: list[Outcome] = []
    all_after: list[Outcome] = []
    for original in originals:
        after, was_dropped = reformer.dossier(original)
        afters.append(after)
        if was_dropped:
            dropped.append(original.id)
        if after is original:
            first = second = original.classify(now)
        else:
            first, second = original.classify(now), after.classify(now)
        code = original.procedure.code
        befores, results = by_code.setdefault(code, ([], []))
        befores.append(first.outcome)
        results.append(second.outcome)
        all_before.append(first.outcome)
        all_after.append(second.outcome)
        if first.outcome is not second.outcome:
            changes.append(
                Change(
                    original.id,
                    code,
                    first.outcome,
                    second.outcome,
                    first.appointment,
                    second.appointment,
                )
            )
    cards: tuple[Scorecard | None, Scorecard | None] = (None, None)
    if period is not None and unit is not None:
        evaluated = tuple(evaluations)
        complained = tuple(complaints)
        cards = (
            scorecard(
                originals,
                unit=unit,
                period=period,
                evaluations=evaluated,
                complaints=complained,
                inputs=inputs,
            ),
            scorecard(
                afters,
                unit=unit,
                period=period,
                evaluations=evaluated,
                complaints=complained,
                inputs=inputs,
            ),
        )
    return Comparison(
        scenario,
        now,
        Tally.of(all_before),
        Tally.of(all_after),
        tuple(
            ProcedureComparison(code, Tally.of(by_code[code][0]), Tally.of(by_code[code][1]))
            for code in sorted(by_code)
        ),
        tuple(changes),
        tuple(dropped),
        *cards,
    )


@attrs.frozen
class SafeCut:
    """The largest cut of one procedure's time that keeps its late share within a bound."""

    code: str
    #: The time limit in the log.
    time: ProcessingTime
    #: The time limit after the cut.
    reformed: ProcessingTime
    #: Whole units (working days, or working hours) cut: 0 when no cut keeps the bound.
    cut: int
    #: ``cut`` over the original amount.
    share: Fraction
    #: The late share of the procedure's measured dossiers after the cut.
    late_share: Fraction
    late: int
    measured: int
    max_late_share: Fraction
    #: Whether the late share after the cut is within the bound (``False`` only when even
    #: the baseline exceeds it; then ``cut`` is 0).
    within_bound: bool


def safe_cut(
    dossiers: Iterable[Dossier],
    code: str,
    max_late_share: object,
    *,
    now: datetime | None = None,
) -> SafeCut:
    """The largest cut of procedure ``code``'s time limit, in whole units of the limit (0 to
    ``amount − 1`` working days, or working hours), whose replayed late share stays at or
    below ``max_late_share``, given the dossiers' observed events.

    The late share is taken over the procedure's measured dossiers (early, on time or late
    at ``now``). All its dossiers in the log must share one time limit (one version, one
    time for every channel used): cut by share with :func:`replay` otherwise.

    Examples:
        >>> from datetime import datetime
        >>> from onestop.calendar import VIETNAM_TZ, WorkCalendar
        >>> from onestop.procedures import default_catalog
        >>> def t(day):
        ...     return datetime(2026, 3, day, 9, tzinfo=VIETNAM_TZ)
        >>> p = default_catalog().get("1.004222", on=t(2).date())  # 07 ngày làm việc
        >>> log = [Dossier.file(id=f"HS-{end}", procedure=p, at=t(2),
        ...                     calendar=WorkCalendar.vietnam()).receive(at=t(2)).finish(at=t(end))
        ...        for end in (3, 4, 5, 6)]
        >>> best = safe_cut(log, "1.004222", "1/4")
        >>> best.cut, str(best.reformed), best.late_share
        (4, '03 ngày làm việc', Fraction(1, 4))
    """
    bound = as_share(max_late_share)
    if not 0 <= bound <= 1:
        raise ScenarioError(f"max_late_share is a share in [0, 1], got {max_late_share!r}")
    own = [dossier for dossier in dossiers if dossier.procedure.code == code]
    if not own:
        raise ScenarioError(f"no dossier of procedure {code} in the log")
    times = {dossier.procedure.time_for(dossier.channel) for dossier in own}
    if len(times) != 1:
        listed = ", ".join(sorted(str(time) for time in times))
        raise ScenarioError(
            f"safe_cut needs one time limit for {code}; the log holds {listed}: cut by share "
            "with replay() instead"
        )
    (time,) = times
    why = refusal(time)
    if why is not None or time is None:
        raise ScenarioError(f"procedure {code} cannot be cut: {why}")
    best: SafeCut | None = None
    for days in range(time.amount):
        if days == 0:
            scenario = Scenario(f"{code} as it is")
        else:
            scenario = Scenario(f"{code} −{days}", (Cut(code, Fraction(days, time.amount)),))
        tally = replay(own, scenario, now=now).after
        late_share = tally.share(Outcome.LATE)
        if late_share is None:
            raise ScenarioError(
                f"no dossier of procedure {code} is measured (ended, or late at now); pass now "
                "or a log with ended dossiers"
            )
        within = late_share <= bound
        if within or best is None:
            best = SafeCut(
                code,
                time,
                attrs.evolve(time, amount=time.amount - days),
                days,
                Fraction(days, time.amount),
                late_share,
                tally.late,
                tally.measured,
                bound,
                within,
            )
    assert best is not None
    return best
