"""The pytest plugin, run on small test projects through ``pytester``.

Every run passes ``-p no:onestop -p onestop.testing.plugin``: the plugin is loaded from its
module whether or not the ``pytest11`` entry point is installed (blocking the entry point's
name keeps pluggy from registering the same module twice).
"""

from pathlib import Path

import pytest

from onestop.testing._cases import CaseFileError, read_cases

pytest_plugins = ["pytester"]

PLUGIN = ("-p", "no:onestop", "-p", "onestop.testing.plugin", "-p", "no:cacheprovider")

CASES = """
[[case]]
name = "received Friday before Tet"
procedure = "1.001022"
received = 2026-02-13T16:10:00+07:00
channel = "in_person"
events = [{type = "finish", at = 2026-02-24T10:00:00+07:00, result = "certificate"}]
expect_due = 2026-02-25T17:00:00+07:00
expect_outcome = "early"

[[case]]
name = "due wrongly expected during Tet"
procedure = "1.001022"
received = 2026-02-13T16:10:00+07:00
expect_due = 2026-02-18T17:00:00+07:00

[[case]]
name = "open dossier measured at now"
procedure = "1.001022"
received = 2026-03-02T09:00:00+07:00
now = 2026-03-06T09:00:00+07:00
expect_outcome = "on_time"
"""


@pytest.fixture
def project(pytester: pytest.Pytester) -> pytest.Pytester:
    pytester.makefile(".toml", onestop_tet=CASES)
    return pytester


def test_case_files_are_not_collected_without_the_option(project: pytest.Pytester) -> None:
    project.makepyfile(test_plain="def test_nothing():\n    pass\n")
    result = project.runpytest(*PLUGIN)
    result.assert_outcomes(passed=1)
    result.stdout.no_fnmatch_line("*onestop_tet.toml*")


def test_cases_collected_with_readable_ids(project: pytest.Pytester) -> None:
    result = project.runpytest(*PLUGIN, "--onestop", "--collect-only", "-q")
    result.stdout.fnmatch_lines(
        [
            "onestop_tet.toml::received Friday before Tet",
            "onestop_tet.toml::due wrongly expected during Tet",
            "onestop_tet.toml::open dossier measured at now",
        ]
    )


def test_cases_pass_and_fail_with_the_explanation(project: pytest.Pytester) -> None:
    result = project.runpytest(*PLUGIN, "--onestop", "-v")
    result.assert_outcomes(passed=1, failed=2)
    result.stdout.fnmatch_lines(
        [
            "*onestop_tet.toml::received Friday before Tet PASSED*",
            "*onestop_tet.toml::due wrongly expected during Tet FAILED*",
        ]
    )
    result.stdout.fnmatch_lines(
        [
            "onestop case 'due wrongly expected during Tet' in onestop_tet.toml failed:",
            "dossier due wrongly expected during Tet (procedure 1.001022): due moment differs:*",
            "Received: Friday 13/02/2026 16:10",
            "*16/02/2026 skipped: Lunar New Year holiday (Labour Code 2019 art. 112(1))",
            "*25/02/2026 working day 3",
            "Due: Wednesday 25/02/2026 17:00 (close of office)",
        ]
    )
    result.stdout.fnmatch_lines(
        [
            "*is late, expected on_time (now = Friday 06/03/2026 09:00*",
            "Appointment: Thursday 05/03/2026 17:00*",
        ]
    )
    # The explanation replaces pytest's traceback of the plugin's internals.
    result.stdout.no_fnmatch_line("*def runtest*")


def test_ini_option_enables_collection(project: pytest.Pytester) -> None:
    project.makeini("[pytest]\nonestop_cases = true\n")
    result = project.runpytest(*PLUGIN, "-k", "Friday")
    result.assert_outcomes(passed=1, deselected=2)


def test_fixtures_usable_and_now_overridable(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        test_fixtures="""
        from datetime import date
        import pytest
        from onestop.testing import assert_working_day

        def test_calendar(onestop_calendar):
            assert_working_day(date(2026, 3, 2), onestop_calendar)

        def test_catalog(onestop_catalog, onestop_now):
            birth = onestop_catalog.get("1.001193", on=onestop_now.date())
            assert birth.code == "1.001193"

        def test_now(onestop_now, request):
            expected = request.config.getoption("onestop_now") or "2026-03-02T09:00:00+07:00"
            assert onestop_now.isoformat() == expected
            assert str(onestop_now.tzinfo) == "Asia/Ho_Chi_Minh"

        @pytest.mark.onestop(now="2026-02-17T10:00:00+07:00")
        def test_marker_now(onestop_now):
            assert onestop_now.day == 17
        """
    )
    pytester.runpytest(*PLUGIN, "--strict-markers").assert_outcomes(passed=4)
    result = pytester.runpytest(*PLUGIN, "--onestop-now", "2026-03-03T01:00:00+00:00", "-k", "now")
    result.assert_outcomes(failed=1, passed=1, deselected=2)
    result.stdout.fnmatch_lines(["*2026-03-03T08:00:00+07:00*"])


def test_naive_now_option_is_a_usage_error(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(test_now="def test_now(onestop_now):\n    pass\n")
    result = pytester.runpytest(*PLUGIN, "--onestop-now", "2026-03-03T08:00:00")
    result.stdout.fnmatch_lines(["*has no UTC offset; onestop does not guess one*"])
    assert result.ret != 0


def test_marker_is_registered(pytester: pytest.Pytester) -> None:
    result = pytester.runpytest(*PLUGIN, "--markers")
    result.stdout.fnmatch_lines(["@pytest.mark.onestop(now=None): a test of onestop rules*"])


def test_malformed_case_file_names_file_and_case(pytester: pytest.Pytester) -> None:
    pytester.makefile(
        ".toml",
        onestop_bad="""
        [[case]]
        name = "typo in a key"
        procedure = "1.001022"
        received = 2026-02-13T16:10:00+07:00
        expect_dew = 2026-02-25T17:00:00+07:00
        """,
    )
    result = pytester.runpytest(*PLUGIN, "--onestop")
    result.assert_outcomes(errors=1)
    assert (
        "onestop_bad.toml, case 'typo in a key': unknown keys ['expect_dew']; a case has:"
        in result.stdout.str()
    )
    result.stdout.no_fnmatch_line("*Traceback*")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[[case]]\nname = 'x'\n", "case 'x': missing ['procedure', 'received']"),
        (
            "[[case]]\nname = 'x'\nprocedure = '1'\nreceived = 2026-02-13T16:10:00\n"
            "expect_outcome = 'late'\n",
            "received = 2026-02-13T16:10:00 has no UTC offset",
        ),
        ("[[case]]\nname = \n", "onestop_bad.toml: not valid TOML"),
        ("title = 'x'\n", "unknown top-level keys ['title']"),
        ("case = 1\n", "onestop_bad.toml: no cases; write at least one [[case]] table"),
        ("case = [1]\n", "onestop_bad.toml, case #1: a case is a [[case]] table"),
        (
            "[[case]]\nname = 'x'\nprocedure = '1'\nreceived = 2026-02-13T16:10:00+07:00\nexpect_outcome = 'late'\n"
            "events = 3\n",
            "events must be a list of tables",
        ),
        (
            "[[case]]\nname = 'x'\nprocedure = '1'\nreceived = 2026-02-13T16:10:00+07:00\nexpect_outcome = 'late'\n"
            "events = [3]\n",
            "case 'x', event 1: an event is a table",
        ),
        (
            "[[case]]\nname = 'x'\nprocedure = '1'\nreceived = 2026-02-13T16:10:00+07:00\nexpect_outcome = 'late'\n"
            "events = [{type = 'finish'}]\n",
            "event 1: finish needs its moment 'at'",
        ),
        (
            "[[case]]\nname = 'x'\nprocedure = '1'\nreceived = 2026-02-13T16:10:00+07:00\nexpect_outcome = 'late'\n"
            "now = 'tomorrow'\n",
            "now must be a TOML date-time with its offset",
        ),
        (
            "[[case]]\nname = 'x'\nprocedure = ''\nreceived = 2026-02-13T16:10:00+07:00\nexpect_outcome = 'late'\n",
            "procedure must be a non-empty string",
        ),
        (
            "[[case]]\nname = 'x'\nprocedure = '1'\nreceived = 2026-02-13T16:10:00+07:00\n",
            "give expect_due or expect_outcome",
        ),
        (
            "[[case]]\nname = 'x'\nprocedure = '1'\nreceived = 2026-02-13T16:10:00+07:00\n"
            "expect_outcome = 'late'\nevents = [{type = 'finnish', at = 2026-02-14T10:00:00+07:00}]\n",
            "case 'x', event 1: unknown event type 'finnish'; known types:",
        ),
        (
            "[[case]]\nname = 'x'\nprocedure = '1'\nreceived = 2026-02-13T16:10:00+07:00\n"
            "expect_outcome = 'late'\nevents = [{type = 'finish', at = 2026-02-14T10:00:00+07:00,"
            " colour = 'red'}]\n",
            "event 1: finish has unknown fields ['colour']",
        ),
        (
            "[[case]]\nname = 'x'\nprocedure = '1'\nreceived = 2026-02-13T16:10:00+07:00\n"
            "expect_outcome = 'tardy'\n",
            "case 'x': expect_outcome 'tardy' is not one of early, on_time, late",
        ),
        (
            "[[case]]\nname = 'x'\nprocedure = '1'\nreceived = 2026-02-13T16:10:00+07:00\n"
            "expect_outcome = 'late'\n[[case]]\nname = 'x'\nprocedure = '1'\n"
            "received = 2026-02-13T16:10:00+07:00\nexpect_outcome = 'late'\n",
            "case 'x': the name is used twice",
        ),
    ],
)
def test_malformed_case_files(pytester: pytest.Pytester, text: str, message: str) -> None:
    pytester.makefile(".toml", onestop_bad=text)
    result = pytester.runpytest(*PLUGIN, "--onestop")
    result.assert_outcomes(errors=1)
    assert message in result.stdout.str()


def test_refused_events_and_unknown_procedures_fail_the_case(pytester: pytest.Pytester) -> None:
    pytester.makefile(
        ".toml",
        onestop_refused="""
        [[case]]
        name = "supplement before processing"
        procedure = "1.001022"
        received = 2026-03-02T09:00:00+07:00
        events = [{type = "receive_supplement", at = 2026-03-03T09:00:00+07:00}]
        expect_outcome = "open"

        [[case]]
        name = "no such procedure"
        procedure = "9.999999"
        received = 2026-03-02T09:00:00+07:00
        expect_outcome = "open"

        [[case]]
        name = "by post"
        procedure = "1.001022"
        received = 2026-03-02T09:00:00+07:00
        channel = "pigeon"
        expect_outcome = "open"
        """,
    )
    result = pytester.runpytest(*PLUGIN, "--onestop")
    result.assert_outcomes(failed=3)
    result.stdout.fnmatch_lines(["the case's events are refused: cannot receive_supplement*"])
    result.stdout.fnmatch_lines(["procedure '9.999999' is not in the default catalog*"])
    result.stdout.fnmatch_lines(["channel 'pigeon' is not one of in_person, postal, online"])


def test_oversized_case_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "onestop_big.toml"
    path.write_text("# " + "x" * 100 + "\n", encoding="utf-8")
    with pytest.raises(CaseFileError, match=r"onestop_big\.toml: 103 bytes, over the limit of 64"):
        read_cases(path, max_bytes=64)


def test_now_option_and_marker_forms(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        test_now="""
        from datetime import datetime, timezone
        import pytest

        @pytest.mark.onestop(now=datetime(2026, 3, 3, 1, tzinfo=timezone.utc))
        def test_marker_datetime(onestop_now):
            assert onestop_now.isoformat() == "2026-03-03T08:00:00+07:00"

        def test_option(onestop_now):
            pass
        """
    )
    pytester.runpytest(*PLUGIN, "-k", "marker").assert_outcomes(passed=1)
    result = pytester.runpytest(*PLUGIN, "--onestop-now", "next monday", "-k", "option")
    result.stdout.fnmatch_lines(["*--onestop-now: 'next monday' is not an ISO 8601 moment*"])


def test_unexpected_error_in_a_case_keeps_the_traceback(pytester: pytest.Pytester) -> None:
    pytester.makefile(
        ".toml",
        onestop_odd="""
        [[case]]
        name = "papers given as a number"
        procedure = "1.001022"
        received = 2026-03-02T09:00:00+07:00
        events = [
            {type = "start_processing", at = 2026-03-02T10:00:00+07:00},
            {type = "request_supplement", at = 2026-03-02T11:00:00+07:00, missing = 3},
        ]
        expect_outcome = "open"
        """,
    )
    result = pytester.runpytest(*PLUGIN, "--onestop")
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(["*TypeError*"])
