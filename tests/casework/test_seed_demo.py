import pytest
from django.core.management import CommandError, call_command

from casework.models import User
from casework.roles import Role

pytestmark = pytest.mark.django_db


def test_seed_demo_refuses_with_debug_off(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG off"):
        call_command("seed_demo")


def test_seed_demo_creates_a_user_for_every_role_and_is_idempotent(settings, monkeypatch, client):
    monkeypatch.setenv("DEMO_PASSWORD", "demo-password-for-tests")
    call_command("seed_demo", force=True)
    call_command("seed_demo", force=True)
    roles = {
        label
        for label in User.objects.filter(
            username__in=[
                "investigator",
                "investigator2",
                "authority",
                "head",
                "auditor",
                "admin",
            ]
        ).values_list("groups__name", flat=True)
    }
    assert roles == {r.label for r in Role}
    assert User.objects.filter(username="investigator").count() == 1
    response = client.post("/accounts/login/", {"username": "head", "password": "demo-password-for-tests"})
    assert response.status_code == 302


def test_seed_demo_generates_and_prints_a_password_when_none_is_given(monkeypatch, capsys):
    monkeypatch.delenv("DEMO_PASSWORD", raising=False)
    call_command("seed_demo", force=True)
    out = capsys.readouterr().out
    password = out.split("password for all: ")[1].split(")")[0]
    assert len(password) >= 12
    assert User.objects.get(username="auditor").check_password(password)


def test_seed_demo_loads_a_force_with_cases_in_every_stage_and_both_seed_scenarios(monkeypatch):
    from casework.models import Case, DutyStatus, Person
    from conduct.models import CriminalInvestigation, Proceedings, Stage

    monkeypatch.setenv("DEMO_PASSWORD", "demo-password-for-tests")
    call_command("seed_demo", force=True)
    assert Person.objects.filter(force__is_home=True).count() >= 300
    assert Case.objects.count() >= 60
    stages = set(Proceedings.objects.values_list("stage", flat=True))
    assert stages == set(Stage.values)
    assert Case.objects.filter(status="closed").exists()

    group_chat = Case.objects.get(summary__startswith="Group chat")
    subjects = group_chat.subjects.select_related("person__force")
    assert sum(s.person.force.is_home for s in subjects) == 4
    assert sum(not s.person.force.is_home for s in subjects) == 2
    assert all(a.criminal_investigation == CriminalInvestigation.OPEN for s in subjects for a in s.allegations.all())
    assert all(s.criminal_risk for s in subjects)  # the live-criminal flag, kept by the intake
    # Linked to the other forces' cases, where their officers' duty decisions are theirs to report.
    other_forces = {s.person.force_id for s in subjects if not s.person.force.is_home}
    assert set(group_chat.links.filter(linked_case__isnull=True).values_list("other_force", flat=True)) == other_forces

    probationer_case = Case.objects.get(summary__startswith="Probationer shared")
    probationer = Person.objects.with_current_status().get(case_subjects__case=probationer_case)
    assert probationer.probationer
    assert probationer.current_status == DutyStatus.NON_PUBLIC_FACING

    # The access review of DOMAIN.md's first seed, mid-way: letters out, answers being assessed.
    from conduct.access_reviews import services as access_reviews
    from conduct.models import AccessExercise

    exercise = AccessExercise.objects.get()
    counts = access_reviews.board_counts(exercise)
    assert exercise.state == "assessing" and counts["total"] == 26
    assert counts["unmatched"] == 2 and counts["excluded"] >= 1
    assert (counts["legitimate"], counts["interview"], counts["responded"]) == (1, 1, 1)

    # Issue 19: a live final written warning sends the same officer's later misconduct to a hearing.
    from conduct.models import DisciplinaryWarning, Severity

    later = Case.objects.get(summary__startswith="The same constable is alleged")
    proceedings = later.subjects.get().proceedings
    assert proceedings.stage == Stage.HEARING and proceedings.forum == Stage.HEARING
    assert set(later.subjects.get().allegations.values_list("assessments__severity", flat=True)) == {
        Severity.MISCONDUCT
    }
    from django.utils import timezone

    from conduct.models import SeverityAssessment

    assessed = SeverityAssessment.objects.filter(allegation__subject__case=later).latest("assessed_at")
    assert (
        DisciplinaryWarning.objects.live_on(timezone.localdate(assessed.assessed_at))
        .filter(person=later.subjects.get().person, kind="final_written_warning")
        .exists()
    )

    before = (Person.objects.count(), Case.objects.count(), exercise.accessors.count())
    call_command("seed_demo", force=True)
    assert (Person.objects.count(), Case.objects.count(), exercise.accessors.count()) == before


def test_seed_demo_shares_the_group_chat_case_with_team_b(monkeypatch):
    from casework import permissions
    from casework.models import Case, User

    monkeypatch.setenv("DEMO_PASSWORD", "demo-password-for-tests")
    call_command("seed_demo", force=True)
    group_chat = Case.objects.get(summary__startswith="Group chat")
    assert permissions.can_view_case(User.objects.get(username="investigator2"), group_chat)
