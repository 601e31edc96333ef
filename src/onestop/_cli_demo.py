"""``onestop demo``: a year of a SYNTHETIC ward, its scorecard (with the citizens' feedback
behind indicators 5.1–5.3), and the answer to the ward's question "what if we cut 30 % of the
processing time of our 10 % most frequent procedures?".

Everything printed about the ward is generated (:mod:`onestop.simulate`) and says so; the
rules it is judged by (calendar, procedures, deadlines, classification, Decision 766
indicators) are onestop's real ones.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from collections.abc import Callable, Sequence
from datetime import date
from decimal import Decimal
from fractions import Fraction
from typing import TextIO, TypeVar

from onestop.dossier import Outcome
from onestop.errors import OnestopError, ScenarioError
from onestop.feedback import FeedbackItem
from onestop.procedures import Channel, Procedure
from onestop.scoring import Period, Scorecard, Unit, scorecard
from onestop.simulate import simulate_ward
from onestop.whatif import Scenario, as_share, replay

__all__ = ["add_demo_command", "run_demo"]

P = TypeVar("P", bound=argparse.ArgumentParser)

_WORDS = {
    "vi": {
        "title": "Phường mô phỏng (DỮ LIỆU MÔ PHỎNG, không phải số liệu thật): {name}, năm {year}, seed {seed}",
        "generating": "Tạo dữ liệu mô phỏng",
        "replaying": "Tính lại theo kịch bản",
        "dossiers": "Hồ sơ tiếp nhận hoặc giải quyết trong năm: {n}",
        "early": "trước hạn",
        "on_time": "đúng hạn",
        "late": "quá hạn",
        "open": "đang giải quyết, còn hạn",
        "online": "Nộp trực tuyến (chỉ số 3.3): {rate} % → {points}/{max} điểm",
        "progress": "Đúng hạn, trước hạn (chỉ số 2.1): {rate} % → {points}/{max} điểm",
        "satisfaction": "Hài lòng (chỉ số 5.4): {rate} % → {points}/{max} điểm",
        "feedback": "Phản ánh, kiến nghị nhận được trong năm: {n} ({channels})",
        "classified": "PAKN được phân loại (chỉ số 5.1): {rate} % (theo dõi, không tính điểm)",
        "feedback_on_time": "PAKN xử lý đúng hạn (chỉ số 5.2): {rate} % → {points}/{max} điểm",
        "feedback_satisfaction": "Hài lòng về xử lý PAKN (chỉ số 5.3): {rate} % → {points}/{max} điểm",
        "zalo": "Zalo",
        "portal": "Cổng DVC",
        "hotline": "đường dây nóng",
        "desk": "trực tiếp",
        "question": "Nếu cắt {cut} thời gian giải quyết của {top} thủ tục có nhiều hồ sơ nhất?",
        "cut": "  cắt {code} {name}: {before} → {after}",
        "floor": "  {code} {name}: {before}, đã ở mức tối thiểu, không cắt được thêm",
        "skipped": "  bỏ qua {code}: {reason}",
        "before_after": "  {label:<26} {before:>7} % → {after:>7} %",
        "changed": "  {n} hồ sơ đổi loại; {late} hồ sơ trở thành quá hạn",
        "none": "  không có thủ tục nào cắt được",
    },
    "en": {
        "title": "SYNTHETIC ward (generated data, not real figures): {name}, year {year}, seed {seed}",
        "generating": "Generating the synthetic ward",
        "replaying": "Replaying under the scenario",
        "dossiers": "Dossiers received or processed in the year: {n}",
        "early": "early",
        "on_time": "on time",
        "late": "late",
        "open": "open, not yet late",
        "online": "Filed online (indicator 3.3): {rate} % → {points}/{max} points",
        "progress": "Early or on time (indicator 2.1): {rate} % → {points}/{max} points",
        "satisfaction": "Satisfaction (indicator 5.4): {rate} % → {points}/{max} points",
        "feedback": "Feedback items received in the year: {n} ({channels})",
        "classified": "Feedback classified (indicator 5.1): {rate} % (tracked, no points)",
        "feedback_on_time": "Feedback handled on time (indicator 5.2): {rate} % → {points}/{max} points",
        "feedback_satisfaction": "Satisfaction with feedback handling (indicator 5.3): {rate} % → {points}/{max} points",
        "zalo": "Zalo",
        "portal": "portal",
        "hotline": "hotline",
        "desk": "desk",
        "question": "What if the ward cuts {cut} of the processing time of its {top} most frequent procedures?",
        "cut": "  cut {code} {name}: {before} → {after}",
        "floor": "  {code} {name}: {before}, already the minimum, nothing to cut",
        "skipped": "  passed over {code}: {reason}",
        "before_after": "  {label:<26} {before:>7} % → {after:>7} %",
        "changed": "  {n} dossiers change class; {late} become late",
        "none": "  no procedure could be cut",
    },
}


def add_demo_command(commands: argparse._SubParsersAction[P], parser_class: type[P]) -> None:
    """Add ``demo`` to ``commands``.

    Examples:
        >>> parser = argparse.ArgumentParser(prog="onestop")
        >>> add_demo_command(parser.add_subparsers(dest="command"), argparse.ArgumentParser)
        >>> parser.parse_args(["demo", "--seed", "7"]).seed
        7
    """
    demo = commands.add_parser(
        "demo", help="a year of a synthetic ward: its scorecard and a 30%%/10%% what-if"
    )
    demo.add_argument("--seed", type=int, default=2026, help="the generator's seed (2026)")
    demo.add_argument("--year", type=int, default=2026, help="the year to generate (2026)")
    demo.add_argument("--cut", default="30%", help="share of the time to cut (30%%)")
    demo.add_argument("--top", default="10%", help="share of procedures, most frequent first")
    demo.add_argument("--daily", type=float, default=12.0, help="dossiers a day on average")
    demo.add_argument("--language", choices=("vi", "en"), default="vi")


def _share(text: str, option: str) -> Fraction:
    """``--cut``/``--top`` as a share strictly between 0 and 1 (read by the what-if's own
    :func:`~onestop.whatif.as_share`)."""
    try:
        value = as_share(text)
    except ScenarioError:
        raise OnestopError(f"cannot read {option} {text!r}; write it as '30%' or 0.3") from None
    if not 0 < value < 1:
        raise OnestopError(f"{option} {text!r} must be between 0% and 100%")
    return value


def _bar(label: str, stream: TextIO) -> Callable[[int, int], None]:
    """A progress bar on ``stream`` when it is a terminal; silent otherwise."""
    if not stream.isatty():
        return lambda done, total: None

    def show(done: int, total: int) -> None:
        filled = 30 * done // max(total, 1)
        stream.write(f"\r{label} [{'#' * filled}{'.' * (30 - filled)}] {done}/{total}")
        if done >= total:
            stream.write("\n")
        stream.flush()

    return show


def _percent(value: Decimal | None) -> str:
    """A rate already in per cent (scorecards)."""
    return "–" if value is None else f"{value:.1f}"


def _share_percent(value: Fraction | None) -> str:
    """A share between 0 and 1 (what-if tallies), in per cent."""
    return "–" if value is None else f"{float(value) * 100:.1f}"


def _channel(procedure: Procedure) -> Channel:
    """The channel whose time limit the demo prints: in person when offered."""
    channels = procedure.channel_set
    return (
        Channel.IN_PERSON
        if Channel.IN_PERSON in channels or not channels
        else min(channels, key=lambda channel: channel.national_code)
    )


def _print_feedback(
    card: Scorecard, items: Sequence[FeedbackItem], words: dict[str, str], out: TextIO
) -> None:
    """The feedback lines of the demo: the items received by channel, and 5.1–5.3."""
    channels = Counter(item.channel for item in items)
    print(
        words["feedback"].format(
            n=len(items),
            channels=", ".join(
                f"{words.get(channel.value, channel.value)} {count}"
                for channel, count in channels.most_common()
            ),
        ),
        file=out,
    )
    print(words["classified"].format(rate=_percent(card.result("5.1").value)), file=out)
    for key, metric in (("feedback_on_time", "5.2"), ("feedback_satisfaction", "5.3")):
        result = card.result(metric)
        print(
            words[key].format(
                rate=_percent(result.value), points=result.points, max=result.metric.max_points
            ),
            file=out,
        )


def run_demo(args: argparse.Namespace, out: TextIO | None = None) -> int:
    """Run ``onestop demo``; returns the exit status.

    Examples:
        >>> run_demo(argparse.Namespace(seed=1, year=2026, cut="0%", top="10%", daily=1.0,
        ...                             language="en"))
        2
    """
    out = out or sys.stdout
    words = _WORDS[args.language]
    try:
        cut = _share(args.cut, "--cut")
        top = _share(args.top, "--top")
        start, end = date(args.year, 1, 1), date(args.year, 12, 31)
        ward = simulate_ward(
            seed=args.seed,
            start=start,
            end=end,
            daily_mean=args.daily,
            progress=_bar(words["generating"], sys.stderr),
        )
        unit, period = Unit(ward.unit_code, ward.unit_name), Period.year(args.year)
        card = scorecard(
            ward.dossiers,
            unit=unit,
            period=period,
            evaluations=ward.evaluations,
            feedback=ward.feedback,
        )
        scenario = Scenario.cut_top(ward.dossiers, top_share=top, cut=cut)
        comparison = replay(
            ward.dossiers,
            scenario,
            now=period.closes,
            period=period,
            unit=unit,
            evaluations=ward.evaluations,
        )
    except OnestopError as error:
        print(f"onestop: error: {error}", file=sys.stderr)
        return 2
    print(words["title"].format(name=ward.unit_name, year=args.year, seed=args.seed), file=out)
    print(words["dossiers"].format(n=sum(card.outcomes.values())), file=out)
    for outcome in (Outcome.EARLY, Outcome.ON_TIME, Outcome.LATE, Outcome.OPEN):
        print(f"  {words[outcome.value]:<26} {_percent(card.share(outcome)):>7} %", file=out)
    for key, metric in (("progress", "2.1"), ("online", "3.3"), ("satisfaction", "5.4")):
        result = card.result(metric)
        print(
            words[key].format(
                rate=_percent(result.value), points=result.points, max=result.metric.max_points
            ),
            file=out,
        )
    _print_feedback(card, ward.feedback, words, out)
    print(file=out)
    print(words["question"].format(cut=args.cut, top=args.top), file=out)
    by_code = {d.procedure.code: d.procedure for d in ward.dossiers}
    for item in scenario.cuts:
        procedure = by_code[item.code]
        channel = _channel(procedure)
        before = procedure.time_for(channel)
        reformed = scenario.apply(procedure).time_for(channel)
        # A cut never leaves less than 1 unit (onestop.whatif.Cut): say so rather than
        # print a "cut" that changes nothing.
        print(
            words["cut" if reformed != before else "floor"].format(
                code=item.code, name=procedure.name_vi, before=before, after=reformed
            ),
            file=out,
        )
    if not scenario.cuts:
        print(words["none"], file=out)
    for skipped in scenario.skipped:
        print(words["skipped"].format(code=skipped.code, reason=skipped.reason), file=out)
    for outcome in (Outcome.EARLY, Outcome.ON_TIME, Outcome.LATE):
        print(
            words["before_after"].format(
                label=words[outcome.value],
                before=_share_percent(comparison.before.share(outcome)),
                after=_share_percent(comparison.after.share(outcome)),
            ),
            file=out,
        )
    became_late = sum(1 for change in comparison.changes if change.after is Outcome.LATE)
    print(words["changed"].format(n=len(comparison.changes), late=became_late), file=out)
    return 0
