"""Reading and writing dossier logs: JSON Lines event logs, CSV exports, pseudonymised copies.

* :func:`write_events` / :func:`read_events` (:func:`read_events_file`): the full event log,
  one event per line, read back streaming in constant memory, each dossier replayed through
  the rules.
* :func:`write_dossier_csv` / :func:`read_dossier_csv`: one row per dossier, the columns of a
  one-stop system export; a row carries less than the event log (see :mod:`onestop.io._csv`).
* :func:`pseudonymise`: the same dossiers with the applicants' details replaced by keyed
  pseudonyms, for analysts.
* :func:`write_feedback` / :func:`read_feedback`: citizens' feedback items in JSON Lines, and
  :func:`read_ward_log` (:func:`read_ward_log_file`) / :func:`write_ward_log`: a ward's log of
  dossiers and feedback items, read in one pass; :func:`pseudonymise_ward_log` for analysts
  (see :mod:`onestop.io._feedback` for the feedback line).

Every reader reports bad lines with their line number and reason, stops at the first
(``on_error="raise"``) or collects them and keeps the good dossiers (``"collect"``), and
counts every line in a :class:`ReadSummary`: nothing is dropped silently. No reason, error
or ``repr`` quotes a citizen's data.

Examples:
    >>> import io
    >>> from datetime import datetime
    >>> from onestop.calendar import VIETNAM_TZ, WorkCalendar
    >>> from onestop.procedures import default_catalog
    >>> from onestop.dossier import Dossier
    >>> at = datetime(2026, 3, 2, 9, tzinfo=VIETNAM_TZ)
    >>> birth = default_catalog().get("1.001193", on=at.date())
    >>> d = (Dossier.file(id="HS-1", procedure=birth, at=at, calendar=WorkCalendar.vietnam())
    ...      .receive(at=at).settle_on_the_spot(at=at.replace(minute=20)))
    >>> log = io.StringIO()
    >>> write_events([d], log)
    3
    >>> _ = log.seek(0)
    >>> reader = read_events(log, procedures=default_catalog(), calendar=WorkCalendar.vietnam())
    >>> list(reader) == [d], reader.summary.lines_kept
    (True, 3)
"""

from onestop.io._csv import CSV_COLUMNS, read_dossier_csv, write_dossier_csv
from onestop.io._feedback import (
    FeedbackLogError,
    FeedbackReader,
    FeedbackRowError,
    WardLogReader,
    WardLogSummary,
    read_feedback,
    write_feedback,
)
from onestop.io._jsonl import (
    LogError,
    LogReader,
    ReadSummary,
    RowError,
    read_events,
    read_events_file,
    write_events,
)
from onestop.io._pseudonym import MIN_KEY_BYTES, REDACTED_TEXT, pseudonymise
from onestop.io._ward_log import (
    pseudonymise_ward_log,
    read_ward_log,
    read_ward_log_file,
    write_ward_log,
)

__all__ = [
    "CSV_COLUMNS",
    "MIN_KEY_BYTES",
    "REDACTED_TEXT",
    "FeedbackLogError",
    "FeedbackReader",
    "FeedbackRowError",
    "LogError",
    "LogReader",
    "ReadSummary",
    "RowError",
    "WardLogReader",
    "WardLogSummary",
    "pseudonymise",
    "pseudonymise_ward_log",
    "read_dossier_csv",
    "read_events",
    "read_events_file",
    "read_feedback",
    "read_ward_log",
    "read_ward_log_file",
    "write_dossier_csv",
    "write_events",
    "write_feedback",
    "write_ward_log",
]
