"""Scenarios that change fees and channels and remove special sessions: each change by hand,
its errors, the scenario file (and its round trip), what replay does with dossiers filed
through a withdrawn channel, and the properties (fees never change a classification;
removing then re-adding sessions changes nothing)."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from fractions import Fraction

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from onestop.calendar import VIETNAM_TZ, WorkCalendar
from onestop.dossier import Dossier, Outcome
from onestop.procedures import Channel, OnlineService, Procedure, default_catalog
from onestop.timing import ProcessingTime
from onestop.whatif import (
    ChannelAction,
    ChannelChange,
    Cut,
    FeeChange,
    Rounding,
    Scenario,
    ScenarioError,
    SessionRemoval,
    dump_scenario,
    load_scenario,
    reformed,
    replay,
)

CAL = WorkCalendar.vietnam()
MARCH_2 = date(2026, 3, 2)
SUNDAY_VI = "Ngày Chủ nhật gần Dân"
WARD = CAL.with_first_sunday_sessions(start=date(2024, 1, 1), source="Kế hoạch phường An Khê")


def proc(code: str) -> Procedure:
    return default_catalog().get(code, on=MARCH_2)


#: 07 ngày làm việc for the procedure; rows online (10,000 đ) and in person (20,000 đ).
SEVEN = proc("1.004222")
#: No limit of its own; rows online 17, postal 20, in person 27 working days.
BY_CHANNEL = proc("1.013978")
#: No limit of its own; one row, in person, 05 ngày làm việc.
MOBILE = proc("1.000419")
#: No limit of its own; two online rows (01 and 02 ngày làm việc).
TWO_ROWS = proc("1.003677")


def vn(month: int, day: int, hour: int = 9) -> datetime:
    return datetime(2026, month, day, hour, tzinfo=VIETNAM_TZ)


def finished(
    name: str,
    procedure: Procedure,
    received: datetime,
    ended: datetime,
    channel: Channel = Channel.IN_PERSON,
    calendar: WorkCalendar = CAL,
) -> Dossier:
    d = Dossier.file(id=name, procedure=procedure, at=received, calendar=calendar, channel=channel)
    return d.receive(at=received).finish(at=ended)


def rows(procedure: Procedure) -> list[tuple[str, str | None, int | None]]:
    return [
        (
            offer.channel.value,
            None if offer.processing_time is None else str(offer.processing_time),
            None if offer.fee is None else offer.fee.amount_vnd,
        )
        for offer in procedure.channels
    ]


# ---------------------------------------------------------------- fees


def test_a_fee_set_on_every_channel_or_on_one() -> None:
    free = Scenario("free").set_fee(SEVEN, 0).apply(SEVEN)
    assert rows(free) == [("online", "07 ngày làm việc", 0), ("in_person", "07 ngày làm việc", 0)]
    assert free.channels[0].fee is not None
    assert (free.channels[0].fee.verbatim, free.channels[0].fee.note) == ("Miễn phí", "what-if")
    assert free.notes[-1] == "what-if: fee of every channel set to 0 VND"
    online = Scenario("cheaper").set_fee(SEVEN, 5000, channel="online").apply(SEVEN)
    assert rows(online) == [
        ("online", "07 ngày làm việc", 5000),
        ("in_person", "07 ngày làm việc", 20000),
    ]
    assert online.time_for(Channel.ONLINE) == SEVEN.time_for(Channel.ONLINE)
    assert rows(SEVEN)[0][2] == 10000  # the baseline stays


@pytest.mark.parametrize(
    ("amount", "message"),
    [
        (-1, "fee -1 VND is negative: a fee is 0"),
        (5000.0, "whole number of đồng"),
        ("5000", "whole number of đồng"),
        (True, "whole number of đồng"),
    ],
)
def test_impossible_fees_are_refused(amount: object, message: str) -> None:
    with pytest.raises(ScenarioError, match=message):
        Scenario("x").set_fee("1.004222", amount)  # type: ignore[arg-type]


def test_a_fee_needs_a_channel_the_procedure_offers() -> None:
    with pytest.raises(ScenarioError, match="unknown channel 'fax': a channel is one of"):
        FeeChange("1.004222", 5000, "fax")
    message = r"1\.004222 cannot have its fee set: it does not offer postal \(it offers"
    with pytest.raises(ScenarioError, match=message):
        Scenario("x").set_fee(SEVEN, 5000, channel=Channel.POSTAL)
    by_code = Scenario("x").set_fee("1.004222", 5000, channel="postal")
    with pytest.raises(ScenarioError, match=message):
        by_code.apply(SEVEN)
    no_rows = attrs.evolve(SEVEN, channels=())
    with pytest.raises(ScenarioError, match="it lists no channel"):
        FeeChange(SEVEN.code, 0).apply(no_rows)
    with pytest.raises(ScenarioError, match=r"does not apply to 1\.004222"):
        FeeChange("1.001022", 0).apply(SEVEN)
    with pytest.raises(ScenarioError, match="needs the procedure code"):
        FeeChange(" ", 0)


# ---------------------------------------------------------------- channels


def test_offering_a_channel() -> None:
    postal = Scenario("post").offer(SEVEN, "postal").apply(SEVEN)
    assert postal.channel_set == {Channel.ONLINE, Channel.IN_PERSON, Channel.POSTAL}
    assert postal.time_for(Channel.POSTAL) == ProcessingTime.working_days(7)
    assert postal.channels[-1].description == "what-if: channel postal offered"
    online = Scenario("online").offer(MOBILE, Channel.ONLINE, time="03 ngày làm việc")
    assert online.apply(MOBILE).time_for(Channel.ONLINE) == ProcessingTime.working_days(3)
    assert online.apply(MOBILE).channels[-1].time_verbatim == "03 ngày làm việc"
    assert online.apply(MOBILE).notes[-1] == (
        "what-if: channel online offered with time 03 ngày làm việc"
    )


def test_offering_is_refused_when_it_would_mean_nothing_or_be_ignored() -> None:
    with pytest.raises(ScenarioError, match="already offers online; set that channel's time"):
        Scenario("x").offer(SEVEN, "online")
    with pytest.raises(ScenarioError, match="needs its own time: give time"):
        Scenario("x").offer(MOBILE, "online")
    with pytest.raises(ScenarioError, match=r"time limit '07 ngày làm việc' governs every"):
        Scenario("x").offer(SEVEN, "postal", time="03 ngày làm việc")
    with pytest.raises(ScenarioError, match="cannot read the time limit"):
        Scenario("x").offer(MOBILE, "online", time="three days")
    with pytest.raises(ScenarioError, match="a time limit is a ProcessingTime"):
        ChannelChange(MOBILE.code, "online", ChannelAction.OFFER, 3)


def test_withdrawing_a_channel() -> None:
    reform = Scenario("no online").withdraw(SEVEN, "online").apply(SEVEN)
    assert reform.channel_set == {Channel.IN_PERSON}
    assert type(reform) is Procedure  # the procedure's own limit still answers
    assert reform.time_for(Channel.ONLINE) == ProcessingTime.working_days(7)
    assert reform.notes[-1] == "what-if: channel online withdrawn"
    full = attrs.evolve(SEVEN, online_service=OnlineService.FULL)
    assert Scenario("x").withdraw(full, "online").apply(full).online_service is None
    assert Scenario("x").withdraw(full, "in_person").apply(full).online_service is (
        OnlineService.FULL
    )


def test_a_withdrawn_channel_keeps_its_time_for_the_dossiers_filed_through_it() -> None:
    reform = Scenario("no post").withdraw(BY_CHANNEL, "postal").apply(BY_CHANNEL)
    assert isinstance(reform, Procedure)
    assert Channel.POSTAL not in reform.channel_set
    assert reform.time_for(Channel.POSTAL) == ProcessingTime.working_days(20)
    assert reform.time_for(Channel.ONLINE) == ProcessingTime.working_days(17)
    # With a cut, the withdrawn channel's dossiers get the cut time, as the others do.
    cut = Scenario("x").withdraw(BY_CHANNEL, "postal").cut(BY_CHANNEL, "30%").apply(BY_CHANNEL)
    assert cut.time_for(Channel.POSTAL) == ProcessingTime.working_days(14)
    assert cut.time_for(Channel.IN_PERSON) == ProcessingTime.working_days(18)


def test_replay_keeps_and_reports_the_dossiers_filed_through_a_withdrawn_channel() -> None:
    log = [
        finished("HS-post", BY_CHANNEL, vn(3, 2), vn(3, 20), Channel.POSTAL),
        finished("HS-desk", BY_CHANNEL, vn(3, 2), vn(3, 20)),
        finished("HS-other", SEVEN, vn(3, 2), vn(3, 5), Channel.ONLINE),
    ]
    scenario = Scenario("no post").withdraw(BY_CHANNEL, "postal")
    comparison = replay(log, scenario)
    assert comparison.changes == ()
    assert comparison.after == comparison.before
    assert comparison.after.uncounted == 0
    assert scenario.filed_through_withdrawn(log) == ("HS-post",)
    assert Scenario("x").filed_through_withdrawn(log) == ()
    after = reformed(log[0], scenario)
    assert after.clock is not None
    assert after.clock.processing_time == ProcessingTime.working_days(20)


def test_withdrawing_is_refused_for_a_channel_not_offered_or_the_last_one() -> None:
    with pytest.raises(ScenarioError, match=r"it does not offer postal .*: nothing to withdraw"):
        Scenario("x").withdraw(SEVEN, "postal")
    with pytest.raises(ScenarioError, match="in_person is its only channel"):
        Scenario("x").withdraw(MOBILE, "in_person")
    both = Scenario("x").withdraw(SEVEN.code, "online").withdraw(SEVEN.code, "in_person")
    with pytest.raises(ScenarioError, match="in_person is its only channel"):
        both.apply(SEVEN)
    with pytest.raises(ScenarioError, match="in_person is its only channel"):
        Scenario("x").withdraw(SEVEN, "online").withdraw(SEVEN, "in_person")
    with pytest.raises(ScenarioError, match="takes no time"):
        ChannelChange(SEVEN.code, "online", ChannelAction.WITHDRAW, "03 ngày làm việc")


def test_setting_one_channel_s_time() -> None:
    online = Scenario("x").set_channel_time(BY_CHANNEL, "online", "10 ngày làm việc")
    reform = online.apply(BY_CHANNEL)
    assert rows(reform) == [
        ("online", "10 ngày làm việc", 0),
        ("postal", "20 ngày làm việc", 0),
        ("in_person", "27 ngày làm việc", 0),
    ]
    assert reform.notes[-1] == "what-if: channel online given time 10 ngày làm việc"
    # Every row of the channel gets the time.
    both = Scenario("x").set_channel_time(TWO_ROWS, "online", ProcessingTime.working_days(3))
    assert [o.processing_time for o in both.apply(TWO_ROWS).channels] == [
        ProcessingTime.working_days(3)
    ] * 2


def test_setting_a_channel_s_time_is_refused_where_it_would_be_ignored() -> None:
    with pytest.raises(ScenarioError, match="governs every channel"):
        Scenario("x").set_channel_time(SEVEN, "online", "03 ngày làm việc")
    with pytest.raises(ScenarioError, match=r"does not offer online \(it offers in_person\)"):
        Scenario("x").set_channel_time(MOBILE, "online", "03 ngày làm việc")
    with pytest.raises(ScenarioError, match="needs the time"):
        ChannelChange(MOBILE.code, "online", ChannelAction.SET_TIME)
    with pytest.raises(ScenarioError, match="action must be a ChannelAction"):
        ChannelChange(MOBILE.code, "online", "offer")  # type: ignore[arg-type]
    with pytest.raises(ScenarioError, match=r"does not apply to 1\.004222"):
        ChannelChange(MOBILE.code, "online", ChannelAction.WITHDRAW).apply(SEVEN)


def test_a_shorter_channel_time_makes_its_dossiers_late() -> None:
    # Received Monday 2 March, finished Friday 13 March: 9 working days.
    log = [
        finished("HS-online", BY_CHANNEL, vn(3, 2), vn(3, 13), Channel.ONLINE),
        finished("HS-desk", BY_CHANNEL, vn(3, 2), vn(3, 13)),
    ]
    comparison = replay(
        log, Scenario("x").set_channel_time(BY_CHANNEL, "online", "05 ngày làm việc")
    )
    assert [(c.dossier_id, c.before, c.after) for c in comparison.changes] == [
        ("HS-online", Outcome.EARLY, Outcome.LATE)
    ]


# ---------------------------------------------------------------- the scenario as a whole


def test_changes_apply_in_order_and_see_the_earlier_ones() -> None:
    scenario = (
        Scenario("online and cheaper")
        .offer(MOBILE, "online", time="03 ngày làm việc")
        .set_fee(MOBILE, 0, channel="online")
    )
    assert rows(scenario.apply(MOBILE)) == [
        ("in_person", "05 ngày làm việc", 0),
        ("online", "03 ngày làm việc", 0),
    ]
    assert scenario.apply(SEVEN) is SEVEN
    assert not scenario.is_empty


@pytest.mark.parametrize(
    ("build", "message"),
    [
        (
            lambda s: s.offer(SEVEN.code, "postal").withdraw(SEVEN.code, "postal"),
            r"channel postal is changed twice \(offer, then withdraw\)",
        ),
        (
            lambda s: s.set_fee(SEVEN.code, 0).set_fee(SEVEN.code, 5, channel="online"),
            "fee of procedure 1.004222 is set twice on online",
        ),
        (
            lambda s: s.set_fee(SEVEN.code, 0, channel="online").set_fee(SEVEN.code, 5),
            "fee of procedure 1.004222 is set twice on every channel",
        ),
        (
            lambda s: s.withdraw(SEVEN.code, "online").set_fee(SEVEN.code, 0, channel="online"),
            "but the scenario withdraws that channel",
        ),
        (
            lambda s: s.cut(MOBILE.code, 0.3).offer(MOBILE.code, "online", time="03 ngày làm việc"),
            "is both cut and given a time for channel online",
        ),
        (
            lambda s: s.set_channel_time(BY_CHANNEL.code, "online", "09 ngày làm việc").cut(
                BY_CHANNEL.code, 0.3
            ),
            "is both cut and given a time",
        ),
    ],
)
def test_conflicting_changes_are_refused(build: object, message: str) -> None:
    with pytest.raises(ScenarioError, match=message):
        build(Scenario("x"))  # type: ignore[operator]


def test_compatible_changes_on_one_procedure() -> None:
    scenario = (
        Scenario("x")
        .withdraw(SEVEN, "online")
        .set_fee(SEVEN, 5000, channel="in_person")
        .offer(SEVEN, "postal")
        .set_fee(SEVEN, 0, channel="postal")
        .cut(SEVEN, "30%")
    )
    assert [change.action for change in scenario.channel_changes] == [
        ChannelAction.OFFER,
        ChannelAction.WITHDRAW,
    ]
    reform = scenario.apply(SEVEN)
    assert rows(reform) == [("in_person", "04 ngày làm việc", 5000), ("postal", None, 0)]
    assert reform.time_for(Channel.POSTAL) == ProcessingTime.working_days(4)


def test_the_fields_hold_values_of_their_kind() -> None:
    with pytest.raises(ScenarioError, match="fee changes are FeeChange values"):
        Scenario("x", fees=("free",))  # type: ignore[arg-type]
    with pytest.raises(ScenarioError, match="channel changes are ChannelChange values"):
        Scenario("x", channel_changes=(FeeChange("1.004222", 0),))  # type: ignore[arg-type]
    with pytest.raises(ScenarioError, match="session removals are SessionRemoval values"):
        Scenario("x", removed_sessions=(SUNDAY_VI,))  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "scenario",
    [
        Scenario("x").set_fee("1.004222", 0),
        Scenario("x").withdraw("1.004222", "online"),
        Scenario("x").without_special_sessions(),
    ],
)
def test_each_change_makes_a_scenario_non_empty(scenario: Scenario) -> None:
    assert not scenario.is_empty


# ---------------------------------------------------------------- sessions


def test_removing_sessions_from_every_calendar() -> None:
    scenario = Scenario("no Sundays").without_special_sessions(SUNDAY_VI)
    assert scenario.apply_calendar(WARD).sessions(date(2026, 3, 1)) == ()
    assert Scenario("x").apply_calendar(WARD) is WARD
    with pytest.raises(ScenarioError, match="cannot remove special sessions 'Ngày Chủ nhật"):
        scenario.apply_calendar(CAL)
    summer = Scenario("x").without_special_sessions(start=date(2026, 6, 1), until=date(2026, 8, 31))
    assert summer.apply_calendar(WARD).sessions(date(2026, 7, 5)) == ()
    assert summer.apply_calendar(WARD).sessions(date(2026, 9, 6)) != ()


def test_removals_come_before_additions_so_a_series_can_be_replaced() -> None:
    (old,) = WARD.special_sessions
    counted = attrs.evolve(old, counts_toward_deadlines=True)
    scenario = Scenario("count Sundays").without_special_sessions(SUNDAY_VI)
    scenario = scenario.with_special_sessions(counted)
    calendar = scenario.apply_calendar(WARD)
    assert calendar.special_sessions == (counted,)
    assert calendar.is_working_day(date(2026, 3, 1))
    # Friday 27 February 09:00 + 7 working days: Tuesday 10 March; with Sunday 1 March
    # counted, Monday 9 March.
    log = [finished("HS-1", SEVEN, vn(2, 27), vn(3, 10), calendar=WARD)]
    assert replay(log, scenario).changes[0].before is Outcome.ON_TIME
    assert replay(log, scenario).changes[0].after is Outcome.LATE


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"sessions": ""}, "by their SpecialSessions value, by their name"),
        ({"sessions": 3}, "by their SpecialSessions value, by their name"),
        ({"start": "2026-07-01"}, "start is a datetime.date"),
        ({"until": vn(7, 1)}, "until is a datetime.date"),
        ({"start": date(2026, 7, 1), "until": date(2026, 6, 1)}, "give start <= until"),
    ],
)
def test_session_removals_are_checked(kwargs: dict[str, object], message: str) -> None:
    with pytest.raises(ScenarioError, match=message):
        SessionRemoval(**kwargs)  # type: ignore[arg-type]


def test_a_removal_describes_itself() -> None:
    (series,) = WARD.special_sessions
    assert SessionRemoval().describe() == "every special session"
    assert SessionRemoval(series, until=date(2026, 1, 31)).describe() == (
        "special sessions 'Ngày Chủ nhật gần Dân' (Kế hoạch phường An Khê) until 2026-01-31"
    )


# ---------------------------------------------------------------- the scenario file


def test_load_the_new_tables() -> None:
    scenario = load_scenario(
        """
        name = "Đổi kênh, phí và phiên"
        [[fee]]
        code = "1.004222"
        amount_vnd = 5000
        channel = "online"
        [[fee]]
        code = "1.001022"
        amount_vnd = 0
        [[offer]]
        code = "1.000419"
        channel = "online"
        time = "03 ngày làm việc"
        [[withdraw]]
        code = "1.004222"
        channel = "in_person"
        [[channel_time]]
        code = "1.013978"
        channel = "online"
        time = "10 ngày làm việc"
        [[remove_sessions]]
        name = "Ngày Chủ nhật gần Dân"
        start = 2026-06-01
        until = 2026-08-31
        [[remove_sessions]]
        """
    )
    assert scenario.fees == (
        FeeChange("1.004222", 5000, Channel.ONLINE),
        FeeChange("1.001022", 0),
    )
    assert scenario.channel_changes == (
        ChannelChange("1.000419", Channel.ONLINE, ChannelAction.OFFER, "03 ngày làm việc"),
        ChannelChange("1.013978", Channel.ONLINE, ChannelAction.SET_TIME, "10 ngày làm việc"),
        ChannelChange("1.004222", Channel.IN_PERSON, ChannelAction.WITHDRAW),
    )
    assert scenario.removed_sessions == (
        SessionRemoval(SUNDAY_VI, date(2026, 6, 1), date(2026, 8, 31)),
        SessionRemoval(),
    )


@pytest.mark.parametrize(
    ("text", "messages"),
    [
        ("name = 'x'\nfee = 3", ["$.fee: write each as a [[fee]] table"]),
        ("name = 'x'\n[[fee]]\ncode = '1.004222'", ["$.fee[0].amount_vnd: missing"]),
        (
            "name = 'x'\n[[fee]]\namount_vnd = 1.5\nprice = 3",
            [
                "$.fee[0]: unknown key 'price'; a fee has code, amount_vnd, channel",
                "$.fee[0].code: give the procedure code as text",
                "$.fee[0].amount_vnd: a fee is a whole number of đồng",
            ],
        ),
        (
            "name = 'x'\n[[offer]]\ncode = '1.000419'\nchannel = 'fax'\ntime = 'soon'",
            [
                "$.offer[0].channel: unknown channel 'fax'",
                "$.offer[0].time: cannot read the time limit 'soon'",
            ],
        ),
        ("name = 'x'\n[[withdraw]]\ncode = '1.004222'", ["$.withdraw[0].channel: missing"]),
        (
            "name = 'x'\n[[withdraw]]\ncode = '1.004222'\nchannel = 'online'\ntime = '01 ngày'",
            ["$.withdraw[0]: unknown key 'time'; a withdraw has code, channel"],
        ),
        (
            "name = 'x'\n[[channel_time]]\ncode = '1.013978'\nchannel = 'online'",
            ["$.channel_time[0].time: missing"],
        ),
        (
            "name = 'x'\n[[remove_sessions]]\nname = ''\nstart = '2026-07-01'\n"
            "until = 2026-07-01T08:00:00",
            [
                "$.remove_sessions[0].name: give the series' name as text",
                "$.remove_sessions[0].start: give a date such as 2026-07-01, got '2026-07-01'",
                "$.remove_sessions[0].until: give a date such as 2026-07-01",
            ],
        ),
        (
            "name = 'x'\n[[remove_sessions]]\nstart = 2026-07-01\nuntil = 2026-06-01",
            ["$.remove_sessions[0]: the window of special sessions to remove ends"],
        ),
        (
            "name = 'x'\n[[fee]]\ncode = '1.004222'\namount_vnd = 0\n"
            "[[withdraw]]\ncode = '1.004222'\nchannel = 'online'\n"
            "[[fee]]\ncode = '1.004222'\namount_vnd = 1\nchannel = 'online'",
            ["$: the fee of procedure 1.004222 is set twice on online"],
        ),
        (
            "name = 'x'\n[[lengthen]]\ncode = '1.004222'\nshare = 'lots'",
            ["$.lengthen[0].share: a share is a fraction"],
        ),
        (
            "name = 'x'\nchannel = 'online'",
            ["$: unknown key 'channel'; a scenario has name, [[cut]]"],
        ),
    ],
)
def test_scenario_file_errors_name_their_path(text: str, messages: list[str]) -> None:
    with pytest.raises(ScenarioError) as caught:
        load_scenario(text)
    for message in messages:
        assert message in str(caught.value)


def test_dump_and_load_give_back_the_scenario() -> None:
    scenario = (
        Scenario('An Khê "2026"')
        .cut("1.004222", "30%", rounding=Rounding.NEAREST)
        .lengthen("1.001022", "1/3")
        .set_fee("1.004222", 5000, channel="online")
        .set_fee("1.001022", 0)
        .offer("1.000419", "online", time=ProcessingTime.working_days(3, cutoff=time(15)))
        .offer("1.004222", "postal")
        .withdraw("1.004837", "postal")
        .set_channel_time("1.013978", "online", "10 ngày làm việc")
        .without_special_sessions(SUNDAY_VI, start=date(2026, 6, 1))
        .without_special_sessions(until=date(2026, 1, 31))
    )
    text = dump_scenario(scenario)
    assert "[[lengthen]]" in text
    assert 'share = "1/3"' in text
    assert load_scenario(text) == scenario
    assert load_scenario(dump_scenario(Scenario("nothing"))) == Scenario("nothing")


def test_what_a_scenario_file_cannot_hold() -> None:
    (series,) = WARD.special_sessions
    with pytest.raises(ScenarioError, match="adds special sessions, which a scenario file"):
        dump_scenario(Scenario("x").with_special_sessions(series))
    with pytest.raises(ScenarioError, match="by value, which a scenario file cannot hold"):
        dump_scenario(Scenario("x").without_special_sessions(series))


# ---------------------------------------------------------------- properties

CODES = ("1.004222", "1.013978", "1.000419", "1.001022", "1.010038")
_START = date(2026, 3, 2)
_WORKING_DAYS = [CAL.add_working_days(_START, n) for n in range(30)]
_TIMES = st.builds(
    ProcessingTime.working_days,
    st.integers(1, 30),
    cutoff=st.sampled_from([None, time(15, 0), time(11, 30)]),
)


@st.composite
def logs(draw: st.DrawFn, calendar: WorkCalendar = CAL) -> list[Dossier]:
    """Dossiers of a few procedures, through any of their channels, received on working days
    (or a first Sunday) and finished 0-12 working days later, some left open."""
    log = []
    for index in range(draw(st.integers(1, 8))):
        procedure = proc(draw(st.sampled_from(CODES)))
        channel = draw(st.sampled_from(sorted(procedure.channel_set, key=lambda c: c.value)))
        day = draw(st.sampled_from([*_WORKING_DAYS[:20], date(2026, 3, 1), date(2026, 4, 5)]))
        received = datetime.combine(day, time(8), tzinfo=VIETNAM_TZ) + timedelta(
            minutes=draw(st.integers(0, 200))
        )
        d = Dossier.file(
            id=f"HS-{index}", procedure=procedure, at=received, calendar=calendar, channel=channel
        ).receive(at=received)
        if draw(st.integers(0, 4)):
            end = CAL.add_working_days(CAL.roll(received.date()), draw(st.integers(0, 12)))
            d = d.finish(at=datetime.combine(end, time(16, 30), tzinfo=VIETNAM_TZ))
        log.append(d)
    return log


@st.composite
def fee_scenarios(draw: st.DrawFn) -> Scenario:
    scenario = Scenario("fees")
    for code in draw(st.lists(st.sampled_from(CODES), unique=True, min_size=1)):
        procedure = proc(code)
        amount = draw(st.integers(0, 1_000_000))
        channels = sorted(procedure.channel_set, key=lambda c: c.value)
        channel = draw(st.sampled_from([None, *channels]))
        scenario = scenario.set_fee(procedure, amount, channel=channel)
    return scenario


@given(logs(), fee_scenarios(), st.sampled_from([None, vn(4, 1, 12)]))
def test_a_scenario_of_fees_alone_never_changes_a_classification(
    log: list[Dossier], scenario: Scenario, now: datetime | None
) -> None:
    comparison = replay(log, scenario, now=now)
    assert comparison.changes == ()
    assert comparison.before == comparison.after
    for dossier in log:
        after = reformed(dossier, scenario)
        assert after.classify(now) == dossier.classify(now)
        assert after.procedure.time_for(dossier.channel) == dossier.procedure.time_for(
            dossier.channel
        )


#: The ward's first Sundays, counted toward deadlines.
WARD_COUNTED = CAL.with_special_sessions(
    attrs.evolve(WARD.special_sessions[0], counts_toward_deadlines=True)
)


@given(
    st.sampled_from([WARD, WARD_COUNTED]).flatmap(
        lambda ward: st.tuples(st.just(ward), logs(calendar=ward))
    ),
    st.sampled_from(["value", "name"]),
)
def test_removing_then_re_adding_sessions_changes_nothing(
    ward_and_log: tuple[WorkCalendar, list[Dossier]], how: str
) -> None:
    ward, log = ward_and_log
    (series,) = ward.special_sessions
    scenario = Scenario("same again").without_special_sessions(
        series if how == "value" else SUNDAY_VI
    )
    scenario = scenario.with_special_sessions(series)
    comparison = replay(log, scenario)
    assert comparison.changes == ()
    assert comparison.before == comparison.after
    calendar = scenario.apply_calendar(ward)
    assert calendar is not ward
    for day in (_START + timedelta(days=n) for n in range(-40, 80)):
        assert calendar.is_working_day(day) == ward.is_working_day(day)
        assert calendar.sessions(day) == ward.sessions(day)


@st.composite
def toml_scenarios(draw: st.DrawFn) -> Scenario:
    """Scenarios of every kind a scenario file holds, on procedures where each applies."""
    scenario = Scenario(draw(st.text(min_size=1, max_size=12).filter(lambda t: t.strip())))
    if draw(st.booleans()):
        scenario = scenario.cut("1.004837", draw(st.fractions(Fraction(1, 100), Fraction(99, 100))))
    if draw(st.booleans()):
        scenario = scenario.lengthen("1.004222", draw(st.fractions(Fraction(1, 100), 3)))
    if draw(st.booleans()):
        channel = draw(st.sampled_from([None, "online", "in_person"]))
        scenario = scenario.set_fee("1.010038", draw(st.integers(0, 10**7)), channel=channel)
    if draw(st.booleans()):
        scenario = scenario.offer("1.000419", "online", time=draw(_TIMES))
    if draw(st.booleans()):
        scenario = scenario.set_channel_time("1.013978", "postal", draw(_TIMES))
    if draw(st.booleans()):
        scenario = scenario.withdraw("1.013978", "online")
    for _ in range(draw(st.integers(0, 2))):
        start = draw(st.none() | st.dates(date(2024, 1, 1), date(2026, 6, 30)))
        until = draw(st.none() | st.dates(date(2026, 7, 1), date(2027, 12, 31)))
        name = draw(st.sampled_from([None, SUNDAY_VI, "Tiếp dân thứ Bảy"]))
        scenario = scenario.without_special_sessions(name, start=start, until=until)
    return scenario


@given(toml_scenarios())
def test_every_scenario_a_file_can_hold_survives_the_round_trip(scenario: Scenario) -> None:
    assert load_scenario(dump_scenario(scenario)) == scenario


def test_a_cut_of_the_file_is_the_cut_of_code() -> None:
    assert load_scenario(dump_scenario(Scenario("x").cut("1.004222", "1/3"))).cuts == (
        Cut("1.004222", "1/3"),
    )
