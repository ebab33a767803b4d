"""Single sign-on in a browser: the sign-in page's button, the force's provider (a real OpenID
Connect provider, pyop over HTTPS on 127.0.0.1) and back, signed in with the roles of the
person's groups; and the sign-in page with local passwords switched off."""

import pytest

from casework.models import User
from casework.roles import Role, ensure_role_groups
from tests.oidc_provider import USERS, IdentityProvider, configure

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def provider(live_server, settings):
    ensure_role_groups()  # a transactional test's flush removes the migration's groups
    provider = IdentityProvider({name: dict(claims) for name, claims in USERS.items()}).start()
    configure(settings, provider, live_server.url)
    try:
        yield provider
    finally:
        provider.stop()


@pytest.fixture
def sso_page(browser, browser_context_args):
    # The test provider's certificate is its own; the app trusts it through OIDC_VERIFY_SSL,
    # the browser is told to accept it here.
    context = browser.new_context(**browser_context_args, ignore_https_errors=True)
    page = context.new_page()
    page.set_default_timeout(10000)
    yield page
    context.close()


def _sign_in_through_the_provider(page, live_server, provider, login):
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_role("button", name="Sign in with your force account").click()
    page.wait_for_url(f"{provider.issuer}/authorize?*")
    page.get_by_label("Force username").fill(login)
    page.get_by_role("button", name="Continue").click()


def test_a_person_signs_in_with_their_force_account(sso_page, live_server, provider, assert_accessible):
    page = sso_page
    page.goto(f"{live_server.url}/accounts/login/")
    assert_accessible(page)
    _sign_in_through_the_provider(page, live_server, provider, "olivia")

    page.wait_for_url(f"{live_server.url}/")
    assert page.get_by_role("button", name="Sign out").is_visible()
    user = User.objects.get(sso_subject=USERS["olivia"]["sub"])
    assert user.role_labels == [Role.INVESTIGATOR.label]


def test_a_person_whose_groups_give_no_role_is_told_why(sso_page, live_server, provider):
    page = sso_page
    _sign_in_through_the_provider(page, live_server, provider, "nobody")
    page.wait_for_url(f"{live_server.url}/accounts/login/")
    assert page.get_by_text("not in any group that gives access to PSD casework").is_visible()


def test_with_local_passwords_off_the_page_offers_only_the_force_account(sso_page, live_server, provider, settings):
    settings.LOCAL_PASSWORDS = False
    page = sso_page
    page.goto(f"{live_server.url}/accounts/login/")
    assert page.get_by_role("button", name="Sign in with your force account").is_visible()
    assert page.get_by_label("Password").count() == 0
