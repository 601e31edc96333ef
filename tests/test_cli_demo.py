"""``onestop demo``: the first README command. A synthetic ward's year, labelled synthetic,
its scorecard and the 30 %/10 % what-if, the same for the same seed."""

from __future__ import annotations

import io

import pytest

from onestop._cli_demo import _bar, _share
from onestop.cli import main
from onestop.errors import OnestopError

SMALL = ["demo", "--seed", "3", "--daily", "2", "--language", "en"]


def test_the_demo_prints_a_labelled_scorecard_and_the_what_if(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(SMALL) == 0
    out = capsys.readouterr().out
    lines = out.splitlines()
    assert lines[0].startswith("SYNTHETIC ward (generated data, not real figures)")
    assert "Early or on time (indicator 2.1)" in out
    assert "Filed online (indicator 3.3)" in out
    assert "Satisfaction (indicator 5.4)" in out
    question = lines.index(
        "What if the ward cuts 30% of the processing time of its 10% most frequent procedures?"
    )
    assert any(line.startswith("  cut ") for line in lines[question:])
    assert lines[-1].endswith("become late")
    shares = [line for line in lines[question:] if "% →" in line]
    assert [line.split()[0] for line in shares] == ["early", "on", "late"]


def test_the_same_seed_prints_the_same_demo(capsys: pytest.CaptureFixture[str]) -> None:
    main(SMALL)
    first = capsys.readouterr().out
    main(SMALL)
    assert capsys.readouterr().out == first
    main([*SMALL[:2], "4", *SMALL[3:]])
    assert capsys.readouterr().out != first


def test_the_demo_speaks_vietnamese_by_default(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["demo", "--seed", "3", "--daily", "1"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Phường mô phỏng (DỮ LIỆU MÔ PHỎNG")
    assert "trước hạn" in out


@pytest.mark.parametrize(
    ("option", "value", "message"),
    [
        ("--cut", "130%", "must be between 0% and 100%"),
        ("--top", "abc", "cannot read --top 'abc'"),
        ("--cut", "0", "must be between 0% and 100%"),
    ],
)
def test_bad_shares_are_refused(
    option: str, value: str, message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["demo", option, value]) == 2
    assert message in capsys.readouterr().err


def test_shares_read_as_per_cent_or_fraction() -> None:
    assert _share("30%", "--cut") == _share("0.3", "--cut")
    with pytest.raises(OnestopError):
        _share("1", "--cut")


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_the_progress_bar_draws_only_on_a_terminal() -> None:
    terminal = _Terminal()
    show = _bar("Generating", terminal)
    show(1, 4)
    show(4, 4)
    assert terminal.getvalue() == (
        "\rGenerating [#######.......................] 1/4"
        "\rGenerating [##############################] 4/4\n"
    )
    piped = io.StringIO()
    _bar("Generating", piped)(1, 4)
    assert piped.getvalue() == ""


def test_a_procedure_already_at_one_day_is_not_shown_as_cut(
    capsys: pytest.CaptureFixture[str],
) -> None:
    # In the default year, Khai báo tạm vắng (01 ngày làm việc) is among the most frequent;
    # a cut never goes below 1 working day, so the demo says it stays as it is.
    assert main(["demo", "--language", "en"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert (
        "  1.003677 Khai báo tạm vắng: 01 ngày làm việc, already the minimum, nothing to cut"
        in lines
    )
    assert not any(line.startswith("  cut 1.003677") for line in lines)
