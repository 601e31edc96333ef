"""Reusable Hypothesis strategies for the calendar tests.

Dates come in two ranges: the confirmed years 2018..2026 (official overlay) and the supported
years 2000..2099 (estimated outside the overlay). Moments are aware datetimes, in
Asia/Ho_Chi_Minh or in another zone, biased towards office-session boundaries where
off-by-one mistakes live.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta, timezone, tzinfo
from zoneinfo import ZoneInfo

from hypothesis import strategies as st

from onestop.calendar import VIETNAM_TZ

__all__ = [
    "CONFIRMED_FIRST",
    "CONFIRMED_LAST",
    "OTHER_ZONES",
    "SUPPORTED_FIRST",
    "SUPPORTED_LAST",
    "any_zone_moments",
    "confirmed_dates",
    "large_step_counts",
    "minute_amounts",
    "minute_moments",
    "nonzero_step_counts",
    "other_zone_moments",
    "signed_working_time",
    "small_step_counts",
    "step_counts",
    "supported_dates",
    "vietnam_moments",
    "working_time",
]

CONFIRMED_FIRST = date(2018, 1, 1)
CONFIRMED_LAST = date(2026, 12, 31)
SUPPORTED_FIRST = date(2000, 1, 1)
SUPPORTED_LAST = date(2099, 12, 31)

#: Dates of the years with a confirmed official calendar.
confirmed_dates: st.SearchStrategy[date] = st.dates(CONFIRMED_FIRST, CONFIRMED_LAST)
#: Dates of every supported year (2000..2099); years outside 2018..2026 are estimated.
supported_dates: st.SearchStrategy[date] = st.dates(SUPPORTED_FIRST, SUPPORTED_LAST)

#: Step counts around zero, where the conventions of add_working_days differ.
small_step_counts: st.SearchStrategy[int] = st.integers(-30, 30)
#: Step counts of several years of working days (2000 working days is about 8 years).
large_step_counts: st.SearchStrategy[int] = st.integers(-2000, 2000)
#: Any step count: 0, +-1, small and large, negative and positive.
step_counts: st.SearchStrategy[int] = st.one_of(
    st.sampled_from([0, 1, -1, 2, -2]), small_step_counts, large_step_counts
)
nonzero_step_counts: st.SearchStrategy[int] = step_counts.filter(lambda n: n != 0)

#: Zones other than Asia/Ho_Chi_Minh: UTC, fixed offsets on both sides of UTC+7, and one
#: zone with daylight saving time.
OTHER_ZONES: tuple[tzinfo, ...] = (
    UTC,
    timezone(timedelta(hours=-5)),
    timezone(timedelta(hours=-12)),
    timezone(timedelta(hours=5, minutes=30)),
    timezone(timedelta(hours=9)),
    timezone(timedelta(hours=14)),
    ZoneInfo("Europe/Paris"),
)

# Wall-clock times around the default sessions 07:30-11:30 and 13:30-17:00 and the seasonal
# ones (13:00, 17:30), one microsecond either side included.
_US = timedelta(microseconds=1)
_BOUNDARIES = [time(0, 0)]
for _hour, _minute in ((7, 30), (11, 30), (13, 0), (13, 30), (17, 0), (17, 30)):
    _at = datetime(2000, 1, 1, _hour, _minute)
    _BOUNDARIES += [(_at - _US).time(), _at.time(), (_at + _US).time()]
_BOUNDARIES.append(time(23, 59, 59, 999999))

_local_times: st.SearchStrategy[time] = st.one_of(st.sampled_from(_BOUNDARIES), st.times())


def vietnam_moments(
    days: st.SearchStrategy[date] = confirmed_dates,
) -> st.SearchStrategy[datetime]:
    """Aware moments in Asia/Ho_Chi_Minh on ``days``."""
    return st.builds(
        lambda day, clock: datetime.combine(day, clock, tzinfo=VIETNAM_TZ), days, _local_times
    )


def other_zone_moments(
    days: st.SearchStrategy[date] = confirmed_dates,
) -> st.SearchStrategy[datetime]:
    """The same kind of instants as :func:`vietnam_moments`, expressed in another zone."""
    return st.builds(
        lambda moment, zone: moment.astimezone(zone),
        vietnam_moments(days),
        st.sampled_from(OTHER_ZONES),
    )


def any_zone_moments(
    days: st.SearchStrategy[date] = confirmed_dates,
) -> st.SearchStrategy[datetime]:
    """Moments in Asia/Ho_Chi_Minh or in another zone."""
    return st.one_of(vietnam_moments(days), other_zone_moments(days))


# Minutes of the day where a session starts or ends (07:30, 11:30, 13:00, 13:30, 17:00, 17:30).
_BOUNDARY_MINUTES = [7 * 60 + 30, 11 * 60 + 30, 13 * 60, 13 * 60 + 30, 17 * 60, 17 * 60 + 30]


def minute_moments(
    days: st.SearchStrategy[date] = confirmed_dates,
) -> st.SearchStrategy[datetime]:
    """Moments on a whole minute in Asia/Ho_Chi_Minh (for minute-by-minute references), often
    on a session boundary."""
    return st.builds(
        lambda day, minute: (
            datetime.combine(day, time(), tzinfo=VIETNAM_TZ) + timedelta(minutes=minute)
        ),
        days,
        st.one_of(st.sampled_from(_BOUNDARY_MINUTES), st.integers(0, 24 * 60 - 1)),
    )


#: Positive amounts of working time: a working day (7.5 h), a session (4 h, 3.5 h), a
#: microsecond, whole minutes, and arbitrary microsecond amounts up to forty working days.
working_time: st.SearchStrategy[timedelta] = st.one_of(
    st.sampled_from(
        [
            timedelta(microseconds=1),
            timedelta(hours=3, minutes=30),
            timedelta(hours=4),
            timedelta(hours=7, minutes=30),
            timedelta(hours=8),
        ]
    ),
    st.integers(1, 40 * 450).map(lambda minutes: timedelta(minutes=minutes)),
    st.timedeltas(min_value=_US, max_value=timedelta(hours=300)),
)

#: Working time of either sign, never zero.
signed_working_time: st.SearchStrategy[timedelta] = st.builds(
    lambda amount, negative: -amount if negative else amount, working_time, st.booleans()
)

#: Whole minutes of working time of either sign, up to two working days, never zero; often
#: whole half-hours, so that results fall on session boundaries.
minute_amounts: st.SearchStrategy[int] = st.one_of(
    st.integers(-30, 30).map(lambda halves: 30 * halves), st.integers(-900, 900)
).filter(lambda m: m != 0)
