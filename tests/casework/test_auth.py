import pytest
import time_machine
from django.urls import reverse

from casework.permissions import navigation_for
from casework.roles import Role
from tests.second_factor import authenticator_for, next_code

pytestmark = pytest.mark.django_db


def test_pages_need_a_login(client):
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_login_page_is_public_and_styled(client):
    response = client.get("/accounts/login/")
    assert response.status_code == 200
    body = response.content.decode()
    assert "govuk-frontend.min.css" in body
    assert 'href="#main-content"' in body  # skip link


def test_sign_in_and_out(client, personas):
    device = authenticator_for(personas.investigator)
    client.post("/accounts/login/", {"username": "ivy", "password": personas.password})
    response = client.post("/accounts/second-factor/", {"code": next_code(device), "next": "/"}, follow=True)
    assert response.status_code == 200
    assert response.request["PATH_INFO"] == "/"
    assert "My work" in response.content.decode()
    response = client.post("/accounts/logout/")
    assert response.status_code == 302
    assert client.get("/").status_code == 302


def test_wrong_password_shows_a_clear_error_and_keeps_the_user_out(client, personas):
    response = client.post("/accounts/login/", {"username": "ivy", "password": "wrong"})
    assert response.status_code == 200
    body = response.content.decode()
    assert "There is a problem" in body
    assert "Enter a correct username and password" in body
    assert client.get("/").status_code == 302


def test_five_wrong_passwords_lock_the_account(client, personas):
    for _ in range(4):
        response = client.post("/accounts/login/", {"username": "ivy", "password": "wrong"})
        assert response.status_code == 200
    response = client.post("/accounts/login/", {"username": "ivy", "password": "wrong"})
    assert response.status_code == 429
    assert "Your account is locked for now" in response.content.decode()
    # Even the right password is refused while locked.
    response = client.post("/accounts/login/", {"username": "ivy", "password": personas.password})
    assert response.status_code == 429
    assert client.get("/").status_code == 302
    # Another account is not affected.
    response = client.post("/accounts/login/", {"username": "tom", "password": personas.password})
    assert response.status_code == 302


def test_session_expires_after_inactivity_but_not_while_in_use(client, personas, settings):
    idle = settings.SESSION_COOKIE_AGE
    assert 0 < idle <= 60 * 60
    with time_machine.travel("2026-11-20 09:00 +0000", tick=False) as clock:
        client.force_login(personas.investigator)
        for _ in range(3):  # activity keeps the session alive past one idle period
            clock.shift(idle - 60)
            assert client.get("/").status_code == 200
        clock.shift(idle + 60)
        response = client.get("/")
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/")


def test_role_groups_exist_with_their_permissions():
    from django.contrib.auth.models import Group

    names = set(Group.objects.values_list("name", flat=True))
    assert {r.label for r in Role} <= names
    admin = Group.objects.get(name=Role.ADMINISTRATOR.label)
    assert admin.permissions.filter(codename="change_user").exists()


EXPECTED_NAV = {
    Role.INVESTIGATOR: [
        "My work",
        "Cases",
        "People",
        "Suspensions",
        "Referrals",
        "Complaint reviews",
        "Deadlines",
        "Access reviews",
    ],
    Role.APPROPRIATE_AUTHORITY: [
        "My work",
        "Dashboard",
        "Cases",
        "People",
        "Suspensions",
        "Referrals",
        "Complaint reviews",
        "Deadlines",
        "Vetting",
        "Access reviews",
    ],
    Role.HEAD_OF_PSD: [
        "My work",
        "Dashboard",
        "Cases",
        "People",
        "Suspensions",
        "Referrals",
        "Complaint reviews",
        "Deadlines",
        "Vetting",
        "Access reviews",
        "Undelivered letters",
    ],
    Role.AUDITOR: ["My work", "Cases", "People", "Access reviews"],
    Role.ADMINISTRATOR: ["My work", "People", "Letter templates", "Home Office return", "Undelivered letters"],
}


@pytest.mark.parametrize("role", list(Role))
def test_navigation_per_role(personas, role):
    user = personas.by_role()[role]
    assert [item.label for item in navigation_for(user)] == EXPECTED_NAV[role]


@pytest.mark.parametrize("role", list(Role))
def test_sections_outside_a_role_are_404(client, personas, role):
    user = personas.by_role()[role]
    client.force_login(user)
    allowed = {item.url_name for item in navigation_for(user)}
    for url_name in [
        "case-list",
        "person-list",
        "suspension-list",
        "referral-list",
        "deadline-list",
        "access-review-list",
        "vetting-list",
    ]:
        status = client.get(reverse(url_name)).status_code
        assert status == (200 if url_name in allowed else 404), (role, url_name)


def test_error_pages_use_the_service_layout(client, personas):
    client.force_login(personas.investigator)
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()
    assert "govuk-frontend.min.css" in response.content.decode()


@pytest.mark.parametrize("size", [2, 20])
def test_home_page_query_count_is_bounded(client, personas, django_assert_max_num_queries, size):
    """My work with cases, deadlines and messages: the same bound at two sizes."""
    from notifications.models import Notification
    from tests.factories import ForceFactory, PersonFactory, TeamFactory, make_case

    force = ForceFactory(code="home", name="Home Constabulary", is_home=True)
    team = TeamFactory(name="Team Ivy", members=[personas.investigator])
    for n in range(size):
        case = make_case(personas.investigator, team, [PersonFactory(force=force, number=str(6000 + n))])
        Notification.objects.create(user=personas.investigator, case=case, message=f"Message {n}", url="/")
    client.force_login(personas.investigator)
    # + the counts at a glance (one query); + the non-working days behind "time left" (one query)
    # 13: messages are grouped (issue 20): the deadline reminders by kind, then the others.
    # 14: the unread messages are counted apart from the counts at a glance, which are cached per
    # user for a minute (casework/figures.py) while a message must show the moment it arrives.
    with django_assert_max_num_queries(14):
        page = client.get("/")
    assert page.status_code == 200
    body = page.content.decode()
    assert "Messages for you" in body and "Your next deadlines" in body
