"""Hypothesis strategies for dossiers: moments under both rule sets, procedures with and
without a time limit, channels, rule-set variants, command payloads and whole legal dossier
histories (random walks through the commands the state allows, times never going back).

Every strategy shrinks towards a small, readable example: the first moment of the Decree 118
era at 08:00, the 3-working-day procedure 1.001022 filed in person, the rule set in force,
zero time between events, and the first command the transition table lists.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, time, timedelta
from typing import Any, TypeVar

import attrs
from hypothesis import strategies as st

from onestop.calendar import VIETNAM_TZ, WorkCalendar
from onestop.dossier import (
    DECREE_61,
    DECREE_118,
    TRANSITIONS,
    CountingStart,
    Dossier,
    EventKind,
    Granularity,
    LifecycleRules,
    SupplementPolicy,
)
from onestop.procedures import Channel, Procedure, default_catalog
from onestop.timing import TimeUnit

__all__ = [
    "CALENDAR",
    "NEW_RULES_FIRST",
    "NEW_RULES_LAST",
    "OLD_RULES_FIRST",
    "OLD_RULES_LAST",
    "PROCEDURES",
    "TIMED_PROCEDURES",
    "UNTIMED_PROCEDURES",
    "History",
    "RuleVariant",
    "amounts",
    "backward_steps",
    "channels",
    "command_kwargs",
    "current_promise",
    "describe",
    "dossiers",
    "forward_steps",
    "histories",
    "missing_papers",
    "moments",
    "new_due_offsets",
    "procedure_channels",
    "procedure_codes",
    "procedure_of",
    "procedures",
    "rarely",
    "reasons",
    "rule_overrides",
    "rule_variants",
    "rules_from",
    "rules_variant_of",
    "run_command",
    "settles_on_the_spot",
    "texts",
    "time_steps",
]

#: The calendar every generated dossier uses (years after 2026 are estimated, not refused).
CALENDAR = WorkCalendar.vietnam()

#: Receipts judged by Decree 118/2025/NĐ-CP ...
NEW_RULES_FIRST = date(2025, 7, 1)
NEW_RULES_LAST = date(2026, 12, 31)
#: ... and by Decree 61/2018/NĐ-CP.
OLD_RULES_FIRST = date(2018, 6, 21)
OLD_RULES_LAST = date(2025, 6, 30)


def _latest_versions() -> tuple[Procedure, ...]:
    """The last version of every procedure of the default catalog, whatever day it takes
    effect: a :class:`Dossier` takes any :class:`Procedure`, so a dossier of 2019 can reuse
    a version the catalog dates from 2025-07-01 (the rule set follows the receipt day)."""
    catalog = default_catalog()
    return tuple(
        catalog.histories[code].versions[-1].procedure for code in sorted(catalog.histories)
    )


def _first(code: str, pool: tuple[Procedure, ...]) -> tuple[Procedure, ...]:
    """``pool`` with procedure ``code`` first, so that examples shrink towards it."""
    return tuple(sorted(pool, key=lambda procedure: procedure.code != code))


#: Every procedure of the default catalog (its latest version).
PROCEDURES = _latest_versions()
#: Those with a time limit on at least one channel; 1.001022 (03 working days) first.
TIMED_PROCEDURES = _first(
    "1.001022",
    tuple(p for p in PROCEDURES if any(p.time_for(channel) is not None for channel in Channel)),
)
#: Those with no time limit on any channel: no clock runs.
UNTIMED_PROCEDURES = tuple(
    p for p in PROCEDURES if all(p.time_for(channel) is None for channel in Channel)
)
assert TIMED_PROCEDURES, "the default catalog has procedures with a time limit"
assert UNTIMED_PROCEDURES, "the default catalog has procedures without one"

channels: st.SearchStrategy[Channel] = st.sampled_from(
    [Channel.IN_PERSON, Channel.ONLINE, Channel.POSTAL]
)

# ------------------------------------------------------------------ moments

# Wall-clock times around the default sessions (07:30-11:30, 13:30-17:00) and the 15:00
# cutoff of same-day procedures, then any time at all.
_TIMES = (
    time(8, 0),
    time(7, 30),
    time(11, 30),
    time(13, 30),
    time(14, 59),
    time(15, 0),
    time(16, 59),
    time(17, 0),
    time(6, 0),
    time(22, 0),
)
_days = st.one_of(
    st.dates(NEW_RULES_FIRST, NEW_RULES_LAST), st.dates(OLD_RULES_FIRST, OLD_RULES_LAST)
)


def moments(days: st.SearchStrategy[date] = _days) -> st.SearchStrategy[datetime]:
    """Aware moments in Asia/Ho_Chi_Minh, on days under Decree 118 (2025-07-01..2026-12-31)
    or Decree 61 (2018-06-21..2025-06-30), often on a session boundary or the cutoff."""
    return st.builds(
        lambda day, clock: datetime.combine(day, clock, tzinfo=VIETNAM_TZ),
        days,
        st.one_of(st.sampled_from(_TIMES), st.times()),
    )


_MINUTE = timedelta(minutes=1)
#: Time from one event to the next, never negative: nothing, a few minutes or hours (same
#: session), a few days, or up to six weeks (enough for any limit of the catalog to pass, so
#: late returns are common).
forward_steps: st.SearchStrategy[timedelta] = st.one_of(
    st.sampled_from([timedelta(0), timedelta(minutes=30), timedelta(hours=2), timedelta(days=1)]),
    st.integers(0, 10 * 60).map(lambda minutes: minutes * _MINUTE),
    st.integers(0, 42 * 24 * 60).map(lambda minutes: minutes * _MINUTE),
)
#: Time going backwards: a microsecond to three days before the last event.
backward_steps: st.SearchStrategy[timedelta] = st.one_of(
    st.just(-timedelta(microseconds=1)),
    st.integers(1, 3 * 24 * 60).map(lambda minutes: -minutes * _MINUTE),
)


T = TypeVar("T")
# Shrinks to False; small integer ranges are drawn with a bias to their ends, a sample is not.
_ONE_IN_EIGHT = st.sampled_from([False] * 7 + [True])


def rarely(usual: st.SearchStrategy[T], odd: st.SearchStrategy[T]) -> st.SearchStrategy[T]:
    """``usual`` seven times in eight, else ``odd``; shrinks towards ``usual``."""
    return _ONE_IN_EIGHT.flatmap(lambda odd_one: odd if odd_one else usual)


#: Mostly forward steps; one in eight goes backwards (shrinks to a forward step).
time_steps: st.SearchStrategy[timedelta] = rarely(forward_steps, backward_steps)


#: A new return date for an apology, from the current promise: usually later (valid), at
#: times the same or earlier (refused).
new_due_offsets: st.SearchStrategy[timedelta] = st.one_of(
    st.integers(1, 20).map(lambda days: timedelta(days=days)),
    st.integers(-2 * 24 * 60, 0).map(lambda minutes: minutes * _MINUTE),
)

# ------------------------------------------------------------------ payloads

_REASONS = ["Cần xác minh", "Thiếu bản chính", "Quá tải", "Hồ sơ không hợp lệ"]
_PAPERS = ["Giấy chứng sinh", "Tờ khai", "Bản sao CCCD"]

#: Non-blank texts: a few Vietnamese phrases, else any printable text.
texts: st.SearchStrategy[str] = st.one_of(
    st.sampled_from(_REASONS),
    st.text(min_size=1, max_size=12).filter(lambda text: bool(text.strip())),
)
#: Reasons, once in a while blank: the event refuses a blank reason (DossierError).
reasons: st.SearchStrategy[str] = rarely(texts, st.sampled_from(["", "   "]))
#: The papers of a supplement or completion request; once in a while none (refused).
missing_papers: st.SearchStrategy[list[str]] = rarely(
    st.lists(st.one_of(st.sampled_from(_PAPERS), texts), min_size=1, max_size=3), st.just([])
)
amounts: st.SearchStrategy[int | None] = st.one_of(st.none(), st.integers(0, 5_000_000))


_BY_CODE = {procedure.code: procedure for procedure in PROCEDURES}
_CODES: dict[bool | None, st.SearchStrategy[str]] = {
    True: st.sampled_from([p.code for p in TIMED_PROCEDURES]),
    False: st.sampled_from([p.code for p in UNTIMED_PROCEDURES]),
}
_CODES[None] = st.one_of(_CODES[True], _CODES[False])


def procedure_codes(*, timed: bool | None = None) -> st.SearchStrategy[str]:
    """Codes of procedures of the default catalog: with a time limit (``timed=True``, shrinks
    to 1.001022), without one (``False``) or either (``None``). Codes, not procedures, so
    that a failing example prints short (and Hypothesis does not hash large records)."""
    return _CODES[timed]


def procedure_of(code: str, on_the_spot: bool = False) -> Procedure:
    """The latest version of procedure ``code``, flagged ``on_the_spot`` if asked (a ward's
    decision: settling on the spot then works for more than same-day procedures)."""
    procedure = _BY_CODE[code]
    return attrs.evolve(procedure, on_the_spot=True) if on_the_spot else procedure


def procedures(*, timed: bool | None = None) -> st.SearchStrategy[Procedure]:
    """Procedures of the default catalog (see :func:`procedure_codes`), now and then flagged
    ``on_the_spot``."""
    return st.builds(procedure_of, procedure_codes(timed=timed), st.booleans())


@st.composite
def procedure_channels(draw: st.DrawFn, *, timed: bool | None = None) -> tuple[Procedure, Channel]:
    """A procedure and a channel; with ``timed=True`` the procedure has a time limit on that
    channel (``procedure.time_for(channel) is not None``)."""
    procedure = draw(procedures(timed=timed))
    offered = [Channel.IN_PERSON, Channel.ONLINE, Channel.POSTAL]
    if timed:
        offered = [c for c in offered if procedure.time_for(c) is not None]
    return procedure, draw(st.sampled_from(offered))


#: A rule-set variant, as the parameters changed from a shipped set (printed in failing
#: examples instead of a whole rule set).
RuleVariant = dict[str, object]
_BASES = {"Decree 118": DECREE_118, "Decree 61": DECREE_61}

#: ``None`` (the rule set in force at receipt, half of the time) or a variant of a shipped
#: set with the documented parameters changed: restart on supplement, payment pausing the
#: clock, no or another supplement-count rule, 0-2 extensions, apology lead, minute
#: granularity, counting from filing.
rule_variants: st.SearchStrategy[RuleVariant | None] = st.one_of(
    st.none(),
    st.fixed_dictionaries(
        {
            "base": st.sampled_from(list(_BASES)),
            "supplement_policy": st.sampled_from(list(SupplementPolicy)),
            "payment_pauses_clock": st.booleans(),
            "late_after_supplement_requests": st.sampled_from([1, None, 0, 2]),
            "max_extensions": st.sampled_from([1, 0, 2]),
            "apology_lead_working_days": st.integers(0, 2),
            "granularity": st.sampled_from(list(Granularity)),
            "counting_starts": st.sampled_from(list(CountingStart)),
        }
    ),
)


def rules_from(variant: RuleVariant | None) -> LifecycleRules | None:
    """The rule set ``variant`` describes; ``None`` for none (the set in force at receipt)."""
    if variant is None:
        return None
    changes: dict[str, Any] = {name: value for name, value in variant.items() if name != "base"}
    return attrs.evolve(_BASES[str(variant["base"])], **changes)


#: Rule-set overrides for :meth:`Dossier.file` (see :data:`rule_variants`).
rule_overrides: st.SearchStrategy[LifecycleRules | None] = rule_variants.map(rules_from)


# ------------------------------------------------------------------ commands


def settles_on_the_spot(dossier: Dossier) -> bool:
    """Whether the procedure of ``dossier`` may be settled on the spot at all (guard of
    ``settle_on_the_spot``, the day of receipt aside)."""
    clock = dossier.clock
    if dossier.procedure.on_the_spot:
        return True
    processing_time = None if clock is None else clock.processing_time
    return processing_time is not None and processing_time.unit is TimeUnit.SAME_DAY


def current_promise(dossier: Dossier) -> datetime | None:
    """The promise an apology must move later: the slip's appointment (moved by the pauses)
    before any apology, the last apology's date after."""
    clock = dossier.clock
    if clock is None:
        return None
    return clock.promised_at if clock.extensions else clock.appointment


def command_kwargs(
    kind: EventKind,
    at: datetime,
    *,
    reason: str = "Cần xác minh",
    missing: list[str] | None = None,
    new_due: datetime | None = None,
    amount: int | None = None,
    text: str = "KQ-1",
) -> dict[str, object]:
    """The keyword arguments of the command ``kind`` (``dossier.<kind.value>(**kwargs)``)."""
    papers = ["Giấy chứng sinh"] if missing is None else missing
    extra: dict[EventKind, dict[str, object]] = {
        EventKind.REQUEST_COMPLETION: {"missing": papers, "reason": reason},
        EventKind.REFUSE_AT_DESK: {"reason": reason},
        EventKind.RECEIVE: {"receipt_number": text},
        EventKind.TRANSFER: {"to_unit": text},
        EventKind.REQUEST_SUPPLEMENT: {"missing": papers, "reason": reason},
        EventKind.REQUEST_PAYMENT: {"amount_vnd": amount},
        EventKind.SUSPEND: {"reason": reason, "legal_basis": "Điều 12 Luật 60/2014/QH13"},
        EventKind.EXTEND: {"reason": reason, "new_due": new_due or at + timedelta(days=5)},
        EventKind.FINISH: {"result": text},
        EventKind.SETTLE_ON_THE_SPOT: {"result": text},
        EventKind.WITHDRAW: {"reason": reason},
        EventKind.STOP: {"reason": reason},
    }
    return {"at": at, "by": "can-bo-1", **extra.get(kind, {})}


def run_command(dossier: Dossier, kind: EventKind, kwargs: dict[str, object]) -> Dossier:
    """``dossier.<kind.value>(**kwargs)``: the command that records an event of ``kind``."""
    command: Callable[..., Dossier] = getattr(dossier, kind.value)
    return command(**kwargs)


_SOME_PAPERS = st.lists(st.sampled_from(_PAPERS), min_size=1, max_size=2)
_LATER = st.integers(1, 20).map(lambda days: timedelta(days=days))
_CUT_SHORT = frozenset({EventKind.WITHDRAW, EventKind.REFUSE_AT_DESK, EventKind.STOP})
# Shrinks to False; small integer ranges are drawn with a bias to their ends, a sample is not.
_ONE_IN_TWELVE = st.sampled_from([False] * 11 + [True])


def _legal_step(draw: st.DrawFn, dossier: Dossier, *, stay_open: bool) -> Dossier | None:
    """``dossier`` after one command its state and guards allow, at a later or equal time;
    ``None`` when the command would close it and ``stay_open`` is set."""
    last = dossier.events[-1].at
    received = dossier.received_at
    kinds = []
    for kind in TRANSITIONS[dossier.state]:
        if kind is EventKind.EXTEND:
            clock = dossier.clock
            if clock is None or clock.extensions >= dossier.rules.max_extensions:
                continue
        if kind is EventKind.SETTLE_ON_THE_SPOT and not (
            settles_on_the_spot(dossier) and received is not None and last.date() == received.date()
        ):
            continue
        kinds.append(kind)
    # A walk ends early (withdrawn, refused, stopped) one step in twelve, so that most reach
    # processing, supplements, payments, suspensions and the return.
    ending = [kind for kind in kinds if kind in _CUT_SHORT]
    going_on = [kind for kind in kinds if kind not in _CUT_SHORT]
    cut_short = not going_on or (bool(ending) and draw(_ONE_IN_TWELVE))
    kind = draw(st.sampled_from(ending if cut_short else going_on))
    if stay_open and TRANSITIONS[dossier.state][kind].is_final:
        return None
    at = last + draw(forward_steps)
    if kind is EventKind.SETTLE_ON_THE_SPOT and at.date() != last.date():
        at = last
    payload: dict[str, Any] = {}
    if kind in _WITH_REASON:
        payload["reason"] = draw(texts)
    if kind in (EventKind.REQUEST_COMPLETION, EventKind.REQUEST_SUPPLEMENT):
        payload["missing"] = draw(_SOME_PAPERS)
    if kind is EventKind.REQUEST_PAYMENT:
        payload["amount"] = draw(amounts)
    if kind is EventKind.EXTEND:
        payload["new_due"] = (current_promise(dossier) or at) + draw(_LATER)
    return run_command(dossier, kind, command_kwargs(kind, at, **payload))


_WITH_REASON = frozenset(
    {
        EventKind.REQUEST_COMPLETION,
        EventKind.REFUSE_AT_DESK,
        EventKind.REQUEST_SUPPLEMENT,
        EventKind.SUSPEND,
        EventKind.EXTEND,
        EventKind.WITHDRAW,
        EventKind.STOP,
    }
)


@st.composite
def dossiers(
    draw: st.DrawFn,
    *,
    timed: bool | None = None,
    max_steps: int = 14,
    stay_open: bool = False,
    rules: st.SearchStrategy[LifecycleRules | None] | None = None,
    dossier_id: str = "HS-1",
) -> Dossier:
    """A legal dossier history: filed, then a random walk of up to ``max_steps`` commands its
    state allows (guards respected: at most the allowed extensions, each later than the
    promise; on the spot only on the day of receipt), times never going back. Walks include
    completion requests, supplements, payments, suspensions, extensions and late returns, and
    stop early at a final state. Shrinks to few steps, zero gaps and the first command of each
    state's row (receive, transfer, ...). With ``stay_open`` the walk stops before a final
    state instead; ``rules`` draws the rule-set override (default :data:`rule_overrides`)."""
    procedure, channel = draw(procedure_channels(timed=timed))
    dossier = Dossier.file(
        id=dossier_id,
        procedure=procedure,
        at=draw(moments()),
        calendar=CALENDAR,
        channel=channel,
        rules=draw(rule_overrides if rules is None else rules),
    )
    for _ in range(draw(st.integers(0, max_steps))):
        if dossier.state.is_final:
            break
        after = _legal_step(draw, dossier, stay_open=stay_open)
        if after is None:
            break
        dossier = after
    return dossier


class History:
    """A dossier history as a rule argument: Hypothesis prints it as :func:`describe` says,
    not field by field (a dossier holds its whole procedure and calendar)."""

    __slots__ = ("dossier",)

    def __init__(self, dossier: Dossier) -> None:
        self.dossier = dossier

    def __repr__(self) -> str:
        return f"History({describe(self.dossier)})"

    def _repr_pretty_(self, printer: Any, cycle: bool) -> None:
        printer.text(repr(self))


def histories(
    *,
    timed: bool | None = None,
    max_steps: int = 14,
    stay_open: bool = False,
    rules: st.SearchStrategy[LifecycleRules | None] | None = None,
) -> st.SearchStrategy[History]:
    """:func:`dossiers` wrapped in :class:`History`, so that a failing example prints as a
    few readable lines (a :class:`Dossier` would print its whole procedure and calendar)."""
    return dossiers(timed=timed, max_steps=max_steps, stay_open=stay_open, rules=rules).map(History)


def describe(dossier: Dossier) -> str:
    """The dossier as a few readable lines: procedure, channel, rule set, then each event
    with its time (and the slip's or the apology's date)."""
    rules = dossier.rules_override
    head = (
        f"{dossier.procedure.code}{' (on the spot)' if dossier.procedure.on_the_spot else ''} "
        f"{dossier.channel.value}, rules "
        + ("in force at receipt" if rules is None else repr(rules_variant_of(rules)))
    )
    lines = [head]
    for event in dossier.events:
        extra = ""
        for name in ("promised_at", "new_due"):
            value = getattr(event, name, None)
            if isinstance(value, datetime):
                extra += f" {name}={value.isoformat()}"
        lines.append(f"  {event.kind.value} {event.at.isoformat()}{extra}")
    return "\n".join(lines)


def rules_variant_of(rules: LifecycleRules) -> RuleVariant:
    """The parameters of ``rules`` that :data:`rule_variants` changes."""
    base = "Decree 118" if rules.name == DECREE_118.name else "Decree 61"
    return {"base": base} | {
        name: getattr(rules, name)
        for name in (
            "supplement_policy",
            "payment_pauses_clock",
            "late_after_supplement_requests",
            "max_extensions",
            "apology_lead_working_days",
            "granularity",
            "counting_starts",
        )
    }
