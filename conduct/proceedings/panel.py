"""Who may sit on a subject's misconduct meeting or hearing (Police (Conduct) Regulations 2020
reg 28, reg 2(4A) on delegation, as amended by SI 2024/521 from 7 May 2024), and the append-only
appointments and declared conflicts. docs/rules.md, "Meetings and hearings: panel and clocks".

- Hearing: a chair who is the chief officer of police, or a senior officer (or police staff of
  equivalent grade) to whom the chief officer delegated it, recorded with who, when and why; two
  independent members and the legally qualified adviser, appointed by the local policing body.
- Meeting: a person of at least one rank higher than the officer concerned, or a police staff
  member the appropriate authority thinks more senior (reg 28(3)(a)); for a special constable, a
  sergeant or above, or such a staff member (reg 28(3)(b)).
- Nobody involved in the case sits: its investigator, anyone whose decision is recorded in it
  (severity assessment, duty decision, case to answer) or with a declared conflict.
"""

from django.db import transaction
from django.db.models import Q

from casework.errors import Refused
from casework.models import Person, PersonType, Rank
from conduct.models import (
    DutyDecision,
    PanelAppointment,
    PanelConflict,
    PanelRole,
    Proceedings,
    SeverityAssessment,
    Stage,
    StageTransition,
)

HEARINGS = (Stage.HEARING, Stage.ACCELERATED)
ROLES_BY_FORUM = {
    Stage.MEETING: (PanelRole.PERSON_CONDUCTING, PanelRole.PRESENTING),
    Stage.HEARING: (PanelRole.CHAIR, PanelRole.INDEPENDENT_MEMBER, PanelRole.LEGAL_ADVISER, PanelRole.PRESENTING),
    Stage.ACCELERATED: (PanelRole.CHAIR, PanelRole.INDEPENDENT_MEMBER, PanelRole.LEGAL_ADVISER, PanelRole.PRESENTING),
}
# How many may hold each role at once (reg 28(4): a panel of three, the chair and two members).
SEATS = {PanelRole.INDEPENDENT_MEMBER: 2}
ON_THE_REGISTER = (PanelRole.CHAIR, PanelRole.PERSON_CONDUCTING)
CASE_TO_ANSWER = ("refer_to_meeting", "refer_to_hearing", "refer_to_accelerated", "no_case_to_answer")
SERGEANT = "Sergeant"


class PanelRefused(Refused):
    """The appointment is not allowed; the message says which rule."""


def current(proceedings) -> list[PanelAppointment]:
    """The appointments in force: each one not replaced by a later one."""
    rows = list(proceedings.panel.select_related("person__rank", "delegated_by__rank"))
    replaced = {row.replaces_id for row in rows if row.replaces_id}
    return [row for row in rows if row.pk not in replaced]


def missing_seats(proceedings, rows=None) -> list[str]:
    """What the forum still needs before it can sit (the presenting side is the authority's)."""
    rows = current(proceedings) if rows is None else rows
    held = [row.role for row in rows]
    need = (
        {PanelRole.CHAIR: 1, PanelRole.INDEPENDENT_MEMBER: 2, PanelRole.LEGAL_ADVISER: 1}
        if proceedings.forum in HEARINGS
        else {PanelRole.PERSON_CONDUCTING: 1}
    )
    return [PanelRole(role).label for role, n in need.items() for _ in range(n - held.count(role))]


# Involvement -------------------------------------------------------------------------------
def involved_users(case):
    """The accounts whose part in the case bars them from sitting: (user, why) pairs."""
    found = []
    if case.investigator_id:
        found.append((case.investigator, "the case's investigator"))
    for row in SeverityAssessment.objects.filter(allegation__subject__case=case).select_related("assessed_by"):
        found.append((row.assessed_by, "made a severity assessment in the case"))
    for row in DutyDecision.objects.filter(subject__case=case).select_related("proposed_by", "decided_by"):
        found += [(u, "took part in a duty decision in the case") for u in (row.proposed_by, row.decided_by) if u]
    transitions = StageTransition.objects.filter(proceedings__subject__case=case, action__in=CASE_TO_ANSWER)
    for row in transitions.select_related("made_by"):
        found.append((row.made_by, "decided the case to answer"))
    return found


def _same_person(user, person, name: str) -> bool:
    user_name = (user.get_full_name() or "").strip().lower()
    if person is not None:
        if person.email and user.email and person.email.strip().lower() == user.email.strip().lower():
            return True
        return bool(user_name) and user_name == person.full_name.strip().lower()
    return bool(user_name) and user_name == name.strip().lower()


def involvement(proceedings, person, name: str) -> str | None:
    """Why this person may not sit on this subject's proceedings, or None."""
    case = proceedings.subject.case
    if person is not None and person.pk == proceedings.subject.person_id:
        return "The officer concerned cannot sit on their own proceedings."
    for user, why in involved_users(case):
        if _same_person(user, person, name):
            return f"{_who(person, name)} cannot sit: they {why} (a person involved in the case may not conduct it)."
    conflicts = proceedings.panel_conflicts.filter(Q(person=person) if person else Q(name__iexact=name.strip()))
    conflict = conflicts.first()
    if conflict is not None:
        return f"{_who(person, name)} cannot sit: a conflict is recorded ({conflict.reasons})."
    return None


def _who(person, name) -> str:
    return person.full_name if person is not None else name.strip()


# Eligibility by role ----------------------------------------------------------------------
def _senior_officer(person) -> bool:
    return person.person_type == PersonType.OFFICER and person.rank is not None and person.rank.is_chief_officer


def chief_officer_rank():
    """The chief officer of police's rank: the most senior rank marked as a chief officer's."""
    return Rank.objects.filter(is_chief_officer=True).order_by("-seniority").first()


def chair_refusal(person, delegated_by, delegation: dict) -> str | None:
    """reg 28(4) and reg 2(4A) (SI 2024/521): the chief officer, or a senior officer or police
    staff of equivalent grade by a recorded delegation."""
    top = chief_officer_rank()
    if _senior_officer(person) and top is not None and person.rank_id == top.pk:
        return None
    if person.person_type == PersonType.STAFF:
        if not delegation.get("staff_seniority_reasons"):
            return "Police staff may chair only by delegation, at a grade equivalent to a senior officer: say why."
    elif not _senior_officer(person):
        return (
            "The chair must be the chief officer, or a senior officer (assistant chief constable or above) to whom "
            "the chief officer delegated it (reg 28(4), reg 2(4A))."
        )
    if delegated_by is None or top is None or delegated_by.rank_id != top.pk:
        return "Record the delegation: the chief officer who delegated the chair (reg 2(4A))."
    if not delegation.get("delegated_on") or not delegation.get("delegation_reasons"):
        return "Record when the chief officer delegated the chair, and why."
    return None


def conductor_refusal(person, officer, staff_reasons: str) -> str | None:
    """reg 28(3): the person conducting a misconduct meeting."""
    if person.person_type == PersonType.STAFF:
        return (
            None
            if staff_reasons
            else (
                "Police staff may conduct the meeting only if the appropriate authority thinks them more senior "
                "than the officer, and the case does not substantially involve operational policing: give the reasons "
                "(reg 28(3))."
            )
        )
    if person.person_type != PersonType.OFFICER or person.rank is None:
        return (
            "The person conducting the meeting must be a police officer with a rank on the register, or police staff."
        )
    if officer.person_type == PersonType.SPECIAL:
        sergeant = Rank.objects.filter(name=SERGEANT).first()
        if sergeant is not None and person.rank.seniority < sergeant.seniority:
            return "For a special constable the person conducting must be a sergeant or above (reg 28(3)(b))."
        return None
    if officer.rank is None:
        return (
            "Record the officer's rank on the register first: the person conducting must be at least one rank higher."
        )
    if person.rank.seniority <= officer.rank.seniority:
        return (
            f"The person conducting must be at least one rank higher than the officer ({officer.rank.name}); "
            f"{person.full_name} is {person.rank.name} (reg 28(3)(a))."
        )
    return None


def _check(proceedings, role, person, name, delegated_by, extra, replaces) -> None:
    if proceedings.stage not in (Stage.MEETING, Stage.HEARING, Stage.ACCELERATED):
        raise PanelRefused("Appoint the panel while the subject is referred to a meeting or hearing.")
    if role not in ROLES_BY_FORUM[proceedings.forum]:
        raise PanelRefused(f"A {Stage(proceedings.forum).label.lower()} has no “{PanelRole(role).label}”.", "role")
    if person is None and (role in ON_THE_REGISTER or not name.strip()):
        raise PanelRefused(
            "Choose the person from the register." if role in ON_THE_REGISTER else "Name the person.", "person"
        )
    held = [row for row in current(proceedings) if row.role == role and row != replaces]
    if replaces is not None and (replaces.role != role or replaces.proceedings_id != proceedings.pk):
        raise PanelRefused("Replace an appointment of the same role on this subject's proceedings.", "replaces")
    if len(held) >= SEATS.get(role, 1):
        raise PanelRefused(
            f"The {PanelRole(role).label.lower()} is already appointed: replace them instead.", "replaces"
        )
    if any(
        row.person_id and row.person_id == getattr(person, "pk", None)
        for row in current(proceedings)
        if row != replaces
    ):
        raise PanelRefused(f"{person.full_name} already sits on these proceedings.", "person")
    refusal = involvement(proceedings, person, name)
    if refusal:
        raise PanelRefused(refusal, "person" if person else "name")
    if role == PanelRole.CHAIR:
        refusal = chair_refusal(person, delegated_by, extra)
    elif role == PanelRole.PERSON_CONDUCTING:
        refusal = conductor_refusal(person, proceedings.subject.person, extra.get("staff_seniority_reasons", ""))
    if refusal:
        raise PanelRefused(refusal, "person")


@transaction.atomic
def appoint(
    *,
    user,
    proceedings,
    role,
    reasons,
    person=None,
    name="",
    delegated_by=None,
    delegated_on=None,
    delegation_reasons="",
    staff_seniority_reasons="",
    replaces=None,
) -> PanelAppointment:
    """Appoint someone to the panel (a replacement is a new appointment naming the one it replaces)."""
    if not (reasons or "").strip():
        raise PanelRefused("Give the reasons for the appointment.", "reasons")
    proceedings = (
        Proceedings.objects.select_for_update(of=("self",))
        .select_related("subject__case", "subject__person__rank")
        .get(pk=proceedings.pk)
    )
    extra = {
        "delegated_on": delegated_on,
        "delegation_reasons": (delegation_reasons or "").strip(),
        "staff_seniority_reasons": (staff_seniority_reasons or "").strip(),
    }
    _check(proceedings, role, person, name or "", delegated_by, extra, replaces)
    chief = role == PanelRole.CHAIR and delegated_by is None
    return PanelAppointment.objects.create(
        proceedings=proceedings,
        role=role,
        person=person,
        name="" if person else name.strip(),
        delegated_by=None if chief else delegated_by,
        delegated_on=None if chief else delegated_on,
        delegation_reasons="" if chief else extra["delegation_reasons"],
        staff_seniority_reasons=extra["staff_seniority_reasons"],
        reasons=reasons.strip(),
        replaces=replaces,
        appointed_by=user,
    )


@transaction.atomic
def declare_conflict(*, user, proceedings, reasons, person=None, name="") -> PanelConflict:
    if person is None and not (name or "").strip():
        raise PanelRefused("Choose the person from the register, or name them.", "person")
    if not (reasons or "").strip():
        raise PanelRefused("Give the reasons for the conflict.", "reasons")
    return PanelConflict.objects.create(
        proceedings=proceedings,
        person=person,
        name="" if person else name.strip(),
        reasons=reasons.strip(),
        recorded_by=user,
    )


def people_who_may_sit(force=None):
    """The register's people offered on the appointment form (officers and staff)."""
    rows = Person.objects.filter(person_type__in=[PersonType.OFFICER, PersonType.STAFF]).select_related("rank")
    return rows.order_by("last_name", "first_name")
