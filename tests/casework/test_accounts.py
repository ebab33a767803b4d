"""casework/accounts.py: roles and teams change through one service that records who, when and
why; privileged roles wait for a second administrator; passwords are reset by a link."""

import re

import pytest
from django.core import mail
from django.db import DatabaseError, IntegrityError, connection, transaction

from casework import accounts
from casework.audit import CHAINS, verify_chain
from casework.errors import Refused
from casework.models import AccountEvent, AccountEventKind, RoleMembershipEvent, RoleRequest, RoleRequestState, User
from casework.roles import Role
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def second_admin(personas):
    return UserFactory(username="sam", role=Role.ADMINISTRATOR, is_staff=True)


def _events(user, kind):
    return list(AccountEvent.objects.filter(user=user, kind=kind).order_by("id"))


def test_a_role_without_privilege_is_given_at_once_with_who_and_why(personas):
    user = UserFactory(username="newbie")
    assert accounts.change_roles(personas.admin, user, [Role.INVESTIGATOR], "Joined PSD on 1 December") is None
    assert accounts.roles_held(user) == {Role.INVESTIGATOR}
    [event] = _events(user, AccountEventKind.ROLES_CHANGED)
    assert event.actor == personas.admin and event.reason == "Joined PSD on 1 December"
    assert event.detail == {"before": [], "after": ["investigator"]}
    # The membership history (pghistory) carries the reason too.
    history = RoleMembershipEvent.objects.filter(user=user).select_related("pgh_context").get()
    assert history.pgh_context.metadata["reason"] == "Joined PSD on 1 December"


def test_a_privileged_role_waits_for_a_second_administrator(personas, second_admin):
    user = personas.investigator
    request = accounts.change_roles(personas.admin, user, [Role.INVESTIGATOR, Role.HEAD_OF_PSD], "Acting head")
    assert request.state == RoleRequestState.PENDING and request.roles == ["head_of_psd"]
    assert accounts.roles_held(user) == {Role.INVESTIGATOR}  # not yet

    with pytest.raises(Refused, match="second administrator"):
        accounts.approve_role_request(personas.admin, request, "I asked, I approve")
    with pytest.raises(Refused, match="Say why"):
        accounts.approve_role_request(second_admin, request, "  ")
    accounts.approve_role_request(second_admin, request, "Confirmed with the chief constable")

    assert accounts.roles_held(user) == {Role.INVESTIGATOR, Role.HEAD_OF_PSD}
    request.refresh_from_db()
    assert request.state == RoleRequestState.APPROVED and request.decided_by == second_admin
    kinds = list(AccountEvent.objects.filter(user=user).order_by("id").values_list("kind", flat=True))
    assert kinds == [AccountEventKind.ROLE_REQUESTED, AccountEventKind.ROLE_APPROVED, AccountEventKind.ROLES_CHANGED]
    with pytest.raises(Refused, match="already been decided"):
        accounts.refuse_role_request(second_admin, request, "Too late")


def test_the_subject_of_a_request_cannot_approve_it(personas, second_admin):
    request = accounts.change_roles(personas.admin, second_admin, [Role.ADMINISTRATOR, Role.HEAD_OF_PSD], "Cover")
    with pytest.raises(Refused, match="second administrator"):
        accounts.approve_role_request(second_admin, request, "Me, approving myself")
    third = UserFactory(username="tess", role=Role.ADMINISTRATOR, is_staff=True)
    accounts.refuse_role_request(third, request, "Not agreed by the head of PSD")
    assert Role.HEAD_OF_PSD not in accounts.roles_held(second_admin)
    assert _events(second_admin, AccountEventKind.ROLE_REFUSED)[0].reason == "Not agreed by the head of PSD"


def test_the_database_refuses_a_self_approved_or_incomplete_decision(personas):
    request = RoleRequest.objects.create(
        user=personas.investigator, roles=["administrator"], reason="r", requested_by=personas.admin
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        RoleRequest.objects.filter(pk=request.pk).update(
            state=RoleRequestState.APPROVED,
            decided_by=personas.admin,
            decided_at="2026-12-01T10:00Z",
            decision_reason="x",
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        RoleRequest.objects.filter(pk=request.pk).update(state=RoleRequestState.APPROVED)
    with pytest.raises(DatabaseError, match="Cannot delete"), transaction.atomic():
        RoleRequest.objects.filter(pk=request.pk).delete()


def test_removing_a_privileged_role_applies_at_once_and_ends_staff_status(personas, second_admin):
    accounts.change_roles(personas.admin, second_admin, [], "Left the department")
    second_admin.refresh_from_db()
    assert accounts.roles_held(second_admin) == set() and not second_admin.is_staff


def test_nobody_changes_their_own_roles_or_teams(personas):
    with pytest.raises(Refused, match="own account"):
        accounts.change_roles(personas.admin, personas.admin, [Role.ADMINISTRATOR, Role.INVESTIGATOR], "Me")
    with pytest.raises(Refused, match="own account"):
        accounts.change_teams(personas.admin, personas.admin, [], "Me")


def test_only_administrators_change_roles_and_never_a_superusers(personas):
    with pytest.raises(Refused, match="Only an administrator"):
        accounts.change_roles(personas.head, personas.investigator, [Role.AUDITOR], "Because")
    boss = User.objects.create_superuser("root", "root@psd.police.example", "x" * 16)
    with pytest.raises(Refused, match="Only an administrator"):
        accounts.change_roles(personas.admin, boss, [Role.INVESTIGATOR], "Because")
    with pytest.raises(Refused, match="Say why"):
        accounts.change_roles(personas.admin, personas.investigator, [Role.AUDITOR], "")


def test_teams_change_with_who_and_why(personas):
    from tests.factories import TeamFactory

    north, south = TeamFactory(name="North"), TeamFactory(name="South")
    accounts.change_teams(personas.admin, personas.investigator, [north, south], "Covers both")
    accounts.change_teams(personas.admin, personas.investigator, [south], "Back to South")
    assert set(personas.investigator.teams.all()) == {south}
    details = [e.detail for e in _events(personas.investigator, AccountEventKind.TEAMS_CHANGED)]
    assert details == [{"added": ["North", "South"], "removed": []}, {"added": [], "removed": ["North"]}]


def test_identity_provider_roles_are_applied_with_the_provider_as_actor(personas):
    accounts.apply_roles_from_identity_provider(personas.investigator, [Role.AUDITOR], provider="entra")
    assert accounts.roles_held(personas.investigator) == {Role.AUDITOR}
    [event] = _events(personas.investigator, AccountEventKind.ROLES_CHANGED)
    assert event.actor is None and event.actor_label == "identity provider entra"
    assert event.detail == {"before": ["investigator"], "after": ["auditor"]}
    # The same groups again change nothing and record nothing.
    accounts.apply_roles_from_identity_provider(personas.investigator, [Role.AUDITOR], provider="entra")
    assert len(_events(personas.investigator, AccountEventKind.ROLES_CHANGED)) == 1


def test_a_reset_sends_a_one_use_link_and_never_sets_the_password(client, personas):
    before = User.objects.get(pk=personas.head.pk).password
    accounts.send_password_reset(personas.admin, personas.head, client_address="192.0.2.7")
    assert User.objects.get(pk=personas.head.pk).password == before
    [message] = mail.outbox
    assert message.to == [personas.head.email]
    assert "choose a new password" in message.subject
    [event] = _events(personas.head, AccountEventKind.PASSWORD_RESET_SENT)
    assert event.actor == personas.admin and event.client_address == "192.0.2.7"

    link = re.search(r"https?://[^/]+(/accounts/reset/\S+)", message.body).group(1)
    page = client.get(link, follow=True)
    assert "Choose a new password" in page.content.decode()
    new = "correct horse battery staple"
    response = client.post(page.request["PATH_INFO"], {"new_password1": new, "new_password2": new})
    assert response.status_code == 302
    assert User.objects.get(pk=personas.head.pk).check_password(new)
    assert _events(personas.head, AccountEventKind.PASSWORD_CHANGED)
    assert "cannot be used" in client.get(link, follow=True).content.decode()  # used once


def test_a_reset_needs_an_email_and_an_administrator(personas):
    personas.auditor.email = ""
    personas.auditor.save()
    with pytest.raises(Refused, match="no email address"):
        accounts.send_password_reset(personas.admin, personas.auditor)
    with pytest.raises(Refused, match="Only an administrator"):
        accounts.send_password_reset(personas.investigator, personas.head)
    assert not mail.outbox and not AccountEvent.objects.filter(kind=AccountEventKind.PASSWORD_RESET_SENT).exists()


def test_an_email_once_set_is_changed_only_by_a_superuser(personas):
    with pytest.raises(Refused, match="superuser"):
        accounts.update_profile(personas.admin, personas.head, email="adele@elsewhere.example")
    accounts.update_profile(personas.admin, personas.head, last_name="Smith-Jones")
    [event] = _events(personas.head, AccountEventKind.ACCOUNT_CHANGED)
    assert event.detail["last_name"]["to"] == "Smith-Jones"


def test_the_account_log_is_append_only_and_chained(personas):
    accounts.change_roles(personas.admin, personas.investigator, [Role.AUDITOR], "Moved to audit")
    table = AccountEvent._meta.db_table
    for statement in [f"UPDATE {table} SET reason = 'nothing'", f"DELETE FROM {table}"]:  # noqa: S608
        with pytest.raises(DatabaseError, match="Cannot update or delete"):
            with transaction.atomic(), connection.cursor() as cursor:
                cursor.execute(statement)
    assert verify_chain(CHAINS["account log"]) is None
