"""Tests of the catalog rule checks: each rule broken and followed, and the reporting."""

from __future__ import annotations

from copy import copy as copy_of
from datetime import date, time
from typing import TypeVar

import attrs
import pytest

from onestop.procedures import (
    Catalog,
    Channel,
    ChannelOffer,
    Document,
    Fee,
    LegalBasis,
    Procedure,
    ProcedureHistory,
    ProcedureVersion,
    default_catalog,
)
from onestop.testing.rules import (
    DEFAULT_RULES,
    Rule,
    Violation,
    assert_catalog_follows_rules,
    check_catalog,
)
from onestop.timing import ProcessingTime

REFORM = date(2025, 7, 1)
T = TypeVar("T")


def recognition() -> Procedure:
    """1.001022, recognition of parent/child: 03 working days, Hộ tịch, three channels."""
    return default_catalog().get("1.001022", on=date(2026, 3, 2))


def catalog_of(*procedures: Procedure) -> Catalog:
    histories = {
        p.code: ProcedureHistory(p.code, (ProcedureVersion(p, effective_from=REFORM),))
        for p in procedures
    }
    return Catalog("test", histories)


def broken(value: T, **fields: object) -> T:
    """A copy of ``value`` with ``fields`` set past the model's validation."""
    copy = copy_of(value)
    for name, field_value in fields.items():
        object.__setattr__(copy, name, field_value)
    return copy


def rules_broken(procedure: Procedure) -> list[str]:
    return [violation.rule for violation in check_catalog(catalog_of(procedure))]


def with_code(procedure: Procedure, code: str) -> Procedure:
    return attrs.evolve(procedure, code=code)


def test_the_base_procedure_follows_every_rule() -> None:
    assert rules_broken(recognition()) == []


def test_default_rule_ids_are_unique_and_sourced() -> None:
    ids = [rule.id for rule in DEFAULT_RULES]
    assert len(ids) == len(set(ids))
    assert all(rule.source and rule.description for rule in DEFAULT_RULES)


# -- one test per rule: broken, then followed ----------------------------------------------


def test_legal_basis() -> None:
    without = broken(recognition(), legal_basis=())
    assert rules_broken(without) == ["legal-basis"]
    assert (
        rules_broken(attrs.evolve(recognition(), legal_basis=(LegalBasis("60/2014/QH13"),))) == []
    )


def test_time_limit() -> None:
    untimed = attrs.evolve(recognition(), processing_time=None, notes=())
    assert rules_broken(untimed) == ["time-limit"]
    noted = attrs.evolve(untimed, notes=("the record gives no time limit",))
    assert rules_broken(noted) == []
    by_channel = attrs.evolve(
        untimed,
        channels=(ChannelOffer(Channel.IN_PERSON, ProcessingTime.working_days(3)),),
    )
    assert rules_broken(by_channel) == []


def test_legal_unit() -> None:
    zero_days = broken(ProcessingTime.working_days(1), amount=0)
    wrong = attrs.evolve(recognition(), processing_time=zero_days)
    assert "legal-unit" in rules_broken(wrong)
    same_day_one = broken(ProcessingTime.same_day(), amount=1)
    assert "legal-unit" in rules_broken(attrs.evolve(recognition(), processing_time=same_day_one))
    bad_unit = broken(ProcessingTime.working_days(1), unit="weeks")
    assert "legal-unit" in rules_broken(attrs.evolve(recognition(), processing_time=bad_unit))
    for unit_time in (
        ProcessingTime.working_hours(8),
        ProcessingTime.calendar_days(3),
        ProcessingTime.same_day(),
    ):
        assert "legal-unit" not in rules_broken(
            attrs.evolve(recognition(), processing_time=unit_time)
        )


def test_fees() -> None:
    silent = ChannelOffer(Channel.ONLINE, fee=Fee(None))
    assert rules_broken(attrs.evolve(recognition(), channels=(silent,))) == ["fees"]
    negative = ChannelOffer(Channel.ONLINE, fee=broken(Fee(0), amount_vnd=-1))
    assert rules_broken(attrs.evolve(recognition(), channels=(negative,))) == ["fees"]
    kept = ChannelOffer(Channel.ONLINE, fee=Fee(None, "Theo quy định của HĐND tỉnh"))
    assert rules_broken(attrs.evolve(recognition(), channels=(kept,))) == []


def test_committed_within_statutory() -> None:
    longer = attrs.evolve(
        recognition(), committed_time=ProcessingTime.working_days(5), committed_by="UBND phường"
    )
    (violation,) = check_catalog(catalog_of(longer))
    assert violation.rule == "committed-within-statutory"
    assert "longer than the statutory time" in violation.message
    shorter = attrs.evolve(recognition(), committed_time=ProcessingTime.working_days(2))
    assert rules_broken(shorter) == []


def test_committed_time_that_cannot_be_compared_is_a_violation() -> None:
    calendar = attrs.evolve(recognition(), committed_time=ProcessingTime.calendar_days(2))
    (violation,) = check_catalog(catalog_of(calendar))
    assert "cannot be checked" in violation.message
    alone = attrs.evolve(
        recognition(), processing_time=None, committed_time=ProcessingTime.working_days(2)
    )
    (violation,) = check_catalog(catalog_of(alone))
    assert "there is no statutory time" in violation.message


def test_same_day_cutoff() -> None:
    civil = attrs.evolve(recognition(), processing_time=ProcessingTime.same_day(cutoff=None))
    assert rules_broken(civil) == ["same-day-cutoff"]
    assert rules_broken(attrs.evolve(civil, processing_time=ProcessingTime.same_day())) == []
    elsewhere = attrs.evolve(civil, field="Đất đai", time_rules=(), notes=())
    assert rules_broken(elsewhere) == ["same-day-cutoff"]
    said = attrs.evolve(elsewhere, time_rules=("Trong ngày, không có giờ chốt",))
    assert rules_broken(said) == []
    late = attrs.evolve(civil, processing_time=ProcessingTime.same_day(cutoff=time(16, 0)))
    assert rules_broken(late) == []


def test_channel_within_statutory() -> None:
    slow = ChannelOffer(Channel.POSTAL, ProcessingTime.working_days(5))
    (violation,) = check_catalog(catalog_of(attrs.evolve(recognition(), channels=(slow,))))
    assert violation.rule == "channel-within-statutory"
    assert violation.message.startswith("channel row 0 (postal): 05 ngày làm việc is longer")
    odd = ChannelOffer(Channel.POSTAL, ProcessingTime.calendar_days(2))
    assert rules_broken(attrs.evolve(recognition(), channels=(odd,))) == [
        "channel-within-statutory"
    ]
    quick = ChannelOffer(Channel.POSTAL, ProcessingTime.working_days(2))
    assert rules_broken(attrs.evolve(recognition(), channels=(quick,))) == []


def test_documents() -> None:
    empty = broken(Document("Tờ khai"), originals=0)
    assert rules_broken(attrs.evolve(recognition(), documents=(empty,))) == ["documents"]
    copy = Document("Tờ khai", originals=0, copies=1)
    assert rules_broken(attrs.evolve(recognition(), documents=(copy,))) == []


# -- reporting -------------------------------------------------------------------------------


def test_every_violation_is_reported_at_once() -> None:
    many = broken(
        attrs.evolve(
            recognition(),
            committed_time=ProcessingTime.working_days(9),
            channels=(
                ChannelOffer(Channel.ONLINE, ProcessingTime.working_days(4), fee=Fee(None)),
                ChannelOffer(Channel.POSTAL, ProcessingTime.working_days(6)),
            ),
        ),
        legal_basis=(),
    )
    other = attrs.evolve(with_code(recognition(), "1.000001"), processing_time=None, notes=())
    found = check_catalog(catalog_of(many, other))
    assert [(v.code, v.rule) for v in found] == [
        ("1.000001", "time-limit"),
        ("1.001022", "legal-basis"),
        ("1.001022", "fees"),
        ("1.001022", "committed-within-statutory"),
        ("1.001022", "channel-within-statutory"),
        ("1.001022", "channel-within-statutory"),
    ]
    assert {v.version for v in found} == {REFORM}


def two_versions() -> Catalog:
    good = recognition()
    bad = attrs.evolve(good, committed_time=ProcessingTime.working_days(5))
    history = ProcedureHistory(
        good.code,
        (
            ProcedureVersion(bad, effective_from=None, effective_until=REFORM),
            ProcedureVersion(good, effective_from=REFORM),
        ),
    )
    return Catalog("two versions", {good.code: history})


def test_every_version_is_checked_unless_on_is_given() -> None:
    catalog = two_versions()
    (violation,) = check_catalog(catalog)
    assert violation == Violation(
        "1.001022",
        None,
        "committed-within-statutory",
        "committed time 05 ngày làm việc is longer than the statutory time 03 ngày làm việc",
    )
    assert len(check_catalog(catalog, on=date(2025, 6, 30))) == 1
    assert check_catalog(catalog, on=REFORM) == ()


def test_the_assertion_lists_every_violation() -> None:
    catalog = two_versions()
    assert_catalog_follows_rules(catalog, on=date(2026, 3, 2))
    with pytest.raises(AssertionError) as raised:
        assert_catalog_follows_rules(catalog, on=date(2025, 1, 2))
    assert str(raised.value) == (
        "1 violation of the catalog rules in 'two versions' on 2025-01-02:\n"
        "  1.001022: [committed-within-statutory] committed time 05 ngày làm việc is longer "
        "than the statutory time 03 ngày làm việc"
    )


def test_custom_rules_replace_the_defaults() -> None:
    english = Rule(
        "name-en",
        "every procedure has an English name",
        "the portal team's rule",
        lambda procedure: [] if procedure.name_en else ["no English name"],
    )
    unnamed = attrs.evolve(recognition(), name_en=None, processing_time=None, notes=())
    found = check_catalog(catalog_of(unnamed), rules=[english])
    assert [str(v) for v in found] == ["1.001022 (from 2025-07-01): [name-en] no English name"]
    both = check_catalog(catalog_of(unnamed), rules=(*DEFAULT_RULES, english))
    assert [v.rule for v in both] == ["time-limit", "name-en"]


def test_rules_run_on_the_default_catalog() -> None:
    found = check_catalog(default_catalog())
    known = {rule.id for rule in DEFAULT_RULES}
    assert all(violation.rule in known for violation in found)
    assert all(violation.code in default_catalog().histories for violation in found)
