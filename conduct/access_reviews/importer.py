"""Importing an access log into an access-justification exercise.

A records system exports who opened the record as CSV, one access a row:

    user_id,name,email,person_number,timestamp,action,record_reference,system

Files run to millions of rows, so the import streams: the csv module reads one row at a time,
each row is checked and, while the file is still good, written straight into a temporary table
through PostgreSQL's COPY. Nothing is kept in Python but the list of bad lines, so memory stays
flat however long the file is (bench/access_import.py measures it). Then SQL does the rest in
a few statements: new accesses are inserted (a hash of each row under a unique constraint, so
the same file twice adds nothing), accesses are grouped per accessor (first and last access,
count), and accessors are matched to the people register by person number, then by email.

All of it runs in one transaction: a file with any bad line changes nothing, and every bad
line is reported with its line number.
"""

import csv
import io
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from django.db import connection, transaction

from casework.calendar import LONDON
from casework.errors import Refused
from conduct.models import AccessExercise, ExerciseState

COLUMNS = ("user_id", "name", "email", "person_number", "timestamp", "action", "record_reference", "system")
REQUIRED = ("user_id", "name", "timestamp", "action", "record_reference")
# Field limits: those of the columns the values land in (conduct.access_reviews.models).
LIMITS = {"user_id": 120, "name": 200, "email": 254, "person_number": 30, "action": 60, "record_reference": 120}
LIMITS["system"] = 120
MAX_REPORTED = 10_000  # a file wrong throughout lists this many lines, then says how many more
STAGING = "access_log_staging"


@dataclass(frozen=True)
class BadLine:
    line: int
    message: str

    def __str__(self):
        return f"Line {self.line}: {self.message}"


class ImportInvalid(Refused):
    """The file cannot be imported; `errors` lists every bad line. Nothing was changed."""

    def __init__(self, errors: list[BadLine], more: int = 0):
        super().__init__(f"{len(errors) + more} bad line(s); nothing was imported")
        self.errors, self.more = errors, more


@dataclass
class ImportReport:
    rows: int = 0
    added: int = 0
    accessors: int = 0
    unmatched: int = 0
    errors: list = field(default_factory=list)

    @property
    def duplicates(self) -> int:
        return self.rows - self.added


# Reading and checking -----------------------------------------------------------------------
def _text_stream(source):
    """A text stream over a path, an uploaded file or any binary or text file object."""
    if isinstance(source, str | Path):
        return open(source, encoding="utf-8-sig", newline="")  # noqa: SIM115 - closed by the caller
    raw = getattr(source, "file", source)  # Django's UploadedFile wraps the real file
    if hasattr(raw, "seek"):
        raw.seek(0)
    if isinstance(raw, io.TextIOBase):
        return raw
    return io.TextIOWrapper(raw, encoding="utf-8-sig", newline="")


def parse_timestamp(text: str) -> datetime:
    """ISO 8601 (2026-09-16T14:03:00, with or without an offset); local time when none is given."""
    value = datetime.fromisoformat(text.strip())
    return value if value.tzinfo else value.replace(tzinfo=LONDON)


def _header_positions(header: list[str]) -> dict[str, int]:
    names = [name.strip().lower() for name in header]
    missing = [column for column in COLUMNS if column not in names]
    if missing:
        raise ImportInvalid(
            [BadLine(1, f"The header must name the columns {', '.join(COLUMNS)}; missing: {', '.join(missing)}.")]
        )
    return {column: names.index(column) for column in COLUMNS}


def check_row(values: dict[str, str]) -> tuple[list[str], datetime | None]:
    """The problems with one row (empty when it is good) and its parsed timestamp."""
    problems = [f"{column} is empty" for column in REQUIRED if not values[column]]
    problems += [
        f"{column} is longer than {limit} characters" for column, limit in LIMITS.items() if len(values[column]) > limit
    ]
    if not values["email"] and not values["person_number"]:
        problems.append("give an email or a person number (both are empty)")
    if values["email"] and ("@" not in values["email"] or " " in values["email"]):
        problems.append(f"“{values['email'][:60]}” is not an email address")
    when = None
    if values["timestamp"]:
        try:
            when = parse_timestamp(values["timestamp"])
        except ValueError:
            problems.append(f"“{values['timestamp'][:40]}” is not a date and time (use 2026-09-16T14:03:00)")
    return problems, when


def _rows(stream, errors: list, counts: dict):
    """Good rows as tuples for COPY; bad ones are added to `errors` with their line numbers."""
    reader = csv.reader(stream)
    try:
        header = next(reader, None)
    except (csv.Error, UnicodeDecodeError) as error:
        raise ImportInvalid([BadLine(1, f"the file cannot be read as CSV text ({error})")]) from None
    if header is None:
        raise ImportInvalid([BadLine(1, "the file is empty")])
    positions = _header_positions(header)
    width = len(header)
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except (csv.Error, UnicodeDecodeError) as error:
            # The reader cannot go on past text it cannot decode or split: report and stop.
            _bad(errors, counts, reader.line_num + 1, f"the line cannot be read as CSV text ({error})")
            return
        if not row:
            continue  # a blank line
        counts["rows"] += 1
        if len(row) != width:
            _bad(errors, counts, reader.line_num, f"{len(row)} fields where the header has {width}")
            continue
        values = {column: row[index].strip() for column, index in positions.items()}
        problems, when = check_row(values)
        if problems:
            _bad(errors, counts, reader.line_num, "; ".join(problems))
            continue
        yield (
            values["user_id"],
            values["name"],
            values["email"].lower(),
            values["person_number"],
            when,
            values["action"],
            values["record_reference"],
            values["system"],
        )


def _bad(errors: list, counts: dict, line: int, message: str):
    if len(errors) < MAX_REPORTED:
        errors.append(BadLine(line, message))
    else:
        counts["more"] += 1


# Loading ------------------------------------------------------------------------------------
def _create_staging(cursor):
    # ON COMMIT DROP covers the usual case; inside an outer transaction (a savepoint, in tests or
    # a caller's atomic block) an earlier import's table may still be there.
    cursor.execute(f"DROP TABLE IF EXISTS {STAGING}")
    cursor.execute(
        f"""CREATE TEMP TABLE {STAGING} (
            user_id text, name text, email text, person_number text, accessed_at timestamptz,
            action text, record_reference text, system text, row_key text
        ) ON COMMIT DROP"""
    )


def _copy_into_staging(cursor, rows) -> None:
    """Stream the rows into the staging table; once a bad line is seen the rest are only
    checked (the transaction will be rolled back anyway)."""
    columns = "user_id, name, email, person_number, accessed_at, action, record_reference, system"
    with cursor.cursor.copy(f"COPY {STAGING} ({columns}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row(row)


def import_file(exercise: AccessExercise, source) -> ImportReport:
    """Import an access log (a path or a file) into the exercise, or raise ImportInvalid."""
    if exercise.state == ExerciseState.DECIDED:
        raise ImportInvalid([BadLine(0, "The exercise has been decided: nothing more can be imported.")])
    stream = _text_stream(source)
    errors: list[BadLine] = []
    counts = {"rows": 0, "more": 0}
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            _create_staging(cursor)
            _copy_into_staging(cursor, _rows(stream, errors, counts))
            if errors:
                raise ImportInvalid(errors, counts["more"])
            if counts["rows"] == 0:
                raise ImportInvalid([BadLine(2, "the file has a header but no accesses")])
            report = _merge(cursor, exercise)
    finally:
        if isinstance(source, str | Path):
            stream.close()
    report.rows = counts["rows"]
    return report


@transaction.atomic
def build_from_consultations(exercise: AccessExercise) -> ImportReport:
    """For an exercise about a case in this system: its accessors are the users our own
    consultation log (s.62) shows opening the case. Repeating it adds only new consultations."""
    if exercise.case_id is None:
        raise ValueError("Only an exercise about a case in this system is built from the consultation log.")
    with connection.cursor() as cursor:
        _create_staging(cursor)
        cursor.execute(
            """INSERT INTO access_log_staging
                SELECT 'user:' || u.id, coalesce(nullif(trim(u.first_name || ' ' || u.last_name), ''), u.username),
                       lower(u.email), '', c.at, left('viewed: ' || c.purpose, 60), left(c.object_label, 120),
                       'PSD casework', 'consultation:' || c.id
                FROM casework_consultation c JOIN casework_user u ON u.id = c.user_id
                WHERE c.case_id = %s""",
            [exercise.case_id],
        )
        rows = cursor.rowcount
        report = _merge(cursor, exercise)
    report.rows = rows
    return report


def _merge(cursor, exercise) -> ImportReport:
    """Staging rows into the exercise: new accesses, accessors regrouped, then matched."""
    report = ImportReport()
    # The hash is of the normalised row (the time as epoch seconds, independent of time zone);
    # a row from our own log is keyed by its consultation id instead.
    cursor.execute(
        """INSERT INTO conduct_accessevent
                (exercise_id, row_hash, source_user_id, accessed_at, action, record_reference, system)
            SELECT %s, md5(coalesce(row_key, concat_ws(chr(31), user_id, name, email, person_number,
                        extract(epoch FROM accessed_at)::text, action, record_reference, system)))::uuid,
                   user_id, accessed_at, action, record_reference, system
            FROM access_log_staging
            ON CONFLICT (exercise_id, row_hash) DO NOTHING""",
        [exercise.pk],
    )
    report.added = cursor.rowcount
    # Regroup only the accessors this file names: work in proportion to the file.
    cursor.execute(
        """INSERT INTO conduct_accessor
                (exercise_id, source_user_id, name, email, person_number, first_access_at, last_access_at,
                 access_count, match_method, excluded_reason, set_aside_reason, assessment, assessment_reasons)
            SELECT e.exercise_id, e.source_user_id, s.name, s.email, s.person_number,
                   min(e.accessed_at), max(e.accessed_at), count(*), '', '', '', '', ''
            FROM conduct_accessevent e
            JOIN (SELECT user_id, max(name) AS name, max(email) AS email, max(person_number) AS person_number
                  FROM access_log_staging GROUP BY user_id) s ON s.user_id = e.source_user_id
            WHERE e.exercise_id = %s
            GROUP BY e.exercise_id, e.source_user_id, s.name, s.email, s.person_number
            ON CONFLICT (exercise_id, source_user_id) DO UPDATE SET
                first_access_at = EXCLUDED.first_access_at,
                last_access_at = EXCLUDED.last_access_at,
                access_count = EXCLUDED.access_count,
                email = CASE WHEN conduct_accessor.email = '' THEN EXCLUDED.email ELSE conduct_accessor.email END,
                person_number = CASE WHEN conduct_accessor.person_number = ''
                                     THEN EXCLUDED.person_number ELSE conduct_accessor.person_number END""",
        [exercise.pk],
    )
    match_to_register(cursor, exercise)
    cursor.execute(
        "SELECT count(*), count(*) FILTER (WHERE person_id IS NULL) FROM conduct_accessor WHERE exercise_id = %s",
        [exercise.pk],
    )
    report.accessors, report.unmatched = cursor.fetchone()
    return report


# Matching to the register: by number first, then by email. A number shared by people of two
# forces goes to the home force's; a match made by hand is never replaced.
_MATCH = """
    WITH found AS (
        SELECT DISTINCT ON (a.id) a.id, p.id AS person_id
        FROM conduct_accessor a
        JOIN casework_person p ON {condition}
        JOIN casework_force f ON f.id = p.force_id
        WHERE a.exercise_id = %s AND a.person_id IS NULL
        ORDER BY a.id, f.is_home DESC, p.id
    )
    UPDATE conduct_accessor a SET person_id = found.person_id, match_method = %s
    FROM found WHERE a.id = found.id"""
BY_NUMBER = "a.person_number <> '' AND upper(p.number) = upper(a.person_number)"
BY_EMAIL = "a.email <> '' AND p.email <> '' AND lower(p.email) = lower(a.email)"


def match_to_register(cursor, exercise) -> None:
    cursor.execute(_MATCH.format(condition=BY_NUMBER), [exercise.pk, "number"])
    cursor.execute(_MATCH.format(condition=BY_EMAIL), [exercise.pk, "email"])
