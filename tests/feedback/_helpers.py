"""Shared values of the feedback tests: the calendar, a moment maker and a fresh item."""

from __future__ import annotations

from datetime import datetime

from onestop.calendar import VIETNAM_TZ, WorkCalendar
from onestop.feedback import Author, FeedbackChannel, FeedbackItem, FeedbackLimits, Subject

CAL = WorkCalendar.vietnam()
#: Personal data that must never show in a repr or an error message.
NAME = "Lê Thị Hồng Nhung"
PHONE = "0935777888"
EMAIL = "nhung.le@example.vn"
AUTHOR = Author(name=NAME, phone=PHONE, email=EMAIL)


def vn(year: int, month: int, day: int, hour: int = 9, minute: int = 0) -> datetime:
    """A moment in Asia/Ho_Chi_Minh."""
    return datetime(year, month, day, hour, minute, tzinfo=VIETNAM_TZ)


def item(
    at: datetime,
    *,
    id: str = "PA-1",
    channel: FeedbackChannel = FeedbackChannel.ZALO,
    author: Author | None = AUTHOR,
    limits: FeedbackLimits | None = None,
) -> FeedbackItem:
    """An item received at ``at`` about procedure 1.001193."""
    return FeedbackItem.receive(
        id=id,
        at=at,
        channel=channel,
        calendar=CAL,
        subject=Subject.procedure("1.001193"),
        author=author,
        limits=limits,
    )
