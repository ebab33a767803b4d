"""Phones: at 390x844 no page of the service scrolls sideways, for every demo role, on the demo
data (lists, records and forms); wide tables scroll in their own pane. The service navigation
folds into a "Menu" button on a phone, and shows its links when JavaScript is off."""

import pytest
from django.core.management import call_command

from casework.models import Case, Deadline, Person, User
from conduct.models import AccessExercise, Accessor, DutyDecision, Flag, ListReport, Referral, VettingReview
from notifications.models import Correspondence

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
PASSWORD = "demo-password-for-tests"
DEMO_USERS = ["investigator", "authority", "head", "auditor", "admin"]

# Every list, record and form page a person reads (actions that only POST, downloads and PDFs
# are not pages). {names} are filled from the demo data.
PAGES = [
    "/",
    "/cases/",
    "/cases/?received_from=nonsense",
    "/cases/new/",
    "/people/",
    "/people/import/",
    "/deadlines/",
    "/suspensions/",
    "/suspensions/?tab=active",
    "/suspensions/risk/",
    "/suspensions/consistency/",
    "/referrals/",
    "/access-reviews/",
    "/access-reviews/new/",
    "/dashboard/",
    "/reports/monthly/",
    "/flags/",
    "/letters/templates/",
    "/letters/failed/",
    "/accounts/log/",
    "/accounts/password/",
    "/accounts/second-factor/staff/",
    "/access-log/",
    "/access-log/?q=1",
    "/no-such-page/",
    "/cases/{case}/",
    "/cases/{case}/subjects/",
    "/cases/{case}/duty/",
    "/cases/{case}/deadlines/",
    "/cases/{case}/correspondence/",
    "/cases/{case}/timeline/",
    "/cases/{case}/audit/",
    "/cases/{case}/edit/",
    "/cases/{case}/subjects/add/",
    "/cases/{case}/links/add/",
    "/cases/{case}/progress-report/",
    "/cases/{case}/close/",
    "/cases/{case}/access/",
    "/cases/{case}/access-log/",
    "/cases/{case}/changes/",
    "/cases/{case}/referrals/",
    "/cases/{case}/letters/new/",
    "/cases/{case}/allegations/{allegation}/severity/",
    "/cases/{case}/subjects/{subject}/duty/propose/",
    "/cases/{decision_case}/duty-decisions/{decision}/",
    "/cases/{letter_case}/letters/{letter}/",
    "/people/{person}/",
    "/people/{person}/access-log/",
    "/suspensions/people/{person}/",
    "/deadlines/{deadline}/",
    "/access-reviews/{exercise}/",
    "/access-reviews/{exercise}/people/{accessor}/",
    "/flags/{flag}/",
    # Accountability outward (issue 21): the College lists, records, fairness, the return, vetting.
    "/list-reports/",
    "/list-reports/{list_report}/",
    "/records/",
    "/records/due/",
    "/records/holds/",
    "/records/holds/new/",
    "/fairness/",
    "/returns/home-office/",
    "/vetting/",
    "/vetting/{vetting}/",
]


def _demo_values() -> dict:
    case = Case.objects.get(summary__startswith="Group chat")
    subject = case.subjects.order_by("id").first()
    decision = DutyDecision.objects.select_related("subject__case").order_by("id").first()
    letter = Correspondence.objects.filter(case__isnull=False).select_related("case").order_by("id").first()
    exercise = AccessExercise.objects.order_by("id").first()
    values = {
        "case": case.reference,
        "subject": subject.pk,
        "allegation": subject.allegations.order_by("id").first().pk,
        "person": subject.person_id,
        "deadline": Deadline.objects.filter(case=case).order_by("id").first().pk,
        "decision_case": decision.subject.case.reference,
        "decision": decision.pk,
        "letter_case": letter.case.reference,
        "letter": letter.pk,
        "exercise": exercise.pk,
        "accessor": Accessor.objects.filter(exercise=exercise).order_by("id").first().pk,
        "flag": Flag.objects.order_by("id").first().pk,
        "list_report": ListReport.objects.order_by("id").first().pk,
        "vetting": VettingReview.objects.order_by("id").first().pk,
    }
    assert Person.objects.exists() and Referral.objects.exists()
    return values


def _state_a_purpose_if_asked(page):
    if "/purpose/" in page.url:
        page.locator("input[name=purpose]").first.check()
        page.get_by_role("button", name="Continue to the record").click()
        page.wait_for_load_state()


def _too_wide(page) -> int | None:
    width = page.evaluate("document.documentElement.scrollWidth")
    return width if width > PHONE["width"] else None


@pytest.fixture
def demo(monkeypatch):
    monkeypatch.setenv("DEMO_PASSWORD", PASSWORD)
    call_command("seed_demo", force=True)
    return _demo_values()


def test_no_page_scrolls_sideways_on_a_phone_for_any_role(page, live_server, login, demo):
    page.set_viewport_size(PHONE)
    # A sweep of every page for six roles over the whole demo, on a CI machine running the suite: a
    # page's first, uncached figures (the dashboard, My work's cards) may take longer than the
    # 5 s the other journeys allow; this test is about widths, not speed (bench/ measures that).
    page.set_default_timeout(30000)
    too_wide, visited = [], 0
    for username in DEMO_USERS:
        page.context.clear_cookies()
        login(page, User.objects.get(username=username), password=PASSWORD)
        for path in PAGES:
            response = page.goto(live_server.url + path.format(**demo))
            _state_a_purpose_if_asked(page)
            if response is None or response.status == 404 and path != "/no-such-page/":
                continue  # not this role's page: outsiders get 404
            visited += 1
            if width := _too_wide(page):
                too_wide.append(f"{username} {path}: {width} px")
    assert visited > 120  # the sweep really saw the pages, not a wall of 404s
    assert too_wide == [], "pages wider than 390 px:\n" + "\n".join(too_wide)


def test_the_navigation_folds_into_a_menu_on_a_phone(page, live_server, login, personas, assert_accessible):
    page.set_viewport_size(PHONE)
    login(page, personas.head)
    menu = page.get_by_role("button", name="Menu")
    assert menu.is_visible()
    assert menu.get_attribute("aria-expanded") == "false"
    assert not page.locator("#navigation").is_visible()
    menu.click()
    assert menu.get_attribute("aria-expanded") == "true"
    assert page.locator("#navigation .govuk-service-navigation__link").first.is_visible()
    assert_accessible(page)


def test_without_javascript_the_navigation_links_show(browser, live_server, personas):
    from tests.second_factor import authenticator_for, next_code

    device = authenticator_for(personas.head)  # before the password, or the code page asks to set one up
    context = browser.new_context(java_script_enabled=False, viewport=PHONE)
    page = context.new_page()
    page.set_default_timeout(5000)
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Username").fill(personas.head.username)
    page.get_by_label("Password").fill(personas.password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{live_server.url}/accounts/second-factor/**")
    page.get_by_label("Code").fill(next_code(device))
    page.get_by_role("button", name="Continue").click()
    page.wait_for_url(f"{live_server.url}/")
    assert not page.get_by_role("button", name="Menu").is_visible()
    assert page.locator("#navigation .govuk-service-navigation__link").first.is_visible()
    context.close()
