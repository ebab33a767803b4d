"""Single sign-on (casework/sso) against a real OpenID Connect provider (pyop, served over HTTP
on 127.0.0.1 by tests/oidc_provider.py): the authorisation request, the callback, the token
exchange, the ID token's checks, the account found by `sub`, roles from groups, and every
refusal ending on the sign-in page with a message."""

import pytest
from Cryptodome.PublicKey import RSA
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.test import Client

from casework.models import RoleMembershipEvent, User
from casework.roles import Role
from casework.sso import AUTH_METHOD, OIDC
from casework.sso.backend import EMAIL_TAKEN, NO_ACCOUNT, REJECTED, SWITCHED_OFF
from casework.sso.provider import MISCONFIGURED
from casework.sso.roles import FROM_PROVIDER, NO_ROLE
from casework.sso.views import INCOMPLETE
from tests.factories import PASSWORD, UserFactory
from tests.oidc_provider import CLIENT_ID, USERS, authorization_query, with_query

pytestmark = pytest.mark.django_db


def _start(client, query=""):
    response = client.get(f"/accounts/sso/start/{query}")
    assert response.status_code == 302, response.content[:500]
    return response["Location"]


def _sign_in(client, provider, login="olivia", tamper_request=None):
    """The whole code flow: our redirect, the person signing in at the provider, the callback."""
    authorization_url = _start(client)
    if tamper_request:
        authorization_url = with_query(authorization_url, **tamper_request)
    return client.get(provider.sign_in(authorization_url, login), follow=True)


def _messages(response):
    return [str(m) for m in response.context["messages"]] if response.context else []


def _signed_in(client):
    """A user is signed in to this client's session (a password sign-in then owes the second
    factor, which tests/casework/second_factor covers)."""
    return "_auth_user_id" in client.session


def _roles(user):
    return set(user.groups.filter(name__in=Role.labels).values_list("name", flat=True))


# The flow --------------------------------------------------------------------------------
def test_the_authorisation_request_asks_for_a_code_with_state_nonce_and_pkce(oidc_provider):
    url = _start(Client())
    query = authorization_query(url)
    assert url.startswith(f"{oidc_provider.issuer}/authorize?")
    assert query["response_type"] == "code"
    assert query["client_id"] == CLIENT_ID
    assert query["redirect_uri"] == "http://testserver/accounts/sso/callback/"
    assert "openid" in query["scope"].split()
    assert len(query["state"]) >= 32 and len(query["nonce"]) >= 32
    assert query["code_challenge_method"] == "S256" and query["code_challenge"]


def test_first_sign_in_creates_the_account_with_the_roles_of_its_groups(oidc_provider):
    client = Client()
    response = _sign_in(client, oidc_provider, "olivia")

    assert response.status_code == 200 and response.request["PATH_INFO"] == "/"
    user = User.objects.get(sso_subject=USERS["olivia"]["sub"])
    assert (user.email, user.first_name, user.last_name) == ("olivia.owens@force.police.example", "Olivia", "Owens")
    assert not user.has_usable_password()
    assert _roles(user) == {Role.INVESTIGATOR.label}
    # The marker the second-factor requirement reads: the provider did the sign-in (and its MFA).
    assert client.session[AUTH_METHOD] == OIDC


@pytest.mark.parametrize(
    ("next_url", "landing"), [("/people/", "/people/"), ("https://evil.example/", "/"), ("//evil.example/", "/")]
)
def test_sign_in_returns_to_the_page_asked_for_on_this_site_only(oidc_provider, next_url, landing):
    client = Client()
    callback = oidc_provider.sign_in(_start(client, f"?next={next_url}"), "olivia")
    assert client.get(callback)["Location"] == landing


def test_roles_follow_the_groups_at_each_sign_in_and_the_history_says_why(oidc_provider):
    _sign_in(Client(), oidc_provider, "olivia")
    oidc_provider.users["olivia"]["groups"] = ["grp-psd-head"]
    _sign_in(Client(), oidc_provider, "olivia")

    user = User.objects.get(sso_subject=USERS["olivia"]["sub"])
    assert _roles(user) == {Role.HEAD_OF_PSD.label}
    events = RoleMembershipEvent.objects.filter(user=user).select_related("pgh_context", "group").order_by("pgh_id")
    assert [(e.pgh_label, e.group.name) for e in events] == [
        ("added", Role.INVESTIGATOR.label),
        ("removed", Role.INVESTIGATOR.label),
        ("added", Role.HEAD_OF_PSD.label),
    ]
    assert {e.pgh_context.metadata["reason"] for e in events} == {FROM_PROVIDER}


def test_an_unchanged_sign_in_writes_no_role_history(oidc_provider):
    _sign_in(Client(), oidc_provider, "olivia")
    before = RoleMembershipEvent.objects.count()
    _sign_in(Client(), oidc_provider, "olivia")
    assert RoleMembershipEvent.objects.count() == before


def test_an_account_is_found_by_sub_never_by_email(oidc_provider):
    _sign_in(Client(), oidc_provider, "olivia")
    # The provider reassigns Olivia's address to Harry: Harry still gets his own account.
    oidc_provider.users["harry"]["email"] = USERS["olivia"]["email"]
    oidc_provider.provider.userinfo._db["harry"]["email"] = USERS["olivia"]["email"]
    client = Client()
    _sign_in(client, oidc_provider, "harry")
    assert client.session["_auth_user_id"] == str(User.objects.get(sso_subject=USERS["harry"]["sub"]).pk)


def test_groups_that_give_no_role_are_refused_and_take_the_roles_away(oidc_provider):
    client = Client()
    response = _sign_in(client, oidc_provider, "nobody")
    assert _messages(response) == [NO_ROLE] and not _signed_in(client)

    _sign_in(Client(), oidc_provider, "olivia")
    oidc_provider.users["olivia"]["groups"] = ["grp-everyone"]
    client = Client()
    response = _sign_in(client, oidc_provider, "olivia")
    assert _messages(response) == [NO_ROLE] and not _signed_in(client)
    assert _roles(User.objects.get(sso_subject=USERS["olivia"]["sub"])) == set()


# Refusals of what the provider (or someone in between) sent ----------------------------------
def _assert_refused(client, response, message=REJECTED):
    assert response.request["PATH_INFO"] == "/accounts/login/"
    assert _messages(response) == [message]
    assert not _signed_in(client)
    assert not User.objects.filter(sso_subject__isnull=False).exists()


def test_an_id_token_from_another_issuer_is_refused(oidc_provider, settings):
    # The endpoints given directly (no discovery), and the issuer expected is another one.
    settings.OIDC_OP_AUTHORIZATION_ENDPOINT = f"{oidc_provider.issuer}/authorize"
    settings.OIDC_OP_TOKEN_ENDPOINT = f"{oidc_provider.issuer}/token"
    settings.OIDC_OP_JWKS_ENDPOINT = f"{oidc_provider.issuer}/jwks"
    settings.OIDC_OP_ISSUER = "https://login.microsoftonline.com/another-tenant/v2.0"
    client = Client()
    _assert_refused(client, _sign_in(client, oidc_provider))


def test_a_discovery_document_naming_another_issuer_is_refused(oidc_provider, settings):
    settings.OIDC_OP_ISSUER = "https://login.microsoftonline.com/another-tenant/v2.0"
    client = Client()
    response = client.get("/accounts/sso/start/", follow=True)
    _assert_refused(client, response, MISCONFIGURED)


@pytest.mark.parametrize(
    "claims",
    [
        {"aud": "another-client"},
        {"aud": [CLIENT_ID, "another-client"], "azp": "another-client"},
        {"iss": "https://evil.example"},
        {"exp": 1_000_000_000, "iat": 999_999_000},
        {"nonce": "not-the-nonce-of-this-sign-in"},
    ],
    ids=["audience", "authorised-party", "issuer", "expired", "nonce"],
)
def test_an_id_token_with_a_wrong_claim_is_refused(oidc_provider, claims):
    oidc_provider.misbehave = lambda original: original | claims
    client = Client()
    _assert_refused(client, _sign_in(client, oidc_provider))


def test_a_token_re_signed_unchanged_is_accepted(oidc_provider):
    # The control for the refusals above: the re-signing itself is not what they refuse.
    oidc_provider.misbehave = lambda original: original
    client = Client()
    _sign_in(client, oidc_provider)
    assert _signed_in(client)


def test_an_id_token_signed_with_another_key_is_refused(oidc_provider, monkeypatch):
    oidc_provider.misbehave = lambda original: original
    monkeypatch.setattr(oidc_provider, "_private_key", RSA.generate(2048))
    client = Client()
    _assert_refused(client, _sign_in(client, oidc_provider))


def test_an_authorisation_request_altered_to_carry_another_nonce_is_refused(oidc_provider):
    # The provider (honestly) signs the nonce it was given; it is not the one this session sent.
    client = Client()
    _assert_refused(client, _sign_in(client, oidc_provider, tamper_request={"nonce": "x" * 32}))


def test_a_replayed_callback_is_refused(oidc_provider):
    client = Client()
    callback = oidc_provider.sign_in(_start(client), "olivia")
    assert client.get(callback).status_code == 302
    other = Client()
    other.get("/accounts/sso/start/")  # a session of its own, with states of its own
    response = other.get(callback, follow=True)
    assert _messages(response) == [INCOMPLETE] and not _signed_in(other)
    # The same browser again: its state was used up.
    client.logout()
    response = client.get(callback, follow=True)
    assert _messages(response) == [INCOMPLETE] and not _signed_in(client)


def test_the_provider_refusing_is_shown_as_a_message(oidc_provider):
    client = Client()
    state = authorization_query(_start(client))["state"]
    response = client.get(f"/accounts/sso/callback/?error=access_denied&state={state}", follow=True)
    assert _messages(response) == [INCOMPLETE] and not _signed_in(client)


def test_an_unreachable_provider_is_a_message_not_an_error(oidc_provider, settings):
    settings.OIDC_OP_DISCOVERY_URL = "http://127.0.0.1:9/.well-known/openid-configuration"
    response = Client().get("/accounts/sso/start/", follow=True)
    assert _messages(response) == ["The force's sign-in service could not be reached. Try again in a few minutes."]


# Accounts ---------------------------------------------------------------------------------
def test_without_account_creation_only_linked_accounts_sign_in(oidc_provider, settings):
    settings.OIDC_CREATE_USER = False
    client = Client()
    _assert_refused(client, _sign_in(client, oidc_provider), NO_ACCOUNT)

    linked = UserFactory(username="olivia", sso_subject=USERS["olivia"]["sub"], email="")
    client = Client()
    _sign_in(client, oidc_provider)
    assert client.session["_auth_user_id"] == str(linked.pk)
    linked.refresh_from_db()
    assert linked.email == USERS["olivia"]["email"]  # the provider's address kept up to date


def test_an_unlinked_account_with_the_same_email_is_not_taken_over(oidc_provider):
    local = UserFactory(username="oowens", email="Olivia.Owens@force.police.example", role=Role.AUDITOR)
    client = Client()
    _assert_refused(client, _sign_in(client, oidc_provider), EMAIL_TAKEN)
    local.refresh_from_db()
    assert local.sso_subject is None and _roles(local) == {Role.AUDITOR.label}


def test_an_account_linked_by_hand_then_signs_in(oidc_provider):
    local = UserFactory(username="oowens", email="olivia.owens@force.police.example", role=Role.AUDITOR)
    call_command("link_sso_account", "oowens", USERS["olivia"]["sub"])
    client = Client()
    _sign_in(client, oidc_provider)
    assert client.session["_auth_user_id"] == str(local.pk)
    assert _roles(local) == {Role.INVESTIGATOR.label}


def test_a_switched_off_account_is_refused(oidc_provider):
    UserFactory(username="olivia", sso_subject=USERS["olivia"]["sub"], is_active=False)
    client = Client()
    response = _sign_in(client, oidc_provider)
    assert _messages(response) == [SWITCHED_OFF] and not _signed_in(client)


# The sign-in page and local passwords ---------------------------------------------------------
def test_the_sign_in_page_offers_the_force_account_when_configured(oidc_provider):
    page = Client().get("/accounts/login/").content.decode()
    assert "Sign in with your force account" in page and 'name="password"' in page


def test_without_single_sign_on_the_page_is_as_before_and_its_urls_are_not_found(personas):
    client = Client()
    page = client.get("/accounts/login/").content.decode()
    assert "force account" not in page and 'name="password"' in page
    assert client.get("/accounts/sso/start/").status_code == 404
    assert client.get("/accounts/sso/callback/?code=x&state=y").status_code == 404


def test_with_local_passwords_off_only_the_break_glass_superuser_uses_a_password(oidc_provider, settings, personas):
    settings.LOCAL_PASSWORDS = False
    client = Client()
    page = client.get("/accounts/login/").content.decode()
    assert "Sign in with your force account" in page and 'name="password"' not in page

    response = client.post("/accounts/login/", {"username": "ivy", "password": PASSWORD})
    assert "Signing in with a password is switched off" in response.content.decode() and not _signed_in(client)
    # Not through the admin's form either: the backend refuses, not only the page.
    client.post("/admin/login/", {"username": "adele", "password": PASSWORD})
    assert not _signed_in(client)

    User.objects.create_superuser("breakglass", "", PASSWORD)
    assert 'name="password"' in client.get("/accounts/login/?local=1").content.decode()
    response = client.post("/accounts/login/?local=1", {"username": "breakglass", "password": PASSWORD})
    assert response.status_code == 302 and _signed_in(client)
    assert AUTH_METHOD not in client.session  # a password session: the second factor is asked for


def test_unknown_roles_in_the_mapping_fail_the_system_check(settings):
    from casework.sso.roles import check_group_roles

    settings.OIDC_GROUP_ROLES = {"grp": "superuser"}
    assert [e.id for e in check_group_roles()] == ["casework.E101"]
    settings.OIDC_GROUP_ROLES = {"grp": "auditor"}
    assert check_group_roles() == []


def test_role_groups_exist_for_every_mapped_role():
    assert Group.objects.filter(name__in=Role.labels).count() == len(Role)
