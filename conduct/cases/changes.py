"""Changing a case after intake: its details, more subjects and allegations, links to other
cases, the reflective practice review (RPRP) and the Advisory List flag.

Each workflow takes the acting user, runs in one transaction, locks the case row first (so it
cannot be closed or changed under us), refuses a closed case, and records what it did on the
case timeline. A refusal is a `ChangeRefused` whose message is for the user and whose `field`
(when set) names the form field it is about; nothing is written when one is raised.
"""

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from casework import permissions
from casework import services as casework_services
from casework.errors import Refused
from casework.models import (
    RESIGNED_OR_RETIRED,
    Case,
    CaseLink,
    CaseSubject,
    ComplainantContact,
    DutyStatus,
    LeavingReason,
    Person,
)
from casework.models.cases import CaseStatus, EventKind, LinkKind
from conduct.cases import clocks, hooks, services
from conduct.models import Allegation, Finding, Proceedings, ReflectivePractice, Severity, Stage


class ChangeRefused(Refused):
    """The change is not allowed; the message says why. `field` names the form field, if any."""


def _lock_open_case(case) -> Case:
    """The case row, locked for this transaction; refused when the case is closed."""
    return casework_services.lock_case(case, refused=ChangeRefused)


def _lock_proceedings(proceedings) -> Proceedings:
    """The case (locked, open) first, then the proceedings row: the order every workflow takes."""
    _lock_open_case(proceedings.subject.case)
    return (
        Proceedings.objects.select_for_update(of=("self",))
        .select_related("subject__case", "subject__person")
        .get(pk=proceedings.pk)
    )


def _day(value) -> str:
    return f"{value:%d/%m/%Y}" if value else "not set"


# Case details -----------------------------------------------------------------------------
# The fields an edit may change, with the names the timeline uses for them.
EDITABLE_FIELDS = {
    "summary": "Summary",
    "origin": "Origin",
    "how_received": "How received",
    "received_on": "Date received",
    "complainant_name": "Complainant's name",
    "sensitivity": "Sensitivity",
    "team": "Team",
    "investigator": "Investigator",
}
CONTACT_FIELDS = ("email", "telephone")


def _shown(case, name, value) -> str:
    """A field value as a person reads it: choice labels, names, dates."""
    if value in (None, ""):
        return "(none)"
    field = Case._meta.get_field(name)
    if field.choices:
        return str(dict(field.choices).get(value, value))
    if name == "investigator":
        return value.get_full_name() or value.username
    if name == "received_on":
        return _day(value)
    return str(value)


@transaction.atomic
def edit_case(*, user, case, details: dict, contact: dict) -> list[str]:
    """Change the case's details and the complainant's contact; returns the changes, one line
    each ("Field: old -> new"; the contact only as "Complainant contact changed"), and records
    them as one timeline event. No change, no event."""
    unknown = set(details) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValueError(f"Not editable here: {', '.join(sorted(unknown))}")
    case = _lock_open_case(case)
    changes, changed_fields = [], []
    for name, label in EDITABLE_FIELDS.items():
        if name not in details:
            continue
        old, new = getattr(case, name), details[name]
        if old != new:
            changes.append(f"{label}: {_shown(case, name, old)} -> {_shown(case, name, new)}")
            changed_fields.append(name)
            setattr(case, name, new)
    if changed_fields:
        case.save(update_fields=changed_fields)
    if _change_contact(case, contact):
        changes.append("Complainant contact changed")  # never the values: the timeline is widely read
    if changes:
        casework_services.record_event(
            case,
            kind=EventKind.CASE_CHANGED,
            summary="Case details changed",
            actor=user,
            detail="\n".join(changes),
        )
    hooks.case_changed(case=case, user=user)  # a new origin may meet the IOPC referral criteria
    return changes


def _change_contact(case, contact: dict) -> bool:
    wanted = {name: (contact.get(name) or "").strip() for name in CONTACT_FIELDS}
    current = ComplainantContact.objects.filter(case=case).first()
    if current is None:
        if not any(wanted.values()):
            return False
        ComplainantContact.objects.create(case=case, **wanted)
        return True
    if all(getattr(current, name) == value for name, value in wanted.items()):
        return False
    for name, value in wanted.items():
        setattr(current, name, value)
    current.save(update_fields=list(wanted))
    return True


# Subjects and allegations -----------------------------------------------------------------
@transaction.atomic
def add_subject_with_allegation(*, user, case, person: Person, allegation: services.AllegationInput) -> CaseSubject:
    """Add a subject to an open case with their first allegation (a subject has at least one)."""
    case = _lock_open_case(case)
    if CaseSubject.objects.filter(case=case, person=person).exists():
        raise ChangeRefused(f"{person} is already a subject of this case.", field="person")
    subject = services.add_subject(user=user, case=case, person=person)
    services.record_allegation(user=user, subject=subject, data=allegation)
    return subject


@transaction.atomic
def add_allegation(*, user, subject: CaseSubject, allegation: services.AllegationInput) -> Allegation:
    _lock_open_case(subject.case)
    return services.record_allegation(user=user, subject=subject, data=allegation)


# Links ------------------------------------------------------------------------------------
@transaction.atomic
def link_case(
    *,
    user,
    case,
    kind: str,
    reason: str,
    reference: str = "",
    other_force=None,
    other_reference: str = "",
) -> CaseLink:
    """Link the case to another case here (by its reference; recorded on both cases, shown on
    both) or to another force's case (its force and reference). One link per pair of cases.

    A reference the user cannot see is "not found", exactly like one that does not exist."""
    reason, reference, other_reference = (
        (reason or "").strip(),
        (reference or "").strip(),
        (other_reference or "").strip(),
    )
    if kind not in LinkKind.values:
        raise ChangeRefused("Choose the kind of link.", field="kind")
    if not reason:
        raise ChangeRefused("Give the reason for linking the cases.", field="reason")
    if reference and (other_force or other_reference):
        raise ChangeRefused("Enter a case reference in this system or another force's case, not both.")
    if reference:
        return _link_internal(user, case, LinkKind(kind), reason, reference)
    return _link_external(user, case, LinkKind(kind), reason, other_force, other_reference)


def _link_internal(user, case, kind, reason, reference) -> CaseLink:
    target = permissions.visible_cases(user).filter(reference__iexact=reference).first()
    if target is None:
        raise ChangeRefused(f"No case with the reference {reference} was found.", field="reference")
    if target.pk == case.pk:
        raise ChangeRefused("A case cannot be linked to itself.", field="reference")
    case, target = casework_services.lock_cases(case, target)  # lower id first: A-B and B-A cannot deadlock
    if case.status != CaseStatus.OPEN:
        raise ChangeRefused(f"Case {case.reference} is closed and can no longer be changed.")
    if CaseLink.objects.filter(Q(case=case, linked_case=target) | Q(case=target, linked_case=case)).exists():
        raise ChangeRefused(f"This case is already linked to {target.reference}.", field="reference")
    link = CaseLink.objects.create(case=case, linked_case=target, kind=kind, reason=reason, created_by=user)
    # The same link seen from the other case, so each case page lists it.
    CaseLink.objects.create(case=target, linked_case=case, kind=kind, reason=reason, created_by=user)
    for here, there in ((case, target), (target, case)):
        casework_services.record_event(
            here,
            kind=EventKind.LINKED,
            summary=f"Linked to {there.reference} ({kind.label.lower()})",
            actor=user,
            detail=reason,
        )
    hooks.cases_linked(case=case, target=target, user=user)  # the same incident as a referred matter?
    return link


def _link_external(user, case, kind, reason, other_force, other_reference) -> CaseLink:
    if other_force is None and not other_reference:
        raise ChangeRefused(
            "Enter the reference of a case in this system, or another force and its reference.", field="reference"
        )
    if other_force is None:
        raise ChangeRefused("Choose the other force.", field="other_force")
    if other_force.is_home:
        raise ChangeRefused("For a case of this force, enter its reference in this system.", field="other_force")
    if not other_reference:
        raise ChangeRefused(f"Enter the {other_force} reference.", field="other_reference")
    case = _lock_open_case(case)
    if CaseLink.objects.filter(case=case, other_force=other_force, other_reference__iexact=other_reference).exists():
        raise ChangeRefused(f"This case is already linked to {other_force} {other_reference}.", field="other_reference")
    link = CaseLink.objects.create(
        case=case,
        other_force=other_force,
        other_reference=other_reference,
        kind=kind,
        reason=reason,
        created_by=user,
    )
    casework_services.record_event(
        case,
        kind=EventKind.LINKED,
        summary=f"Linked to {other_force} case {other_reference} ({kind.label.lower()})",
        actor=user,
        detail=reason,
    )
    return link


# Reflective practice review (RPRP) --------------------------------------------------------
ACCOUNT_FIELDS = ("account", "account_received_on")
REVIEW_FIELDS = ("actions", "lessons", "review_by")
TEXT_FIELDS = ("account", "actions", "lessons")


@transaction.atomic
def record_reflective_practice(*, user, proceedings: Proceedings, data: dict) -> list[str]:
    """Record or correct the officer's account and the reflective review while the subject is at
    RPRP. Returns the timeline summaries written (none when nothing changed)."""
    proceedings = _lock_proceedings(proceedings)
    person = proceedings.subject.person
    if proceedings.stage != Stage.RPRP:
        raise ChangeRefused(
            "The officer's account and the reflective review are recorded only while the subject is at "
            f"“{Stage.RPRP.label}”; {person.full_name} is at “{proceedings.get_stage_display()}”."
        )
    wanted = {name: data.get(name) or ("" if name in TEXT_FIELDS else None) for name in ACCOUNT_FIELDS + REVIEW_FIELDS}
    wanted.update({name: wanted[name].strip() for name in TEXT_FIELDS})
    _check_reflective_practice(wanted)
    record = ReflectivePractice.objects.filter(proceedings=proceedings).first() or ReflectivePractice(
        proceedings=proceedings
    )
    events = []
    if any(getattr(record, name) != wanted[name] for name in ACCOUNT_FIELDS):
        if wanted["account"]:
            events.append(
                (
                    f"{person.full_name}: officer's account received {_day(wanted['account_received_on'])}",
                    wanted["account"],
                )
            )
        else:
            events.append((f"{person.full_name}: officer's account removed", ""))
    if any(getattr(record, name) != wanted[name] for name in REVIEW_FIELDS):
        if wanted["actions"]:
            events.append(
                (
                    f"{person.full_name}: reflective review recorded, review period ends {_day(wanted['review_by'])}",
                    f"Actions:\n{wanted['actions']}\n\nLessons:\n{wanted['lessons']}",
                )
            )
        else:
            events.append((f"{person.full_name}: reflective review removed", ""))
    if not events:
        return []
    for name, value in wanted.items():
        setattr(record, name, value)
    record.recorded_by, record.recorded_at = user, timezone.now()
    record.save()
    if wanted["account"]:  # the officer's account is in: its clock is met on the day it came
        received_on = wanted["account_received_on"]
        clocks.meet_clock(clocks.RPRP_ACCOUNT, case=proceedings.subject.case, person=person, actor=user, on=received_on)
    for summary, detail in events:
        casework_services.record_event(
            proceedings.subject.case, kind=EventKind.NOTE, summary=summary, actor=user, person=person, detail=detail
        )
    return [summary for summary, _detail in events]


def _check_reflective_practice(data):
    """The parts go together (the database checks it too; this says which field is missing)."""
    if bool(data["account"]) != bool(data["account_received_on"]):
        missing = "account_received_on" if data["account"] else "account"
        raise ChangeRefused(
            "Enter the date the account was received." if data["account"] else "Enter the officer's account.",
            field=missing,
        )
    review = [name for name in REVIEW_FIELDS if data[name]]
    if review and len(review) < len(REVIEW_FIELDS):
        missing = next(name for name in REVIEW_FIELDS if not data[name])
        raise ChangeRefused(
            {
                "actions": "Enter the actions agreed in the review.",
                "lessons": "Enter the lessons learned.",
                "review_by": "Enter the date the review period ends.",
            }[missing],
            field=missing,
        )
    if data["account_received_on"] and data["account_received_on"] > timezone.localdate():
        raise ChangeRefused("The date the account was received must be today or in the past.", "account_received_on")
    if data["review_by"] and data["account_received_on"] and data["review_by"] <= data["account_received_on"]:
        raise ChangeRefused("The review period must end after the account was received.", field="review_by")


# Advisory List ----------------------------------------------------------------------------
def concerns_gross_misconduct(proceedings) -> bool:
    """A finding of gross misconduct, or any allegation whose current assessment is gross."""
    if proceedings.finding == Finding.GROSS:
        return True
    return Allegation.objects.filter(subject_id=proceedings.subject_id, current_severity=Severity.GROSS).exists()


@transaction.atomic
def flag_advisory_list(*, user, proceedings: Proceedings, left_by: str, left_on, reasons: str) -> Proceedings:
    """The subject resigned or retired while under investigation for gross misconduct: they go on
    the College of Policing Advisory List (DOMAIN.md). The appropriate authority's decision;
    the register records that they left the force."""
    reasons = (reasons or "").strip()
    if left_by not in RESIGNED_OR_RETIRED:
        raise ChangeRefused("Choose whether they resigned or retired.", field="left_by")
    if left_on is None or left_on > timezone.localdate():
        raise ChangeRefused("The date they left must be today or in the past.", field="left_on")
    if not reasons:
        raise ChangeRefused("Give the reasons for this decision.", field="reasons")
    proceedings = _lock_proceedings(proceedings)
    subject = proceedings.subject
    name = subject.person.full_name
    if proceedings.advisory_list:
        raise ChangeRefused(f"{name} is already recorded for the Advisory List.")
    if proceedings.barred_list:
        raise ChangeRefused(f"{name} is on the Barred List after dismissal; the Advisory List does not apply.")
    if not concerns_gross_misconduct(proceedings):
        raise ChangeRefused(
            f"The Advisory List applies only to gross misconduct; no allegation against {name} is currently "
            "assessed as gross misconduct."
        )
    proceedings.advisory_list = True
    proceedings.save(update_fields=["advisory_list"])
    how = LeavingReason(left_by).label
    # The register says how they left (the Advisory List report's content, and s.88I(1)(b) later).
    Person.objects.filter(pk=subject.person_id).update(left_by=left_by)
    person = Person.objects.with_current_status(on=left_on).get(pk=subject.person_id)
    if person.current_status != DutyStatus.LEFT:
        casework_services.change_duty_status(
            user=user,
            person=person,
            status=DutyStatus.LEFT,
            starts_on=left_on,
            reason=f"{how} under investigation for gross misconduct ({subject.case.reference}).",
            case=subject.case,
        )  # announces that they left: the Advisory List report falls due (conduct/lists)
    else:  # already recorded as having left: announce it for this case all the same
        casework_services.person_left_service(person=person, on=left_on, user=user)
    casework_services.record_event(
        subject.case,
        kind=EventKind.NOTE,
        summary=f"{name}: {how.lower()} under investigation for gross misconduct; Advisory List",
        actor=user,
        person=subject.person,
        detail=f"{how} on {_day(left_on)}.\n\n{reasons}",
    )
    return proceedings
