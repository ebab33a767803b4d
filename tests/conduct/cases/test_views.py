"""The case pages through the Django test client: the intake wizard, who gets 404, decisions
posted from the case page, the case list's filters, the person page, query counts that do not
grow with data, and property-based garbage for the intake form."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from casework import permissions
from casework.models import Case, TimelineEvent
from casework.models.cases import CaseStatus, EventKind, Origin, Sensitivity
from casework.services import record_event
from conduct.cases import services
from conduct.cases.lifecycle import TRANSITIONS, apply_transition
from conduct.models import (
    Allegation,
    AllegationCategory,
    CriminalInvestigation,
    Finding,
    Outcome,
    Proceedings,
    Severity,
    SeverityAssessment,
    Stage,
    StageTransition,
    Standard,
)
from tests.factories import ForceFactory, PersonFactory, make_case

pytestmark = pytest.mark.django_db

INTAKE = "case_intake"


@pytest.fixture
def read(as_user):
    """GET a case or person page as a user, stating a purpose first when the page asks why (s.62)."""

    def get(user, url):
        client = as_user(user)
        response = client.get(url)
        if response.status_code == 302 and response["Location"].startswith(reverse("consultation-purpose")):
            assert client.post(response["Location"], {"purpose": "oversight"}).status_code == 302
            response = client.get(url)
        return response

    return get


@pytest.fixture
def ivy(as_user, personas):
    return as_user(personas.investigator)


@pytest.fixture
def register(home_force):
    """Two officers of the home force and one of another force."""
    met = ForceFactory(code="met", name="Metropolitan Police")
    return {
        "first": PersonFactory(force=home_force, number="1001", first_name="Ann", last_name="Archer"),
        "second": PersonFactory(force=home_force, number="1002", first_name="Ben", last_name="Brook"),
        "met": PersonFactory(force=met, number="2002", first_name="Cat", last_name="Carver"),
    }


def _ids(model, **filters):
    return [str(pk) for pk in model.objects.filter(**filters).values_list("pk", flat=True)]


def details_data(team, /, **overrides):
    data = {
        "origin": Origin.INTERNAL_REPORT,
        "received_on": (timezone.localdate() - timedelta(days=3)).strftime("%d/%m/%Y"),
        "how_received": "internal",
        "summary": "A colleague reported offensive messages in a group chat.",
        "complainant_name": "Pat Reporter",
        "complainant_email": "pat@example.org",
        "complainant_telephone": "",
        "sensitivity": Sensitivity.NORMAL,
        "team": str(team.pk),
        "investigator": "",
    }
    data.update(overrides)
    return data


def prefix(person):
    """The intake's allegation form prefix: keyed by person, never by position."""
    return f"p{person.pk}"


def allegation_data(prefix, *, description, categories, standards=("Discreditable conduct",), **overrides):
    data = {
        f"{prefix}-description": description,
        f"{prefix}-occurred_on": "",
        f"{prefix}-location": "",
        f"{prefix}-standards": _ids(Standard, name__in=standards),
        f"{prefix}-categories": _ids(AllegationCategory, code__in=categories),
        f"{prefix}-criminal_investigation": CriminalInvestigation.NONE,
    }
    data.update({f"{prefix}-{k}": v for k, v in overrides.items()})
    return data


# The intake wizard --------------------------------------------------------------------------------------
def test_the_intake_wizard_records_a_case_end_to_end(ivy, personas, team, register):
    assert ivy.get(reverse("case-new") + "?restart=1").status_code == 200

    response = ivy.post(reverse("case-new"), details_data(team, investigator=str(personas.investigator.pk)))
    assert response.status_code == 302
    assert response["Location"] == reverse("case-new-subjects")
    assert ivy.get(reverse("case-new-subjects")).status_code == 200

    response = ivy.post(reverse("case-new-subjects"), {"numbers": " 1001 \n\nMET 2002\n"})
    assert response.status_code == 302
    assert response["Location"] == reverse("case-new-allegations")
    page = ivy.get(reverse("case-new-allegations")).content.decode()
    assert "Ann Archer" in page and "Cat Carver" in page

    response = ivy.post(
        reverse("case-new-allegations"),
        {
            **allegation_data(
                prefix(register["first"]),
                description="Shared an offensive image",
                categories=("social-media", "discrimination"),
                criminal_investigation=CriminalInvestigation.OPEN,
                occurred_on="01/02/2026",
                location="Station canteen",
            ),
            **allegation_data(
                prefix(register["met"]), description="Posted in the group chat", categories=("sexual-misconduct",)
            ),
        },
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("case-new-check")

    check = ivy.get(reverse("case-new-check"))
    assert check.status_code == 200
    page = check.content.decode()
    for text in ("offensive messages in a group chat", "Shared an offensive image", "Cat Carver", "Team Ivy"):
        assert text in page
    assert not Case.objects.exists()  # nothing is recorded until the check page is submitted

    response = ivy.post(reverse("case-new-check"))
    case = Case.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("case-detail", args=[case.reference])
    assert (case.origin, case.team, case.investigator, case.created_by) == (
        Origin.INTERNAL_REPORT,
        team,
        personas.investigator,
        personas.investigator,
    )
    assert case.received_on == timezone.localdate() - timedelta(days=3)
    assert case.complainant_contact.email == "pat@example.org"
    subjects = list(case.subjects.all())
    assert [s.person for s in subjects] == [register["first"], register["met"]]
    assert all(s.proceedings.stage == Stage.ASSESSMENT for s in subjects)
    first = subjects[0].allegations.get()
    assert (first.description, first.location, str(first.occurred_on)) == (
        "Shared an offensive image",
        "Station canteen",
        "2026-02-01",
    )
    assert first.criminal_investigation == CriminalInvestigation.OPEN
    assert {c.code for c in first.categories.all()} == {"social-media", "discrimination"}
    assert {c.code for c in subjects[1].allegations.get().categories.all()} == {"sexual-misconduct"}
    kinds = sorted(TimelineEvent.objects.filter(case=case).values_list("kind", flat=True))
    assert kinds == sorted(
        [EventKind.CASE_RECORDED]
        + [EventKind.SUBJECT_ADDED] * 2
        + [EventKind.ALLEGATION_RECORDED] * 2
        + [EventKind.NOTE]  # referral to the IOPC required: discrimination (conduct.referrals.services)
    )

    page = ivy.get(response["Location"]).content.decode()
    assert f"Case {case.reference} recorded." in page
    assert "Ann Archer" in page and "Cat Carver" in page

    # The answers are gone: submitting the check page again records nothing more.
    response = ivy.post(reverse("case-new-check"))
    assert response["Location"] == reverse("case-new")
    assert Case.objects.count() == 1


@pytest.mark.parametrize(
    ("numbers", "message"),
    [
        ("9999", "No one with number 9999 in force “home” is on the register"),
        ("met 1001", "No one with number 1001 in force “met” is on the register"),
        ("1001\n1001", "Ann Archer (1001) is listed twice"),
        ("1001\nHOME 1001", "Ann Archer (1001) is listed twice"),
        ("met 2002 extra", "“met 2002 extra” should be a number, or a force code and a number"),
        ("  \n  ", "This field is required"),
        ("\n".join(str(n) for n in range(51)), "Enter at most 50 people"),
    ],
    ids=["unknown", "wrong-force", "twice", "twice-by-force", "three-words", "blank", "too-many"],
)
def test_unknown_or_duplicated_subject_numbers_are_field_errors(numbers, message, ivy, team, register):
    assert ivy.post(reverse("case-new"), details_data(team)).status_code == 302
    response = ivy.post(reverse("case-new-subjects"), {"numbers": numbers})
    assert response.status_code == 200
    errors = response.context["form"].errors["numbers"]
    assert any(message in error for error in errors), errors
    assert message in response.content.decode()
    assert "subjects" not in ivy.session[INTAKE]
    assert ivy.get(reverse("case-new-allegations"))["Location"] == reverse("case-new-subjects")
    assert not Case.objects.exists()


def test_a_good_and_a_bad_number_together_report_only_the_bad_one(ivy, team, register):
    ivy.post(reverse("case-new"), details_data(team))
    response = ivy.post(reverse("case-new-subjects"), {"numbers": "1001\n7777"})
    assert response.context["form"].errors["numbers"] == ["No one with number 7777 in force “home” is on the register"]


def test_details_errors_are_shown_and_nothing_is_kept(ivy, team):
    future = (timezone.localdate() + timedelta(days=1)).strftime("%d/%m/%Y")
    response = ivy.post(reverse("case-new"), details_data(team, received_on=future, summary="", team="999999"))
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert errors["received_on"] == ["The date received must be today or in the past."]
    assert "summary" in errors and "team" in errors
    assert INTAKE not in ivy.session or "details" not in ivy.session[INTAKE]


def test_allegation_errors_name_the_person(ivy, team, register):
    ivy.post(reverse("case-new"), details_data(team))
    ivy.post(reverse("case-new-subjects"), {"numbers": "1001\n1002"})
    response = ivy.post(
        reverse("case-new-allegations"),
        {
            **allegation_data(prefix(register["first"]), description="Fine", categories=("other",)),
            **allegation_data(prefix(register["second"]), description="", categories=()),
        },
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "Ben Brook: Choose at least one category" in page
    assert "Ann Archer:" not in page
    assert "allegations" not in ivy.session[INTAKE]


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("case-new-check", "case-new"),
        ("case-new-allegations", "case-new-subjects"),
        ("case-new-subjects", "case-new"),
    ],
)
def test_later_steps_without_the_earlier_ones_send_you_back(url, expected, ivy):
    for method in (ivy.get, ivy.post):
        response = method(reverse(url))
        assert response.status_code == 302
        assert response["Location"] == reverse(expected)
    assert not Case.objects.exists()


def test_the_check_page_revalidates_answers_that_went_stale(ivy, team, register):
    ivy.post(reverse("case-new"), details_data(team))
    ivy.post(reverse("case-new-subjects"), {"numbers": "1001"})
    response = ivy.post(
        reverse("case-new-allegations"),
        allegation_data(prefix(register["first"]), description="x", categories=("other",)),
    )
    assert response["Location"] == reverse("case-new-check")  # every step was valid
    register["first"].delete()  # the person left the register meanwhile
    response = ivy.post(reverse("case-new-check"))
    assert response["Location"] == reverse("case-new")
    assert not Case.objects.exists()


@pytest.mark.parametrize("who", ["auditor", "admin", "authority"])
@pytest.mark.parametrize("url", ["case-new", "case-new-subjects", "case-new-allegations", "case-new-check"])
def test_only_recorders_may_open_the_intake(who, url, as_user, personas, team):
    client = as_user(getattr(personas, who))
    assert client.get(reverse(url)).status_code == 404
    assert client.post(reverse(url), details_data(team)).status_code == 404
    assert not Case.objects.exists()


def test_the_head_of_psd_may_record_cases(as_user, personas, team):
    head = as_user(personas.head)
    assert head.get(reverse("case-new")).status_code == 200
    assert head.post(reverse("case-new"), details_data(team)).status_code == 302


def test_the_team_choices_are_the_teams_the_user_may_record_for(personas, team, other_team):
    from conduct.cases.forms import CaseDetailsForm

    def choices(**kwargs):
        return set(CaseDetailsForm(**kwargs).fields["team"].queryset)

    assert choices(user=personas.investigator) == {team}
    assert choices(user=personas.investigator_other_team) == {other_team}
    assert choices(user=personas.head) == {team, other_team}
    assert choices() == {team, other_team}  # no user: not recording, every team
    assert not CaseDetailsForm(details_data(other_team), user=personas.investigator).is_valid()
    assert CaseDetailsForm(details_data(other_team), user=personas.head).is_valid()


def test_an_investigator_cannot_record_a_case_for_another_team(ivy, personas, team, other_team, register):
    response = ivy.post(reverse("case-new"), details_data(other_team))
    assert response.status_code == 200
    assert any("Select a valid choice" in error for error in response.context["form"].errors["team"])
    assert "details" not in ivy.session.get(INTAKE, {})
    assert ivy.get(reverse("case-new-subjects"))["Location"] == reverse("case-new")

    # Nor by answers put in the session some other way: the check page re-validates them for the user.
    _set_intake(
        ivy,
        {
            "details": _as_lists(details_data(other_team)),
            "subjects": {"numbers": ["1001\nmet 2002"]},
            "allegations": _valid_allegations(register),
        },
    )
    response = ivy.post(reverse("case-new-check"))
    assert response["Location"] == reverse("case-new")
    assert not Case.objects.exists()
    assert not TimelineEvent.objects.exists()


def test_the_head_of_psd_may_record_a_case_for_any_team(as_user, personas, team, other_team, register):
    head = as_user(personas.head)
    assert head.post(reverse("case-new"), details_data(other_team))["Location"] == reverse("case-new-subjects")
    assert head.post(reverse("case-new-subjects"), {"numbers": "1001\nmet 2002"}).status_code == 302
    response = head.post(reverse("case-new-allegations"), _valid_allegations(register))
    assert response["Location"] == reverse("case-new-check")
    response = head.post(reverse("case-new-check"))
    case = Case.objects.get()
    assert response["Location"] == reverse("case-detail", args=[case.reference])
    assert (case.team, case.created_by) == (other_team, personas.head)


@pytest.mark.parametrize(
    ("url", "required"),
    [("case-new", "summary"), ("case-new-subjects", "numbers"), ("case-new-allegations", None)],
)
def test_an_empty_post_to_a_step_is_an_error_and_changes_nothing(url, required, ivy, team, register):
    ivy.post(reverse("case-new"), details_data(team))
    ivy.post(reverse("case-new-subjects"), {"numbers": "1001"})
    ivy.post(
        reverse("case-new-allegations"),
        allegation_data(prefix(register["first"]), description="x", categories=("other",)),
    )
    stored = {step: dict(answers) for step, answers in ivy.session[INTAKE].items()}
    assert stored.keys() == {"details", "subjects", "allegations"}

    response = ivy.post(reverse(url), {})
    assert response.status_code == 200  # validated as posted, not from the stored answers
    if required:
        assert "This field is required." in response.context["form"].errors[required]
    else:
        assert response.context["errors"]
    assert ivy.session[INTAKE] == stored
    assert not Case.objects.exists()


# Who gets 404 -------------------------------------------------------------------------------------------
@pytest.fixture
def case_urls(case):
    subject = case.subjects.get()
    allegation = Allegation.objects.get(subject=subject)
    return {
        "detail": reverse("case-detail", args=[case.reference]),
        "severity": reverse("assess-severity", args=[case.reference, allegation.pk]),
        "transition": reverse("subject-transition", args=[case.reference, subject.pk, "no_further_action"]),
        "close": reverse("case-close", args=[case.reference]),
    }


POSTS = {
    "severity": {"severity": Severity.MISCONDUCT, "rationale": "Looks like misconduct"},
    "transition": {"reason": "Nothing in it"},
    "close": {"reason": "Done"},
}


def _assert_case_untouched(case):
    case.refresh_from_db()
    assert case.status == CaseStatus.OPEN
    assert not SeverityAssessment.objects.exists()
    assert not StageTransition.objects.exists()
    assert Proceedings.objects.get(subject__case=case).stage == Stage.ASSESSMENT


@pytest.mark.parametrize("page", ["detail", "severity", "transition", "close"])
def test_an_investigator_of_another_team_gets_404_everywhere(page, as_user, personas, case, case_urls):
    tom = as_user(personas.investigator_other_team)
    assert tom.get(case_urls[page]).status_code == 404
    if page in POSTS:
        assert tom.post(case_urls[page], POSTS[page]).status_code == 404
    _assert_case_untouched(case)


@pytest.mark.parametrize("who", ["auditor", "authority", "admin"])
@pytest.mark.parametrize("page", ["severity", "transition", "close"])
def test_people_who_may_not_change_the_case_get_404_on_its_decisions(who, page, as_user, personas, case, case_urls):
    client = as_user(getattr(personas, who))
    assert client.get(case_urls[page]).status_code == 404
    assert client.post(case_urls[page], POSTS[page]).status_code == 404
    _assert_case_untouched(case)


def test_readers_of_the_case_page(read, personas, case, case_urls):
    for who in ("auditor", "authority", "head", "investigator"):
        assert read(getattr(personas, who), case_urls["detail"]).status_code == 200, who
    assert read(personas.admin, case_urls["detail"]).status_code == 404


def test_a_restricted_case_is_404_outside_its_team(as_user, personas, team, officer):
    restricted = make_case(personas.investigator, team, [officer], sensitivity=Sensitivity.RESTRICTED)
    url = reverse("case-detail", args=[restricted.reference])
    assert as_user(personas.investigator).get(url).status_code == 200
    for who in ("authority", "auditor", "investigator_other_team"):
        assert as_user(getattr(personas, who)).get(url).status_code == 404, who
    # The head of PSD is not shown the case either: only the break-glass page, which asks why.
    response = as_user(personas.head).get(url)
    assert response.status_code == 302
    assert response["Location"] == reverse("case-break-glass", args=[restricted.reference])


def test_signed_out_visitors_are_sent_to_sign_in(client, case, case_urls):
    for url in case_urls.values():
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/")


def test_ids_from_another_case_are_404(ivy, personas, team, case, home_force):
    other = make_case(personas.investigator, team, [PersonFactory(force=home_force)])
    other_subject = other.subjects.get()
    other_allegation = Allegation.objects.get(subject=other_subject)
    urls = [
        reverse("assess-severity", args=[case.reference, other_allegation.pk]),
        reverse("subject-transition", args=[case.reference, other_subject.pk, "no_further_action"]),
        reverse("subject-transition", args=[case.reference, case.subjects.get().pk, "promote"]),
        reverse("case-detail", args=["PSD-2026-999999"]),
    ]
    for url in urls:
        assert ivy.post(url, {"reason": "x", "severity": "misconduct", "rationale": "x"}).status_code == 404, url
    assert not SeverityAssessment.objects.exists()
    assert not StageTransition.objects.exists()


AUTHORITY_ACTIONS = sorted(a for a, t in TRANSITIONS.items() if t.by_authority)


def test_case_to_answer_decisions_are_marked_for_the_appropriate_authority():
    assert AUTHORITY_ACTIONS == ["no_case_to_answer", "refer_to_accelerated", "refer_to_hearing", "refer_to_meeting"]


@pytest.mark.parametrize("action", AUTHORITY_ACTIONS)
def test_case_to_answer_decisions_are_the_appropriate_authoritys(action, as_user, personas, case, put_at):
    subject = case.subjects.get()
    put_at(subject.proceedings, Stage.REPORT)
    url = reverse("subject-transition", args=[case.reference, subject.pk, action])
    data = {"reason": "The report shows a case to answer"}
    for who in ("investigator", "auditor", "investigator_other_team"):
        client = as_user(getattr(personas, who))
        assert client.get(url).status_code == 404, who
        assert client.post(url, data).status_code == 404, who
    assert Proceedings.objects.get(subject=subject).stage == Stage.REPORT
    assert not StageTransition.objects.exists()

    response = as_user(personas.authority).post(url, data)
    assert response.status_code == 302
    assert Proceedings.objects.get(subject=subject).stage == TRANSITIONS[action].target
    assert StageTransition.objects.get().made_by == personas.authority


def test_the_case_page_offers_each_user_only_the_decisions_they_may_take(read, personas, case, put_at):
    subject = case.subjects.get()
    put_at(subject.proceedings, Stage.REPORT)
    url = reverse("case-detail", args=[case.reference])

    def offered(who):
        page = read(getattr(personas, who), url)
        return {action for action in TRANSITIONS if f"/subjects/{subject.pk}/{action}/" in page.content.decode()}

    assert offered("investigator") == {"start_rprp"}
    assert offered("authority") == set(AUTHORITY_ACTIONS)
    assert offered("head") == set(AUTHORITY_ACTIONS) | {"start_rprp"}
    assert offered("auditor") == set()


def test_the_appropriate_authority_cannot_decide_on_a_case_hidden_from_them(as_user, personas, team, officer, put_at):
    restricted = make_case(personas.investigator, team, [officer], sensitivity=Sensitivity.RESTRICTED)
    subject = restricted.subjects.get()
    put_at(subject.proceedings, Stage.REPORT)
    url = reverse("subject-transition", args=[restricted.reference, subject.pk, "refer_to_hearing"])
    assert as_user(personas.authority).post(url, {"reason": "Case to answer"}).status_code == 404
    assert Proceedings.objects.get(subject=subject).stage == Stage.REPORT


def test_the_complainants_contact_details_are_shown_only_to_those_who_change_the_case(read, personas, team, officer):
    case = services.record_case(
        user=personas.investigator,
        details={
            "origin": Origin.PUBLIC_COMPLAINT,
            "received_on": timezone.localdate(),
            "how_received": "email",
            "summary": "Rude at the front desk",
            "team": team,
            "complainant_name": "Pat Public",
        },
        contact={"email": "pat.public@example.org", "telephone": "01632 960001"},
        subjects=[services.SubjectInput(person=officer)],
    )
    url = reverse("case-detail", args=[case.reference])
    for who, shown in [("investigator", True), ("head", True), ("authority", False), ("auditor", False)]:
        user = getattr(personas, who)
        page = read(user, url).content.decode()
        if permissions.can_read_narrative(user, case):  # auditors see case metadata only (tested elsewhere)
            assert "Pat Public" in page, who
        assert ("pat.public@example.org" in page) is shown, who
        assert ("01632 960001" in page) is shown, who


# Decisions posted from the case page -----------------------------------------------------------------------
def test_a_severity_assessment_is_posted_and_shown(ivy, personas, case, case_urls):
    response = ivy.post(case_urls["severity"], {"severity": Severity.GROSS, "rationale": "Racist language"})
    assert response.status_code == 302
    assert response["Location"] == case_urls["detail"]
    assessment = SeverityAssessment.objects.get()
    assert (assessment.severity, assessment.rationale, assessment.assessed_by) == (
        Severity.GROSS,
        "Racist language",
        personas.investigator,
    )
    assert "Gross misconduct" in ivy.get(case_urls["detail"]).content.decode()


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"severity": Severity.GROSS, "rationale": ""}, "rationale", "Give the rationale for this assessment"),
        ({"severity": Severity.GROSS, "rationale": "   "}, "rationale", "Give the rationale for this assessment"),
        ({"severity": "", "rationale": "Because"}, "severity", "Choose a severity"),
        ({"severity": "catastrophic", "rationale": "Because"}, "severity", "Select a valid choice"),
    ],
)
def test_a_bad_severity_post_shows_the_error_and_records_nothing(data, field, message, ivy, case, case_urls):
    response = ivy.post(case_urls["severity"], data)
    assert response.status_code == 200
    assert any(message in e for e in response.context["form"].errors[field])
    assert message in response.content.decode()
    assert not SeverityAssessment.objects.exists()


@pytest.mark.parametrize(
    ("action", "data", "message"),
    [
        (
            "start_investigation",
            {"reason": "Serious"},
            "Assess at least one allegation as misconduct or gross misconduct before starting an investigation.",
        ),
        (
            "lodge_appeal",
            {"reason": "Officer appeals"},
            "“Record an appeal” is not possible while the subject is at “Awaiting severity assessment”.",
        ),
        ("no_further_action", {"reason": "  "}, "Give the reasons for this decision"),
    ],
)
def test_a_refused_transition_shows_why_and_changes_nothing(action, data, message, ivy, case):
    subject = case.subjects.get()
    events_before = TimelineEvent.objects.filter(case=case).count()
    url = reverse("subject-transition", args=[case.reference, subject.pk, action])
    response = ivy.post(url, data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert Proceedings.objects.get(subject=subject).stage == Stage.ASSESSMENT
    assert not StageTransition.objects.exists()
    assert TimelineEvent.objects.filter(case=case).count() == events_before


def test_the_outcome_form_asks_for_finding_and_outcome(ivy, case, put_at):
    subject = case.subjects.get()
    put_at(subject.proceedings, Stage.MEETING, forum=Stage.MEETING)
    url = reverse("subject-transition", args=[case.reference, subject.pk, "record_outcome"])
    response = ivy.post(url, {"reason": "Heard"})
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert errors["finding"] == ["Choose the finding"] and errors["outcome"] == ["Choose the outcome"]
    response = ivy.post(url, {"reason": "Heard", "finding": "misconduct", "outcome": "dismissal"})
    assert response.status_code == 200
    assert "cannot impose “Dismissal without notice”" in response.content.decode()
    response = ivy.post(url, {"reason": "Heard", "finding": "misconduct", "outcome": "final_written_warning"})
    assert response.status_code == 302
    proceedings = Proceedings.objects.get(subject=subject)
    assert (proceedings.stage, proceedings.outcome) == (Stage.OUTCOME, "final_written_warning")


def test_the_appeal_decision_form_asks_for_finding_and_outcome(ivy, case, put_at):
    subject = case.subjects.get()
    put_at(
        subject.proceedings,
        Stage.APPEAL,
        forum=Stage.HEARING,
        finding=Finding.GROSS,
        outcome=Outcome.DISMISSAL,
        barred_list=True,
    )
    url = reverse("subject-transition", args=[case.reference, subject.pk, "decide_appeal"])
    response = ivy.post(url, {"reason": "Appeal heard", "outcome": Outcome.NO_ACTION})
    assert response.status_code == 200
    assert response.context["form"].errors["finding"] == ["Choose the finding"]
    response = ivy.post(url, {"reason": "Appeal heard", "finding": Finding.GROSS, "outcome": Outcome.NO_ACTION})
    assert response.status_code == 200
    assert "When gross misconduct is found" in response.content.decode()
    assert Proceedings.objects.get(subject=subject).stage == Stage.APPEAL
    assert not StageTransition.objects.exists()

    response = ivy.post(url, {"reason": "Appeal allowed", "finding": Finding.NOT_PROVEN, "outcome": Outcome.NO_ACTION})
    assert response.status_code == 302
    proceedings = Proceedings.objects.get(subject=subject)
    assert (proceedings.stage, proceedings.finding, proceedings.outcome, proceedings.barred_list) == (
        Stage.CONCLUDED,
        Finding.NOT_PROVEN,
        Outcome.NO_ACTION,
        False,
    )


def test_a_transition_posted_moves_the_subject_and_returns_to_the_case(ivy, personas, case, case_urls):
    response = ivy.post(case_urls["transition"], {"reason": "No evidence"})
    assert response.status_code == 302
    assert response["Location"] == case_urls["detail"]
    record = StageTransition.objects.get()
    assert (record.action, record.made_by, record.reason) == ("no_further_action", personas.investigator, "No evidence")
    page = ivy.get(case_urls["detail"]).content.decode()
    assert "Dana Whitlock: No further action (with reasons)" in page


def test_closing_from_the_case_page(ivy, personas, case, case_urls):
    response = ivy.post(case_urls["close"], {"reason": "All done"})
    assert response.status_code == 200
    assert "Still open: Dana Whitlock." in response.content.decode()
    assert Case.objects.get(pk=case.pk).status == CaseStatus.OPEN

    ivy.post(case_urls["transition"], {"reason": "No evidence"})
    response = ivy.post(case_urls["close"], {"reason": ""})
    assert response.status_code == 200
    assert response.context["form"].errors["reason"] == ["Give the reasons for closing the case"]
    response = ivy.post(case_urls["close"], {"reason": "Concluded with no further action"})
    assert response.status_code == 302
    case.refresh_from_db()
    assert (case.status, case.closed_by, case.closure_reason) == (
        CaseStatus.CLOSED,
        personas.investigator,
        "Concluded with no further action",
    )
    events = TimelineEvent.objects.filter(case=case).count()
    assert ivy.post(case_urls["close"], {"reason": "Again"}).status_code == 404  # closed: no longer changed
    case.refresh_from_db()
    assert (case.status, case.closure_reason) == (CaseStatus.CLOSED, "Concluded with no further action")
    assert TimelineEvent.objects.filter(case=case).count() == events


# The case list's filters -------------------------------------------------------------------------------------
@pytest.fixture
def listed(personas, team, other_team, home_force, put_at):
    """Three cases with different origins, stages, categories, teams, subjects and summaries."""
    alice = PersonFactory(force=home_force, number="5001", first_name="Alice", last_name="Smith")
    bob = PersonFactory(force=home_force, number="5002", first_name="Bob", last_name="Jones")
    cara = PersonFactory(force=home_force, number="5003", first_name="Cara", last_name="Patel")
    public = make_case(
        personas.investigator,
        team,
        [alice, PersonFactory(force=home_force, first_name="Dan", last_name="Doyle")],
        origin=Origin.PUBLIC_COMPLAINT,
        categories=("sexual-misconduct",),
        summary="Officer shouted at cyclists near the station",
        received_on=timezone.localdate() - timedelta(days=1),
    )
    internal = make_case(
        personas.investigator,
        team,
        [bob],
        origin=Origin.INTERNAL_REPORT,
        categories=("discrimination",),
        summary="Offensive messages in a group chat",
        received_on=timezone.localdate() - timedelta(days=2),
    )
    put_at(Proceedings.objects.get(subject__case=internal), Stage.INVESTIGATION)
    closed = make_case(
        personas.investigator_other_team,
        other_team,
        [cara],
        categories=("social-media",),
        summary="Posted photographs of a crime scene online",
        received_on=timezone.localdate() - timedelta(days=3),
    )
    apply_transition(
        user=personas.investigator_other_team,
        proceedings=Proceedings.objects.get(subject__case=closed),
        action="no_further_action",
        reason="Photographs were the officer's own",
    )
    services.close_case(user=personas.investigator_other_team, case=closed, reason="Concluded")
    return {"public": public, "internal": internal, "closed": closed}


def _listed(client, **params):
    response = client.get(reverse("case-list"), params)
    assert response.status_code == 200
    page = response.context["page"]
    references = [case.reference for case in page.object_list]
    assert len(references) == len(set(references)) == page.paginator.count
    return set(references)


def test_the_case_list_filters_return_the_right_cases(as_user, personas, listed, other_team):
    head = as_user(personas.head)
    public, internal, closed = (listed[k].reference for k in ("public", "internal", "closed"))
    everything = {public, internal, closed}
    expectations = [
        ({}, everything),
        ({"status": "open"}, {public, internal}),
        ({"status": "closed"}, {closed}),
        ({"origin": "public_complaint"}, {public}),
        ({"origin": "internal_report"}, {internal}),
        ({"stage": "assessment"}, {public}),  # two subjects at this stage: listed once
        ({"stage": "investigation"}, {internal}),
        ({"stage": "concluded"}, {closed}),
        ({"stage": "hearing"}, set()),
        ({"category": "discrimination"}, {internal}),
        ({"category": "sexual-misconduct"}, {public}),
        ({"category": "social-media"}, {closed}),
        ({"team": str(other_team.pk)}, {closed}),
        ({"q": public}, {public}),
        ({"q": public.lower()}, {public}),
        ({"q": "Smith"}, {public}),
        ({"q": "alice smith"}, {public}),
        ({"q": "5002"}, {internal}),  # a subject's number
        ({"q": "chat"}, {internal}),  # a word of the summary
        ({"q": "photograph"}, {closed}),  # full text: "photographs" stems to the same word
        ({"q": "cyclist"}, {public}),
        ({"q": "nothing-like-this"}, set()),
        ({"status": "open", "category": "sexual-misconduct"}, {public}),
        ({"status": "closed", "origin": "public_complaint"}, set()),
        ({"status": "bogus", "origin": "bogus", "stage": "bogus", "team": "abc"}, everything),  # ignored
        ({"team": "²", "category": "\x00"}, everything),  # not an id, and nothing once NUL is cleaned
    ]
    for params, expected in expectations:
        assert _listed(head, **params) == expected, params


def test_the_case_list_shows_an_investigator_only_their_teams_cases(as_user, personas, listed, other_team):
    ivy = as_user(personas.investigator)
    assert _listed(ivy) == {listed["public"].reference, listed["internal"].reference}
    assert _listed(ivy, team=str(other_team.pk)) == set()
    assert _listed(ivy, q=listed["closed"].reference) == set()
    assert _listed(ivy, q="Patel") == set()


def test_the_case_list_sorts_and_paginates(as_user, personas, listed):
    head = as_user(personas.head)
    response = head.get(reverse("case-list"), {"sort": "received"})
    assert [c.reference for c in response.context["page"].object_list] == [
        listed[k].reference for k in ("closed", "internal", "public")
    ]
    response = head.get(reverse("case-list"), {"page": "999"})  # past the end: the last page
    assert response.status_code == 200
    assert len(response.context["page"].object_list) == 3
    assert [c.subject_count for c in head.get(reverse("case-list")).context["page"].object_list] == [2, 1, 1]


@pytest.mark.parametrize(
    "params",
    [
        {"page": "-1"},
        {"page": "abc"},
        {"team": "99999999999999999999"},
        {"q": "'\\\");--"},
        {"q": "!!! | & <>"},
        {"category": "no-such-category"},
        {"team": "²"},
        {"q": "a\x00b"},
        {"category": "\x00"},
    ],
    ids=str,
)
def test_odd_case_list_parameters_never_give_a_500(params, as_user, personas, listed):
    client = as_user(personas.head)
    client.raise_request_exception = False
    assert client.get(reverse("case-list"), params).status_code == 200


@pytest.mark.parametrize(
    "params",
    [
        {"q": "Smith", "force": "abc", "unit": "99999999999999999999", "status": "bogus", "page": "x"},
        {"force": "²"},
        {"unit": "²"},
        {"q": "\x00"},
        {"q": "Smith\x00", "force": "\x00", "unit": "1\x00"},
    ],
    ids=str,
)
def test_odd_person_list_parameters_never_give_a_500(params, as_user, personas, listed):
    client = as_user(personas.head)
    client.raise_request_exception = False
    assert client.get(reverse("person-list"), params).status_code == 200


def test_a_reference_with_a_nul_byte_is_404(ivy, case):
    subject = case.subjects.get()
    allegation = Allegation.objects.get(subject=subject)
    ivy.raise_request_exception = False
    for reference in ("PSD%00", f"{case.reference}%00"):
        for path in (
            f"/cases/{reference}/",
            f"/cases/{reference}/allegations/{allegation.pk}/severity/",
            f"/cases/{reference}/subjects/{subject.pk}/no_further_action/",
            f"/cases/{reference}/close/",
        ):
            assert ivy.get(path).status_code == 404, path
            assert ivy.post(path, {"reason": "x", "severity": "misconduct", "rationale": "x"}).status_code == 404, path
    _assert_case_untouched(case)


# The person page -----------------------------------------------------------------------------------------------
@pytest.fixture
def history(personas, team, other_team, home_force):
    """Dana's conduct history: three cases of ivy's team, one of tom's; Ed shares one case."""
    dana = PersonFactory(force=home_force, first_name="Dana", last_name="Doe")
    ed = PersonFactory(force=home_force, first_name="Ed", last_name="Eve")
    ivy, tom = personas.investigator, personas.investigator_other_team
    return {
        "dana": dana,
        "first": make_case(ivy, team, [dana, ed], categories=("sexual-misconduct",), description="Touched a colleague"),
        "second": make_case(
            ivy, team, [dana], categories=("sexual-misconduct", "discrimination"), description="Sexist remarks"
        ),
        "third": make_case(ivy, team, [dana], categories=("social-media",), description="Posted a video"),
        "hidden": make_case(tom, other_team, [dana], categories=("sexual-misconduct",), description="Secret matter"),
    }


def test_the_person_page_shows_their_cases_and_allegations_with_category_counts(as_user, personas, history):
    response = as_user(personas.investigator).get(reverse("person-detail", args=[history["dana"].pk]))
    assert response.status_code == 200
    page = response.content.decode()
    for key in ("first", "second", "third"):
        assert history[key].reference in page
    for description in ("Touched a colleague", "Sexist remarks", "Posted a video"):
        assert description in page
    assert history["hidden"].reference not in page and "Secret matter" not in page
    assert "1 further case you do not have access to" in page

    counts = [(c.code, c.n) for c in response.context["category_counts"]]
    # Ed's allegation in the first case and the hidden case's are not Dana's visible ones.
    assert counts == [("sexual-misconduct", 2), ("discrimination", 1), ("social-media", 1)]
    assert "Sexual misconduct: 2" in page


def test_the_head_sees_the_whole_history_on_the_person_page(read, personas, history):
    response = read(personas.head, reverse("person-detail", args=[history["dana"].pk]))
    counts = dict((c.code, c.n) for c in response.context["category_counts"])
    assert counts == {"sexual-misconduct": 3, "discrimination": 1, "social-media": 1}
    assert response.context["hidden_cases"] == 0
    assert history["hidden"].reference in response.content.decode()


def test_the_person_page_is_404_outside_the_register(read, personas, history):
    url = reverse("person-detail", args=[history["dana"].pk])
    assert read(personas.admin, url).status_code == 200  # administrators keep the register
    assert read(personas.head, reverse("person-detail", args=[999999])).status_code == 404


# Query counts do not grow with data ---------------------------------------------------------------------------
# Bounds measured (list 10; case page 22-24 and person page 21, consultation logging and change history included) at
# both sizes, plus a little headroom. Each page is read once first, so the s.62 purpose is stated.
LIST_QUERIES = 12
CASE_PAGE_QUERIES = 30  # + the change history (one query when unchanged); + the IOPC referral banner; + duty decisions
PERSON_PAGE_QUERIES = 25  # + early-warning flags and monitoring for managers (2)


@pytest.mark.parametrize("cases", [30, 60])
def test_the_case_list_query_count_does_not_grow(
    cases, as_user, personas, team, home_force, django_assert_max_num_queries
):
    people = [PersonFactory(force=home_force) for _ in range(3)]
    for index in range(cases):
        make_case(personas.investigator, team, people[: 1 + index % 3], categories=("other", "social-media"))
    for who in ("investigator", "head"):
        client = as_user(getattr(personas, who))
        for page in ("1", "2"):  # page 2 holds 5 cases of 30, 25 of 60
            with django_assert_max_num_queries(LIST_QUERIES):
                response = client.get(reverse("case-list"), {"page": page, "status": "open"})
            assert response.status_code == 200
        assert response.context["page"].paginator.count == cases


@pytest.mark.parametrize(("subjects", "events"), [(2, 10), (10, 50)])
def test_the_case_page_query_count_does_not_grow(
    subjects, events, client, read, personas, team, home_force, django_assert_max_num_queries
):
    people = [PersonFactory(force=home_force) for _ in range(subjects)]
    case = make_case(personas.investigator, team, people, categories=("other", "discrimination"))
    for allegation in Allegation.objects.filter(subject__case=case):
        for severity in (Severity.MISCONDUCT, Severity.GROSS):
            services.assess_severity(user=personas.head, allegation=allegation, severity=severity, rationale="r")
    for index in range(events - TimelineEvent.objects.filter(case=case).count()):
        record_event(case, kind=EventKind.NOTE, summary=f"Note {index}", actor=personas.authority)
    assert TimelineEvent.objects.filter(case=case).count() == events
    url = reverse("case-detail", args=[case.reference])
    for who in ("investigator", "head", "authority", "auditor"):
        assert read(getattr(personas, who), url).status_code == 200  # the same client, signed in as `who`
        with django_assert_max_num_queries(CASE_PAGE_QUERIES):
            response = client.get(url)
        assert response.status_code == 200
        assert response.content.decode().count('data-testid="subject"') == subjects


@pytest.mark.parametrize(("cases", "per_case"), [(1, 5), (8, 5)])
def test_the_person_page_query_count_does_not_grow(
    cases, per_case, client, read, personas, team, home_force, django_assert_max_num_queries
):
    person = PersonFactory(force=home_force)
    for _ in range(cases):
        subject = make_case(personas.investigator, team, [person], categories=("sexual-misconduct",)).subjects.get()
        for _ in range(per_case - 1):
            services.record_allegation(
                user=personas.investigator,
                subject=subject,
                data=services.AllegationInput(
                    description="Another allegation",
                    standards=list(Standard.objects.all()[:2]),
                    categories=list(AllegationCategory.objects.filter(code__in=["other", "dishonesty"])),
                ),
            )
    assert Allegation.objects.filter(subject__person=person).count() == cases * per_case  # 5, then 40
    url = reverse("person-detail", args=[person.pk])
    for who in ("investigator", "head", "admin"):
        assert read(getattr(personas, who), url).status_code == 200  # the same client, signed in as `who`
        with django_assert_max_num_queries(PERSON_PAGE_QUERIES):
            response = client.get(url)
        assert response.status_code == 200
        assert len(response.context["subjects"]) == (0 if who == "admin" else cases)  # admins see no cases


# Property-based: garbage in the intake form -----------------------------------------------------------------
GARBAGE_SETTINGS = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
    database=None,  # keep the working tree clean; a failure prints its example
)
garbage = st.text(max_size=40)  # any unicode, NUL and control characters included


def _maybe(valid):
    """Mostly the valid value (so some posts are valid as a whole), otherwise arbitrary text."""
    return st.integers(0, 4).flatmap(lambda pick: st.just(valid) if pick else garbage)


def _as_lists(data):
    return {k: list(v) if isinstance(v, list | tuple) else [v] for k, v in data.items()}


def _set_intake(client, state):
    session = client.session
    if state is None:
        session.pop(INTAKE, None)
    else:
        session[INTAKE] = state
    session.save()


def _mutated(draw, valid: dict):
    """Each field of a valid step kept, replaced by garbage, or left out."""
    result = {}
    for key, value in valid.items():
        choice = draw(st.sampled_from(["keep", "keep", "keep", "keep", "garbage", "drop"]))
        if choice == "keep":
            result[key] = value
        elif choice == "garbage":
            result[key] = draw(st.lists(garbage, min_size=1, max_size=3))
    return result


def _valid_allegations(register):
    """Answers for the subjects "1001" (Ann) and "met 2002" (Cat), keyed by person."""
    return _as_lists(
        {
            **allegation_data(prefix(register["first"]), description="First", categories=("other",)),
            **allegation_data(
                prefix(register["met"]), description="Second", categories=("discrimination", "dishonesty")
            ),
        }
    )


@GARBAGE_SETTINGS
@given(data=st.data())
def test_garbage_in_the_details_step_never_gives_a_500(data, ivy, personas, team):
    from conduct.cases.forms import CaseDetailsForm

    _set_intake(ivy, None)
    valid = details_data(team)
    post = {key: data.draw(_maybe(value), label=key) for key, value in valid.items()}
    before = Case.objects.count()
    ivy.raise_request_exception = False
    response = ivy.post(reverse("case-new"), post)
    event(f"status {response.status_code}")
    assert response.status_code in {200, 302}
    if response.status_code == 302:
        assert response["Location"] == reverse("case-new-subjects")
        assert CaseDetailsForm(post, user=personas.investigator).is_valid()
        assert ivy.session[INTAKE]["details"] == _as_lists(post)
    else:
        assert not CaseDetailsForm(post, user=personas.investigator).is_valid()
        assert "details" not in ivy.session.get(INTAKE, {})
    assert Case.objects.count() == before


@GARBAGE_SETTINGS
@given(data=st.data())
def test_garbage_in_the_subjects_step_never_gives_a_500(data, ivy, team, register):
    _set_intake(ivy, {"details": _as_lists(details_data(team))})
    lines = data.draw(
        st.lists(
            st.integers(0, 3).flatmap(
                lambda pick: st.sampled_from(["1001", "1002", "met 2002", "HOME 1001", "9999"]) if pick else garbage
            ),
            max_size=5,
        )
    )
    separator = data.draw(st.sampled_from(["\n", "\r\n", "\n\n", " ", ","]))
    before = Case.objects.count()
    ivy.raise_request_exception = False
    response = ivy.post(reverse("case-new-subjects"), {"numbers": separator.join(lines)})
    event(f"status {response.status_code}")
    assert response.status_code in {200, 302}
    if response.status_code == 302:
        assert response["Location"] == reverse("case-new-allegations")
        assert ivy.session[INTAKE]["subjects"] == {"numbers": [separator.join(lines)]}
    else:
        assert response.context["form"].errors
        assert "subjects" not in ivy.session[INTAKE]
    assert Case.objects.count() == before


@st.composite
def intake_states(draw, team, register):
    """A session as the wizard could have left it, with any step missing, tampered with or stale."""
    state = {}
    details = draw(st.sampled_from(["valid", "valid", "mutated", "missing"]))
    if details != "missing":
        valid = _as_lists(details_data(team))
        state["details"] = valid if details == "valid" else _mutated(draw, valid)
    subjects = draw(st.sampled_from(["valid", "valid", "garbage", "missing"]))
    if subjects == "valid":
        state["subjects"] = {"numbers": ["1001\nmet 2002"]}
    elif subjects == "garbage":
        state["subjects"] = {"numbers": draw(st.lists(garbage, max_size=2))}
    allegations = draw(st.sampled_from(["valid", "valid", "mutated", "missing"]))
    if allegations != "missing":
        valid = _valid_allegations(register)
        state["allegations"] = valid if allegations == "valid" else _mutated(draw, valid)
    return state


@GARBAGE_SETTINGS
@given(data=st.data())
def test_garbage_in_the_allegations_step_never_gives_a_500(data, ivy, team, register):
    state = data.draw(intake_states(team, register), label="session")
    _set_intake(ivy, state)
    post = _mutated(data.draw, _valid_allegations(register))
    stray = [
        f"{prefix(register['first'])}-description",
        f"{prefix(register['second'])}-categories",  # Ben is not a subject of this intake
        "s0-description",  # the old positional prefix
        "x",
    ]
    post.update(data.draw(st.dictionaries(st.sampled_from(stray), garbage)))
    before = Case.objects.count()
    ivy.raise_request_exception = False
    response = ivy.post(reverse("case-new-allegations"), post)
    event(f"status {response.status_code} {response.get('Location', '')}")
    assert response.status_code in {200, 302}
    assert Case.objects.count() == before
    if response.status_code == 302 and response["Location"] == reverse("case-new-check"):
        assert ivy.session[INTAKE]["allegations"] == _as_lists(post)
    elif response.status_code == 200:
        assert response.context["errors"]


def _intake_is_valid(state, user):
    """Independent of the views: does every step of this session state validate?"""
    from django.utils.datastructures import MultiValueDict

    from conduct.cases.forms import AllegationForm, CaseDetailsForm, SubjectsForm

    if not {"details", "subjects", "allegations"} <= state.keys():
        return False
    subjects = SubjectsForm(MultiValueDict(state["subjects"]))
    if not CaseDetailsForm(MultiValueDict(state["details"]), user=user).is_valid() or not subjects.is_valid():
        return False
    allegations = MultiValueDict(state["allegations"])
    return all(
        AllegationForm(allegations, prefix=prefix(person)).is_valid() for person in subjects.cleaned_data["numbers"]
    )


@GARBAGE_SETTINGS
@given(data=st.data())
def test_the_check_step_records_a_case_only_when_every_step_is_valid(data, ivy, personas, team, register):
    state = data.draw(intake_states(team, register), label="session")
    _set_intake(ivy, state)
    expected = _intake_is_valid(state, personas.investigator)
    event(f"every step valid: {expected}")
    before = Case.objects.count()
    ivy.raise_request_exception = False
    response = ivy.post(reverse("case-new-check"))
    assert response.status_code == 302
    if expected:
        case = Case.objects.latest("id")
        assert Case.objects.count() == before + 1
        assert response["Location"] == reverse("case-detail", args=[case.reference])
        assert [s.person.number for s in case.subjects.all()] == ["1001", "2002"]
        assert Allegation.objects.filter(subject__case=case).count() == 2
        assert INTAKE not in ivy.session
    else:
        assert Case.objects.count() == before
        assert response["Location"] == reverse("case-new")


def _answer_for_ann_and_ben(ivy, team, register):
    ivy.post(reverse("case-new"), details_data(team))
    ivy.post(reverse("case-new-subjects"), {"numbers": "1001\n1002"})
    response = ivy.post(
        reverse("case-new-allegations"),
        {
            **allegation_data(prefix(register["first"]), description="What Ann did", categories=("other",)),
            **allegation_data(prefix(register["second"]), description="What Ben did", categories=("other",)),
        },
    )
    assert response["Location"] == reverse("case-new-check")


def test_changing_the_subjects_never_moves_an_allegation_to_another_person(ivy, team, register):
    _answer_for_ann_and_ben(ivy, team, register)
    ivy.post(reverse("case-new-subjects"), {"numbers": "1002\n1001"})  # back a step; same people, new order
    response = ivy.post(reverse("case-new-check"))
    case = Case.objects.get()
    assert response["Location"] == reverse("case-detail", args=[case.reference])
    assert [s.person for s in case.subjects.all()] == [register["second"], register["first"]]
    recorded = set(Allegation.objects.values_list("subject__person__first_name", "description"))
    assert recorded == {("Ann", "What Ann did"), ("Ben", "What Ben did")}


def test_a_new_subject_needs_their_own_allegation_before_the_case_is_recorded(ivy, team, register):
    _answer_for_ann_and_ben(ivy, team, register)
    ivy.post(reverse("case-new-subjects"), {"numbers": "1001\nmet 2002"})  # Ben replaced by Cat
    response = ivy.post(reverse("case-new-check"))
    assert response["Location"] == reverse("case-new")
    assert not Case.objects.exists()
    forms = dict(ivy.get(reverse("case-new-allegations")).context["forms"])
    assert forms[register["first"]]["description"].value() == "What Ann did"
    assert not forms[register["met"]]["description"].value()  # Ben's answer is not handed to Cat


@pytest.mark.parametrize(
    "page",
    [
        "severity",
        "transition",
        "close",
    ],
)
def test_a_closed_case_takes_no_more_decisions(page, as_user, personas, case, case_urls):
    ivy = as_user(personas.investigator)
    assert ivy.post(case_urls["transition"], {"reason": "No evidence"}).status_code == 302
    assert ivy.post(case_urls["close"], {"reason": "Concluded"}).status_code == 302
    assert Case.objects.get(pk=case.pk).status == CaseStatus.CLOSED
    events = TimelineEvent.objects.filter(case=case).count()
    transitions = StageTransition.objects.count()
    for who in ("investigator", "head"):
        client = as_user(getattr(personas, who))
        assert client.get(case_urls[page]).status_code == 404, who
        assert client.post(case_urls[page], POSTS[page]).status_code == 404, who
    assert as_user(personas.investigator).get(case_urls["detail"]).status_code == 200  # still readable
    assert not SeverityAssessment.objects.exists()
    assert StageTransition.objects.count() == transitions
    assert TimelineEvent.objects.filter(case=case).count() == events
    case.refresh_from_db()
    assert (case.status, case.closure_reason) == (CaseStatus.CLOSED, "Concluded")


def test_case_list_filters_by_investigator_subjects_force_and_received_dates(as_user, personas, team, home_force):
    from datetime import date

    from casework.models import Force
    from tests.factories import PersonFactory, make_case

    other_force = Force.objects.create(code="northshire", name="Northshire Police")
    early = make_case(
        personas.investigator,
        team,
        [PersonFactory(force=home_force)],
        received_on=date(2025, 3, 1),
        investigator=personas.investigator,
    )
    late = make_case(personas.investigator, team, [PersonFactory(force=other_force)], received_on=date(2026, 6, 1))
    ivy = as_user(personas.investigator)

    def listed(**params):
        return {c.reference for c in ivy.get("/cases/", params).context["page"].object_list}

    assert listed(investigator=personas.investigator.pk) == {early.reference}
    assert listed(force=other_force.pk) == {late.reference}
    assert listed(received_from="01/01/2026") == {late.reference}
    assert listed(received_to="2025-12-31") == {early.reference}
    assert listed(received_from="not a date") >= {early.reference, late.reference}
