"""IOPC referral pages through the Django test client: who gets 404, the banner on the case page,
the forms and their messages, bad input (never a 500), the summary page and its PDF with the
consultation logged, "My work", and query counts that do not grow with data."""

from datetime import date, datetime, timedelta

import pytest
from django.template import Context, Template
from django.urls import reverse

from casework import permissions
from casework.calendar import LONDON
from casework.models import Consultation, ObjectKind
from conduct.models import (
    IopcDecision,
    NotRequiredProposal,
    ProposalOutcome,
    Referral,
    ReferralKind,
    ReferralMethod,
    ReferralState,
)
from conduct.referrals import selectors as referral_queries
from conduct.referrals import services as referrals
from tests.factories import PersonFactory, TeamFactory, make_case

pytestmark = pytest.mark.django_db

WEDNESDAY = datetime(2026, 12, 9, 10, 0, tzinfo=LONDON)
WHAT = "The allegation of a serious sexual offence, with the complainant's account."


@pytest.fixture(autouse=True)
def wednesday(time_machine):
    time_machine.move_to(WEDNESDAY, tick=False)


@pytest.fixture
def read(as_user):
    """GET a page as a user, stating a purpose first when the page asks why (s.62)."""

    def get(user, url):
        client = as_user(user)
        response = client.get(url)
        if response.status_code == 302 and response["Location"].startswith(reverse("consultation-purpose")):
            assert client.post(response["Location"], {"purpose": "oversight"}).status_code == 302
            response = client.get(url)
        return response

    return get


@pytest.fixture
def sso_case(personas, team, officer):
    return make_case(personas.investigator, team, [officer], categories=("serious-sexual-offence",))


@pytest.fixture
def referral(sso_case):
    return Referral.objects.get(case=sso_case)


def url(name, referral):
    return reverse(name, args=[referral.case.reference, referral.pk])


def made(referral, user, at=WEDNESDAY):
    return referrals.record_referral(
        user=user, referral=referral, referred_at=at, method=ReferralMethod.PORTAL, what_referred=WHAT
    )


# Who may see ------------------------------------------------------------------------------
def test_the_case_referrals_page_is_404_for_outsiders(read, personas, referral):
    page = reverse("case-referrals", args=[referral.case.reference])
    assert read(personas.investigator, page).status_code == 200
    for outsider in ("investigator_other_team", "auditor", "admin"):
        assert read(getattr(personas, outsider), page).status_code == 404
    assert read(personas.head, reverse("case-referrals", args=["PSD-2026-999999"])).status_code == 404
    assert read(personas.head, reverse("case-referrals", args=["PSD\x00"])).status_code == 404


def test_another_team_never_reaches_a_referral_by_its_id(as_user, personas, referral, home_force):
    tom_team = TeamFactory(name="Team Tom", members=[personas.investigator_other_team])
    toms = make_case(personas.investigator_other_team, tom_team, [PersonFactory(force=home_force)])
    client = as_user(personas.investigator_other_team)
    for name in ("referral-record", "referral-summary", "referral-summary-pdf", "referral-decision"):
        assert client.get(reverse(name, args=[toms.reference, referral.pk])).status_code == 404


def test_the_lists_are_for_case_roles(as_user, personas):
    for who, status in [("investigator", 200), ("authority", 200), ("head", 200), ("auditor", 404), ("admin", 404)]:
        assert as_user(getattr(personas, who)).get(reverse("referral-list")).status_code == status


# The case page ----------------------------------------------------------------------------
def test_the_case_page_shows_a_red_banner_while_the_referral_is_required(read, personas, referral):
    page = read(personas.investigator, referral.case.get_absolute_url()).content.decode()
    assert 'class="moj-alert moj-alert--error' in page
    assert "Referral to the IOPC required by 11:59pm on Thursday 10 December 2026" in page
    made(referral, personas.investigator)
    page = read(personas.investigator, referral.case.get_absolute_url()).content.decode()
    assert 'data-testid="referral-required"' not in page
    assert "awaiting the IOPC's decision" in page


def test_an_independent_investigation_shows_the_iopc_as_investigating_body(read, personas, referral):
    made(referral, personas.investigator)
    referrals.record_iopc_decision(
        user=personas.investigator, referral=referral, decision=IopcDecision.INDEPENDENT, decided_on=date(2026, 12, 9)
    )
    page = read(personas.authority, referral.case.get_absolute_url()).content.decode()
    assert "Investigating body" in page and "Independent Office for Police Conduct (IOPC)" in page


def test_the_banner_costs_one_query(sso_case, personas, django_assert_num_queries):
    template = Template("{% load referrals %}{% iopc_referral_banner case %}")
    permissions.roles_of(personas.investigator)  # the case page has already read the user's roles
    with django_assert_num_queries(1):
        html = template.render(Context({"case": sso_case, "user": personas.investigator}))
    assert "required by" in html


# Recording the referral -------------------------------------------------------------------
def test_the_investigator_records_the_referral(as_user, personas, referral):
    client = as_user(personas.investigator)
    response = client.post(
        url("referral-record", referral),
        {"referred_on": "09/12/2026", "referred_time": "09:30", "method": "portal", "what_referred": WHAT},
        follow=True,
    )
    assert "Referral to the IOPC recorded." in response.content.decode()
    referral.refresh_from_db()
    assert referral.state == ReferralState.REFERRED and referral.referred_at == WEDNESDAY - timedelta(minutes=30)
    assert client.get(url("referral-record", referral)).status_code == 302  # made once


@pytest.mark.parametrize(
    ("answers", "field", "message"),
    [
        ({"referred_time": "25:00"}, "referred_time", "Enter a real time"),
        ({"referred_time": "soon"}, "referred_time", "Enter a real time"),
        ({"referred_on": "31/02/2026"}, "referred_on", "The date the referral was made must be a real date"),
        ({"referred_on": "10/12/2026"}, "referred_on", "now or in the past"),
        ({"referred_on": "01/01/2020"}, "referred_on", "before the case was received"),
        ({"method": "carrier-pigeon"}, "method", "Select how the referral was made from the list"),
        ({"what_referred": ""}, "what_referred", "Say what was referred"),
    ],
)
def test_bad_answers_are_shown_on_the_form_and_change_nothing(as_user, personas, referral, answers, field, message):
    data = {"referred_on": "09/12/2026", "referred_time": "09:30", "method": "portal", "what_referred": WHAT, **answers}
    response = as_user(personas.investigator).post(url("referral-record", referral), data)
    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors.get(field, []))
    assert Referral.objects.get(pk=referral.pk).state == ReferralState.REQUIRED


@pytest.mark.parametrize(
    "garbage",
    ["\x00", "x" * 20000, "<script>alert(1)</script>", "9" * 40, "-1", "２０２６", ""],
)
def test_garbage_never_gives_a_500(as_user, personas, referral, garbage):
    client = as_user(personas.investigator)
    fields = ["referred_on", "referred_time", "method", "what_referred", "iopc_reference", "kind", "reasons"]
    for name in ("referral-record", "referral-not-required", "referral-decision"):
        assert client.post(url(name, referral), dict.fromkeys(fields, garbage)).status_code in (200, 302)
    for name in ("referral-new", "referral-new-concerns"):
        posted = dict.fromkeys([*fields, "concerns", "decision", "decided_on"], garbage)
        assert client.post(reverse(name, args=[referral.case.reference]), posted).status_code in (200, 302)
    for query in ({"tab": garbage}, {"mode": garbage, "tab": "decided"}, {"page": garbage}):
        assert client.get(reverse("referral-list"), query).status_code == 200


def test_a_voluntary_referral_from_the_form(as_user, personas, case):
    response = as_user(personas.investigator).post(
        reverse("referral-new", args=[case.reference]),
        {
            "kind": "voluntary",
            "reasons": "Public confidence.",
            "referred_on": "09/12/2026",
            "referred_time": "08:00",
            "method": "email",
            "what_referred": WHAT,
        },
    )
    assert response.status_code == 302
    assert Referral.objects.get(case=case).kind == ReferralKind.VOLUNTARY


# Not required after all -------------------------------------------------------------------
def test_proposal_and_approval_through_the_forms(as_user, read, personas, referral):
    response = as_user(personas.investigator).post(
        url("referral-not-required", referral), {"reasons": "Consensual, between adults."}, follow=True
    )
    assert "An appropriate authority must approve it" in response.content.decode()
    # The author never sees the decision form; another team's investigator neither.
    assert as_user(personas.investigator).get(url("referral-not-required-decide", referral)).status_code == 404
    assert (
        as_user(personas.investigator_other_team).get(url("referral-not-required-decide", referral)).status_code == 404
    )
    client = as_user(personas.authority)
    assert client.post(url("referral-not-required-decide", referral), {"decision": "reject"}).status_code == 200
    response = client.post(url("referral-not-required-decide", referral), {"decision": "approve"}, follow=True)
    assert "Proposal approved: the referral is not required." in response.content.decode()
    assert Referral.objects.get(pk=referral.pk).state == ReferralState.NOT_REQUIRED


def test_the_head_of_psd_cannot_decide_their_own_proposal(as_user, personas, referral):
    referrals.propose_not_required(user=personas.head, referral=referral, reasons="Not met.")
    assert as_user(personas.head).get(url("referral-not-required-decide", referral)).status_code == 404
    assert as_user(personas.authority).get(url("referral-not-required-decide", referral)).status_code == 200
    assert NotRequiredProposal.objects.get().outcome == ProposalOutcome.PENDING


# The IOPC's decision ----------------------------------------------------------------------
def test_the_iopc_decision_from_the_form(as_user, personas, referral):
    made(referral, personas.investigator)
    client = as_user(personas.investigator)
    response = client.post(
        url("referral-decision", referral), {"decision": "directed", "decided_on": "09/12/2026", "iopc_reference": "X1"}
    )
    assert response.status_code == 302
    referral.refresh_from_db()
    assert (referral.decision, referral.iopc_reference) == (IopcDecision.DIRECTED, "X1")
    response = client.post(url("referral-decision", referral), {"decision": "local", "decided_on": "09/12/2026"})
    assert response.status_code == 302 and Referral.objects.get(pk=referral.pk).decision == IopcDecision.DIRECTED


def test_a_closed_case_sends_the_user_back_with_why(as_user, personas, referral):
    referral.case.status, referral.case.closed_at = "closed", WEDNESDAY
    referral.case.save()
    response = as_user(personas.investigator).get(url("referral-record", referral), follow=True)
    assert "is closed and can no longer be changed" in response.content.decode()


# The summary for the IOPC -----------------------------------------------------------------
def test_the_summary_page_and_pdf_are_logged_as_document_consultations(read, personas, referral):
    page = read(personas.investigator, url("referral-summary", referral))
    assert page.status_code == 200 and "Serious sexual offence" in page.content.decode()
    pdf = read(personas.investigator, url("referral-summary-pdf", referral))
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    assert f'filename="iopc-referral-{referral.case.reference}-{referral.pk}.pdf"' in pdf["Content-Disposition"]
    logged = Consultation.objects.filter(kind=ObjectKind.DOCUMENT, object_id=referral.pk, case=referral.case)
    assert logged.count() == 2
    assert set(logged.values_list("purpose", flat=True)) == {"Case of my team (Team Ivy)"}


def test_someone_outside_the_team_is_asked_why_before_the_summary(as_user, personas, referral):
    response = as_user(personas.authority).get(url("referral-summary-pdf", referral))
    assert response.status_code == 302 and response["Location"].startswith(reverse("consultation-purpose"))
    assert not Consultation.objects.filter(kind=ObjectKind.DOCUMENT).exists()


# Lists ------------------------------------------------------------------------------------
def test_the_lists_reflect_each_state(as_user, personas, team, home_force, time_machine):
    cases = [
        make_case(personas.investigator, team, [PersonFactory(force=home_force)], categories=("serious-assault",))
        for _ in range(4)
    ]
    required = [Referral.objects.get(case=c) for c in cases]
    made(required[1], personas.investigator)
    made(required[2], personas.investigator)
    referrals.record_iopc_decision(
        user=personas.investigator, referral=required[2], decision="independent", decided_on=date(2026, 12, 9)
    )
    time_machine.move_to(datetime(2026, 12, 11, 9, 0, tzinfo=LONDON), tick=False)
    made(required[3], personas.investigator, at=datetime(2026, 12, 11, 8, 0, tzinfo=LONDON))  # late
    client = as_user(personas.head)
    page = client.get(reverse("referral-list")).content.decode()
    assert cases[0].reference in page and "Overdue by 9 hours" in page and "govuk-tag--red" in page
    page = client.get(reverse("referral-list"), {"tab": "awaiting"}).content.decode()
    assert cases[1].reference in page and cases[3].reference in page and "Late" in page
    page = client.get(reverse("referral-list"), {"tab": "decided", "mode": "independent"})
    assert [r.case for r in page.context["page"].object_list] == [cases[2]]
    assert ("independent", IopcDecision.INDEPENDENT.label, 1) in page.context["modes"]
    months = client.get(reverse("referral-list"), {"tab": "timeliness"}).context["page"].object_list
    assert [(m.month.date(), m.on_time, m.late) for m in months] == [(date(2026, 12, 1), 2, 1)]
    # The tabs' numbers, and the dashboard's (read from the pending referrals only), agree.
    tabs = referral_queries.tab_counts(personas.head)
    assert tabs == {"required": 1, "overdue": 1, "awaiting": 2, "decided": 1}
    assert referral_queries.pending_counts(personas.head) == {"required": 1, "overdue": 1, "awaiting": 2}
    sections = client.get(reverse("dashboard")).context["sections"]
    pending = next(section for section in sections if section.title == "IOPC referrals pending")
    assert [(f.value, f.note) for f in pending.figures] == [(1, "1 overdue"), (2, "")]


def test_my_work_shows_decision_makers_what_waits(as_user, personas, referral):
    referrals.propose_not_required(user=personas.investigator, referral=referral, reasons="Not met.")
    page = as_user(personas.authority).get(reverse("home")).content.decode()
    assert "1 referral required and not yet made" in page and "1 “not required” proposal awaiting your decision" in page
    assert 'data-testid="referrals-panel"' not in as_user(personas.investigator).get(reverse("home")).content.decode()


# Query counts do not grow with data -------------------------------------------------------
# Session, user, roles, the tab counts, the page's count and rows (and a prefetch, or the modes), the session
# saved: 10 measured at both sizes, as the case list's, plus headroom.
LIST_QUERIES = 12


@pytest.mark.parametrize("size", [3, 30])
def test_the_list_query_count_does_not_grow(size, as_user, personas, team, home_force, django_assert_max_num_queries):
    for index in range(size):
        case = make_case(
            personas.investigator, team, [PersonFactory(force=home_force)], categories=("serious-assault",)
        )
        referral = Referral.objects.get(case=case)
        if index % 3:
            made(referral, personas.investigator)
        if index % 3 == 2:
            referrals.record_iopc_decision(
                user=personas.investigator, referral=referral, decision="local", decided_on=date(2026, 12, 9)
            )
        if index % 3 == 0:
            referrals.propose_not_required(user=personas.investigator, referral=referral, reasons="r")
    client = as_user(personas.head)
    for tab in ("required", "awaiting", "decided", "timeliness"):
        with django_assert_max_num_queries(LIST_QUERIES):
            response = client.get(reverse("referral-list"), {"tab": tab})
        assert response.status_code == 200


# Measured 18 at both sizes (the consultation log with its chain lock included), plus headroom.
CASE_REFERRALS_QUERIES = 21  # + the IOPC directions of the referrals (one prefetch)


@pytest.mark.parametrize("rounds", [1, 4])
def test_the_case_referrals_page_query_count_does_not_grow(
    rounds, client, read, personas, referral, django_assert_max_num_queries
):
    current = referral
    for _ in range(rounds):
        made(current, personas.investigator)
        current = referrals.require_re_referral(user=personas.investigator, case=referral.case, concerns="More.")
        referrals.propose_not_required(user=personas.investigator, referral=current, reasons="r")
    page = reverse("case-referrals", args=[referral.case.reference])
    assert read(personas.investigator, page).status_code == 200
    with django_assert_max_num_queries(CASE_REFERRALS_QUERIES):
        response = client.get(page)
    assert len(response.context["referrals"]) == rounds + 1


def test_the_criteria_are_edited_in_the_admin_with_their_history(client, personas):
    from conduct.models import ReferralCriterion

    admin = personas.admin
    admin.is_superuser = True
    admin.save()
    client.force_login(admin)
    criterion = ReferralCriterion.objects.get(code="serious_assault")
    assert client.get(reverse("admin:conduct_referralcriterion_changelist")).status_code == 200
    page = reverse("admin:conduct_referralcriterion_change", args=[criterion.pk])
    assert client.get(page).status_code == 200
    form = {
        "name": "Serious assault",
        "description": criterion.description,
        "source": criterion.source,
        "categories": [c.pk for c in criterion.categories.all()],
        "origins": "dsi_matter,not_an_origin",
        "order": 2,
        "active": "on",
    }
    assert "not_an_origin" in client.post(page, form).content.decode()  # refused, shown on the form
    form["origins"] = "dsi_matter"
    assert client.post(page, form).status_code == 302
    criterion.refresh_from_db()
    assert criterion.origins == ["dsi_matter"] and criterion.events.count() == 2
    assert "Change history" in client.get(page).content.decode()
