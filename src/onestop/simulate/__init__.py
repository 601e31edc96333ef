"""SYNTHETIC dossier flows for a ward, and its citizens' feedback: the seeded generator
behind ``onestop demo``.

Everything this package makes is synthetic and says so: :class:`SyntheticWard` carries
``label = "synthetic"`` and says SYNTHETIC in its ``repr``, dossier ids start with ``SYN-``,
applicants are "Công dân mô phỏng N" (no other personal data), officers are ``syn-...`` and
the reasons, results and units written into the events end with "(mô phỏng)"; only the
procedures and the papers a supplement request names are the catalog's real ones. Feedback
items (:attr:`SyntheticWard.feedback`) have ids ``SYN-PA-...``, authors "Người phản ánh mô
phỏng ..." (a name only, or anonymous) and texts ending with "(mô phỏng)"; they are about the
procedures of the generated dossiers, ``syn-...`` officers or synthetic places. The model's
numbers (arrivals by weekday and season, the Zipf-like procedure mix, the shares of online
filings, supplement requests, late dossiers, evaluations, feedback by channel and how it is
handled) are illustrations named at the top of ``_ward.py``, not data.

Evaluations are built with :func:`onestop.scoring.evaluate` and feedback items with
:class:`onestop.feedback.FeedbackItem`, so this package imports ``onestop.scoring`` and
``onestop.feedback`` as well as the dossier layer below them.

Examples:
    >>> from datetime import date
    >>> ward = simulate_ward(seed=42, start=date(2026, 3, 2), end=date(2026, 3, 6),
    ...                      daily_mean=3)
    >>> ward.label
    'synthetic'
    >>> simulate_ward(seed=42, start=date(2026, 3, 2), end=date(2026, 3, 6),
    ...               daily_mean=3) == ward
    True
    >>> busy = simulate_ward(seed=42, start=date(2026, 3, 2), end=date(2026, 3, 6),
    ...                      daily_mean=3, feedback_per_week=20)
    >>> busy.dossiers == ward.dossiers, len(busy.feedback) > len(ward.feedback)
    (True, True)
"""

from onestop.simulate._ward import FIRST_SUNDAY_SOURCE, SYNTHETIC, SyntheticWard, simulate_ward

__all__ = ["FIRST_SUNDAY_SOURCE", "SYNTHETIC", "SyntheticWard", "simulate_ward"]
