"""Keyed pseudonyms of a citizen's details, and the check of free texts that name them.

One implementation for every record of a citizen: the applicant of a dossier
(:func:`onestop.io.pseudonymise`) and the author of a feedback item
(:func:`onestop.feedback.pseudonymise`), so that under one key the same phone gets the same
pseudonym in both, and analysts can link a citizen's feedback to their dossiers without
learning who they are.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import unicodedata
from typing import TypeVar

import attrs
from attrs import AttrsInstance

from onestop.errors import OnestopError

__all__ = ["MIN_KEY_BYTES", "Detector", "pseudonymised", "secret_key"]

#: The smallest key accepted, in bytes (the HMAC-SHA256 block gives no more past 64).
MIN_KEY_BYTES = 16

#: Details compared digit by digit: +84 905 123 456 is 0905 123 456.
_NUMBER_FIELDS = frozenset({"id_number", "phone"})
_DIGITS = re.compile(r"\D+")
_NOT_WORD = re.compile(r"[\W_]+")
#: Fewer digits than this would match ordinary numbers in texts.
_MIN_NUMBER_DIGITS = 6

_Details = TypeVar("_Details", bound=AttrsInstance)


def secret_key(key: object, error: type[OnestopError]) -> bytes:
    """``key`` as bytes, or ``error`` when it is not at least :data:`MIN_KEY_BYTES` bytes."""
    if not isinstance(key, bytes | bytearray) or len(key) < MIN_KEY_BYTES:
        raise error(
            f"the pseudonymisation key must be at least {MIN_KEY_BYTES} secret random bytes, "
            "e.g. secrets.token_bytes(32)"
        )
    return bytes(key)


def _folded(text: str) -> str:
    """``text`` as words without case or diacritics (đ as d), padded with spaces, so that
    ``" an "`` is found in ``" ong an "`` and not in ``" ban "``."""
    decomposed = unicodedata.normalize("NFD", text.casefold().replace("đ", "d"))
    plain = "".join(char for char in decomposed if not unicodedata.combining(char))
    return f" {_NOT_WORD.sub(' ', plain).strip()} "


def _digits(text: str) -> str:
    digits = _DIGITS.sub("", text)
    # +84 905 123 456 and 0905 123 456 are the same phone.
    return "0" + digits[2:] if digits.startswith("84") and len(digits) >= 11 else digits


def _normalised(field: str, value: str) -> str:
    """The value a pseudonym is computed from: digits of numbers; texts in NFC, without case
    or extra spaces. Diacritics are kept: Lan and Lân are different names."""
    if field in _NUMBER_FIELDS:
        return _digits(value)
    return " ".join(unicodedata.normalize("NFC", value).casefold().split())


def _pseudonym(key: bytes, field: str, value: str) -> str:
    message = f"{field}\x1f{_normalised(field, value)}".encode()
    return f"{field}-{hmac.new(key, message, hashlib.sha256).hexdigest()[:20]}"


def pseudonymised(details: _Details, key: bytes) -> _Details:
    """``details`` (an attrs record of a citizen's details, every field a text or ``None``)
    with each detail replaced by its keyed pseudonym.

    Examples:
        >>> from onestop.dossier import Applicant
        >>> shared = pseudonymised(Applicant(name="Nguyễn Văn An"), b"0123456789abcdef")
        >>> shared.name.startswith("name-"), shared.phone
        (True, None)
    """
    fields = attrs.fields(type(details))
    changes = {
        field.name: _pseudonym(key, field.name, value)
        for field in fields
        if (value := getattr(details, field.name)) is not None
    }
    return attrs.evolve(details, **changes)  # type: ignore[misc]  # bound to AttrsInstance


class Detector:
    """Whether a text contains one of a citizen's details (compared without case, spaces or
    Vietnamese diacritics; phone and ID numbers digit by digit, also without the leading 0).

    Examples:
        >>> from onestop.dossier import Applicant
        >>> found = Detector(Applicant(name="Nguyễn Văn An", phone="0905 123 456"))
        >>> found("ông nguyen van an"), found("gọi 905123456"), found("bàn số 3")
        (True, True, False)
    """

    __slots__ = ("_numbers", "_texts")

    def __init__(self, details: AttrsInstance) -> None:
        self._texts: list[str] = []
        self._numbers: list[str] = []
        for field in attrs.fields(type(details)):
            value = getattr(details, field.name)
            if not value or not value.strip():
                continue
            digits = _digits(value)
            if field.name in _NUMBER_FIELDS and len(digits) >= _MIN_NUMBER_DIGITS:
                self._numbers += [digits, digits.lstrip("0")]
            else:
                self._texts.append(_folded(value))

    def __call__(self, text: str) -> bool:
        folded = _folded(text)
        if any(value.strip() and value in folded for value in self._texts):
            return True
        digits = _DIGITS.sub("", text)
        return any(number and number in digits for number in self._numbers)
