"""Clock rules as data (seeded, edited by administrators, history kept) and the clocks the domain
services start, meet and stop at their events (conduct.cases.clocks)."""

from datetime import date, datetime

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import DatabaseError, connection, transaction
from django.urls import reverse

from casework.calendar import LONDON, end_of_day
from casework.models import Deadline, DeadlineState, NonWorkingDay
from casework.roles import Role
from conduct.cases import changes, clocks, services
from conduct.cases.lifecycle import apply_transition
from conduct.models import ClockRule, ClockUnit, Finding, Outcome, RuleStatus, Severity, Stage

pytestmark = pytest.mark.django_db

# Friday 18 December 2026, 10:00 in London: a week before Christmas.
FRIDAY = datetime(2026, 12, 18, 10, 0, tzinfo=LONDON)
REASON = "Reasons recorded for the test."

# DOMAIN.md "Other clocks", plus the access-justification response (force policy).
EXPECTED_RULES = {
    "suspension_written_confirmation": (3, ClockUnit.WORKING_DAYS, RuleStatus.CONFIRMED),
    "suspension_representations": (7, ClockUnit.WORKING_DAYS, RuleStatus.TO_CONFIRM),
    "suspension_review": (4, ClockUnit.WEEKS, RuleStatus.TO_CONFIRM),
    "iopc_referral": (1, ClockUnit.END_OF_NEXT_DAY, RuleStatus.TO_CONFIRM),
    "reg17_written_statement": (10, ClockUnit.WORKING_DAYS, RuleStatus.TO_CONFIRM),
    "reg20_alternative_interview": (5, ClockUnit.WORKING_DAYS, RuleStatus.CONFIRMED),
    "investigation_12_months": (12, ClockUnit.MONTHS, RuleStatus.CONFIRMED),
    "investigation_6_monthly_report": (6, ClockUnit.MONTHS, RuleStatus.CONFIRMED),
    "reg31_response": (15, ClockUnit.WORKING_DAYS, RuleStatus.CONFIRMED),
    "witness_lists": (3, ClockUnit.WORKING_DAYS, RuleStatus.CONFIRMED),
    "pre_hearing": (15, ClockUnit.WORKING_DAYS, RuleStatus.CONFIRMED),
    "reg43_findings_report": (5, ClockUnit.WORKING_DAYS, RuleStatus.CONFIRMED),
    "outcome_publication": (28, ClockUnit.CALENDAR_DAYS, RuleStatus.TO_CONFIRM),
    "rprp_account": (5, ClockUnit.WORKING_DAYS, RuleStatus.CONFIRMED),
    "complainant_review": (28, ClockUnit.CALENDAR_DAYS, RuleStatus.CONFIRMED),
    "access_justification_response": (10, ClockUnit.WORKING_DAYS, RuleStatus.TO_CONFIRM),
    # Schedule 3 investigations (routes).
    "cm_reg20_representations": (10, ClockUnit.WORKING_DAYS, RuleStatus.TO_CONFIRM),
    "cm_investigation_12_months": (12, ClockUnit.MONTHS, RuleStatus.CONFIRMED),  # reg 13(3)(a) read
    # The life of warnings (reg 42).
    "written_warning_life": (18, ClockUnit.MONTHS, RuleStatus.TO_CONFIRM),
    "final_written_warning_life": (24, ClockUnit.MONTHS, RuleStatus.TO_CONFIRM),
    "final_written_warning_extension": (18, ClockUnit.MONTHS, RuleStatus.TO_CONFIRM),
    "criminal_proceedings_pause_review": (4, ClockUnit.WEEKS, RuleStatus.TO_CONFIRM),  # force policy
    "iopc_recommendation_response": (56, ClockUnit.CALENDAR_DAYS, RuleStatus.CONFIRMED),  # PRA Sch 3 para 28B
    # The complainant (conduct/complaints).
    "complainant_update": (4, ClockUnit.WEEKS, RuleStatus.CONFIRMED),
    "complainant_outcome_notice": (5, ClockUnit.WORKING_DAYS, RuleStatus.TO_CONFIRM),
    "review_recommendation_response": (56, ClockUnit.CALENDAR_DAYS, RuleStatus.TO_CONFIRM),
    # Force policy, not law (issue 20): a duty decision for someone at risk on public-facing duty.
    "duty_decision_due": (2, ClockUnit.WORKING_DAYS, RuleStatus.TO_CONFIRM),
    # The Barred List report (conduct/lists): 2017 Regulations reg 3(1), read.
    "barred_list_report": (5, ClockUnit.WORKING_DAYS_BEGINNING_WITH, RuleStatus.CONFIRMED),
    # Issue 21: the Advisory List report (reg 12(1), read); the further reports (s.88F, s.88L): the
    # period their regulations set was not read, 5 working days assumed.
    "advisory_list_report": (5, ClockUnit.WORKING_DAYS_BEGINNING_WITH, RuleStatus.CONFIRMED),
    "advisory_list_removal_report": (5, ClockUnit.WORKING_DAYS_BEGINNING_WITH, RuleStatus.TO_CONFIRM),
    "barred_list_further_report": (5, ClockUnit.WORKING_DAYS_BEGINNING_WITH, RuleStatus.TO_CONFIRM),
    # Meetings and hearings (conduct/proceedings): regs 32(6), 34.
    "documents_to_chair": (10, ClockUnit.WORKING_DAYS, RuleStatus.CONFIRMED),
    "meeting_timing": (20, ClockUnit.WORKING_DAYS, RuleStatus.TO_CONFIRM),
    "hearing_timing": (30, ClockUnit.WORKING_DAYS, RuleStatus.TO_CONFIRM),
    "alternative_date": (5, ClockUnit.WORKING_DAYS, RuleStatus.CONFIRMED),
    # Appeals (conduct/appeals): reg 45(3), reg 47(2), the Police Appeals Tribunals Rules 2020.
    "meeting_appeal_notice": (7, ClockUnit.WORKING_DAYS, RuleStatus.CONFIRMED),
    "meeting_appeal_determination_notice": (3, ClockUnit.WORKING_DAYS, RuleStatus.CONFIRMED),
    "pat_notice_of_appeal": (10, ClockUnit.WORKING_DAYS, RuleStatus.TO_CONFIRM),
    "pat_respondent_documents": (15, ClockUnit.WORKING_DAYS, RuleStatus.CONFIRMED),
    # The vetting route (conduct/vetting, SI 2025/502): no period was read in the text; placeholders.
    "vetting_representations": (10, ClockUnit.WORKING_DAYS, RuleStatus.TO_CONFIRM),
    "vetting_decision": (15, ClockUnit.WORKING_DAYS, RuleStatus.TO_CONFIRM),
    "vetting_appeal": (10, ClockUnit.WORKING_DAYS, RuleStatus.TO_CONFIRM),
}


@pytest.fixture
def friday(time_machine):
    time_machine.move_to(FRIDAY, tick=False)


def clock(case, code, person=None):
    return Deadline.objects.get(case=case, kind=code, person=person)


def assess_all(assess, proceedings, severity):
    for allegation in proceedings.subject.allegations.all():
        assess(allegation, severity)


def transition(user, proceedings, action, **inputs):
    return apply_transition(user=user, proceedings=proceedings, action=action, reason=REASON, **inputs)


# The rules --------------------------------------------------------------------------------
def test_every_clock_of_the_domain_is_seeded_with_its_source():
    rules = {rule.code: rule for rule in ClockRule.objects.all()}
    assert set(rules) == set(EXPECTED_RULES)
    for code, (amount, unit, status) in EXPECTED_RULES.items():
        rule = rules[code]
        assert (rule.amount, rule.unit, rule.status, rule.active) == (amount, unit, status, True), code
        assert rule.name and rule.starts_when and rule.stops_when and rule.source, code


@pytest.mark.parametrize(
    ("code", "start", "due"),
    [
        ("reg17_written_statement", date(2026, 12, 18), date(2027, 1, 6)),  # over Christmas and New Year
        ("suspension_written_confirmation", date(2026, 4, 2), date(2026, 4, 9)),  # over Easter 2026
        ("rprp_account", date(2027, 3, 25), date(2027, 4, 5)),  # over Easter 2027
        ("suspension_review", date(2026, 12, 1), date(2026, 12, 29)),
        ("investigation_12_months", date(2024, 2, 29), date(2025, 2, 28)),
        ("investigation_6_monthly_report", date(2026, 8, 31), date(2027, 2, 28)),
        ("complainant_review", date(2026, 11, 27), date(2026, 12, 25)),  # calendar days: not moved
        ("iopc_referral", date(2026, 12, 24), date(2026, 12, 25)),  # end of the next (calendar) day
    ],
)
def test_due_for_computes_each_unit_with_the_calendar(code, start, due):
    assert clocks.due_for(code, start) == due


def test_an_administrators_non_working_day_moves_clocks_started_afterwards(personas):
    assert clocks.due_for("rprp_account", date(2026, 12, 1)) == date(2026, 12, 8)
    NonWorkingDay.objects.create(date=date(2026, 12, 4), reason="Force closure", added_by=personas.admin)
    assert clocks.due_for("rprp_account", date(2026, 12, 1)) == date(2026, 12, 9)


def test_a_rule_edit_applies_to_clocks_started_afterwards_and_is_in_the_history(
    personas, case, proceedings, put_at, friday, time_machine
):
    put_at(proceedings, Stage.INVESTIGATION)
    transition(personas.investigator, proceedings, "serve_notice")
    before = clock(case, clocks.REG17_STATEMENT, proceedings.subject.person)
    assert before.due_on == date(2027, 1, 6)

    rule = ClockRule.objects.get(code=clocks.REG17_STATEMENT)
    rule.amount, rule.status = 15, RuleStatus.CONFIRMED
    rule.save()

    before.refresh_from_db()
    assert before.due_on == date(2027, 1, 6)  # started before the edit: unchanged
    assert before.source_rule["amount"] == 10

    other = services.add_subject(user=personas.investigator, case=case, person=_person(case))
    put_at(other.proceedings, Stage.INVESTIGATION)
    transition(personas.investigator, other.proceedings, "serve_notice")
    after = clock(case, clocks.REG17_STATEMENT, other.person)
    assert after.due_on == date(2027, 1, 13)  # 15 working days from the same Friday
    assert after.source_rule["amount"] == 15

    history = list(rule.events.order_by("pgh_id").values_list("pgh_label", "amount", "status"))
    assert history == [("insert", 10, RuleStatus.TO_CONFIRM), ("update", 15, RuleStatus.CONFIRMED)]
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE conduct_clockruleevent SET amount = 1")


def _person(case):
    from tests.factories import PersonFactory

    return PersonFactory(force=case.subjects.first().person.force)


def test_an_inactive_rule_starts_no_clock_and_a_missing_one_is_an_error(personas, case, proceedings, put_at):
    ClockRule.objects.filter(code=clocks.REG17_STATEMENT).update(active=False)
    put_at(proceedings, Stage.INVESTIGATION)
    transition(personas.investigator, proceedings, "serve_notice")
    assert not Deadline.objects.filter(kind=clocks.REG17_STATEMENT).exists()
    with pytest.raises(clocks.ClockRuleMissing, match="no_such_clock"):
        clocks.due_for("no_such_clock", date(2026, 1, 1))


@pytest.mark.parametrize(("amount", "unit"), [(0, ClockUnit.WORKING_DAYS), (2, ClockUnit.END_OF_NEXT_DAY)])
def test_a_rule_with_an_impossible_amount_is_refused(amount, unit):
    rule = ClockRule.objects.get(code="iopc_referral")
    rule.amount, rule.unit = amount, unit
    with pytest.raises(ValidationError, match="exactly 1"):
        rule.full_clean()


# The clocks the services start, meet and stop ---------------------------------------------
def test_recording_a_case_starts_the_12_month_clock_from_the_date_received(personas, team, officer, friday):
    from tests.factories import make_case

    case = make_case(personas.investigator, team, [officer], received_on=date(2026, 2, 27), investigator=personas.head)
    deadline = clock(case, clocks.INVESTIGATION_12_MONTHS)
    assert (deadline.starts_on, deadline.due_on) == (date(2026, 2, 27), date(2027, 2, 27))
    assert deadline.owner == personas.head  # the case's investigator keeps its clocks
    assert deadline.due_at == end_of_day(date(2027, 2, 27))


def test_the_reg_17_clock_starts_with_the_notice_and_is_met_by_the_representations(
    personas, case, proceedings, put_at, friday
):
    person = proceedings.subject.person
    put_at(proceedings, Stage.INVESTIGATION)
    transition(personas.investigator, proceedings, "serve_notice")
    deadline = clock(case, clocks.REG17_STATEMENT, person)
    assert (deadline.starts_on, deadline.due_on, deadline.state) == (date(2026, 12, 18), date(2027, 1, 6), "open")
    assert deadline.owner == personas.investigator  # no investigator on the case: the one who served it
    assert deadline.label == "Officer's written statement after the reg 17 notice"

    transition(personas.investigator, proceedings, "record_representations")
    deadline.refresh_from_db()
    assert (deadline.state, deadline.met_on, deadline.next_action_at) == (DeadlineState.MET, date(2026, 12, 18), None)


def test_an_interview_without_representations_closes_the_reg_17_clock(personas, case, proceedings, put_at, friday):
    put_at(proceedings, Stage.INVESTIGATION)
    transition(personas.investigator, proceedings, "serve_notice")
    transition(personas.investigator, proceedings, "record_interview")
    assert clock(case, clocks.REG17_STATEMENT, proceedings.subject.person).state == DeadlineState.STOPPED


def test_referral_starts_the_reg_31_clock_and_the_outcome_closes_it(
    personas, case, proceedings, put_at, friday, assess
):
    person = proceedings.subject.person
    assess_all(assess, proceedings, Severity.GROSS)  # a hearing is for gross misconduct (reg 23)
    put_at(proceedings, Stage.REPORT)
    transition(personas.authority, proceedings, "refer_to_hearing")
    deadline = clock(case, clocks.REG31_RESPONSE, person)
    assert deadline.due_on == date(2027, 1, 13)  # 15 working days over Christmas and New Year
    assert deadline.owner == personas.authority  # no investigator: whoever referred it
    transition(
        personas.investigator,
        proceedings,
        "record_outcome",
        finding=Finding.MISCONDUCT,
        outcome=Outcome.WRITTEN_WARNING,
    )
    deadline.refresh_from_db()
    assert deadline.state == DeadlineState.STOPPED


def test_concluding_a_subject_stops_their_clocks_and_only_theirs(personas, case, proceedings, put_at, friday, assess):
    assess_all(assess, proceedings, Severity.MISCONDUCT)  # a meeting is for misconduct (reg 23)
    put_at(proceedings, Stage.REPORT)
    transition(personas.authority, proceedings, "refer_to_meeting")
    transition(personas.investigator, proceedings, "withdraw")
    assert clock(case, clocks.REG31_RESPONSE, proceedings.subject.person).state == DeadlineState.STOPPED
    assert clock(case, clocks.INVESTIGATION_12_MONTHS).state == DeadlineState.OPEN  # the case's clock runs on


def test_rprp_starts_the_account_clock_and_recording_the_account_meets_it(personas, case, proceedings, put_at, friday):
    person = proceedings.subject.person
    put_at(proceedings, Stage.REPORT)
    transition(personas.investigator, proceedings, "start_rprp")
    deadline = clock(case, clocks.RPRP_ACCOUNT, person)
    assert deadline.due_on == date(2026, 12, 29)  # 5 working days: 21, 22, 23, 24, (25 and 28 off) 29
    changes.record_reflective_practice(
        user=personas.investigator,
        proceedings=proceedings,
        data={"account": "My reflection", "account_received_on": date(2026, 12, 17)},
    )
    deadline.refresh_from_db()
    assert (deadline.state, deadline.met_on) == (DeadlineState.MET, date(2026, 12, 17))


def test_closing_the_case_meets_the_12_month_clock_and_stops_the_rest(
    personas, case, proceedings, put_at, friday, assess
):
    assess_all(assess, proceedings, Severity.GROSS)
    person = proceedings.subject.person
    put_at(proceedings, Stage.REPORT)
    transition(personas.authority, proceedings, "refer_to_hearing")
    # Concluded without passing through the lifecycle: the reg 31 clock is still open at closure.
    put_at(proceedings, Stage.CONCLUDED, conclusion="nfa")
    services.close_case(user=personas.investigator, case=case, reason="All concluded")
    assert clock(case, clocks.INVESTIGATION_12_MONTHS).state == DeadlineState.MET
    assert clock(case, clocks.REG31_RESPONSE, person).state == DeadlineState.STOPPED
    assert not Deadline.objects.filter(case=case).open().exists()


def test_the_progress_report_meets_the_12_month_clock_and_starts_the_6_monthly_one(personas, team, officer, friday):
    from tests.factories import make_case

    case = make_case(personas.investigator, team, [officer], received_on=date(2025, 8, 31))
    next_report = clocks.record_progress_report(case=case, user=personas.investigator)
    assert clock(case, clocks.INVESTIGATION_12_MONTHS).state == DeadlineState.MET
    assert (next_report.kind, next_report.starts_on, next_report.due_on) == (
        clocks.INVESTIGATION_6_MONTHLY,
        date(2026, 8, 31),
        date(2027, 2, 28),
    )
    following = clocks.record_progress_report(case=case, user=personas.investigator)
    assert following.due_on == date(2027, 8, 28)  # six months after 28 February
    assert Deadline.objects.filter(case=case).open().count() == 1


# Administration ---------------------------------------------------------------------------
def test_administrators_edit_rules_but_never_add_or_delete_them(client, personas):
    group = Group.objects.get(name=Role.ADMINISTRATOR.label)
    assert {"view_clockrule", "change_clockrule"} <= set(group.permissions.values_list("codename", flat=True))
    rule = ClockRule.objects.get(code="suspension_review")
    client.force_login(personas.admin)
    assert client.get(reverse("admin:conduct_clockrule_changelist")).status_code == 200
    assert client.get(reverse("admin:conduct_clockrule_add")).status_code == 403
    assert client.get(reverse("admin:conduct_clockrule_delete", args=[rule.pk])).status_code == 403
    data = {
        "name": rule.name,
        "amount": "2",
        "unit": ClockUnit.WEEKS,
        "starts_when": rule.starts_when,
        "stops_when": rule.stops_when,
        "source": rule.source,
        "status": RuleStatus.CONFIRMED,
        "active": "on",
    }
    response = client.post(reverse("admin:conduct_clockrule_change", args=[rule.pk]), data)
    assert response.status_code == 302
    rule.refresh_from_db()
    assert (rule.amount, rule.status) == (2, RuleStatus.CONFIRMED)
    latest = rule.events.select_related("pgh_context").order_by("-pgh_id").first()
    assert latest.amount == 2 and latest.pgh_context.metadata["user"] == personas.admin.pk
    page = client.get(reverse("admin:conduct_clockrule_change", args=[rule.pk])).content.decode()
    assert f"by {personas.admin.username}" in page  # the change history, with who saved it
    client.force_login(personas.head)
    assert client.get(reverse("admin:conduct_clockrule_changelist")).status_code == 302  # not staff


def test_administrators_add_non_working_days_in_the_admin(client, personas):
    client.force_login(personas.admin)
    response = client.post(
        reverse("admin:casework_nonworkingday_add"), {"date": "2027-06-14", "reason": "Force closure"}
    )
    assert response.status_code == 302
    day = NonWorkingDay.objects.get(date=date(2027, 6, 14))
    assert day.added_by == personas.admin
