"""Cases and allegations through the services: intake, the reference sequence (also under
concurrency), severity assessments, closing, duty status, and who may see and change a case."""

import re
import threading
from datetime import UTC, date, datetime, timedelta

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection, transaction

from casework import permissions
from casework.models import Case, CaseSubject, ComplainantContact, DutyStatusEntry, TimelineEvent
from casework.models.cases import CaseStatus, EventKind, HowReceived, Origin, Sensitivity
from casework.models.people import DutyStatus
from casework.services import change_duty_status
from conduct.cases import services
from conduct.cases.lifecycle import apply_transition
from conduct.models import (
    Allegation,
    AllegationCategory,
    Conclusion,
    Proceedings,
    Severity,
    SeverityAssessment,
    Stage,
    StageTransition,
    Standard,
)
from tests.factories import PersonFactory, TeamFactory, make_case

REFERENCE = re.compile(r"PSD-(\d{4})-(\d{6})")
MOMENT = datetime(2026, 3, 27, 10, 30, tzinfo=UTC)


def _events(case, kind=None):
    events = TimelineEvent.objects.filter(case=case)
    return events.filter(kind=kind) if kind else events


# Intake -------------------------------------------------------------------------------------------
@pytest.mark.django_db
def test_recording_a_case_records_subjects_allegations_proceedings_and_the_timeline(
    personas, team, home_force, time_machine
):
    ivy = personas.investigator
    time_machine.move_to(MOMENT, tick=False)  # recorded in 2026, received in 2025
    first = PersonFactory(force=home_force, first_name="Ann", last_name="Archer")
    second = PersonFactory(force=home_force, first_name="Ben", last_name="Brook")
    case = make_case(
        ivy,
        team,
        [first, second],
        categories=("sexual-misconduct", "social-media"),
        standards=("Discreditable conduct", "Equality and diversity"),
        description="Sent an offensive image",
        origin=Origin.INTERNAL_REPORT,
        received_on=date(2025, 12, 30),
    )

    case = Case.objects.get(pk=case.pk)
    assert REFERENCE.fullmatch(case.reference).group(1) == "2026"  # the year it was recorded
    assert (case.received_on, case.created_at) == (date(2025, 12, 30), MOMENT)
    assert (case.origin, case.status, case.created_by, case.team) == (Origin.INTERNAL_REPORT, "open", ivy, team)
    subjects = list(case.subjects.all())
    assert [s.person for s in subjects] == [first, second]
    for subject in subjects:
        assert subject.proceedings.stage == Stage.ASSESSMENT
        allegation = subject.allegations.get()
        assert allegation.description == "Sent an offensive image"
        assert allegation.recorded_by == ivy
        assert {c.code for c in allegation.categories.all()} == {"sexual-misconduct", "social-media"}
        assert {s.name for s in allegation.standards.all()} == {"Discreditable conduct", "Equality and diversity"}
        assert not allegation.assessments.exists()

    kinds = list(_events(case).order_by("occurred_at", "id").values_list("kind", "person"))
    assert kinds == [
        (EventKind.CASE_RECORDED, None),
        (EventKind.SUBJECT_ADDED, first.pk),
        (EventKind.ALLEGATION_RECORDED, first.pk),
        (EventKind.SUBJECT_ADDED, second.pk),
        (EventKind.ALLEGATION_RECORDED, second.pk),
    ]
    assert set(_events(case).values_list("actor", flat=True)) == {ivy.pk}
    allegation_event = _events(case, EventKind.ALLEGATION_RECORDED).filter(person=first).get()
    assert "Misuse of social media or messaging" in allegation_event.summary
    assert "Sexual misconduct" in allegation_event.summary
    assert not ComplainantContact.objects.filter(case=case).exists()


@pytest.mark.django_db
def test_complainant_contact_is_kept_only_when_given(personas, team, officer):
    details = {
        "origin": Origin.PUBLIC_COMPLAINT,
        "received_on": date(2026, 1, 5),
        "how_received": HowReceived.EMAIL,
        "summary": "Rude on the telephone",
        "team": team,
        "complainant_name": "Pat Public",
    }
    with_contact = services.record_case(
        user=personas.investigator,
        details=details,
        contact={"email": "pat@example.org", "telephone": ""},
        subjects=[services.SubjectInput(person=officer)],
    )
    blank_contact = services.record_case(
        user=personas.investigator,
        details=details,
        contact={"email": "", "telephone": ""},
        subjects=[services.SubjectInput(person=officer)],
    )
    assert with_contact.complainant_contact.email == "pat@example.org"
    assert not ComplainantContact.objects.filter(case=blank_contact).exists()


@pytest.mark.django_db
def test_intake_is_all_or_nothing(personas, team, officer):
    unsaved_standard = Standard(name="Not in the database")
    with pytest.raises(ValueError):
        services.record_case(
            user=personas.investigator,
            details={
                "origin": Origin.CONDUCT_MATTER,
                "received_on": date(2026, 1, 5),
                "how_received": HowReceived.INTERNAL,
                "summary": "Half a case",
                "team": team,
            },
            contact=None,
            subjects=[
                services.SubjectInput(
                    person=officer,
                    allegations=[
                        services.AllegationInput(
                            description="x",
                            standards=[unsaved_standard],
                            categories=list(AllegationCategory.objects.all()[:1]),
                        )
                    ],
                )
            ],
        )
    assert not Case.objects.exists()
    assert not CaseSubject.objects.exists()
    assert not TimelineEvent.objects.exists()
    assert not Allegation.objects.exists()


# The reference sequence -----------------------------------------------------------------------------
def _backend_pid():
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        return cursor.fetchone()[0]


@pytest.mark.django_db
def test_fifty_sequential_references_are_unique_well_formed_and_increasing():
    references = [Case.next_reference(2026) for _ in range(50)]
    assert len(set(references)) == 50
    numbers = []
    for reference in references:
        match = REFERENCE.fullmatch(reference)
        assert match, reference
        assert match.group(1) == "2026"
        numbers.append(int(match.group(2)))
    assert numbers == sorted(numbers)


# Not `transactional_db`: its flush afterwards empties the reference data the migrations load, and
# the transactional tests that run after this one (the browser journeys) need it. The threads'
# connections are their own, outside the test's transaction, so their transactions are real ones.
@pytest.mark.django_db
def test_concurrent_transactions_never_share_a_reference():
    """Two threads, each with its own connection and an open transaction, take a reference at
    the same moment; neither commits until both have one."""
    main_backend = _backend_pid()
    both_open = threading.Barrier(2, timeout=30)
    both_numbered = threading.Barrier(2, timeout=30)
    results, errors = {}, []

    def take_reference(name):
        try:
            with transaction.atomic():
                with connection.cursor() as cursor:
                    cursor.execute("SELECT pg_backend_pid(), txid_current()")
                    backend, txid = cursor.fetchone()
                both_open.wait()
                reference = Case.next_reference(2026)
                both_numbered.wait()
                with connection.cursor() as cursor:
                    cursor.execute("SELECT txid_current()")
                    (still,) = cursor.fetchone()
            results[name] = (reference, backend, txid, still)
        except BaseException as error:  # reported below, in the test's thread
            errors.append(error)
            both_open.abort()
            both_numbered.abort()
        finally:
            connection.close()

    threads = [threading.Thread(target=take_reference, args=(name,)) for name in ("a", "b")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not errors, errors
    (ref_a, backend_a, txid_a, still_a), (ref_b, backend_b, txid_b, still_b) = results["a"], results["b"]
    assert len({backend_a, backend_b, main_backend}) == 3  # two connections of their own
    assert (still_a, still_b) == (txid_a, txid_b)  # each call was inside one open transaction
    assert txid_a != txid_b
    assert REFERENCE.fullmatch(ref_a) and REFERENCE.fullmatch(ref_b)
    assert ref_a != ref_b


# Severity -----------------------------------------------------------------------------------------------
@pytest.mark.django_db
def test_a_revised_severity_keeps_the_history_and_the_latest_is_current(personas, case, time_machine):
    allegation = Allegation.objects.get(subject__case=case)
    time_machine.move_to(MOMENT, tick=False)
    first = services.assess_severity(
        user=personas.investigator, allegation=allegation, severity=Severity.MISCONDUCT, rationale="Initial view"
    )
    time_machine.move_to(MOMENT + timedelta(days=3), tick=False)
    second = services.assess_severity(
        user=personas.head, allegation=allegation, severity=Severity.GROSS, rationale="  New evidence  "
    )

    rows = list(SeverityAssessment.objects.filter(allegation=allegation))
    assert rows == [second, first]  # newest first
    assert allegation.assessments.first() == second
    assert allegation.assessments.latest() == second
    assert (first.severity, first.assessed_by, first.assessed_at, first.rationale) == (
        Severity.MISCONDUCT,
        personas.investigator,
        MOMENT,
        "Initial view",
    )
    assert (second.severity, second.assessed_by, second.rationale) == (Severity.GROSS, personas.head, "New evidence")
    summaries = list(_events(case, EventKind.SEVERITY_ASSESSED).order_by("occurred_at").values_list("summary", "actor"))
    assert summaries == [
        ("Severity assessed for Dana Whitlock: Misconduct", personas.investigator.pk),
        ("Severity revised for Dana Whitlock: Gross misconduct", personas.head.pk),
    ]


@pytest.mark.django_db
def test_the_latest_severity_wins_even_within_the_same_second(personas, case, time_machine):
    allegation = Allegation.objects.get(subject__case=case)
    time_machine.move_to(MOMENT, tick=False)
    services.assess_severity(user=personas.investigator, allegation=allegation, severity="misconduct", rationale="a")
    last = services.assess_severity(
        user=personas.investigator, allegation=allegation, severity="gross_misconduct", rationale="b"
    )
    assert allegation.assessments.first() == last


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("severity", "rationale", "message"),
    [
        (Severity.MISCONDUCT, "", "rationale"),
        (Severity.MISCONDUCT, "   \n", "rationale"),
        (Severity.MISCONDUCT, None, "rationale"),
        ("serious", "Looks serious", "severity"),
        ("", "Looks serious", "severity"),
    ],
)
def test_an_assessment_needs_a_severity_and_a_rationale(severity, rationale, message, personas, case):
    allegation = Allegation.objects.get(subject__case=case)
    events_before = _events(case).count()
    with pytest.raises(ValueError, match=message):
        services.assess_severity(
            user=personas.investigator, allegation=allegation, severity=severity, rationale=rationale
        )
    assert not SeverityAssessment.objects.exists()
    assert _events(case).count() == events_before


# Closing ------------------------------------------------------------------------------------------------
def _conclude_nfa(user, subject, reason="No evidence of misconduct after review of the messages."):
    return apply_transition(user=user, proceedings=subject.proceedings, action="no_further_action", reason=reason)


@pytest.fixture
def two_subject_case(personas, team, home_force):
    people = [
        PersonFactory(force=home_force, first_name="Ann", last_name="Archer"),
        PersonFactory(force=home_force, first_name="Ben", last_name="Brook"),
    ]
    return make_case(personas.investigator, team, people)


def _assert_still_open(case, events_before):
    case.refresh_from_db()
    assert (case.status, case.closed_at, case.closed_by, case.closure_reason) == (CaseStatus.OPEN, None, None, "")
    assert _events(case).count() == events_before


@pytest.mark.django_db
def test_a_case_cannot_close_while_a_subject_is_not_concluded(personas, two_subject_case):
    ann, ben = two_subject_case.subjects.all()
    _conclude_nfa(personas.investigator, ann)
    events_before = _events(two_subject_case).count()
    with pytest.raises(services.ClosureRefused) as refusal:
        services.close_case(user=personas.investigator, case=two_subject_case, reason="All done")
    message = str(refusal.value)
    assert "Still open: Ben Brook." in message
    assert "Ann Archer" not in message
    _assert_still_open(two_subject_case, events_before)


@pytest.mark.django_db
def test_the_refusal_names_every_open_subject(personas, two_subject_case):
    with pytest.raises(services.ClosureRefused, match="Still open: Ann Archer, Ben Brook."):
        services.close_case(user=personas.investigator, case=two_subject_case, reason="All done")


@pytest.mark.django_db
@pytest.mark.parametrize("reason", ["", "  \n ", None])
def test_a_case_cannot_close_without_reasons(reason, personas, two_subject_case):
    for subject in two_subject_case.subjects.all():
        _conclude_nfa(personas.investigator, subject)
    events_before = _events(two_subject_case).count()
    with pytest.raises(services.ClosureRefused, match="Give the reasons"):
        services.close_case(user=personas.investigator, case=two_subject_case, reason=reason)
    _assert_still_open(two_subject_case, events_before)


@pytest.mark.django_db
def test_a_case_closes_when_every_subject_has_concluded(personas, two_subject_case, put_at, time_machine):
    ann, ben = two_subject_case.subjects.all()
    _conclude_nfa(personas.investigator, ann)  # no further action, with reasons, counts
    put_at(ben.proceedings, Stage.RPRP)
    apply_transition(
        user=personas.investigator, proceedings=ben.proceedings, action="complete_rprp", reason="Reflection done"
    )
    time_machine.move_to(MOMENT, tick=False)

    closed = services.close_case(user=personas.head, case=two_subject_case, reason="  Every subject concluded  ")

    case = Case.objects.get(pk=two_subject_case.pk)
    assert closed.pk == case.pk
    assert (case.status, case.closed_at, case.closed_by, case.closure_reason) == (
        CaseStatus.CLOSED,
        MOMENT,
        personas.head,
        "Every subject concluded",
    )
    event = _events(case, EventKind.CLOSED).get()
    assert (event.actor, event.detail, event.occurred_at, event.summary) == (
        personas.head,
        "Every subject concluded",
        MOMENT,
        "Case closed",
    )


@pytest.mark.django_db
def test_closing_twice_is_refused_and_keeps_the_first_closure(personas, case):
    _conclude_nfa(personas.investigator, case.subjects.get())
    services.close_case(user=personas.investigator, case=case, reason="First closure")
    events_before = _events(case).count()
    with pytest.raises(services.ClosureRefused, match="already closed"):
        services.close_case(user=personas.head, case=case, reason="Second closure")
    case.refresh_from_db()
    assert (case.closed_by, case.closure_reason) == (personas.investigator, "First closure")
    assert _events(case).count() == events_before


@pytest.mark.django_db
def test_an_internal_report_ends_in_no_action_only_through_a_reasoned_attributed_decision(
    personas, team, home_force, time_machine
):
    """DOMAIN.md: a report that ends in no action still leaves a reasoned, reviewable decision."""
    reporter_subject = PersonFactory(force=home_force, first_name="Carl", last_name="Cole")
    case = make_case(
        personas.investigator,
        team,
        [reporter_subject],
        origin=Origin.INTERNAL_REPORT,
        categories=("sexual-misconduct",),
        summary="Internal report by a colleague of unwanted comments",
    )
    subject = case.subjects.get()

    # Not closable as it stands: nobody has decided anything.
    with pytest.raises(services.ClosureRefused, match="Carl Cole"):
        services.close_case(user=personas.investigator, case=case, reason="No action")
    # "No action" without reasons is refused.
    from conduct.cases.lifecycle import TransitionRefused

    with pytest.raises(TransitionRefused, match="Give the reasons"):
        apply_transition(
            user=personas.investigator, proceedings=subject.proceedings, action="no_further_action", reason=" "
        )
    assert not StageTransition.objects.exists()

    time_machine.move_to(MOMENT, tick=False)
    decision = apply_transition(
        user=personas.authority,
        proceedings=subject.proceedings,
        action="no_further_action",
        reason="Comments not corroborated; words of advice given by line manager.",
    )
    services.close_case(user=personas.investigator, case=case, reason="Subject concluded with no further action")

    proceedings = Proceedings.objects.get(subject=subject)
    assert (proceedings.stage, proceedings.conclusion) == (Stage.CONCLUDED, Conclusion.NFA)
    assert proceedings.conclusion_reason == "Comments not corroborated; words of advice given by line manager."
    assert (decision.made_by, decision.made_at, decision.from_stage) == (personas.authority, MOMENT, Stage.ASSESSMENT)
    assert Case.objects.get(pk=case.pk).status == CaseStatus.CLOSED
    event = _events(case, EventKind.TRANSITION).get()
    assert (event.actor, event.detail) == (personas.authority, decision.reason)


# Duty status ----------------------------------------------------------------------------------------
@pytest.mark.django_db
def test_a_duty_status_change_ends_the_open_period_and_is_on_the_timeline(personas, case, officer):
    change_duty_status(
        user=personas.authority, person=officer, status=DutyStatus.FULL, starts_on=date(2025, 1, 1), reason="Joined"
    )
    entry = change_duty_status(
        user=personas.authority,
        person=officer,
        status=DutyStatus.NON_PUBLIC_FACING,
        starts_on=date(2026, 3, 1),
        reason="Under investigation for sharing an offensive image",
        case=case,
    )
    periods = list(
        DutyStatusEntry.objects.filter(person=officer).order_by("starts_on").values_list("status", "ends_on")
    )
    assert periods == [(DutyStatus.FULL, date(2026, 3, 1)), (DutyStatus.NON_PUBLIC_FACING, None)]
    assert entry.decided_by == personas.authority
    event = _events(case, EventKind.DUTY_STATUS).get()
    assert (event.person, event.actor, event.detail) == (officer, personas.authority, entry.reason)
    assert event.summary == "Dana Whitlock: Non-public-facing role from 01 March 2026"


# Who sees and changes a case ---------------------------------------------------------------------------
@pytest.mark.django_db
def test_visibility_and_change_rights(personas, team, other_team, home_force):
    ivy, tom = personas.investigator, personas.investigator_other_team
    person = PersonFactory(force=home_force)
    ours = make_case(ivy, team, [person])
    theirs = make_case(tom, other_team, [person])
    restricted = make_case(tom, other_team, [person], sensitivity=Sensitivity.RESTRICTED)
    assigned = make_case(tom, other_team, [person], sensitivity=Sensitivity.RESTRICTED, investigator=ivy)

    def visible(user):
        return set(permissions.visible_cases(user).values_list("reference", flat=True))

    assert visible(ivy) == {ours.reference, assigned.reference}
    assert visible(tom) == {theirs.reference, restricted.reference, assigned.reference}
    for reader in (personas.head, personas.authority, personas.auditor):
        assert visible(reader) == {ours.reference, theirs.reference}
    assert visible(personas.admin) == set()
    assert visible(AnonymousUser()) == set()

    assert permissions.can_change_case(ivy, ours)
    assert permissions.can_change_case(ivy, assigned)
    assert not permissions.can_change_case(ivy, theirs)
    assert permissions.can_change_case(personas.head, theirs)
    assert not permissions.can_change_case(personas.head, restricted)
    for bystander in (personas.authority, personas.auditor, personas.admin):
        assert not permissions.can_change_case(bystander, ours)

    assert permissions.can_record_cases(ivy) and permissions.can_record_cases(personas.head)
    for bystander in (personas.authority, personas.auditor, personas.admin):
        assert not permissions.can_record_cases(bystander)


@pytest.mark.django_db
def test_get_case_or_404_hides_what_the_user_may_not_see_or_change(personas, case):
    from django.http import Http404

    assert permissions.get_case_or_404(personas.investigator, case.reference, for_change=True) == case
    assert permissions.get_case_or_404(personas.auditor, case.reference) == case
    with pytest.raises(Http404):
        permissions.get_case_or_404(personas.investigator_other_team, case.reference)
    with pytest.raises(Http404):
        permissions.get_case_or_404(personas.auditor, case.reference, for_change=True)
    with pytest.raises(Http404):
        permissions.get_case_or_404(personas.investigator, "PSD-2026-999999")


@pytest.mark.django_db
def test_a_team_member_added_later_sees_the_team_cases(personas, case):
    newcomer = personas.investigator_other_team
    assert not permissions.can_view_case(newcomer, case)
    TeamFactory(name="Unrelated", members=[newcomer])
    case.team.members.add(newcomer)
    assert permissions.can_change_case(newcomer, case)


@pytest.mark.django_db
def test_a_subject_without_proceedings_blocks_closure(personas, case, home_force):
    from casework.services import add_subject as add_bare_subject

    _conclude_nfa(personas.investigator, case.subjects.get())
    eve = PersonFactory(force=home_force, first_name="Eve")
    add_bare_subject(user=personas.investigator, case=case, person=eve)
    assert not Proceedings.objects.filter(subject__person=eve).exists()
    events_before = _events(case).count()
    with pytest.raises(services.ClosureRefused) as refusal:
        services.close_case(user=personas.investigator, case=case, reason="All done")
    assert str(refusal.value).endswith(f"Still open: {eve.full_name}.")  # Dana has concluded
    case.refresh_from_db()
    assert (case.status, case.closed_by, case.closure_reason) == (CaseStatus.OPEN, None, "")
    assert _events(case).count() == events_before


@pytest.mark.django_db
def test_a_closed_case_can_be_read_but_not_changed(personas, case):
    from django.http import Http404

    _conclude_nfa(personas.investigator, case.subjects.get())
    services.close_case(user=personas.investigator, case=case, reason="Concluded")
    for reader in (personas.investigator, personas.head, personas.auditor):
        assert permissions.get_case_or_404(reader, case.reference) == case
    for changer in (personas.investigator, personas.head):
        assert permissions.can_change_case(changer, case)  # the team's case still
        with pytest.raises(Http404):
            permissions.get_case_or_404(changer, case.reference, for_change=True)


@pytest.mark.django_db
def test_a_reference_with_a_nul_byte_names_no_case(personas, case):
    from django.http import Http404

    for for_change in (False, True):
        with pytest.raises(Http404):
            permissions.get_case_or_404(personas.head, case.reference + "\x00", for_change=for_change)


# Narratives (what is alleged or said) ------------------------------------------------------------------
@pytest.mark.django_db
def test_an_auditor_may_not_read_narratives(personas, case):
    assert permissions.can_view_case(personas.auditor, case)  # the case itself, yes
    assert not permissions.can_read_narrative(personas.auditor, case)
    for reader in (personas.investigator, personas.head, personas.authority):
        assert permissions.can_read_narrative(reader, case), reader


@pytest.mark.django_db
def test_an_auditor_who_also_investigates_reads_narratives(personas, case):
    from django.contrib.auth.models import Group

    from casework.roles import Role

    auditor = personas.auditor
    auditor.groups.add(Group.objects.get(name=Role.INVESTIGATOR.label))
    auditor = type(auditor).objects.get(pk=auditor.pk)  # roles are cached on the user object
    assert permissions.can_read_narrative(auditor, case)
