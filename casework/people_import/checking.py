"""Checking an HR import file against the register, writing nothing: each row's values, numbers
repeated in the file, line managers, and the plan of what applying the file would do."""

from dataclasses import dataclass, field
from datetime import date

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils import timezone

from casework.characteristics import ETHNIC_GROUPS, SEX
from casework.models import Force, LeavingReason, Person, PersonType, Rank, Unit, VettingStatus

from .reading import CHARACTERISTIC_COLUMNS, header_errors, read_records

# Changes listed in a preview; the counts always cover the whole file.
MAX_LISTED_CHANGES = 500

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
    "left_service_on": "left the service on",
    "left_by": "how they left",
    # Special category data: the preview says that they change, never what to.
    "characteristics": "protected characteristics",
}
SEX_CODES = tuple(code for code, _label in SEX)
ETHNICITY_CODES = tuple(code for code, _label, _group in ETHNIC_GROUPS)


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
        people = Person.objects.filter(force_id__in=force_ids, number__in=numbers).select_related(
            "line_manager", "characteristics"
        )
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
    # ProtectedCharacteristics field -> value, only for the non-blank cells (blank keeps what is held)
    characteristics: dict = field(default_factory=dict)

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


# The vetting route (conduct/vetting, docs/vetting.md) is the one writer of a person's vetting status
# once they are on the register: HR's file gives the status of someone it adds, and only one the
# route does not own. For people already on the register the column is read, checked and ignored
# (the preview says how many rows it ignored).
IMPORTABLE_VETTING = (VettingStatus.CLEARED, VettingStatus.PENDING, VettingStatus.NOT_KNOWN)


def _check_vetting(value, errors):
    if not value:
        return VettingStatus.NOT_KNOWN
    word = value.casefold().replace(" ", "_")
    if word in VettingStatus.values:
        return word
    errors.append(f"Unknown vetting status “{value}”: use one of {', '.join(VettingStatus.values)}.")
    return None


def _check_new_people_vetting(rows, register):
    """Under review and withdrawn are the vetting route's to set: a new person cannot arrive so."""
    for row in rows:
        status = row.values.get("vetting_status")
        if row.key and row.key not in register.people and status and status not in IMPORTABLE_VETTING:
            row.errors.append(
                f"Vetting status “{VettingStatus(status).label}” is set only by a vetting review in this system: "
                f"import a new person as {', '.join(IMPORTABLE_VETTING)}, then open a review."
            )


def _check_email(value, errors):
    if not value:
        return ""
    try:
        validate_email(value)
    except ValidationError:
        errors.append(f"“{value}” is not a valid email address.")
    return value


def _check_date(value, errors, what="The date left the service"):
    """A day in ISO form (YYYY-MM-DD), not in the future; blank for none."""
    if not value:
        return None
    try:
        day = date.fromisoformat(value)
    except ValueError:
        errors.append(f"“{value}” is not a date in the form YYYY-MM-DD.")
        return None
    if day > timezone.localdate():
        errors.append(f"{what}, {value}, is in the future.")
        return None
    return day


def _check_code(value, codes, label, errors):
    word = value.casefold().replace(" ", "_")
    if word in codes:
        return word
    errors.append(f"Unknown {label} “{value}”: use one of {', '.join(codes)}.")
    return None


def _read_characteristics(cells, errors) -> dict:
    """The protected characteristics the row gives; a blank cell gives nothing (keeps what is held)."""
    checks = {
        "sex": lambda v: _check_code(v, SEX_CODES, "sex", errors),
        "ethnicity": lambda v: _check_code(v, ETHNICITY_CODES, "ethnicity code", errors),
        "date_of_birth": lambda v: _check_date(v, errors, what="The date of birth"),
    }
    found = {}
    for column in CHARACTERISTIC_COLUMNS:
        if cells.get(column):
            value = checks[column](cells[column])
            if value is not None:
                found[column] = value
    return found


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
        "left_service_on": ("left_service_on", lambda v: _check_date(v, errors)),
        "left_by": ("left_by", lambda v: _check_code(v, LeavingReason.values, "way of leaving", errors) if v else ""),
    }
    for column, (model_field, check) in optional.items():
        if column in cells:
            values[model_field] = check(cells[column])
    if values.get("left_by") and "left_service_on" in cells and values.get("left_service_on") is None and not errors:
        errors.append("How they left is given without the day they left (left_service_on).")
    manager_number = cells.get("line_manager_number")
    return Row(line, force, number, values, manager_number, errors, _read_characteristics(cells, errors))


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
    if row.characteristics:
        held = getattr(person, "characteristics", None)  # None when nothing is recorded yet
        if held is None or any(getattr(held, name) != value for name, value in row.characteristics.items()):
            changed.append("characteristics")
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
    vetting_ignored: list = field(default_factory=list)  # lines whose differing vetting status was ignored
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
            "vetting_ignored": len(self.vetting_ignored),
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
    records, unreadable = read_records(content)
    if not records:
        return Plan(errors=[unreadable or {"line": 1, "message": "The file is empty."}])
    (_, header), body = records[0], records[1:]
    header = [name.casefold() for name in header]
    problems = header_errors(header)
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
    _check_new_people_vetting(plan.rows, register)
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
        ignored = row.values.pop("vetting_status", None)  # the vetting route's, not HR's
        if ignored is not None and ignored != person.vetting_status:
            plan.vetting_ignored.append(row.line)
        changed = _changed_fields(row, person)
        if changed:
            plan.updates.append((row, person, changed))
        else:
            plan.unchanged.append(row)
