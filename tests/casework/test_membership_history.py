"""Team membership and roles are access grants: every addition and removal is kept, with who
made it, in append-only history tables the administrators can read."""

import pytest
from django.contrib.auth.models import Group
from django.db import DatabaseError, connection, transaction
from django.urls import reverse

from casework.models import RoleMembershipEvent, Team, TeamMembershipEvent
from casework.roles import Role
from tests.second_factor import PassedSecondFactorClient

pytestmark = pytest.mark.django_db


def _admin_client(personas):
    client = PassedSecondFactorClient()
    client.force_login(personas.admin)
    return client


def test_adding_and_removing_a_team_member_in_the_admin_is_recorded_with_who_did_it(personas):
    team = Team.objects.create(name="Team Membership")
    client = _admin_client(personas)
    url = reverse("admin:casework_team_change", args=[team.pk])
    response = client.post(url, {"name": team.name, "members": [personas.investigator.pk], "reason": "Joins the team"})
    assert response.status_code == 302, response.content.decode()[:2000]
    client.post(url, {"name": team.name, "members": [], "reason": "Leaves the team"})

    events = list(TeamMembershipEvent.objects.filter(team=team).select_related("pgh_context").order_by("pgh_id"))
    assert [(e.pgh_label, e.user_id) for e in events] == [
        ("added", personas.investigator.pk),
        ("removed", personas.investigator.pk),
    ]
    assert all(e.pgh_context.metadata["user"] == personas.admin.pk for e in events)


def test_role_changes_are_recorded(personas):
    authority = Group.objects.get(name=Role.APPROPRIATE_AUTHORITY.label)
    personas.investigator.groups.add(authority)
    personas.investigator.groups.remove(authority)
    labels = list(
        RoleMembershipEvent.objects.filter(user=personas.investigator, group=authority)
        .order_by("pgh_id")
        .values_list("pgh_label", flat=True)
    )
    assert labels == ["added", "removed"]


@pytest.mark.parametrize("model", [TeamMembershipEvent, RoleMembershipEvent])
@pytest.mark.parametrize("statement", ["UPDATE {table} SET pgh_label = 'x'", "DELETE FROM {table}"])
def test_the_history_cannot_be_edited(personas, model, statement):
    team = Team.objects.create(name="Team Append Only")
    team.members.add(personas.investigator)
    personas.auditor.groups.add(Group.objects.get(name=Role.APPROPRIATE_AUTHORITY.label))
    with pytest.raises(DatabaseError, match="Cannot update or delete"):
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(statement.format(table=model._meta.db_table))


def test_administrators_read_the_history_and_cannot_change_it(personas):
    team = Team.objects.create(name="Team Readable")
    team.members.add(personas.investigator)
    client = _admin_client(personas)
    page = client.get(reverse("admin:casework_teammembershipevent_changelist"))
    assert page.status_code == 200
    assert "Team Readable" in page.content.decode()
    assert client.get(reverse("admin:casework_rolemembershipevent_changelist")).status_code == 200
    assert client.get(reverse("admin:casework_teammembershipevent_add")).status_code == 403
