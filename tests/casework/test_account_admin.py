"""The user admin: no superuser, permission or group editing, no password setting; roles and
teams through the accounts service; an administrator sees no case."""

import pytest
from django.core import mail
from django.urls import reverse

from casework import accounts, permissions
from casework.models import AccountEvent, AccountEventKind, RoleRequest, RoleRequestState, User
from casework.roles import Role
from tests.factories import ForceFactory, PersonFactory, TeamFactory, UserFactory, make_case
from tests.second_factor import PassedSecondFactorClient

pytestmark = pytest.mark.django_db


def _signed_in(user):
    client = PassedSecondFactorClient()  # past the code page, as a signed-in user is
    client.force_login(user)
    return client


def _change_url(user):
    return reverse("admin:casework_user_change", args=[user.pk])


def _account_form(user, **overrides):
    data = {
        "username": user.username,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "email": user.email,
        "active": "on" if user.is_active else "",
        "roles": [r.value for r in accounts.roles_held(user)],
        "teams": [t.pk for t in user.teams.all()],
        "reason": "",
    }
    data.update(overrides)
    return data


def test_the_account_page_offers_no_superuser_permission_group_or_password_fields(personas):
    page = _signed_in(personas.admin).get(_change_url(personas.investigator)).content.decode()
    for name in ("is_superuser", "user_permissions", "groups", "password", "is_staff"):
        assert f'name="{name}"' not in page, name
    assert 'name="roles"' in page and 'name="reason"' in page


def test_an_administrator_cannot_make_anyone_a_superuser_or_set_a_password(personas):
    client = _signed_in(personas.admin)
    form = _account_form(personas.investigator, is_superuser="on", is_staff="on", groups=[1, 2, 3, 4, 5])
    assert client.post(_change_url(personas.investigator), form).status_code == 302
    personas.investigator.refresh_from_db()
    assert not personas.investigator.is_superuser and not personas.investigator.is_staff
    assert accounts.roles_held(personas.investigator) == {Role.INVESTIGATOR}
    password_url = reverse("admin:auth_user_password_change", args=[personas.head.pk])
    password_url = password_url.replace("/auth/user/", "/casework/user/")
    new = {"password1": "a new password for helen", "password2": "a new password for helen"}
    assert client.post(password_url, new).status_code == 403
    personas.head.refresh_from_db()
    assert personas.head.check_password(personas.password)


def test_an_administrator_cannot_become_a_superuser_nor_change_their_own_roles(personas):
    client = _signed_in(personas.admin)
    # Their own account is read-only to them.
    page = client.get(_change_url(personas.admin)).content.decode()
    assert 'name="roles"' not in page
    client.post(_change_url(personas.admin), _account_form(personas.admin, is_superuser="on", roles=["head_of_psd"]))
    personas.admin.refresh_from_db()
    assert not personas.admin.is_superuser
    assert accounts.roles_held(personas.admin) == {Role.ADMINISTRATOR}
    assert not RoleRequest.objects.exists()


def test_a_superusers_account_is_read_only_to_administrators(personas):
    boss = User.objects.create_superuser("root", "root@psd.police.example", "x" * 16)
    client = _signed_in(personas.admin)
    client.post(_change_url(boss), _account_form(boss, active="", reason="Lock the superuser out"))
    boss.refresh_from_db()
    assert boss.is_active


def test_roles_and_teams_change_in_the_admin_with_a_reason(personas):
    team = TeamFactory(name="Team West")
    client = _signed_in(personas.admin)
    url = _change_url(personas.auditor)
    missing_reason = client.post(url, _account_form(personas.auditor, roles=["investigator"], teams=[team.pk]))
    assert missing_reason.status_code == 200
    assert "Say why the roles, teams or sign-in status change." in missing_reason.content.decode()
    assert accounts.roles_held(personas.auditor) == {Role.AUDITOR}

    form = _account_form(personas.auditor, roles=["investigator", "head_of_psd"], teams=[team.pk], reason="Promotion")
    response = client.post(url, form, follow=True)
    assert "waits for another administrator" in response.content.decode()
    assert accounts.roles_held(personas.auditor) == {Role.INVESTIGATOR}
    assert list(personas.auditor.teams.all()) == [team]
    assert RoleRequest.objects.get(user=personas.auditor).roles == ["head_of_psd"]


def test_a_second_administrator_approves_in_the_admin_and_the_requester_cannot(personas):
    request = accounts.change_roles(personas.admin, personas.investigator, [Role.APPROPRIATE_AUTHORITY], "Panel")
    url = reverse("admin:casework_rolerequest_change", args=[request.pk])
    decision = {"decision": "approve", "decision_reason": "Agreed at the PSD board"}

    requester = _signed_in(personas.admin)
    assert 'name="decision"' not in requester.get(url).content.decode()
    requester.post(url, decision)
    assert RoleRequest.objects.get(pk=request.pk).state == RoleRequestState.PENDING

    second = _signed_in(UserFactory(username="sam", role=Role.ADMINISTRATOR, is_staff=True))
    assert second.post(url, {"decision": "approve", "decision_reason": ""}).status_code == 200  # reason required
    assert second.post(url, decision).status_code == 302
    assert RoleRequest.objects.get(pk=request.pk).state == RoleRequestState.APPROVED
    assert Role.APPROPRIATE_AUTHORITY in accounts.roles_held(personas.investigator)


def test_team_members_change_in_the_admin_through_the_service(personas):
    team = TeamFactory(name="Team East")
    url = reverse("admin:casework_team_change", args=[team.pk])
    _signed_in(personas.admin).post(url, {"name": team.name, "members": [personas.investigator.pk], "reason": "Cover"})
    [event] = AccountEvent.objects.filter(user=personas.investigator, kind=AccountEventKind.TEAMS_CHANGED)
    assert event.actor == personas.admin and event.reason == "Cover"


def test_a_new_account_has_no_password_and_gets_a_reset_link(personas):
    client = _signed_in(personas.admin)
    response = client.post(
        reverse("admin:casework_user_add"),
        {"username": "nina", "first_name": "Nina", "last_name": "Patel", "email": "nina@psd.police.example"},
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    nina = User.objects.get(username="nina")
    assert not nina.has_usable_password() and not nina.is_superuser
    client.post(
        reverse("admin:casework_user_changelist"),
        {"action": "send_password_reset", "_selected_action": [nina.pk]},
    )
    assert [m.to for m in mail.outbox] == [["nina@psd.police.example"]]
    kinds = set(AccountEvent.objects.filter(user=nina).values_list("kind", flat=True))
    assert kinds == {AccountEventKind.ACCOUNT_CREATED, AccountEventKind.PASSWORD_RESET_SENT}


def test_an_administrator_sees_no_case_even_in_a_team_or_shared(personas):
    force = ForceFactory(code="home", name="Home Constabulary", is_home=True)
    team = TeamFactory(name="Team Admin", members=[personas.investigator])
    case = make_case(personas.investigator, team, [PersonFactory(force=force, number="7001")])
    # Another administrator puts adele in the case's team, and the case is shared with her.
    accounts.change_teams(UserFactory(username="sam", role=Role.ADMINISTRATOR), personas.admin, [team], "Test")
    from guardian.shortcuts import assign_perm

    assign_perm("casework.view_case", personas.admin, case)
    assert not permissions.visible_cases(personas.admin).exists()
    client = _signed_in(personas.admin)
    assert client.get(reverse("case-detail", args=[case.reference])).status_code == 404
    assert client.get(reverse("case-list")).status_code == 404


def test_a_refusal_in_the_admin_is_a_message_and_saves_nothing(personas):
    accounts.change_roles(personas.admin, personas.auditor, [Role.AUDITOR, Role.HEAD_OF_PSD], "Acting head")
    team = TeamFactory(name="Team Refused")
    form = _account_form(personas.auditor, roles=["auditor", "administrator"], teams=[team.pk], reason="Also admin")
    response = _signed_in(personas.admin).post(_change_url(personas.auditor), form, follow=True)
    assert response.status_code == 200
    assert "already has a request for a role awaiting approval" in response.content.decode()
    assert not personas.auditor.teams.exists()  # the team change in the same save was rolled back
    assert RoleRequest.objects.filter(user=personas.auditor).count() == 1


def test_administrators_read_role_requests_and_the_account_log_in_the_admin(personas):
    accounts.change_roles(personas.admin, personas.auditor, [Role.HEAD_OF_PSD], "Acting head")
    client = _signed_in(personas.admin)
    requests_page = client.get(reverse("admin:casework_rolerequest_changelist"))
    assert requests_page.status_code == 200 and "Head of PSD" in requests_page.content.decode()
    log_page = client.get(reverse("admin:casework_accountevent_changelist"))
    assert log_page.status_code == 200 and "Privileged role requested" in log_page.content.decode()
    assert client.get(reverse("admin:casework_accountevent_add")).status_code == 403
    assert client.get(reverse("admin:casework_user_delete", args=[personas.auditor.pk])).status_code == 403
