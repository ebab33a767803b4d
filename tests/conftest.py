"""Shared fixtures: personas, a live Celery worker on real Redis, a real SMTP server, and a
browser (Debian's Chromium through Playwright) with an axe accessibility check."""

import socket
import threading
from dataclasses import dataclass, field
from email import message_from_bytes
from pathlib import Path

import pytest
from django.conf import settings

from casework.roles import Role
from tests.factories import PASSWORD, UserFactory
from tests.second_factor import PassedSecondFactorClient, authenticator_for, next_code

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
AXE_JS = ROOT / "node_modules" / "axe-core" / "axe.min.js"


# The data migrations whose rows every test expects (module, function): ranks, standards and
# categories, clock rules, letter templates, the default reminder ladder.
REFERENCE_DATA = [
    ("casework.migrations.0004_reference_data", "add_ranks"),
    ("conduct.migrations.0002_reference_data", "add_reference_data"),
    ("conduct.migrations.0006_seed_clock_rules", "add_clock_rules"),
    ("conduct.migrations.0008_iopc_referrals", "add_referral_criteria"),
    ("conduct.migrations.0010_early_warning", "add_flag_rules"),
    # Issue 20: the categories' risk flags, the VAWG category, the duty-decision clock.
    ("conduct.migrations.0016_risk_duty_decisions", "seed"),
    ("notifications.migrations.0003_default_letter_templates", "add_default_templates"),
    ("notifications.migrations.0004_reminder_ladders", "add_default_ladder"),
    ("notifications.migrations.0005_access_review_letters", "add_access_review_letters"),
    ("notifications.migrations.0005_access_review_letters", "add_access_ladder"),
    ("conduct.migrations.0012_routes", "seed"),
    ("conduct.migrations.0013_lawful_outcomes_and_warnings", "seed"),
    ("conduct.migrations.0014_pauses_and_iopc_directions", "seed_rules"),
    ("notifications.migrations.0009_letters_quote_their_legal_basis", "add_versions"),
    ("notifications.migrations.0010_complainant_letters", "add_complainant_letters"),
    ("conduct.migrations.0015_complainant", "seed"),
    ("notifications.migrations.0012_progress_report_letters", "add_progress_report_letters"),
    ("conduct.migrations.0018_progress_reports", "seed"),
    ("notifications.migrations.0013_duty_letters_quote_the_reasons", "add_versions"),
    ("conduct.migrations.0019_barred_list_reports", "seed"),
    ("conduct.migrations.0018_proceedings", "seed"),
    ("notifications.migrations.0012_proceedings_letters", "add_proceedings_letters"),
    ("notifications.migrations.0012_appeal_letters", "add_appeal_letters"),
    ("conduct.migrations.0018_appeals", "seed"),
    # Issue 21, point 6: the retention schedule.
    ("conduct.migrations.0022_dataprotection_records", "seed"),
    # Issue 21: the Barred and Advisory List reports' clocks and their letter to the College.
    ("conduct.migrations.0022_lists_reports", "seed"),
    ("notifications.migrations.0016_lists_report_letter", "add_list_report_letter"),
    ("notifications.migrations.0016_vetting_letters", "add_vetting_letters"),
    ("conduct.migrations.0022_vetting_reviews", "seed"),
]


def _load_reference_data():
    """The rows the data migrations load, and the role groups."""
    import importlib

    from django.apps import apps

    from casework.roles import ensure_role_groups

    for module, function in REFERENCE_DATA:
        getattr(importlib.import_module(module), function)(apps, None)
    ensure_role_groups()


@pytest.fixture(autouse=True, scope="session")
def flush_past_the_truncate_guards():
    """Transactional tests are emptied with TRUNCATE (Django's flush), which the append-only
    tables refuse (casework/db_roles.py). The suite connects as a superuser, so its flush sets
    session_replication_role for its own transaction: the one way past the guard, and one the
    app's role is refused (tests/casework/test_db_roles.py)."""
    from django.db import transaction
    from django.db.backends.postgresql.operations import DatabaseOperations

    flush = DatabaseOperations.execute_sql_flush

    def flush_as_replica(self, sql_list):
        with transaction.atomic(using=self.connection.alias), self.connection.cursor() as cursor:
            cursor.execute("SET LOCAL session_replication_role = replica")
            flush(self, sql_list)

    DatabaseOperations.execute_sql_flush = flush_as_replica
    yield
    DatabaseOperations.execute_sql_flush = flush


@pytest.fixture(autouse=True)
def reference_data(request):
    """A transactional test's flush empties the tables, reference data included; put it back so
    the order tests run in never matters."""
    marker = request.node.get_closest_marker("django_db")
    transactional = "transactional_db" in request.fixturenames or (
        marker is not None and marker.kwargs.get("transaction", False)
    )
    if not (transactional or marker is not None or "db" in request.fixturenames):
        return
    request.getfixturevalue("transactional_db" if transactional else "db")
    from casework.models import Rank

    if not Rank.objects.exists():
        _load_reference_data()


@pytest.fixture(autouse=True)
def fresh_response_rate_limit():
    """The officers' response page and the sign-in forms count tries per client address in
    Redis, across tests; each test starts with a full budget for the test client's address."""
    from django.core.cache import cache

    cache.delete_many(["respond-rate:127.0.0.1", "sign-in-rate:127.0.0.1"])


@pytest.fixture(autouse=True)
def fresh_figures():
    """The section figures are cached per user id in Redis (casework.figures), and ids repeat
    from test to test: each test starts with a new version, so nothing cached before counts, and
    with no one's figures to recompute (no viewers, nothing queued)."""
    from casework import figures

    figures.forget()


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    # Six personas per test: the production hasher would dominate the run time. Tests of the
    # password rules themselves use Django's validators, which this does not change.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def client():
    """pytest-django's client, except that `force_login` also passes the second factor
    (tests/second_factor.py): a test that is not about signing in starts past the code page.
    Tests of the sign-in itself post to the real pages."""
    return PassedSecondFactorClient()


# Personas ---------------------------------------------------------------------------------
@dataclass
class Personas:
    investigator: object
    investigator_other_team: object
    authority: object
    head: object
    auditor: object
    admin: object
    password: str = PASSWORD
    anonymous: None = None

    def by_role(self):
        return {
            Role.INVESTIGATOR: self.investigator,
            Role.APPROPRIATE_AUTHORITY: self.authority,
            Role.HEAD_OF_PSD: self.head,
            Role.AUDITOR: self.auditor,
            Role.ADMINISTRATOR: self.admin,
        }


@pytest.fixture
def personas(db):
    return Personas(
        investigator=UserFactory(username="ivy", role=Role.INVESTIGATOR),
        investigator_other_team=UserFactory(username="tom", role=Role.INVESTIGATOR),
        authority=UserFactory(username="alex", role=Role.APPROPRIATE_AUTHORITY),
        head=UserFactory(username="helen", role=Role.HEAD_OF_PSD),
        auditor=UserFactory(username="aaron", role=Role.AUDITOR),
        admin=UserFactory(username="adele", role=Role.ADMINISTRATOR, is_staff=True),
    )


# Celery -----------------------------------------------------------------------------------
@pytest.fixture
def celery_worker(transactional_db):
    """A real Celery worker, in a thread of this process, consuming from the real Redis broker.

    Needs committed data (transactional_db): the worker reads through its own connection.
    """
    from celery.contrib.testing.worker import start_worker

    from config.celery import app

    app.control.purge()
    with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10) as worker:
        yield worker


# SMTP -------------------------------------------------------------------------------------
@dataclass
class SmtpServer:
    """A real SMTP server (aiosmtpd) on loopback. Each DATA gets the next scripted reply from
    `replies` (e.g. "451 4.3.0 Try again later"), then "250" for ever; accepted messages are kept."""

    host: str
    port: int
    replies: list = field(default_factory=list)
    messages: list = field(default_factory=list)
    refused: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def message_ids(self):
        return [m["Message-ID"] for m in self.messages]


class _Handler:
    def __init__(self, server):
        self.server = server

    async def handle_DATA(self, server, session, envelope):
        with self.server.lock:
            if self.server.replies:
                self.server.refused += 1
                return self.server.replies.pop(0)
            message = message_from_bytes(envelope.content)
            message.envelope_to = list(envelope.rcpt_tos)
            self.server.messages.append(message)
        return "250 Message accepted for delivery"


def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def smtp_server():
    """The server, with Django's SMTP backend pointed at it for the test."""
    from aiosmtpd.controller import Controller

    server = SmtpServer(host="127.0.0.1", port=_free_port())
    controller = Controller(_Handler(server), hostname=server.host, port=server.port)
    controller.start()
    saved = (settings.EMAIL_BACKEND, settings.EMAIL_HOST, settings.EMAIL_PORT)
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = server.host, server.port
    try:
        yield server
    finally:
        settings.EMAIL_BACKEND, settings.EMAIL_HOST, settings.EMAIL_PORT = saved
        controller.stop()


# Browser ----------------------------------------------------------------------------------
@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    # Debian's Chromium, never a downloaded browser. A missing browser fails the test loudly.
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "headless": True,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ],
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    # axe is injected as a script; our CSP (rightly) forbids that for real pages.
    return {**browser_context_args, "bypass_csp": True}


def axe_violations(page):
    """Run axe-core (from npm) on the current page; return its violations."""
    page.add_script_tag(path=str(AXE_JS))
    result = page.evaluate(
        "async () => await axe.run(document, {runOnly: ['wcag2a', 'wcag2aa', 'wcag21aa', 'best-practice']})"
    )
    violations = []
    for v in result["violations"]:
        nodes = [n for n in v["nodes"] if not _govuk_known_issue(v["id"], n)]
        if nodes:
            violations.append({"id": v["id"], "impact": v["impact"], "nodes": [n["target"] for n in nodes][:5]})
    return violations


def _govuk_known_issue(rule: str, node: dict) -> bool:
    """GOV.UK Frontend's conditional reveal sets aria-expanded on the radio that reveals content, on
    purpose (screen readers announce it; alphagov/govuk-frontend issue 979, a documented known axe
    issue). Only that attribute on a GOV.UK radio is let through; anything else on it still fails
    (docs/decisions.md)."""
    if rule != "aria-allowed-attr" or "govuk-radios__input" not in node.get("html", ""):
        return False
    problems = [line.strip() for line in node.get("failureSummary", "").splitlines()[1:] if line.strip()]
    return bool(problems) and all(line.startswith("ARIA attribute is not allowed: aria-expanded=") for line in problems)


@pytest.fixture
def assert_accessible():
    def check(page):
        violations = axe_violations(page)
        assert violations == [], f"axe found accessibility problems on {page.url}: {violations}"

    return check


@pytest.fixture
def page(page):
    # Fail fast: a missing element is a failure in seconds, not after Playwright's 30 s default.
    page.set_default_timeout(5000)
    return page


@pytest.fixture
def login(live_server):
    """Sign a persona in through the real login page and the code page, with a code from their
    authenticator (one is set up for them if they have none)."""

    def sign_in(page, user, password=PASSWORD):
        device = authenticator_for(user)
        page.goto(f"{live_server.url}/accounts/login/")
        page.get_by_label("Username").fill(user.username)
        page.get_by_label("Password").fill(password)
        page.get_by_role("button", name="Sign in").click()
        page.wait_for_url(f"{live_server.url}/accounts/second-factor/**")
        page.get_by_label("Code").fill(next_code(device))
        page.get_by_role("button", name="Continue").click()
        page.wait_for_url(f"{live_server.url}/")
        return page

    return sign_in


# Single sign-on -----------------------------------------------------------------------------
@pytest.fixture
def oidc_provider(settings):
    """A real OpenID Connect provider on 127.0.0.1 (tests/oidc_provider.py), with the app's single
    sign-on pointed at it for the Django test client."""
    from tests.oidc_provider import USERS, IdentityProvider, configure

    provider = IdentityProvider({name: dict(claims) for name, claims in USERS.items()}).start()
    configure(settings, provider, "http://testserver")
    try:
        yield provider
    finally:
        provider.stop()
