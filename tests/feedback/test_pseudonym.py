"""Pseudonymised feedback for analysts: the same keyed pseudonyms as dossiers, free texts
naming the author redacted, everything else kept."""

from __future__ import annotations

import pytest

from onestop.dossier import Applicant, Dossier
from onestop.errors import FeedbackError
from onestop.feedback import REDACTED_TEXT, Author, pseudonymise
from onestop.io import pseudonymise as pseudonymise_dossiers
from onestop.procedures import default_catalog
from tests.feedback._helpers import AUTHOR, CAL, NAME, PHONE, item, vn

KEY = b"k" * 32


def test_pseudonyms_match_those_of_dossiers_under_the_same_key() -> None:
    at = vn(2026, 3, 2)
    birth = default_catalog().get("1.001193", on=at.date())
    dossier = Dossier.file(
        id="HS-1",
        procedure=birth,
        at=at,
        calendar=CAL,
        applicant=Applicant(name=NAME, phone="+84 935 777 888", email=AUTHOR.email),
    )
    [shared_dossier] = pseudonymise_dossiers([dossier], key=KEY)
    [shared_item] = pseudonymise([item(at)], key=KEY)
    assert shared_item.author is not None
    assert shared_dossier.applicant is not None
    assert shared_item.author.name == shared_dossier.applicant.name
    assert shared_item.author.phone == shared_dossier.applicant.phone
    assert shared_item.author.email == shared_dossier.applicant.email
    assert shared_item.author.address is None


def test_texts_naming_the_author_are_redacted_and_the_others_kept() -> None:
    at = vn(2026, 3, 2)
    original = (
        item(at)
        .request_supplement(at=vn(2026, 3, 3), request="Gọi lại số 0935 777 888", by="cb-1")
        .receive_supplement(at=vn(2026, 3, 4))
        .answer(at=vn(2026, 3, 5), summary="Đã trả lời bà le thi hong nhung")
        .publish(at=vn(2026, 3, 6), where="Trang Zalo của phường")
        .reraise(at=vn(2026, 3, 9), reason="Chưa thỏa đáng")
    )
    [shared] = pseudonymise([original], key=KEY)
    assert shared.events[1].request == REDACTED_TEXT  # type: ignore[attr-defined]
    assert shared.events[1].by == "cb-1"
    assert shared.events[3].summary == REDACTED_TEXT  # type: ignore[attr-defined]
    assert shared.events[4].where == "Trang Zalo của phường"  # type: ignore[attr-defined]
    assert shared.events[5].reason == "Chưa thỏa đáng"  # type: ignore[attr-defined]
    assert shared.id == original.id
    assert shared.classify() == original.classify()
    assert NAME not in shared.to_json()
    assert PHONE not in shared.to_json()


def test_short_numbers_and_anonymous_items() -> None:
    short = item(vn(2026, 3, 2), author=Author(phone="1022", address="Tổ 3"))
    answered = short.answer(at=vn(2026, 3, 3), summary="Thủ tục 1.001022 đã rõ")
    [shared] = pseudonymise([answered], key=KEY)
    assert shared.events[1].summary == "Thủ tục 1.001022 đã rõ"  # type: ignore[attr-defined]
    anonymous = item(vn(2026, 3, 2), author=None)
    assert list(pseudonymise([anonymous], key=KEY)) == [anonymous]


def test_a_short_key_is_refused() -> None:
    with pytest.raises(FeedbackError, match="at least 16 secret random bytes"):
        list(pseudonymise([], key=b"short"))
