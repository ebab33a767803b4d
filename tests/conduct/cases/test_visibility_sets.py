"""Who sees which case, checked against a rule written out here in Python, for every role and every
way a case can be someone's (team, investigator, share, broken glass live or expired), restricted
or not; through `visible_cases` and through the related rows that reach their case by foreign keys
(deadlines, subjects, duty decisions' form). The head of PSD's, authorities' and auditors' visibility
is written in SQL as "none of the restricted cases hidden from me" (casework.permissions); this
test holds it to the plain rule whatever the SQL looks like."""

from datetime import timedelta

import pytest
from django.utils import timezone
from guardian.shortcuts import assign_perm

from casework import permissions
from casework.models import BreakGlass, CaseSubject, Deadline
from casework.models.cases import Sensitivity
from casework.roles import Role
from tests.factories import PersonFactory, UserFactory, make_case

pytestmark = pytest.mark.django_db

OVERSIGHT = {Role.HEAD_OF_PSD, Role.APPROPRIATE_AUTHORITY, Role.AUDITOR}


def _expected(user, role, case, facts) -> bool:
    """The rule as DOMAIN.md and DESIGN.md state it, for one case."""
    mine = (
        facts["team_member"]
        or case.investigator_id == user.pk
        or (facts["granted"] and role in permissions.SHARE_ROLES)
    )
    if role in OVERSIGHT:
        return case.sensitivity != Sensitivity.RESTRICTED or mine or facts["glass_live"]
    if role == Role.INVESTIGATOR:
        return mine
    return False  # administrators see no case


@pytest.mark.parametrize("role", [*OVERSIGHT, Role.INVESTIGATOR, Role.ADMINISTRATOR])
def test_visibility_is_the_plain_rule_for_every_role_and_every_way_to_a_case(
    personas, team, other_team, home_force, role
):
    user = UserFactory(username=f"who-{role}", role=role)
    team.members.add(user)
    now = timezone.now()
    situations = []
    number = 0
    for sensitivity in (Sensitivity.NORMAL, Sensitivity.RESTRICTED):
        for way in ("none", "team", "investigator", "granted", "glass_live", "glass_expired"):
            number += 1
            owning_team = team if way == "team" else other_team
            details = {"sensitivity": sensitivity}
            if way == "investigator":
                details["investigator"] = user
            case = make_case(
                personas.investigator_other_team,
                owning_team,
                [PersonFactory(force=home_force, number=f"93{number:02d}")],
                **details,
            )
            if way == "granted":
                assign_perm("casework.view_case", user, case)
            if way.startswith("glass"):
                expires = now + timedelta(hours=1) if way == "glass_live" else now - timedelta(minutes=1)
                BreakGlass.objects.create(case=case, user=user, justification="A test.", expires_at=expires)
            facts = {"team_member": way == "team", "granted": way == "granted", "glass_live": way == "glass_live"}
            situations.append((case, facts))
    expected = {case.pk for case, facts in situations if _expected(user, role, case, facts)}
    every = {case.pk for case, _facts in situations}

    assert set(permissions.visible_cases(user).filter(pk__in=every).values_list("pk", flat=True)) == expected
    # Through foreign keys: subjects and deadlines reach their case the other way.
    for few in (False, True):  # both shapes of the one rule
        condition = permissions.visible_case_condition(user, "case__", few=few)
        subjects = set(CaseSubject.objects.filter(condition, case__in=every).values_list("case_id", flat=True))
        assert subjects == expected, f"few={few}"
    deadlines = set(Deadline.objects.visible_to(user).filter(case__in=every).values_list("case_id", flat=True))
    assert deadlines == expected & set(Deadline.objects.filter(case__in=every).values_list("case_id", flat=True))
    # Both kinds appear in the set, so the comparison can tell a wrong rule from a right one.
    if role in OVERSIGHT:
        assert expected and expected != every


def test_a_deadline_with_no_case_is_never_visible_through_its_case(personas):
    """Access-review clocks have no case: "none of the hidden cases" must not let them through."""
    today = timezone.localdate()
    Deadline.objects.create(
        kind="access_review_answer",
        label="Answer",
        scope="access-review:1",
        owner=personas.head,
        starts_on=today,
        due_on=today,
        due_at=timezone.now() + timedelta(hours=1),
    )
    for user in (personas.head, personas.authority, personas.auditor, personas.investigator):
        assert not Deadline.objects.visible_to(user).exists()
