"""Citizen evaluation of one dossier: the quick rating at return and the criteria survey.

When the result is returned, the citizen rates the handling of the dossier (Rất hài lòng /
Hài lòng / Không hài lòng) and may answer the criteria of an evaluation profile. The point
scale of the criteria of Circular 01/2018/TT-VPCP was not found (law.md §3.1), so the
criteria are a pluggable :class:`EvaluationProfile`; two profiles ship: :data:`HUE_12` (the
12 criteria of Thừa Thiên Huế's portal, the default) and :data:`S1_NINE` (the 9 indicators
and 2 questions of a deployed provincial system, practice.md §4).

References:
    Decree 61/2018/NĐ-CP art. 31-32 (believed) and Circular 01/2018/TT-VPCP chapter III:
    evaluation forms at the desk and on the portals (law.md §3.1).
    Decision 766/QĐ-TTg, indicator 5.4: the share of dossiers with a "dislike" lowers the
    satisfaction rate (rules.md, Scoring).

Examples:
    >>> from datetime import datetime
    >>> from onestop.calendar import VIETNAM_TZ, WorkCalendar
    >>> from onestop.dossier import Dossier
    >>> from onestop.procedures import default_catalog
    >>> def t(day, hour, minute=0):
    ...     return datetime(2026, 3, day, hour, minute, tzinfo=VIETNAM_TZ)
    >>> paternity = default_catalog().get("1.001022", on=t(2, 9).date())
    >>> d = (Dossier.file(id="HS-0007", procedure=paternity, at=t(2, 9),
    ...                   calendar=WorkCalendar.vietnam())
    ...      .receive(at=t(2, 9)).finish(at=t(4, 15)).return_result(at=t(5, 10)))
    >>> e = evaluate(d, at=t(5, 10, 5), channel=EvaluationChannel.KIOSK,
    ...              overall=Rating.VERY_SATISFIED, scores={"attitude": 2, "on_time": 2})
    >>> e.scores, e.dislike
    ((('on_time', 2), ('attitude', 2)), False)
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import Any, TypeVar

import attrs

from onestop.calendar import to_local
from onestop.dossier import Dossier, ResultReturned, SettledOnTheSpot, State
from onestop.errors import CalendarError, EvaluationError

_E = TypeVar("_E", bound=enum.Enum)

__all__ = [
    "DEFAULT_PROFILE",
    "HUE_12",
    "PROFILES",
    "S1_NINE",
    "Criterion",
    "Evaluation",
    "EvaluationChannel",
    "EvaluationProfile",
    "Rating",
    "evaluate",
    "evaluation_from_dict",
    "evaluation_to_dict",
]


class Rating(enum.Enum):
    """The citizen's quick rating of the dossier's handling, given at return.

    References:
        practice.md §4: the per-dossier quick rating at return is RẤT HÀI LÒNG / HÀI LÒNG /
        KHÔNG HÀI LÒNG. Decision 766/QĐ-TTg indicator 5.4 counts "Không hài lòng" as a dislike.

    Examples:
        >>> Rating.DISSATISFIED.label_vi, Rating.DISSATISFIED.is_dislike
        ('Không hài lòng', True)
        >>> Rating("satisfied").points
        1
    """

    VERY_SATISFIED = "very_satisfied"
    SATISFIED = "satisfied"
    DISSATISFIED = "dissatisfied"

    @property
    def label_vi(self) -> str:
        """The Vietnamese wording on forms and kiosks."""
        return _RATING_LABELS[self]

    @property
    def is_dislike(self) -> bool:
        """Whether indicator 5.4 of Decision 766 counts this rating as a "dislike"."""
        return self is Rating.DISSATISFIED

    @property
    def points(self) -> int:
        """The rating on the 3-level scale 2/1/0. onestop's assumption: no official mapping
        of the three levels to points was found (law.md §3.1)."""
        return _RATING_POINTS[self]


_RATING_LABELS = {
    Rating.VERY_SATISFIED: "Rất hài lòng",
    Rating.SATISFIED: "Hài lòng",
    Rating.DISSATISFIED: "Không hài lòng",
}
_RATING_POINTS = {Rating.VERY_SATISFIED: 2, Rating.SATISFIED: 1, Rating.DISSATISFIED: 0}


class EvaluationChannel(enum.Enum):
    """Where the citizen gave the evaluation: a kiosk or tablet at the desk, the public-service
    portal, an SMS reply, a Zalo message, or a paper form.

    References:
        Circular 01/2018/TT-VPCP chapter III: forms at the desks and electronic forms on the
        portals (law.md §3.1); SMS results and Zalo feedback at An Khê ward (rules.md).

    Examples:
        >>> EvaluationChannel("sms").label_vi
        'Tin nhắn SMS'
    """

    KIOSK = "kiosk"
    PORTAL = "portal"
    SMS = "sms"
    ZALO = "zalo"
    PAPER = "paper"

    @property
    def label_vi(self) -> str:
        """The Vietnamese name of the channel."""
        return _CHANNEL_LABELS[self]


_CHANNEL_LABELS = {
    EvaluationChannel.KIOSK: "Thiết bị đánh giá tại quầy",
    EvaluationChannel.PORTAL: "Cổng dịch vụ công",
    EvaluationChannel.SMS: "Tin nhắn SMS",
    EvaluationChannel.ZALO: "Zalo",
    EvaluationChannel.PAPER: "Phiếu đánh giá giấy",
}


def _text(instance: object, attribute: attrs.Attribute[str], value: str) -> None:
    if not isinstance(value, str) or not value.strip():
        raise EvaluationError(
            f"{type(instance).__name__}.{attribute.name} must be a non-empty text, got {value!r}"
        )


def _scale(value: Iterable[int]) -> tuple[int, ...]:
    return tuple(value)


def _valid_scale(
    instance: Criterion, attribute: attrs.Attribute[tuple[int, ...]], value: tuple[int, ...]
) -> None:
    if not value:
        raise EvaluationError(
            f"criterion {instance.code!r} has an empty scale: give the scores it allows, "
            "e.g. (0, 1, 2)"
        )
    if not all(isinstance(score, int) and not isinstance(score, bool) for score in value):
        raise EvaluationError(
            f"criterion {instance.code!r}: scores must be whole numbers, got {value!r}"
        )
    if len(set(value)) != len(value):
        raise EvaluationError(f"criterion {instance.code!r}: scale {value!r} repeats a score")


@attrs.frozen
class Criterion:
    """One question of an evaluation form and the scores it allows.

    Examples:
        >>> c = Criterion("attitude", "Thái độ của công chức", "Attitude of officials",
        ...               (0, 1, 2), source="example")
        >>> c.allows(2), c.allows(3)
        (True, False)
    """

    code: str = attrs.field(validator=_text)
    name_vi: str = attrs.field(validator=_text)
    name_en: str = attrs.field(validator=_text)
    #: The allowed scores, lowest first by convention.
    scores: tuple[int, ...] = attrs.field(converter=_scale, validator=_valid_scale)
    #: Where the criterion comes from (document, system, article).
    source: str = attrs.field(validator=_text)
    note: str | None = None

    def allows(self, score: object) -> bool:
        """Whether ``score`` is on this criterion's scale (booleans are not scores)."""
        return isinstance(score, int) and not isinstance(score, bool) and score in self.scores


def _criteria(value: Iterable[Criterion]) -> tuple[Criterion, ...]:
    return tuple(value)


@attrs.frozen
class EvaluationProfile:
    """A set of evaluation criteria, in the order of the form.

    Validated once, at construction: at least one criterion, unique codes, each criterion
    with a non-empty scale.

    Examples:
        >>> HUE_12.criterion("attitude").name_en
        'Attitude of officials'
        >>> EvaluationProfile("empty", "example", (), note="")
        Traceback (most recent call last):
        ...
        onestop.errors.EvaluationError: evaluation profile 'empty' has no criteria: give at least one Criterion
    """

    name: str = attrs.field(validator=_text)
    source: str = attrs.field(validator=_text)
    criteria: tuple[Criterion, ...] = attrs.field(converter=_criteria, repr=False)
    #: What is unverified in the profile, and onestop's assumptions.
    note: str = attrs.field(repr=False)

    def __attrs_post_init__(self) -> None:
        if not self.criteria:
            raise EvaluationError(
                f"evaluation profile {self.name!r} has no criteria: give at least one Criterion"
            )
        for item in self.criteria:
            if not isinstance(item, Criterion):
                raise EvaluationError(
                    f"evaluation profile {self.name!r}: {item!r} is not a Criterion"
                )
        codes = [item.code for item in self.criteria]
        repeated = sorted({code for code in codes if codes.count(code) > 1})
        if repeated:
            raise EvaluationError(
                f"evaluation profile {self.name!r} repeats criterion codes {repeated}: "
                "each code must be unique"
            )

    @property
    def codes(self) -> tuple[str, ...]:
        """The criterion codes, in the order of the form."""
        return tuple(item.code for item in self.criteria)

    def criterion(self, code: str) -> Criterion:
        """The criterion ``code``; :class:`~onestop.errors.EvaluationError` listing the
        profile's codes if it has none.

        Examples:
            >>> S1_NINE.criterion("total_time").scores
            (0, 1, 2)
            >>> S1_NINE.criterion("speed")
            Traceback (most recent call last):
            ...
            onestop.errors.EvaluationError: criterion 'speed' does not exist in evaluation profile 's1_nine'; its criteria are: total_time, unit_time, desk_contacts, agencies_contacted, one_stop_desk, publicity, attitude, feedback_handling, online_services, ease_of_use, overall
        """
        for item in self.criteria:
            if item.code == code:
                return item
        raise EvaluationError(
            f"criterion {code!r} does not exist in evaluation profile {self.name!r}; "
            f"its criteria are: {', '.join(self.codes)}"
        )


#: The 3-level scale 0/1/2 = không hài lòng / hài lòng / rất hài lòng (onestop's assumption).
_THREE_LEVELS = (0, 1, 2)

_HUE_SOURCE = (
    "Thừa Thiên Huế public-service portal, satisfaction page "
    "(https://dichvucong.thuathienhue.gov.vn/mucdo-hailong/ReqId/6328235d; law.md §3.1 [S42])"
)

# Huế's "Tiêu chí 1..12", in order: code, Vietnamese heading, English heading of law.md §3.1.
_HUE_ROWS = (
    ("overall", "Đánh giá tổng thể dịch vụ", "Overall service"),
    ("convenience", "Mức độ thuận tiện khi sử dụng dịch vụ", "Convenience of the service"),
    (
        "on_time",
        "Mức độ đúng hạn trong xử lý, trả kết quả của cơ quan nhà nước",
        "On-time processing and return",
    ),
    ("attitude", "Thái độ của cán bộ, công chức, viên chức", "Attitude of officials"),
    (
        "time_vs_legal",
        "Thời gian giải quyết thủ tục hành chính so với thời gian cho phép theo quy định của "
        "pháp luật",
        "Processing time against the legal maximum",
    ),
    (
        "time_vs_rules",
        "Thời gian thực hiện giải quyết so với quy định",
        "Actual time against the regulation",
    ),
    (
        "desk_contacts",
        "Số lần phải liên hệ với nơi tiếp nhận hồ sơ để hoàn thiện hồ sơ thủ tục hành chính",
        "Times the applicant had to contact the reception point to complete the dossier",
    ),
    (
        "agencies_contacted",
        "Số lượng cơ quan, đơn vị, tổ chức phải liên hệ để hoàn thiện hồ sơ thủ tục hành chính",
        "Agencies the applicant had to contact",
    ),
    (
        "one_stop_desk",
        "Thực hiện tổ chức tiếp nhận hồ sơ, giải quyết, trả kết quả tại Bộ phận Một cửa",
        "Reception, processing and return done at the one-stop unit",
    ),
    ("publicity", "Mức độ công khai các thủ tục hành chính", "Publicity of procedures"),
    (
        "feedback_handling",
        "Tiếp thu, giải trình đối với các ý kiến phản ánh, kiến nghị của tổ chức, cá nhân",
        "Handling of feedback and petitions",
    ),
    (
        "online_services",
        "Tiến độ và chất lượng cung cấp dịch vụ công trực tuyến của cơ quan có thẩm quyền",
        "Progress and quality of online public services",
    ),
)

#: The 12 criteria of Thừa Thiên Huế's public-service portal (law.md §3.1, [V] headings),
#: each on the 3-level scale 0/1/2.
HUE_12 = EvaluationProfile(
    "hue_12",
    _HUE_SOURCE,
    tuple(
        Criterion(code, vi, en, _THREE_LEVELS, f"{_HUE_SOURCE}, Tiêu chí {number}")
        for number, (code, vi, en) in enumerate(_HUE_ROWS, start=1)
    ),
    note=(
        "law.md §3.1 gives the 12 headings in English only; the Vietnamese headings are those "
        "of the portal page law.md cites [S42], as stored in the project's search index "
        "(the bracketed explanations of criteria 2 and 4 left out), not re-checked on the live "
        "portal. The point scale per criterion and the classification thresholds of Circular "
        "01/2018/TT-VPCP were not found: every criterion takes the 3-level rating scale "
        "0/1/2 = không hài lòng / hài lòng / rất hài lòng, which is onestop's assumption. "
        "Criteria 5-12 are believed to be the statutory criteria of Decree 61/2018/NĐ-CP "
        "(art. 32, unverified); whether Decree 118/2025/NĐ-CP or Circular 03/2025/TT-VPCP "
        "keep them is unverified."
    ),
)

_S1_SOURCE = (
    "S1 (Thanh Hóa one-stop system), quantri_client/src/features/hoso/components/actions/"
    "traKetQuaVaDanhGiaHaiLong/TieuChiDanhGiaHaiLong.json (practice.md §4)"
)
_THREE_LEVEL_QUESTION = (
    "Rất hài lòng / Hài lòng / Không hài lòng, stored as 2/1/0 (onestop's assumption)"
)

# S1's "chiso1..11", in order: code, Vietnamese heading, English name, what each score means.
_S1_ROWS = (
    (
        "total_time",
        "Tổng thời gian giải quyết thủ tục hành chính so với thời gian cho phép theo quy định "
        "của pháp luật",
        "Total processing time against the legal time",
        "2 shorter, 1 equal, 0 longer than the legal time",
    ),
    (
        "unit_time",
        "Thời gian thực hiện của từng cơ quan, đơn vị tham gia giải quyết so với quy định",
        "Time of each unit involved against its quota",
        "2 shorter, 1 equal, 0 longer than the unit's quota",
    ),
    (
        "desk_contacts",
        "Số lần phải liên hệ với nơi tiếp nhận hồ sơ để hoàn thiện hồ sơ thủ tục hành chính",
        "Contacts with the receiving point to complete the dossier",
        "2 none, 1 one, 0 more than one (unless the applicant's fault)",
    ),
    (
        "agencies_contacted",
        "Số lượng cơ quan, đơn vị, tổ chức phải liên hệ để hoàn thiện hồ sơ thủ tục hành chính",
        "Agencies contacted to complete the dossier",
        "2 none, 1 only the one-stop desk, 0 more than one",
    ),
    (
        "one_stop_desk",
        "Thực hiện tổ chức tiếp nhận hồ sơ, giải quyết, trả kết quả tại Bộ phận Một cửa",
        "Receipt, processing and return at the one-stop desk",
        "2 the desk settles the required share of procedures, 1 all other procedures are "
        "received and returned at the desk, 0 fewer; cites Decree 61/2018/NĐ-CP art. 14(5)",
    ),
    (
        "publicity",
        "Công khai các thủ tục hành chính",
        "Public disclosure of procedures",
        "2 posted and electronic, 1 either, 0 not disclosed accurately, fully and in time",
    ),
    (
        "attitude",
        "Thái độ của cán bộ, công chức, viên chức khi hướng dẫn lập hồ sơ, tiếp nhận hồ sơ và "
        "giải quyết thủ tục hành chính",
        "Attitude of officials",
        "2 early and no complaint, 1 on time and no complaint, 0 a founded complaint",
    ),
    (
        "feedback_handling",
        "Tiếp thu, giải trình đối với các ý kiến phản ánh, kiến nghị của tổ chức, cá nhân",
        "Handling of complaints and petitions",
        "2 none or 100 % handled on time, 1 at least 90 % on time, 0 less or a lingering one",
    ),
    (
        "online_services",
        "Tiến độ và chất lượng cung cấp dịch vụ công trực tuyến của cơ quan có thẩm quyền",
        "Progress and quality of online public services",
        "2 >= 20 % of procedures and >= 30 % of dossiers online, 1 15-30 % of dossiers "
        "online, 0 less; an online dossier late or unsettled gives 0",
    ),
    (
        "ease_of_use",
        "Mức độ thuận tiện khi sử dụng dịch vụ",
        "Ease of use of the service",
        _THREE_LEVEL_QUESTION,
    ),
    ("overall", "Đánh giá tổng thể dịch vụ", "Overall service", _THREE_LEVEL_QUESTION),
)

#: The 9 indicators scored 2/1/0 and the 2 three-level questions of S1 (practice.md §4).
S1_NINE = EvaluationProfile(
    "s1_nine",
    _S1_SOURCE,
    tuple(
        Criterion(code, vi, en, _THREE_LEVELS, f"{_S1_SOURCE}, chiso{number}", note=levels)
        for number, (code, vi, en, levels) in enumerate(_S1_ROWS, start=1)
    ),
    note=(
        "Indicators 1-9 are scored 2/1/0 as S1 prints them; questions 10 (ease of use) and 11 "
        "(overall) use the 3-level scale Rất hài lòng / Hài lòng / Không hài lòng, stored by "
        "onestop as 2/1/0 (assumption: S1's stored values were not read). S1 rates totals "
        ">15 Xuất sắc, 12-<15 Tốt, 9-<12 Khá, 6-<9 Trung bình, <6 Yếu (exactly 15 falls to "
        "Yếu there, likely a bug); onestop does not classify totals. Indicator 5 cites Decree "
        "61/2018/NĐ-CP art. 14(5): the scheme predates Decree 118/2025/NĐ-CP, and whether "
        "Decree 118 or Circular 03/2025/TT-VPCP keep these criteria is unverified."
    ),
)

#: The shipped evaluation profiles.
PROFILES: tuple[EvaluationProfile, ...] = (HUE_12, S1_NINE)
#: The profile :func:`evaluate` uses unless told otherwise.
DEFAULT_PROFILE = HUE_12


def _moment(value: object) -> datetime:
    try:
        return to_local(value)
    except CalendarError as error:
        raise EvaluationError(
            f"evaluation moment {value!r} is not usable: {error}; record when the citizen "
            "answered, with its time zone"
        ) from None


def _pairs(value: object) -> tuple[tuple[str, int], ...]:
    if isinstance(value, Mapping):
        return tuple(value.items())
    if isinstance(value, str) or not isinstance(value, Iterable):
        raise EvaluationError(
            f"Evaluation.scores must map criterion codes to scores, got {value!r}"
        )
    pairs = []
    for pair in value:
        if not isinstance(pair, tuple) or len(pair) != 2:
            raise EvaluationError(
                f"Evaluation.scores must hold (criterion code, score) pairs, got {pair!r}"
            )
        pairs.append(pair)
    return tuple(pairs)


def _valid_pairs(
    instance: Evaluation,
    attribute: attrs.Attribute[tuple[tuple[str, int], ...]],
    value: tuple[tuple[str, int], ...],
) -> None:
    seen: set[str] = set()
    for code, score in value:
        if not isinstance(code, str) or not code:
            raise EvaluationError(f"criterion code {code!r} must be a non-empty text")
        if isinstance(score, bool) or not isinstance(score, int):
            raise EvaluationError(f"score {score!r} for criterion {code!r} must be a whole number")
        if code in seen:
            raise EvaluationError(f"criterion {code!r} is scored twice: keep one answer")
        seen.add(code)


def _require(kind: type[enum.Enum], name: str, value: object) -> None:
    if not isinstance(value, kind):
        known = ", ".join(str(member.value) for member in kind)
        raise EvaluationError(
            f"{name} must be a {kind.__name__} ({known}), got {value!r}; "
            f"convert a stored value with {kind.__name__}(value)"
        )


def _instance_of(kind: type[enum.Enum]) -> Any:
    def check(instance: object, attribute: attrs.Attribute[object], value: object) -> None:
        _require(kind, attribute.name, value)

    return check


def _optional_text(
    instance: object, attribute: attrs.Attribute[str | None], value: str | None
) -> None:
    if value is not None and not isinstance(value, str):
        raise EvaluationError(f"Evaluation.{attribute.name} must be a text, got {type(value)}")


def _masked(comment: str | None) -> str:
    # The citizen may write a name or a phone number in the comment: never show it.
    return "None" if comment is None else "'***'"


@attrs.frozen
class Evaluation:
    """One citizen's evaluation of one dossier. It carries no personal data by design; the
    free-text comment might, so its ``repr`` masks it.

    ``overall`` is the quick rating at return; ``scores`` are the answers to the profile's
    criteria, in the profile's order, possibly partial (citizens skip questions). Build it
    with :func:`evaluate`, which checks it against the dossier and the profile.

    Examples:
        >>> from datetime import datetime, timezone
        >>> e = Evaluation(dossier_id="HS-0007",
        ...                at=datetime(2026, 3, 5, 3, 5, tzinfo=timezone.utc),
        ...                channel=EvaluationChannel.SMS, overall=Rating.DISSATISFIED,
        ...                scores={"on_time": 0}, profile="hue_12", comment="Chờ lâu")
        >>> e.at.isoformat(), e.dislike
        ('2026-03-05T10:05:00+07:00', True)
        >>> "Chờ lâu" in repr(e)
        False
    """

    dossier_id: str = attrs.field(validator=_text)
    #: When the citizen answered: aware, converted to Asia/Ho_Chi_Minh.
    at: datetime = attrs.field(converter=_moment)
    channel: EvaluationChannel = attrs.field(validator=_instance_of(EvaluationChannel))
    overall: Rating = attrs.field(validator=_instance_of(Rating))
    #: (criterion code, score) pairs in the profile's order.
    scores: tuple[tuple[str, int], ...] = attrs.field(converter=_pairs, validator=_valid_pairs)
    #: The name of the :class:`EvaluationProfile` the scores answer.
    profile: str = attrs.field(validator=_text)
    comment: str | None = attrs.field(default=None, validator=_optional_text, repr=_masked)

    @property
    def dislike(self) -> bool:
        """Whether indicator 5.4 of Decision 766 counts this evaluation as a dislike."""
        return self.overall.is_dislike

    def score(self, code: str) -> int | None:
        """The score given to criterion ``code``; ``None`` if the citizen skipped it."""
        return dict(self.scores).get(code)


def _checked_scores(
    profile: EvaluationProfile, scores: Mapping[str, object]
) -> tuple[tuple[str, int], ...]:
    """``scores`` in the profile's order; one error listing every unknown criterion and
    every score off its scale."""
    problems = []
    valid: dict[str, int] = {}
    for code, score in scores.items():
        try:
            criterion = profile.criterion(code)
        except EvaluationError as unknown:
            problems.append(str(unknown))
            continue
        if isinstance(score, int) and criterion.allows(score):
            valid[code] = score
        else:
            allowed = ", ".join(str(item) for item in criterion.scores)
            problems.append(
                f"score {score!r} for criterion {code!r} is outside its scale; "
                f"allowed scores: {allowed}"
            )
    if len(problems) == 1:
        raise EvaluationError(problems[0])
    if problems:
        lines = "\n".join(f"  {problem}" for problem in problems)
        raise EvaluationError(f"{len(problems)} problems in the scores:\n{lines}")
    return tuple((code, valid[code]) for code in profile.codes if code in valid)


def _return_moment(dossier: Dossier) -> datetime:
    for event in reversed(dossier.events):
        if isinstance(event, (ResultReturned, SettledOnTheSpot)):
            return event.at
    raise EvaluationError(f"dossier {dossier.id!r} has no return event")  # pragma: no cover


def evaluate(
    dossier: Dossier,
    *,
    at: datetime,
    channel: EvaluationChannel,
    overall: Rating,
    scores: Mapping[str, int] | None = None,
    profile: EvaluationProfile = DEFAULT_PROFILE,
    comment: str | None = None,
) -> Evaluation:
    """Record a citizen's evaluation of ``dossier``, checked against the dossier and
    ``profile``.

    Refused with :class:`~onestop.errors.EvaluationError`: a dossier whose result was never
    returned (state other than ``returned``), a moment before the return, a naive moment, a
    criterion the profile does not have, a score off its criterion's scale, an ``overall``
    that is not a :class:`Rating`, a ``channel`` that is not an :class:`EvaluationChannel`.
    ``scores`` may be partial.

    Examples:
        >>> from datetime import datetime
        >>> from onestop.calendar import VIETNAM_TZ, WorkCalendar
        >>> from onestop.dossier import Dossier
        >>> from onestop.procedures import default_catalog
        >>> monday = datetime(2026, 3, 2, 9, tzinfo=VIETNAM_TZ)
        >>> paternity = default_catalog().get("1.001022", on=monday.date())
        >>> d = Dossier.file(id="HS-0008", procedure=paternity, at=monday,
        ...                  calendar=WorkCalendar.vietnam()).receive(at=monday)
        >>> evaluate(d, at=monday, channel=EvaluationChannel.PORTAL, overall=Rating.SATISFIED)
        Traceback (most recent call last):
        ...
        onestop.errors.EvaluationError: cannot evaluate dossier 'HS-0008' in state received: ...
    """
    if not isinstance(dossier, Dossier):
        raise EvaluationError(f"evaluate needs a Dossier, got {type(dossier).__name__}")
    if not isinstance(profile, EvaluationProfile):
        raise EvaluationError(
            f"profile must be an EvaluationProfile (e.g. HUE_12, S1_NINE), got {profile!r}"
        )
    moment = _moment(at)
    _require(Rating, "overall", overall)
    _require(EvaluationChannel, "channel", channel)
    if dossier.state is not State.RETURNED:
        raise EvaluationError(
            f"cannot evaluate dossier {dossier.id!r} in state {dossier.state.value}: a citizen "
            "evaluates the handling of a dossier once its result is returned (state returned, "
            "status 10); record the evaluation after return_result or settle_on_the_spot"
        )
    returned_at = _return_moment(dossier)
    if moment < returned_at:
        raise EvaluationError(
            f"evaluation moment {moment.isoformat()} is before dossier {dossier.id!r} was "
            f"returned at {returned_at.isoformat()}: an evaluation follows the return of the "
            "result; check the clock of the kiosk or portal, or give the moment the citizen "
            "answered"
        )
    if scores is None:
        scores = {}
    if not isinstance(scores, Mapping):
        raise EvaluationError(
            f"scores must map criterion codes to scores, got {type(scores).__name__}"
        )
    return Evaluation(
        dossier_id=dossier.id,
        at=moment,
        channel=channel,
        overall=overall,
        scores=_checked_scores(profile, scores),
        profile=profile.name,
        comment=comment,
    )


def evaluation_to_dict(evaluation: Evaluation) -> dict[str, Any]:
    """A JSON-ready dict of ``evaluation``: the moment in ISO 8601 with offset, enums by
    value, scores as an object in the profile's order; ``comment`` only when given.

    Examples:
        >>> from datetime import datetime
        >>> from onestop.calendar import VIETNAM_TZ
        >>> e = Evaluation(dossier_id="HS-0007", at=datetime(2026, 3, 5, 10, 5, tzinfo=VIETNAM_TZ),
        ...                channel=EvaluationChannel.KIOSK, overall=Rating.SATISFIED,
        ...                scores={"attitude": 2}, profile="hue_12")
        >>> evaluation_to_dict(e)  # doctest: +NORMALIZE_WHITESPACE
        {'dossier_id': 'HS-0007', 'at': '2026-03-05T10:05:00+07:00', 'channel': 'kiosk',
         'overall': 'satisfied', 'scores': {'attitude': 2}, 'profile': 'hue_12'}
    """
    data: dict[str, Any] = {
        "dossier_id": evaluation.dossier_id,
        "at": evaluation.at.isoformat(),
        "channel": evaluation.channel.value,
        "overall": evaluation.overall.value,
        "scores": dict(evaluation.scores),
        "profile": evaluation.profile,
    }
    if evaluation.comment is not None:
        data["comment"] = evaluation.comment
    return data


_REQUIRED = ("dossier_id", "at", "channel", "overall", "profile")
_OPTIONAL = ("scores", "comment")


def evaluation_from_dict(
    data: object, *, profiles: Iterable[EvaluationProfile] = PROFILES
) -> Evaluation:
    """The evaluation ``data`` describes, checked against its profile, found by name in
    ``profiles`` (the shipped ones by default: pass your own profile to read its
    evaluations). Unknown or missing keys, bad values and unknown profiles raise
    :class:`~onestop.errors.EvaluationError`.

    Examples:
        >>> e = evaluation_from_dict({"dossier_id": "HS-0007", "at": "2026-03-05T03:05:00Z",
        ...     "channel": "sms", "overall": "very_satisfied", "profile": "s1_nine",
        ...     "scores": {"overall": 2, "total_time": 1}})
        >>> e.at.isoformat(), e.scores
        ('2026-03-05T10:05:00+07:00', (('total_time', 1), ('overall', 2)))
        >>> evaluation_from_dict({"dossier_id": "HS-0007", "stars": 5})
        Traceback (most recent call last):
        ...
        onestop.errors.EvaluationError: evaluation has unknown keys ['stars']; known keys: dossier_id, at, channel, overall, profile, scores, comment
    """
    if not isinstance(data, Mapping):
        raise EvaluationError(f"an evaluation must be a JSON object, got {type(data).__name__}")
    unknown = sorted(str(key) for key in set(data) - {*_REQUIRED, *_OPTIONAL})
    if unknown:
        raise EvaluationError(
            f"evaluation has unknown keys {unknown}; known keys: "
            f"{', '.join((*_REQUIRED, *_OPTIONAL))}"
        )
    missing = [key for key in _REQUIRED if key not in data]
    if missing:
        raise EvaluationError(f"evaluation lacks the keys {missing}")
    by_name = {profile.name: profile for profile in profiles}
    profile = by_name.get(data["profile"]) if isinstance(data["profile"], str) else None
    if profile is None:
        raise EvaluationError(
            f"evaluation profile {data['profile']!r} is unknown; known profiles: "
            f"{', '.join(by_name)}; pass profiles=(..., your_profile) to read its evaluations"
        )
    at = data["at"]
    if not isinstance(at, str):
        raise EvaluationError(f"evaluation.at must be an ISO 8601 string, got {at!r}")
    try:
        moment = datetime.fromisoformat(at)
    except ValueError:
        raise EvaluationError(f"evaluation.at is not an ISO 8601 moment: {at!r}") from None
    channel = _member(EvaluationChannel, "channel", data["channel"])
    overall = _member(Rating, "overall", data["overall"])
    scores = data.get("scores", {})
    if not isinstance(scores, Mapping):
        raise EvaluationError(
            f"evaluation.scores must be an object of criterion codes to scores, got {scores!r}"
        )
    return Evaluation(
        dossier_id=data["dossier_id"],
        at=moment,
        channel=channel,
        overall=overall,
        scores=_checked_scores(profile, scores),
        profile=profile.name,
        comment=data.get("comment"),
    )


def _member(kind: type[_E], name: str, value: object) -> _E:
    try:
        return kind(value)
    except (ValueError, TypeError):
        known = ", ".join(str(member.value) for member in kind)
        raise EvaluationError(f"evaluation.{name} {value!r} is not one of {known}") from None
