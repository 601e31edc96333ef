"""The closed sets and small values of a feedback item: its channel, its class, what it is
about, who wrote it (masked) and how citizens react to its answer."""

from __future__ import annotations

import enum

import attrs

from onestop.errors import FeedbackError

__all__ = [
    "Author",
    "FeedbackChannel",
    "FeedbackClass",
    "Reaction",
    "Subject",
    "SubjectKind",
]


class FeedbackChannel(enum.Enum):
    """Where the citizen's feedback (phản ánh, kiến nghị) came in. Wards run several: an
    An Khê ward takes feedback "through a Zalo channel" (rules.md, "The An Khê ward facts")."""

    #: A Zalo official account or group of the ward.
    ZALO = "zalo"
    #: The ward's hotline (đường dây nóng).
    HOTLINE = "hotline"
    #: The national or provincial public-service portal's feedback section.
    PORTAL = "portal"
    #: The feedback box or the desk of the one-stop unit (hòm thư góp ý, trực tiếp).
    DESK = "desk"
    #: E-mail to the ward.
    EMAIL = "email"
    #: A letter by post.
    POST = "post"
    #: Any other channel (social media, a meeting with citizens, ...).
    OTHER = "other"


class FeedbackClass(enum.Enum):
    """What a feedback item is about, as indicator 5.1 of Decision 766/QĐ-TTg counts it
    ("PAKN theo phân loại": the national portal tracks the share about administrative
    procedures and the share about officers, practice.md §3.1 [API]). An item is
    unclassified (``None``) until it is classified."""

    #: About an administrative procedure (thủ tục hành chính).
    PROCEDURE = "procedure"
    #: About an officer's conduct or attitude (hành vi, thái độ của cán bộ, công chức).
    OFFICER_CONDUCT = "officer_conduct"
    #: Anything else.
    OTHER = "other"


class Reaction(enum.Enum):
    """A citizen's reaction to the handling of an item; an item with more dislikes than
    likes counts against satisfaction (Decision 766/QĐ-TTg indicator 5.3, law.md §3.3 [S])."""

    LIKE = "like"
    DISLIKE = "dislike"


class SubjectKind(enum.Enum):
    """What kind of thing an item names as its subject."""

    #: A procedure, by its national code (``1.001193``).
    PROCEDURE = "procedure"
    #: An officer, by an identifier of the office (not personal data of the citizen).
    OFFICER = "officer"
    #: A place: a reception point, a street, a public work.
    PLACE = "place"


def _reference(instance: object, attribute: attrs.Attribute[str], value: str) -> None:
    if not isinstance(value, str) or not value.strip():
        raise FeedbackError(
            f"Subject.{attribute.name} must be a non-empty text (a procedure code, an "
            f"officer's identifier or a place), got {type(value).__name__}"
        )


def _kind(instance: object, attribute: attrs.Attribute[SubjectKind], value: SubjectKind) -> None:
    if not isinstance(value, SubjectKind):
        known = ", ".join(kind.value for kind in SubjectKind)
        raise FeedbackError(f"Subject.kind must be a SubjectKind ({known}), got {value!r}")


@attrs.frozen
class Subject:
    """What a feedback item is about: a procedure, an officer or a place.

    Examples:
        >>> Subject.procedure("1.001193")
        Subject(kind=<SubjectKind.PROCEDURE: 'procedure'>, ref='1.001193')
        >>> Subject.place("Tổ dân phố 3").ref
        'Tổ dân phố 3'
    """

    kind: SubjectKind = attrs.field(validator=_kind)
    ref: str = attrs.field(validator=_reference)

    @classmethod
    def procedure(cls, code: str) -> Subject:
        """A procedure, by its national code."""
        return cls(SubjectKind.PROCEDURE, code)

    @classmethod
    def officer(cls, identifier: str) -> Subject:
        """An officer, by the office's identifier for them."""
        return cls(SubjectKind.OFFICER, identifier)

    @classmethod
    def place(cls, name: str) -> Subject:
        """A place."""
        return cls(SubjectKind.PLACE, name)


def _mask(text: str | None) -> str | None:
    """``"Nguyễn Văn An"`` → ``"N***"``: enough to tell records apart, nothing to identify
    (the masking of :class:`onestop.dossier.Applicant`)."""
    return None if text is None else (text[:1] + "***" if text else "")


def _optional_text(instance: object, attribute: attrs.Attribute[str | None], value: object) -> None:
    if value is not None and not isinstance(value, str):
        # The value is not quoted: it may be a phone number typed as a number.
        raise FeedbackError(
            f"Author.{attribute.name} must be a text or None, got {type(value).__name__}"
        )


@attrs.frozen(kw_only=True, repr=False)
class Author:
    """The citizen who wrote a feedback item. Personal data: never shown in a ``repr``, a
    ``str``, a log line or an error message (each detail is masked to its first character).
    Anonymous feedback has no author at all (``author=None``).

    Examples:
        >>> an = Author(name="Nguyễn Văn An", phone="0905123456")
        >>> an
        Author(name='N***', phone='0***', email=None, address=None)
        >>> str(an) == repr(an)
        True
        >>> an.phone
        '0905123456'
    """

    name: str | None = attrs.field(default=None, validator=_optional_text)
    phone: str | None = attrs.field(default=None, validator=_optional_text)
    email: str | None = attrs.field(default=None, validator=_optional_text)
    address: str | None = attrs.field(default=None, validator=_optional_text)

    def __attrs_post_init__(self) -> None:
        if not any((getattr(self, field.name) or "").strip() for field in attrs.fields(Author)):
            raise FeedbackError(
                "an Author needs at least one non-empty detail (name, phone, email or "
                "address); record anonymous feedback with author=None"
            )

    def __repr__(self) -> str:
        fields = ", ".join(
            f"{field.name}={_mask(getattr(self, field.name))!r}" for field in attrs.fields(Author)
        )
        return f"Author({fields})"

    __str__ = __repr__
