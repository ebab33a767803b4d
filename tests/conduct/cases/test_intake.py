"""The intake wizard through the Django test client: details, subjects, allegations and the
check page; field errors that keep nothing; who may record a case, and for which team."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from casework.models import Case, TimelineEvent
from casework.models.cases import EventKind, Origin
from conduct.models import (
    Allegation,
    CriminalInvestigation,
    Stage,
)
from tests.conduct.cases.helpers import (
    INTAKE,
    _as_lists,
    _set_intake,
    _valid_allegations,
    allegation_data,
    details_data,
    prefix,
)

pytestmark = pytest.mark.django_db


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
        ("9999", "No one on the register matches “9999”"),
        ("met 1001", "No one on the register matches “met 1001”"),
        ("1001\n1001", "Ann Archer (1001) is listed twice"),
        ("1001\nHOME 1001", "Ann Archer (1001) is listed twice"),
        ("met 2002 extra", "No one on the register matches “met 2002 extra”"),
        ("  \n  ", "Enter the name or number of at least one person"),
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
    assert response.context["form"].errors["numbers"] == [
        "No one on the register matches “7777”. Check the spelling, or enter their warrant, collar or staff number"
    ]


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
    assert any("Select the owning team from the list" in error for error in response.context["form"].errors["team"])
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
    [
        ("case-new", ("summary", "Enter the summary of the matter")),
        ("case-new-subjects", ("numbers", "Enter the name or number of at least one person")),
        ("case-new-allegations", None),
    ],
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
        field, message = required
        assert response.context["form"].errors[field] == [message]
    else:
        assert response.context["errors"]
    assert ivy.session[INTAKE] == stored
    assert not Case.objects.exists()


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
