"""HR import of people from a CSV file: validate the whole file, preview, then apply on confirmation.

The file is UTF-8 text (a byte-order mark is allowed) with a header row; column order is free
and header names are matched ignoring case and surrounding spaces.

=====================  ========  ============================================================
column                 required  value
=====================  ========  ============================================================
force_code             yes       the code of a force already in the system
number                 yes       warrant, collar or staff number (up to 30 characters)
person_type            yes       officer, special, staff or volunteer
first_name             yes       up to 80 characters
last_name              yes       up to 80 characters
rank                   no        a rank or grade name already in the system; blank = none
unit                   no        a unit of that force already in the system; blank = none
line_manager_number    no        number of another person of the same force, on the register
                                 or in the same file; blank = none
probationer            no        yes/no, true/false, 1/0; blank = no
vetting_status         no        cleared, pending, under_review, withdrawn, not_known;
                                 blank = not_known
email                  no        an email address; blank = none
=====================  ========  ============================================================

A person is identified by force and number: a row for a force and number already on the
register updates that person, any other row creates one. An optional column left out of the
header leaves that attribute of existing people as it is (new people get the default); a
column that is present but blank sets the default (no rank, no unit, and so on).

Every row is checked before anything is written and every problem is reported with the line
number of the file (the header is line 1). A file with any problem changes nothing. Applying
re-checks the stored file against the register as it is then, in one transaction, so a file
is applied whole or not at all; replaying a file already applied changes nothing.
"""

import csv
import hashlib
import io
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils import timezone

from .errors import Refused
from .models import Force, ImportStatus, PeopleImport, Person, PersonType, Rank, Unit, VettingStatus

REQUIRED_COLUMNS = ("force_code", "number", "person_type", "first_name", "last_name")
OPTIONAL_COLUMNS = ("rank", "unit", "line_manager_number", "probationer", "vetting_status", "email")
COLUMNS = REQUIRED_COLUMNS + OPTIONAL_COLUMNS
# What each column holds, for the upload page (the module docstring says the same).
COLUMN_GUIDE = (
    ("force_code", "The code of a force already in the system."),
    ("number", "Warrant, collar or staff number, up to 30 characters."),
    ("person_type", "officer, special, staff or volunteer."),
    ("first_name", "Up to 80 characters."),
    ("last_name", "Up to 80 characters."),
    ("rank", "A rank or grade already in the system, such as Sergeant. Blank for none."),
    ("unit", "A unit of that force already in the system. Blank for none."),
    ("line_manager_number", "Number of another person of the same force, on the register or in the file."),
    ("probationer", "yes or no (also true/false, 1/0). Blank means no."),
    ("vetting_status", "cleared, pending, under_review, withdrawn or not_known. Blank means not_known."),
    ("email", "An email address. Blank for none."),
)

MAX_UPLOAD_BYTES = 20 * 1024 * 1024
# Changes listed in a preview; the counts always cover the whole file.
MAX_LISTED_CHANGES = 500
BULK_BATCH_SIZE = 1000

TRUE_WORDS = frozenset({"yes", "y", "true", "1"})
FALSE_WORDS = frozenset({"no", "n", "false", "0", ""})
FIELD_LABELS = {
    "person_type": "type",
    "first_name": "first name",
    "last_name": "last name",
    "rank_id": "rank",
    "unit_id": "unit",
    "line_manager": "line manager",
    "probationer": "probationer",
    "vetting_status": "vetting status",
    "email": "email",
}


class ImportRejected(Refused):
    """The file cannot be (or can no longer be) imported; nothing was changed. `errors` lists
    every bad row when the file itself is at fault."""

    def __init__(self, message, errors=()):
        super().__init__(message)
        self.errors = list(errors)


# Reading the file ---------------------------------------------------------------------------
def decode_upload(data: bytes) -> str:
    """The text of an uploaded file, or ImportRejected with a message a person can act on."""
    if not data.strip():
        raise ImportRejected("The selected file is empty.")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise ImportRejected("The selected file is UTF-16 text. Save it as “CSV UTF-8” and upload it again.")
    if b"\x00" in data:
        raise ImportRejected("The selected file is not a CSV file: it contains binary data.")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ImportRejected(
            f"The selected file is not UTF-8 text (byte {error.start + 1} is not valid UTF-8). "
            "Save it from your spreadsheet as “CSV UTF-8” and upload it again."
        ) from error


def _records(content: str):
    """The non-blank records as (line where the record starts, cells), and the error that
    stopped the reading, if any: what follows a malformed record cannot be read reliably."""
    reader = csv.reader(io.StringIO(content.removeprefix("\ufeff"), newline=""), strict=True)
    records = []
    while True:
        line = reader.line_num + 1
        try:
            cells = next(reader)
        except StopIteration:
            return records, None
        except csv.Error as error:
            return records, {
                "line": line,
                "message": f"This line cannot be read as CSV ({error}); nor can the rest of the file.",
            }
        if any(cell.strip() for cell in cells):
            records.append((line, [cell.strip() for cell in cells]))


def _header_errors(header: list[str]) -> list[str]:
    problems = []
    for position, name in enumerate(header, start=1):
        if not name:
            problems.append(f"Column {position} of the header has no name.")
        elif name not in COLUMNS:
            problems.append(f"Unknown column “{name}”. The columns are: {', '.join(COLUMNS)}.")
    for name in sorted({n for n in header if n and header.count(n) > 1}):
        problems.append(f"Column “{name}” appears more than once in the header.")
    for name in REQUIRED_COLUMNS:
        if name not in header:
            problems.append(f"The header has no “{name}” column, which is required.")
    return problems


# Reference data -----------------------------------------------------------------------------
@dataclass
class Register:
    """What rows are checked against: loaded with a fixed number of queries, whatever the size."""

    forces: dict  # code (case-folded) -> Force
    ranks: dict  # name (case-folded) -> Rank
    units: dict  # (force id, name case-folded) -> Unit
    people: dict = field(default_factory=dict)  # (force id, number) -> Person

    @classmethod
    def load(cls):
        return cls(
            forces={f.code.casefold(): f for f in Force.objects.all()},
            ranks={r.name.casefold(): r for r in Rank.objects.all()},
            units={},
        )

    def load_units(self, force_ids):
        units = Unit.objects.filter(force_id__in=force_ids).order_by()
        self.units = {(u.force_id, u.name.casefold()): u for u in units}

    def load_people(self, force_ids, numbers, *, lock=False):
        people = Person.objects.filter(force_id__in=force_ids, number__in=numbers).select_related("line_manager")
        if lock:
            people = people.select_for_update(of=("self",))
        self.people = {(p.force_id, p.number): p for p in people}


# Checking rows ------------------------------------------------------------------------------
@dataclass
class Row:
    """One valid-looking line of the file, in model terms."""

    line: int
    force: Force | None
    number: str
    values: dict  # model field -> value, only for the columns in the file
    manager_number: str | None  # None when the file has no line_manager_number column
    errors: list = field(default_factory=list)

    @property
    def key(self):
        return (self.force.pk, self.number) if self.force and self.number else None

    @property
    def name(self):
        return f"{self.values.get('first_name', '')} {self.values.get('last_name', '')}".strip()


def _required_text(cells, column, label, max_length, errors):
    value = cells.get(column, "")
    if not value:
        errors.append(f"The {label} is missing.")
    elif len(value) > max_length:
        errors.append(f"The {label} is longer than {max_length} characters.")
    return value


def _check_person_type(value, errors):
    if value.casefold() in PersonType.values:
        return value.casefold()
    errors.append(f"Unknown person type “{value}”: use one of {', '.join(PersonType.values)}.")
    return None


def _check_rank(value, register, errors):
    if not value:
        return None
    rank = register.ranks.get(value.casefold())
    if rank is None:
        errors.append(f"Unknown rank “{value}”.")
    return rank.pk if rank else None


def _check_unit(value, force, register, errors):
    if not value or force is None:
        return None
    unit = register.units.get((force.pk, value.casefold()))
    if unit is None:
        errors.append(f"Unknown unit “{value}” in force {force.code}.")
    return unit.pk if unit else None


def _check_yes_no(value, errors):
    word = value.casefold()
    if word in TRUE_WORDS:
        return True
    if word not in FALSE_WORDS:
        errors.append(f"Probationer must be yes or no, not “{value}”.")
    return False


def _check_vetting(value, errors):
    if not value:
        return VettingStatus.NOT_KNOWN
    word = value.casefold().replace(" ", "_")
    if word in VettingStatus.values:
        return word
    errors.append(f"Unknown vetting status “{value}”: use one of {', '.join(VettingStatus.values)}.")
    return None


def _check_email(value, errors):
    if not value:
        return ""
    try:
        validate_email(value)
    except ValidationError:
        errors.append(f"“{value}” is not a valid email address.")
    return value


def _read_row(line, cells, register) -> Row:
    errors = []
    force = None
    code = cells.get("force_code", "")
    if not code:
        errors.append("The force code is missing.")
    else:
        force = register.forces.get(code.casefold())
        if force is None:
            errors.append(f"Unknown force code “{code}”.")
    number = _required_text(cells, "number", "number", 30, errors)
    values = {
        "person_type": _check_person_type(cells.get("person_type", ""), errors),
        "first_name": _required_text(cells, "first_name", "first name", 80, errors),
        "last_name": _required_text(cells, "last_name", "last name", 80, errors),
    }
    optional = {
        "rank": ("rank_id", lambda v: _check_rank(v, register, errors)),
        "unit": ("unit_id", lambda v: _check_unit(v, force, register, errors)),
        "probationer": ("probationer", lambda v: _check_yes_no(v, errors)),
        "vetting_status": ("vetting_status", lambda v: _check_vetting(v, errors)),
        "email": ("email", lambda v: _check_email(v, errors)),
    }
    for column, (model_field, check) in optional.items():
        if column in cells:
            values[model_field] = check(cells[column])
    manager_number = cells.get("line_manager_number")
    return Row(line, force, number, values, manager_number, errors)


def _check_duplicates(rows):
    first_line = {}
    for row in rows:
        if row.key is None:
            continue
        if row.key in first_line:
            row.errors.append(f"Force {row.force.code} number {row.number} is already on line {first_line[row.key]}.")
        else:
            first_line[row.key] = row.line


def _check_managers(rows, register):
    in_file = {row.key for row in rows if row.key}
    for row in rows:
        if not row.manager_number or row.force is None:
            continue
        if row.manager_number == row.number:
            row.errors.append("A person cannot be their own line manager.")
            continue
        key = (row.force.pk, row.manager_number)
        if key not in in_file and key not in register.people:
            row.errors.append(
                f"Line manager number {row.manager_number} is not on the register of force "
                f"{row.force.code} or in this file."
            )


# Comparing with the register ----------------------------------------------------------------
def _manager_key(person):
    manager = person.line_manager
    return (manager.force_id, manager.number) if manager else None


def _changed_fields(row, person) -> list[str]:
    changed = [name for name, value in row.values.items() if getattr(person, name) != value]
    if row.manager_number is not None:
        wanted = (row.force.pk, row.manager_number) if row.manager_number else None
        if wanted != _manager_key(person):
            changed.append("line_manager")
    return changed


@dataclass
class Plan:
    """The outcome of checking a file: every error, or what applying it would do."""

    errors: list = field(default_factory=list)  # [{"line": n, "message": text}]
    rows: list = field(default_factory=list)  # [Row] for lines of the right width
    row_count: int = 0  # every non-blank line after the header
    creates: list = field(default_factory=list)  # [Row]
    updates: list = field(default_factory=list)  # [(Row, Person, [changed fields])]
    unchanged: list = field(default_factory=list)  # [Row]
    register: Register | None = None

    def counts(self) -> dict:
        return {"created": len(self.creates), "updated": len(self.updates), "unchanged": len(self.unchanged)}

    def summary(self) -> dict:
        changes = [_change(row, "create", []) for row in self.creates]
        changes += [_change(row, "update", fields) for row, _person, fields in self.updates]
        changes.sort(key=lambda change: change["line"])
        return {
            **self.counts(),
            "rows": self.row_count,
            "bad_rows": len({error["line"] for error in self.errors}),
            "changes": changes[:MAX_LISTED_CHANGES],
        }


def _change(row, action, fields):
    return {
        "line": row.line,
        "action": action,
        "force": row.force.code,
        "number": row.number,
        "name": row.name,
        "fields": [FIELD_LABELS[f] for f in fields],
    }


def _file_error(line, message):
    return Plan(errors=[{"line": line, "message": message}])


def check_content(content: str, *, lock=False) -> Plan:
    """Check a whole file against the register; write nothing.

    `lock` row-locks the people the file names (used when applying).
    """
    if "\x00" in content:
        return _file_error(1, "The file is not a CSV file: it contains binary data.")
    records, unreadable = _records(content)
    if not records:
        return Plan(errors=[unreadable or {"line": 1, "message": "The file is empty."}])
    (_, header), body = records[0], records[1:]
    header = [name.casefold() for name in header]
    problems = _header_errors(header)
    if problems:
        return Plan(errors=[{"line": 1, "message": problem} for problem in problems])
    if not body and not unreadable:
        return _file_error(2, "The file has a header row but no people.")
    plan = _check_rows(header, body, lock=lock)
    if unreadable:
        plan.errors.append(unreadable)
        plan.creates, plan.updates, plan.unchanged = [], [], []
    return plan


def _check_rows(header, body, *, lock) -> Plan:
    register = Register.load()
    plan = Plan(register=register, row_count=len(body))
    width = len(header)
    cells_by_line = []
    for line, cells in body:
        if len(cells) != width:
            plan.errors.append(
                {"line": line, "message": f"This line has {len(cells)} values but the header has {width}."}
            )
        else:
            cells_by_line.append((line, dict(zip(header, cells, strict=True))))
    force_codes = {cells.get("force_code", "").casefold() for _, cells in cells_by_line}
    force_ids = [register.forces[code].pk for code in force_codes if code in register.forces]
    register.load_units(force_ids)
    plan.rows = [_read_row(line, cells, register) for line, cells in cells_by_line]
    numbers = {row.number for row in plan.rows} | {row.manager_number for row in plan.rows if row.manager_number}
    register.load_people(force_ids, numbers, lock=lock)
    _check_duplicates(plan.rows)
    _check_managers(plan.rows, register)
    for row in plan.rows:
        plan.errors.extend({"line": row.line, "message": message} for message in row.errors)
    plan.errors.sort(key=lambda error: error["line"])
    if not plan.errors:
        _sort_rows(plan)
    return plan


def _sort_rows(plan):
    for row in plan.rows:
        person = plan.register.people.get(row.key)
        if person is None:
            plan.creates.append(row)
            continue
        changed = _changed_fields(row, person)
        if changed:
            plan.updates.append((row, person, changed))
        else:
            plan.unchanged.append(row)


# Workflows ----------------------------------------------------------------------------------
def preview_import(*, filename: str, content: str, user) -> PeopleImport:
    """Check a file and keep it, with its errors or what applying it would do. Writes no person."""
    plan = check_content(content)
    return PeopleImport.objects.create(
        filename=filename[:255],
        # PostgreSQL text cannot hold NUL; such a file is rejected above and never applied.
        content=content.replace("\x00", ""),
        sha256=hashlib.sha256(content.encode()).hexdigest(),
        status=ImportStatus.INVALID if plan.errors else ImportStatus.PREVIEWED,
        summary=plan.summary(),
        errors=plan.errors,
        uploaded_by=user,
    )


def apply_import(people_import: PeopleImport, *, user) -> dict:
    """Apply a previewed file in one transaction, re-checked against the register as it is now.

    Raises ImportRejected, having changed nothing, when the file is invalid, already applied,
    or the register changed underneath it. Returns the counts of created, updated, unchanged.
    """
    try:
        with transaction.atomic():
            locked = PeopleImport.objects.select_for_update().get(pk=people_import.pk)
            if locked.status == ImportStatus.APPLIED:
                raise ImportRejected("This import has already been applied.")
            plan = check_content(locked.content, lock=True)
            if plan.errors:
                raise ImportRejected("The file has errors, so nothing was imported.", plan.errors)
            _write(plan)
            _mark_applied(locked, plan, user)
    except IntegrityError as error:
        # Someone else added one of these people between our check and our write.
        raise ImportRejected("The register changed while the import was applied. Upload the file again.") from error
    people_import.refresh_from_db()
    return plan.counts()


def _write(plan: Plan):
    now = timezone.now()
    people = plan.register.people
    created = [Person(force=row.force, number=row.number, **row.values) for row in plan.creates]
    Person.objects.bulk_create(created, batch_size=BULK_BATCH_SIZE)
    people.update({(p.force_id, p.number): p for p in created})
    changed_fields = set()
    for row, person, fields in plan.updates:
        for name, value in row.values.items():
            setattr(person, name, value)
        person.updated_at = now
        changed_fields.update(f for f in fields if f != "line_manager")
    if changed_fields:
        persons = [person for _row, person, _fields in plan.updates]
        Person.objects.bulk_update(persons, [*changed_fields, "updated_at"], batch_size=BULK_BATCH_SIZE)
    _write_managers(plan, now)


def _write_managers(plan: Plan, now):
    """Second pass: line managers, now that every person in the file has a primary key."""
    people = plan.register.people
    moved = []
    for row in plan.rows:
        if row.manager_number is None:
            continue
        person = people[row.key]
        manager = people[(row.force.pk, row.manager_number)] if row.manager_number else None
        manager_id = manager.pk if manager else None
        if person.line_manager_id != manager_id:
            person.line_manager_id = manager_id
            person.updated_at = now
            moved.append(person)
    Person.objects.bulk_update(moved, ["line_manager", "updated_at"], batch_size=BULK_BATCH_SIZE)


def _mark_applied(people_import: PeopleImport, plan: Plan, user):
    people_import.status = ImportStatus.APPLIED
    people_import.applied_at = timezone.now()
    people_import.applied_by = user
    # What was applied, which may differ from the preview if the register changed in between.
    people_import.summary = plan.summary()
    people_import.save(update_fields=["status", "applied_at", "applied_by", "summary"])


def identical_applied_import(people_import: PeopleImport) -> PeopleImport | None:
    """An earlier import of the same bytes that was applied, if any (a replay changes nothing)."""
    return (
        PeopleImport.objects.filter(sha256=people_import.sha256, status=ImportStatus.APPLIED)
        .exclude(pk=people_import.pk)
        .order_by("-applied_at")
        .first()
    )
