"""The Home Office return (issue 21, point 4): its rows on cases finalised through the real
workflows, the finalised rule (an appeal pending, a complainant's review pending: not in the year),
what stops a case and the link that fixes it, the suspension figures, who may see it (404 to anyone
else), the streamed CSV and the confirmation it needs with cases flagged, and bad years."""

from datetime import date, timedelta
from urllib.parse import urlencode

import pytest
from django.http import StreamingHttpResponse
from django.urls import reverse
from django.utils import timezone

from casework.models import Consultation
from conduct.appeals import services as appeals
from conduct.cases import hooks
from conduct.cases.lifecycle import apply_transition
from conduct.models import (
    Allegation,
    AppealGround,
    Appellant,
    Approval,
    CaseRoute,
    ComplaintOutcome,
    DecisionState,
    DutyDecision,
    DutyKind,
    Finding,
    Outcome,
    OutcomeState,
    ReviewBody,
    Severity,
    Stage,
)
from conduct.returns import columns, selectors
from conduct.returns.forms import YearForm
from notifications.models import Correspondence, LetterTemplate
from tests.factories import PersonFactory, make_case

pytestmark = pytest.mark.django_db

YEAR = selectors.current_year()
URL = reverse("home-office-return")


def _rows():
    return [dict(zip(columns.HEADER, row, strict=True)) for row in selectors.rows(YEAR)]


@pytest.fixture
def meeting_outcome(personas, proceedings, put_at, assess):
    """A misconduct meeting's final written warning for the case's officer, through the lifecycle."""
    assess(Allegation.objects.get(subject=proceedings.subject), Severity.MISCONDUCT)
    put_at(proceedings, Stage.MEETING, forum=Stage.MEETING)
    apply_transition(
        user=personas.investigator,
        proceedings=proceedings,
        action="record_outcome",
        reason="The evidence supports it.",
        finding=Finding.MISCONDUCT,
        outcome=Outcome.FINAL_WRITTEN_WARNING,
    )
    proceedings.refresh_from_db()
    return proceedings


def test_a_finalised_case_is_one_row_per_allegation_with_its_columns(case, officer, characterise, finalise):
    characterise(officer, sex="male", ethnicity="black_african", born=date(1990, 5, 17))
    finalise(case)
    (row,) = _rows()
    assert row["Case reference"] == case.reference and (row["Subject"], row["Allegation"]) == (1, 1)
    assert row["Subject type"] == "Police officer" and row["Regulations"] == columns.REGIME
    assert row["Ethnicity"] == "Black, Black British, Black Welsh, Caribbean or African" and row["Sex"] == "Male"
    age = selectors.age_band(date(1990, 5, 17), case.received_on)
    assert row["Age band"] == age and age in columns.AGES
    assert (row["Allegation type"], row["Standard breached"]) == ("Other", "Discreditable conduct")
    assert (row["Case to answer"], row["Action taken"]) == (columns.NO_CASE, columns.NFA)
    assert (row["Proceedings type"], row["Finding"], row["Appeal"]) == ("", "", "None")
    assert (row["Criminal proceedings"], row["Suspended"]) == ("No", "No")
    today = timezone.localdate().isoformat()
    assert (row["Date received"], row["Date finalised"]) == (case.received_on.isoformat(), today)
    for column in columns.COLUMNS:
        if column.allowed:
            assert row[column.name] in (*column.allowed, ""), column.name


def test_an_appeal_pending_keeps_the_case_out_of_the_year(personas, meeting_outcome, characterise, officer):
    characterise(officer)
    hooks.outcome_notified(proceedings=meeting_outcome, notified_on=timezone.localdate(), user=personas.authority)
    appeals.lodge_appeal(
        user=personas.investigator,
        proceedings=meeting_outcome,
        appellant=Appellant.OFFICER,
        lodged_on=timezone.localdate(),
        grounds=[AppealGround.UNREASONABLE],
        grounds_detail="Out of proportion.",
    )
    assert _rows() == []
    assert selectors.validate(YEAR, back=URL).cases == 0


def test_a_complaint_with_its_review_pending_is_not_in_the_year(personas, case, officer, characterise, finalise):
    characterise(officer)
    CaseRoute.objects.filter(case=case).update(
        matter_type="complaint", handling="investigation", special_procedures=True
    )
    finalise(case)
    outcome = ComplaintOutcome.objects.create(
        case=case,
        findings="Found.",
        outcome="No further action.",
        review_body=ReviewBody.LOCAL_POLICING_BODY,
        review_body_computed=ReviewBody.LOCAL_POLICING_BODY,
        recorded_by=personas.investigator,
    )
    letter = Correspondence.objects.create(
        kind="complaint_outcome",
        case=case,
        recipient_name="Jo Bloggs",
        recipient_email="jo.bloggs@example.org",
        template=LetterTemplate.objects.filter(kind="complaint_outcome").first(),
        subject="The outcome of your complaint",
        body="The outcome.",
        idempotency_key="test:complaint-outcome",
        message_id="<test-complaint-outcome@example.org>",
        created_by=personas.investigator,
    )
    # Approved, and the complainant may still apply for a review for another 20 days.
    ComplaintOutcome.objects.filter(pk=outcome.pk).update(
        state=OutcomeState.APPROVED,
        letter=letter,
        approved_by=personas.authority,
        review_due_on=timezone.localdate() + timedelta(days=20),
    )
    assert _rows() == []
    # Once the period is over unapplied for (dated back), the complaint is in, as a complaint.
    ComplaintOutcome.objects.filter(pk=outcome.pk).update(review_due_on=timezone.localdate() - timedelta(days=1))
    if selectors.current_year(timezone.localdate() - timedelta(days=1)) == YEAR:
        (row,) = _rows()
        assert row["Case type"] == columns.COMPLAINT


def test_a_complaint_not_under_special_procedures_is_outside_the_collection(case, officer, characterise, finalise):
    characterise(officer)
    CaseRoute.objects.filter(case=case).update(matter_type="complaint", handling="otherwise", mode="")
    finalise(case)
    assert _rows() == [] or all(r["Case reference"] != case.reference for r in _rows())


def test_the_outcome_of_proceedings_and_the_suspension(personas, meeting_outcome, officer, characterise):
    characterise(officer)
    DutyDecision.objects.create(
        subject=meeting_outcome.subject,
        kind=DutyKind.SUSPEND,
        state=DecisionState.ENDED,
        redeployment_considered_reason="No post away from the public.",
        ground="public_interest",
        ground_reasoning="The nature of the allegation.",
        approval=Approval.URGENT_ORAL,
        public_facing=False,
        decided_by=personas.authority,
        decided_at=timezone.now(),
        decision_reasons="The allegation is serious.",
        end_reason="Lifted on review.",
        ended_by=personas.authority,
        effective_on=YEAR.start + timedelta(days=1),
        ends_on=YEAR.start + timedelta(days=10),
    )
    apply_transition(
        user=personas.investigator, proceedings=meeting_outcome, action="finalise_outcome", reason="No appeal."
    )
    (row,) = _rows()
    assert (row["Case to answer"], row["Action taken"]) == (columns.MISCONDUCT, columns.PROCEEDINGS)
    assert (row["Proceedings type"], row["Finding"]) == ("Misconduct meeting", "Misconduct found")
    assert row["Disciplinary action"] == "Final written warning" and row["Suspended"] == "Yes"
    assert row["Date of finding"] == timezone.localdate().isoformat()
    table = {line[0]: line[1:] for line in selectors.suspension_table(YEAR)}
    assert table["Police officer"] == [1, 1, 0, 10, 10] and table["All"] == [1, 1, 0, 10, 10]
    assert table["Police staff"] == [0, 0, 0, "", ""]


def test_the_validation_says_why_and_links_to_the_fix(as_user, personas, team, home_force, characterise, finalise):
    whole = PersonFactory(force=home_force, first_name="Whole", last_name="Record")
    bare = PersonFactory(force=home_force, first_name="Bare", last_name="Record")
    characterise(whole)
    clean_case = finalise(make_case(personas.investigator, team, [whole]))
    flagged = finalise(make_case(personas.investigator, team, [bare], standards=()))
    CaseRoute.objects.filter(case=flagged).update(to_review=True)
    check = selectors.validate(YEAR, back=URL)
    assert (check.cases, check.rows) == (2, 2) and list(check.flagged) == [flagged.reference]
    reasons = {r.text: r for r in check.flagged[flagged.reference].reasons}
    missing = reasons["Bare Record: no sex, ethnic group, date of birth recorded"]
    assert missing.url == f"{reverse('person-characteristics', args=[bare.pk])}?{urlencode({'next': URL})}"
    assert reasons["The case type was defaulted, never decided"].url == reverse("case-route", args=[flagged.reference])
    assert reasons["Allegation 1 of Bare Record names no Standard"].url == flagged.get_absolute_url()
    assert clean_case.reference not in check.flagged

    page = as_user(personas.admin).get(URL, {"year": str(YEAR.start_year)}).content.decode()
    assert 'data-testid="flagged-count">1<' in page and missing.url.replace("&", "&amp;") in page
    assert "Export anyway with 1 case flagged" in page
    assert Consultation.objects.filter(kind="export", user=personas.admin).exists()

    # Recorded by hand, the characteristics leave the case flagged only for its other reasons.
    characterise(bare)
    reasons = [r.text for r in selectors.validate(YEAR, back=URL).flagged[flagged.reference].reasons]
    assert not any("no sex" in text for text in reasons)


def test_the_csv_is_streamed_and_needs_the_confirmation_with_cases_flagged(
    as_user, personas, team, home_force, characterise, finalise
):
    whole = PersonFactory(force=home_force)
    characterise(whole)
    case = finalise(make_case(personas.investigator, team, [whole]))
    client = as_user(personas.admin)
    url = reverse("home-office-return-csv")
    response = client.get(url, {"year": str(YEAR.start_year)})
    assert isinstance(response, StreamingHttpResponse) and response["Content-Type"] == "text/csv"
    assert f"home-office-misconduct-return-{YEAR.label}.csv" in response["Content-Disposition"]
    lines = b"".join(response.streaming_content).decode().splitlines()
    assert lines[0].split(",")[:3] == ["Case reference", "Subject", "Allegation"]
    assert lines[1].startswith(f"{case.reference},1,1,") and len(lines) == 2
    entry = Consultation.objects.filter(kind="export").latest("at")
    assert "export with protected characteristics (0 cases flagged)" in entry.purpose

    finalise(make_case(personas.investigator, team, [PersonFactory(force=home_force)]))  # no characteristics
    response = client.get(url, {"year": str(YEAR.start_year)})
    assert response.status_code == 302 and response["Location"] == f"{URL}?year={YEAR.start_year}"
    assert "1 case is flagged" in client.get(response["Location"]).content.decode()
    assert client.get(url, {"year": str(YEAR.start_year), "confirm": "2"}).status_code == 302  # not what is true
    response = client.get(url, {"year": str(YEAR.start_year), "confirm": "1"})
    assert len(b"".join(response.streaming_content).decode().splitlines()) == 3


def test_everyone_but_the_administrator_gets_404(client, personas):
    for user in (personas.investigator, personas.authority, personas.head, personas.auditor):
        client.force_login(user)
        for name in ("home-office-return", "home-office-return-csv", "home-office-return-suspensions-csv"):
            assert client.get(reverse(name), {"year": "2025"}).status_code == 404, (user, name)
    client.logout()
    assert client.get(URL).status_code == 302


def test_the_suspension_figures_as_csv(as_user, personas):
    response = as_user(personas.admin).get(reverse("home-office-return-suspensions-csv"), {"year": "2025"})
    lines = response.content.decode().splitlines()
    assert lines[0].startswith("Person type,Suspensions started") and lines[-1].startswith("All,0,0,0")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "Enter the financial year"),
        ("last year", "Enter the financial year as the year it starts"),
        ("2025-27", "A financial year runs from April to the next March"),
        ("2015", "Enter a financial year from 2019"),
        ("2999", "Enter a financial year from 2019"),
    ],
)
def test_a_bad_year_is_said_never_a_500(as_user, personas, text, message):
    client = as_user(personas.admin)
    response = client.get(URL, {"year": text})
    assert response.status_code == 200 and message in response.content.decode()
    response = client.get(reverse("home-office-return-csv"), {"year": text})
    assert response.status_code == 302
    assert message in client.get(response["Location"]).content.decode()


def test_a_year_reads_as_its_start_or_both_years():
    assert YearForm({"year": "2024-25"}).is_valid() and YearForm({"year": "2024/2025"}).is_valid()
    form = YearForm({"year": " 2024 "})
    assert form.is_valid() and form.cleaned_data["year"].long_label == "1 April 2024 to 31 March 2025"
