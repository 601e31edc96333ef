"""The exceptions onestop raises: one hierarchy rooted at :class:`OnestopError`.

Every error says which value was wrong, which rule it broke and what to do about it, so that
a ward desk or a portal can show the message as it is. Errors raised for bad arguments also
derive from :class:`ValueError`, so code that already guards against ``ValueError`` keeps
working.

Examples:
    >>> from onestop.errors import CalendarError, OnestopError
    >>> issubclass(CalendarError, OnestopError)
    True
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

__all__ = [
    "CalendarError",
    "CatalogError",
    "DossierError",
    "DossierLogError",
    "EvaluationError",
    "FeedbackError",
    "OnestopError",
    "Problem",
    "ScenarioError",
    "ScoringError",
    "TimingError",
    "TransitionError",
]


class OnestopError(Exception):
    """Base class of every error onestop raises on purpose."""


class CalendarError(OnestopError, ValueError):
    """A calendar question that has no answer: a year without official data in strict mode,
    a date outside the supported range, a non-working day where a working day is required,
    or an inconsistent local fact."""


class TimingError(OnestopError, ValueError):
    """A processing time or a receipt moment that cannot be used to compute a deadline: an
    unparseable time-limit text, a naive datetime, an impossible amount."""


@dataclass(frozen=True, slots=True)
class Problem:
    """One problem found in a catalog: where it is and which rule it breaks.

    Examples:
        >>> str(Problem("ward.toml", "$.procedure[0].code", "code '1.1' is not a national code"))
        "ward.toml: $.procedure[0].code: code '1.1' is not a national code"
    """

    file: str
    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}: {self.path}: {self.message}"


class CatalogError(OnestopError, ValueError):
    """A procedure catalog that breaks the rules: every problem found is in ``problems``,
    so one run reports them all.

    Examples:
        >>> error = CatalogError([Problem("a.toml", "$.procedure[1]", "duplicate code")])
        >>> print(error)
        1 problem in the catalog:
          a.toml: $.procedure[1]: duplicate code
    """

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems = tuple(problems)
        count = len(self.problems)
        lines = [f"{count} problem{'s' if count != 1 else ''} in the catalog:"]
        lines += [f"  {problem}" for problem in self.problems]
        super().__init__("\n".join(lines))


class DossierError(OnestopError, ValueError):
    """A dossier question or command that cannot be answered or carried out: a naive or
    backwards event time, a receipt date before any one-stop rule set, a missing value."""


class TransitionError(DossierError):
    """A command the dossier's state or the one-stop rules do not allow now. The dossier is
    left unchanged; the message names the state, the command, the rule and the commands
    allowed now.

    Examples:
        >>> error = TransitionError("returned", "request_supplement", "returned is final", ())
        >>> print(error)
        cannot request_supplement a dossier in state returned: returned is final; allowed now: none
    """

    def __init__(self, state: str, command: str, reason: str, allowed: Iterable[str]) -> None:
        self.state = state
        self.command = command
        self.allowed = tuple(allowed)
        super().__init__(
            f"cannot {command} a dossier in state {state}: {reason}; "
            f"allowed now: {', '.join(self.allowed) or 'none'}"
        )


class DossierLogError(DossierError):
    """A stored dossier log that cannot be replayed: the index of the first bad event and why.

    Examples:
        >>> print(DossierLogError(3, "event time goes backwards"))
        event 3: event time goes backwards
    """

    def __init__(self, index: int, reason: str) -> None:
        self.index = index
        self.reason = reason
        super().__init__(f"event {index}: {reason}")


class EvaluationError(OnestopError, ValueError):
    """A citizen evaluation that cannot be recorded: a criterion the profile does not have, a
    score outside its scale, a dossier that was never returned to the citizen."""


class FeedbackError(OnestopError, ValueError):
    """A citizen feedback item (phản ánh, kiến nghị) or command that cannot be recorded: a
    naive or backwards time, a step out of order (an answer after a refusal, a publication
    before the answer), a stored log that cannot be replayed, limits data that overlap or
    leave a gap. The message never quotes the author's personal data."""


class ScoringError(OnestopError, ValueError):
    """An indicator or a scorecard that cannot be computed: a missing input count, an
    impossible count (more on time than received), a period or unit that does not fit."""


class ScenarioError(OnestopError, ValueError):
    """A what-if scenario that cannot be built or applied: a share out of range, a procedure
    whose time limit cannot be cut, a scenario file that breaks the format."""
