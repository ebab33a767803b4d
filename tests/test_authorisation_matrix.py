"""Every URL of the project, for every persona: the expected status (DESIGN.md: "Every URL is in
the authorisation matrix test"). URL patterns are enumerated from the resolver, so a new URL
without an entry here fails the suite. Outsiders get 404, never data."""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from casework.models import Force, Person, PersonType, Team
from casework.models.cases import HowReceived, Origin
from conduct.cases import services

pytestmark = pytest.mark.django_db

PERSONAS = ["investigator", "investigator_other_team", "authority", "head", "auditor", "admin", "anonymous"]


def _all(status, **overrides):
    expected = dict.fromkeys(PERSONAS, status)
    expected.update(overrides)
    return expected


# Signed-in statuses by who may use the URL; anonymous is always sent to the login page.
CASEWORK = {"admin": 404}
RECORDERS = {"authority": 404, "auditor": 404, "admin": 404}
CASE_TEAM = {"investigator_other_team": 404, "authority": 404, "auditor": 404, "admin": 404}
ASK_PURPOSE = 302  # someone outside the assignment is first asked why (s.62)

MATRIX = {
    # name: (kwargs, {persona: status})
    "home": ({}, _all(200, anonymous=302)),
    "login": ({}, _all(302, anonymous=200)),  # signed-in users are sent on to their work
    "logout": ({}, _all(405, anonymous=302)),  # POST only
    # Single sign-on is off unless OIDC_ISSUER is set (tests/casework/test_sso.py turns it on).
    "sso-start": ({}, _all(404)),
    "sso-callback": ({}, _all(404)),
    # The second factor: these sessions have passed it (force_login, tests/second_factor.py), so
    # the code page sends them on; the personas have no authenticator yet, so set-up is offered.
    "second-factor": ({}, _all(302)),
    "second-factor-enrol": ({}, _all(200, anonymous=302)),
    "second-factor-recovery-codes": ({}, _all(200, anonymous=302)),
    "second-factor-staff": ({}, _all(404, admin=200, anonymous=302)),
    "second-factor-reset": ({"user_id": "{grantee}"}, _all(404, admin=200, anonymous=302)),
    "healthz": ({}, _all("200 or 503")),
    "password_change": ({}, _all(200, anonymous=302)),
    # A reset link works without signing in; this one is not valid, so the page says so.
    "password_reset_confirm": ({"uidb64": "MQ", "token": "not-a-token"}, _all(200)),
    "password_reset_complete": ({}, _all(200)),
    # Sign-ins, failures and account changes: the head of PSD, auditors and administrators.
    "account-log": ({}, _all(404, head=200, auditor=200, admin=200, anonymous=302)),
    "case-list": ({}, _all(200, anonymous=302, **CASEWORK)),
    "case-new": ({}, _all(200, anonymous=302, **RECORDERS)),
    "case-new-subjects": ({}, _all(302, **RECORDERS)),  # back to step 1 with no answers yet
    "case-new-allegations": ({}, _all(302, **RECORDERS)),
    "case-new-check": ({}, _all(302, **RECORDERS)),
    "case-new-restart": ({}, _all(405, anonymous=302)),
    "case-detail": (
        {"reference": "{case}"},
        _all(ASK_PURPOSE, investigator=200, investigator_other_team=404, admin=404),
    ),
    # The case page's other sections: each a consultation through the same door as the summary.
    **{
        f"case-section-{section}": (
            {"reference": "{case}"},
            _all(ASK_PURPOSE, investigator=200, investigator_other_team=404, admin=404),
        )
        for section in ("subjects", "duty", "deadlines", "correspondence", "timeline", "audit")
    },
    "assess-severity": (
        {"reference": "{case}", "allegation_id": "{allegation}"},
        _all(200, anonymous=302, **CASE_TEAM),
    ),
    "subject-transition": (
        {"reference": "{case}", "subject_id": "{subject}", "action": "start_investigation"},
        _all(200, anonymous=302, **CASE_TEAM),
    ),
    "case-close": ({"reference": "{case}"}, _all(200, anonymous=302, **CASE_TEAM)),
    "case-edit": ({"reference": "{case}"}, _all(200, anonymous=302, **CASE_TEAM)),
    "case-add-subject": ({"reference": "{case}"}, _all(200, anonymous=302, **CASE_TEAM)),
    "subject-add-allegation": (
        {"reference": "{case}", "subject_id": "{subject}"},
        _all(200, anonymous=302, **CASE_TEAM),
    ),
    "case-link": ({"reference": "{case}"}, _all(200, anonymous=302, **CASE_TEAM)),
    "case-route": ({"reference": "{case}"}, _all(200, anonymous=302, **CASE_TEAM)),
    # Not at the RPRP stage: back to the case page.
    "subject-reflective-practice": ({"reference": "{case}", "subject_id": "{subject}"}, _all(302, **CASE_TEAM)),
    "subject-advisory-list": (
        {"reference": "{case}", "subject_id": "{subject}"},
        _all(404, authority=200, head=200, anonymous=302),
    ),
    "person-detail": ({"pk": "{person}"}, _all(ASK_PURPOSE, investigator=200)),
    "person-list": ({}, _all(200, anonymous=302)),
    # The person chooser's search: those who choose people into records (issue 22).
    "person-find": ({}, _all(200, anonymous=302, **RECORDERS)),
    "person-find-json": ({}, _all(200, anonymous=302, **RECORDERS)),
    # Who has looked: the head of PSD and auditors only.
    # The change history is the case's record, asked for and logged like the case page.
    "case-record-history": (
        {"reference": "{case}"},
        _all(ASK_PURPOSE, investigator=200, investigator_other_team=404, admin=404),
    ),
    "access-log-find": ({}, _all(404, head=200, auditor=200, anonymous=302)),
    "case-access-log": ({"reference": "{case}"}, _all(404, head=200, auditor=200, anonymous=302)),
    # Only for a restricted case the head of PSD cannot otherwise see: 404 for this open case.
    "case-break-glass": ({"reference": "{case}"}, _all(404, anonymous=302)),
    "case-access": ({"reference": "{case}"}, _all(200, anonymous=302, **CASE_TEAM)),
    "case-access-revoke": ({"reference": "{case}", "user_id": "{grantee}"}, _all(405, anonymous=302)),  # POST only
    "person-access-log": ({"pk": "{person}"}, _all(404, head=200, auditor=200, anonymous=302)),
    "people-import": ({}, _all(404, admin=200, anonymous=302)),
    "people-import-preview": ({"pk": "{import}"}, _all(404, admin=200, anonymous=302)),
    "consultation-purpose": ({}, _all(404, anonymous=302)),  # needs a valid key and next
    "suspension-list": ({}, _all(200, anonymous=302, auditor=404, admin=404)),
    "referral-list": ({}, _all(200, anonymous=302, auditor=404, admin=404)),
    "deadline-list": ({}, _all(200, anonymous=302, auditor=404, admin=404)),
    # A deadline is seen with its case (and its purpose asked, like the case page) by those who
    # may open the deadlines section; extending and stopping are POST only.
    "deadline-detail": (
        {"pk": "{deadline}"},
        _all(ASK_PURPOSE, investigator=200, investigator_other_team=404, auditor=404, admin=404),
    ),
    "deadline-extend": ({"pk": "{deadline}"}, _all(405, anonymous=302)),
    "deadline-stop": ({"pk": "{deadline}"}, _all(405, anonymous=302)),
    "access-review-list": ({}, _all(200, anonymous=302, admin=404)),
}


# Letters ----------------------------------------------------------------------------------
# A draft reg 17 notice on the world's case, with the officer's answer and one attachment. Made
# on first use in each test: the ids are lazy strings, resolved when the URL is reversed, so the
# shared `world` fixture needs nothing of ours.
def _letter_world():
    from casework.models import Case
    from notifications.models import Correspondence, Status
    from tests.notifications.letter_factories import add_response, ensure_default_templates, make_letter

    ensure_default_templates()
    letter = Correspondence.objects.filter(idempotency_key="matrix-letter").first()
    if letter is None:
        case = Case.objects.order_by("-id").first()
        letter = make_letter(
            case, case.subjects.get().person, sender=case.created_by, status=Status.DRAFT, key="matrix-letter"
        )
        add_response(letter)
    return {"letter": letter.pk, "attachment": letter.response.attachments.get().pk, "version": 1}


def _lazy_letter(key):
    from django.utils.functional import lazy

    return lazy(lambda: str(_letter_world()[key]), str)()


_LETTER = {"reference": "{case}", "pk": _lazy_letter("letter")}
_LETTER_TEXT = _all(ASK_PURPOSE, investigator=200, investigator_other_team=404, auditor=404, admin=404)
_ADMINISTRATORS = _all(404, admin=200, anonymous=302)
MATRIX.update(
    {
        "letter-detail": (_LETTER, _all(ASK_PURPOSE, investigator=200, investigator_other_team=404, admin=404)),
        "letter-pdf": (_LETTER, _LETTER_TEXT),  # auditors see a letter's details, never its text
        "letter-attachment": ({**_LETTER, "attachment_id": _lazy_letter("attachment")}, _LETTER_TEXT),
        "letter-approve": (_LETTER, _all(405, anonymous=302)),  # POST only
        "letter-cancel": (_LETTER, _all(404, investigator=200, authority=200, head=200, anonymous=302)),
        "letter-retry": (_LETTER, _all(405, anonymous=302)),
        "letter-failed-list": ({}, _all(404, admin=200, head=200, anonymous=302)),
        "letter-failed-retry": ({"pk": _lazy_letter("letter")}, _all(405, anonymous=302)),
        "letter-failed-confirm-sent": ({"pk": _lazy_letter("letter")}, _all(405, anonymous=302)),
        "letter-failed-resend": ({"pk": _lazy_letter("letter")}, _all(405, anonymous=302)),
        "letter-template-list": ({}, _ADMINISTRATORS),
        "letter-template-edit": ({"kind": "reg17_notice"}, _ADMINISTRATORS),
        "letter-template-version": ({"kind": "reg17_notice", "version": _lazy_letter("version")}, _ADMINISTRATORS),
        "letter-write-request": ({"reference": "{case}"}, _all(200, anonymous=302, **CASE_TEAM)),
        # The officer's link: no login; a token that is not a live link gets the neutral page.
        "respond": ({"token": "not-a-live-token"}, _all(404)),
        "notification-open": ({"pk": 1}, _all(405, anonymous=302)),  # POST only, and only one's own
        "notification-kind-open": ({"kind": "deadline:iopc_referral"}, _all(405, anonymous=302)),  # likewise
    }
)


# IOPC referrals ---------------------------------------------------------------------------
# A required referral of the world's case with ivy's "not required" proposal awaiting a decision,
# made on first use in each test (lazy ids, as for the letters above).
def _referral_world():
    from datetime import timedelta

    from django.utils import timezone

    from casework.calendar import end_of_day
    from casework.models import Case
    from conduct.models import Referral, ReferralKind, ReferralState
    from conduct.referrals import services as referrals

    case = Case.objects.order_by("-id").first()
    referral = Referral.objects.filter(case=case).first()
    if referral is None:
        due_on = timezone.localdate() + timedelta(days=1)
        referral = Referral.objects.create(
            case=case,
            kind=ReferralKind.MANDATORY,
            state=ReferralState.REQUIRED,
            grounds="Serious sexual offence: for the matrix.",
            became_clear_at=timezone.now(),
            due_on=due_on,
            due_at=end_of_day(due_on),
            recorded_by=case.created_by,
        )
        referrals.propose_not_required(user=case.created_by, referral=referral, reasons="For the matrix.")
    return {"referral": referral.pk}


def _lazy_referral():
    from django.utils.functional import lazy

    return lazy(lambda: str(_referral_world()["referral"]), str)()


def _discrimination_question():
    from django.utils.functional import lazy

    def make():
        from casework.models import Case
        from conduct.models import Allegation, DiscriminationQuestion

        allegation = Allegation.objects.filter(subject__case=Case.objects.order_by("-id").first()).first()
        return str(DiscriminationQuestion.objects.get_or_create(allegation=allegation)[0].pk)

    return lazy(make, str)()


_REFERRAL = {"reference": "{case}", "pk": _lazy_referral()}
_REFERRAL_PAGE = _all(ASK_PURPOSE, investigator=200, investigator_other_team=404, auditor=404, admin=404)
MATRIX.update(
    {
        "case-referrals": ({"reference": "{case}"}, _REFERRAL_PAGE),
        "referral-new": ({"reference": "{case}"}, _all(200, anonymous=302, **CASE_TEAM)),
        "referral-new-concerns": ({"reference": "{case}"}, _all(200, anonymous=302, **CASE_TEAM)),
        "referral-record": (_REFERRAL, _all(200, anonymous=302, **CASE_TEAM)),
        # A proposal is already awaiting a decision: back to the case's referrals.
        "referral-not-required": (_REFERRAL, _all(302, **CASE_TEAM)),
        # Appropriate authorities and the head of PSD; never the proposal's author (ivy).
        "referral-not-required-decide": (_REFERRAL, _all(404, authority=200, head=200, anonymous=302)),
        # Not yet referred: the IOPC's decision cannot be recorded; back to the case's referrals.
        "referral-decision": (_REFERRAL, _all(302, **CASE_TEAM)),
        "referral-summary": (_REFERRAL, _REFERRAL_PAGE),
        "referral-summary-pdf": (_REFERRAL, _REFERRAL_PAGE),
        # The discriminatory-behaviour criterion, asked of the case team (issue 20).
        "referral-discrimination": (
            {"reference": "{case}", "pk": _discrimination_question()},
            _all(200, anonymous=302, **CASE_TEAM),
        ),
    }
)


# Duty decisions ---------------------------------------------------------------------------
# On the world's subject: an urgent oral suspension by alex (in force, not yet confirmed in
# writing) and ivy's proposal of a restriction awaiting a decision. Made on first use in each
# test (lazy ids, as for the letters above).
def _duty_world():
    from django.utils import timezone

    from casework.models import Case, User
    from conduct.duty import services as duty
    from conduct.models import DecisionState, DutyDecision

    case = Case.objects.order_by("-id").first()
    subject = case.subjects.get()
    if not DutyDecision.objects.filter(subject=subject).exists():
        allegations = list(subject.allegations.all())
        duty.suspend_urgently(
            user=User.objects.get(username="alex"),
            subject=subject,
            terms=duty.DecisionTerms(
                kind="suspend",
                allegations=allegations,
                redeployment_considered_reason="No post away from witnesses.",
                ground="investigation_prejudiced",
                ground_reasoning="Witnesses are colleagues.",
            ),
            reasons="Could not wait.",
            told_on=timezone.localdate(),
        )
        duty.propose(
            user=case.created_by,
            subject=subject,
            terms=duty.DecisionTerms(
                kind="restrict", allegations=allegations, rationale="Enough for the matrix.", public_facing=False
            ),
        )
    decisions = DutyDecision.objects.filter(subject=subject)
    return {
        "active": decisions.get(state=DecisionState.ACTIVE).pk,
        "proposed": decisions.get(state=DecisionState.PROPOSED).pk,
    }


def _lazy_duty(key):
    from django.utils.functional import lazy

    return lazy(lambda: str(_duty_world()[key]), str)()


def _lazy_external_link():
    from django.utils.functional import lazy

    def make():
        from casework.models import Case, CaseLink

        case = Case.objects.order_by("-id").first()
        other, _ = Force.objects.get_or_create(code="north", defaults={"name": "Northshire Police"})
        link, _ = CaseLink.objects.get_or_create(
            case=case,
            other_force=other,
            other_reference="NP-1",
            defaults={"kind": "related", "reason": "For the matrix.", "created_by": case.created_by},
        )
        return str(link.pk)

    return lazy(make, str)()


_ACTIVE_DUTY = {"reference": "{case}", "pk": _lazy_duty("active")}
_DECISION_MAKERS = _all(404, authority=200, head=200, anonymous=302)
_CASE_ROLES = _all(200, anonymous=302, auditor=404, admin=404)
_CASE_TEAM_AND_DECISION_MAKERS = _all(200, anonymous=302, investigator_other_team=404, auditor=404, admin=404)
MATRIX.update(
    {
        "suspension-export": ({}, _CASE_ROLES),
        "suspension-risk": ({}, _DECISION_MAKERS),
        "suspension-risk-export": ({}, _DECISION_MAKERS),
        "suspension-consistency": ({}, _CASE_ROLES),
        # A person's decisions: their record, so the purpose is asked as on the person page.
        "suspension-person": ({"pk": "{person}"}, _all(ASK_PURPOSE, investigator=200, auditor=404, admin=404)),
        "duty-propose": ({"reference": "{case}", "subject_id": "{subject}"}, _all(200, anonymous=302, **CASE_TEAM)),
        "duty-urgent": ({"reference": "{case}", "subject_id": "{subject}"}, _DECISION_MAKERS),
        "duty-criminal-status": (
            {"reference": "{case}", "subject_id": "{subject}"},
            _all(200, anonymous=302, **CASE_TEAM),
        ),
        # The reasons are narrative: auditors see none; others outside the assignment say why.
        "duty-decision": (
            _ACTIVE_DUTY,
            _all(ASK_PURPOSE, investigator=200, investigator_other_team=404, auditor=404, admin=404),
        ),
        # Ivy proposed it, and is no decision-maker anyway.
        "duty-decide": ({"reference": "{case}", "pk": _lazy_duty("proposed")}, _DECISION_MAKERS),
        "duty-review": (_ACTIVE_DUTY, _DECISION_MAKERS),
        "duty-confirm": (_ACTIVE_DUTY, _DECISION_MAKERS),
        "duty-representations": (_ACTIVE_DUTY, _CASE_TEAM_AND_DECISION_MAKERS),
        "duty-request-review": (_ACTIVE_DUTY, _CASE_TEAM_AND_DECISION_MAKERS),
        # Another force's duty decision, on a link to that force's case.
        "duty-other-force": ({"reference": "{case}", "link_id": _lazy_external_link()}, _CASE_TEAM_AND_DECISION_MAKERS),
    }
)


# Criminal proceedings pauses and IOPC directions ------------------------------------------------
# On the world's subject: alex's pause (made on first use); on the world's referral, an IOPC
# recommendation awaiting the force's response.
def _pause_world():
    from casework.models import Case, User
    from conduct.models import CriminalProceedingsPause, IopcDirection, Referral
    from conduct.pauses import services as pauses

    case = Case.objects.order_by("-id").first()
    subject = case.subjects.get()
    pause = CriminalProceedingsPause.objects.filter(subject=subject).first() or pauses.pause(
        user=User.objects.get(username="alex"),
        subject=subject,
        criminal_proceedings="Charged; trial listed.",
        reasons="For the matrix.",
    )
    referral = Referral.objects.get(pk=_referral_world()["referral"])
    direction = IopcDirection.objects.filter(referral=referral).first() or IopcDirection.objects.create(
        referral=referral,
        kind="recommendation",
        given_on=case.received_on,
        text="For the matrix.",
        respondent="The appropriate authority",
        recorded_by=case.created_by,
    )
    return {"pause": pause.pk, "direction": direction.pk}


def _lazy_pause(key):
    from django.utils.functional import lazy

    return lazy(lambda: str(_pause_world()[key]), str)()


_PAUSE = {"reference": "{case}", "pk": _lazy_pause("pause")}
MATRIX.update(
    {
        "pause-new": ({"reference": "{case}", "subject_id": "{subject}"}, _DECISION_MAKERS),
        # The reasons are narrative: auditors see none; others outside the assignment say why.
        "pause-detail": (
            _PAUSE,
            _all(ASK_PURPOSE, investigator=200, investigator_other_team=404, auditor=404, admin=404),
        ),
        "pause-review": (_PAUSE, _DECISION_MAKERS),
        "pause-end": (_PAUSE, _DECISION_MAKERS),
        "iopc-direction-list": ({}, _all(200, anonymous=302, auditor=404, admin=404)),
        "iopc-direction-new": (_REFERRAL, _all(200, anonymous=302, **CASE_TEAM)),
        "iopc-direction-response": (
            {"reference": "{case}", "pk": _lazy_pause("direction")},
            _CASE_TEAM_AND_DECISION_MAKERS,
        ),
    }
)


# Access reviews ----------------------------------------------------------------------------
# An exercise of Team A (ivy's), owned by ivy, with one accessor from an imported log. Made on
# first use in each test (lazy ids, as above).
def _access_world():
    import io

    from casework.models import Team, User
    from conduct.access_reviews import importer as access_import
    from conduct.access_reviews import services as access_reviews
    from conduct.models import AccessExercise

    exercise = AccessExercise.objects.order_by("-id").first()
    if exercise is None:
        exercise = access_reviews.create_exercise(
            user=User.objects.get(username="ivy"),
            data=access_reviews.ExerciseInput(
                name="Matrix", team=Team.objects.get(name="Team A"), record_reference="R1"
            ),
        )
        log = "user_id,name,email,person_number,timestamp,action,record_reference,system\n"
        log += "u1,Gary Mills,,4101,2026-09-16T10:00:00,view,R1,Niche\n"
        access_import.import_file(exercise, io.BytesIO(log.encode()))
    return {"exercise": exercise.pk, "accessor": exercise.accessors.get().pk}


def _lazy_access(key):
    from django.utils.functional import lazy

    return lazy(lambda: str(_access_world()[key]), str)()


_EXERCISE = {"pk": _lazy_access("exercise")}
_ACCESSOR = {"pk": _lazy_access("exercise"), "accessor_id": _lazy_access("accessor")}
_EXERCISE_READERS = _all(200, anonymous=302, investigator_other_team=404, admin=404)
_EXERCISE_RUNNERS = _all(404, investigator=200, head=200, anonymous=302)
MATRIX.update(
    {
        "access-review-new": ({}, _all(200, anonymous=302, authority=404, auditor=404, admin=404)),
        "access-review-detail": (_EXERCISE, _EXERCISE_READERS),
        "access-review-export": (_EXERCISE, _EXERCISE_READERS),
        "access-review-import": (_EXERCISE, _EXERCISE_RUNNERS),
        "access-review-exclude-units": (_EXERCISE, _EXERCISE_RUNNERS),
        "access-review-decide": (_EXERCISE, _EXERCISE_RUNNERS),
        "access-review-letters": (_EXERCISE, _all(405, anonymous=302)),  # POST only
        "access-review-person": (_ACCESSOR, _EXERCISE_RUNNERS),
        "access-review-assess": (_ACCESSOR, _all(405, anonymous=302)),
        "access-review-set-aside": (_ACCESSOR, _all(405, anonymous=302)),
        "access-review-exclude": (_ACCESSOR, _all(405, anonymous=302)),
        "access-review-match": (_ACCESSOR, _all(405, anonymous=302)),
    }
)


# Oversight: the dashboard, reports and flags are the head of PSD's and appropriate
# authorities'; a flag and a person's monitoring page are the person's record, so the purpose is
# asked first (as on the person page).
def _flag_world():
    from casework.models import Person
    from conduct.models import Flag

    flag = Flag.objects.order_by("pk").first()
    if flag is None:
        from conduct.models import FlagRule

        flag = Flag.objects.create(
            person=Person.objects.order_by("-pk").first(),
            rule=FlagRule.objects.get(code="monitored"),
            reasons="For the matrix.",
            evidence_key="matrix",
        )
    return {"flag": flag.pk}


def _lazy_flag():
    from django.utils.functional import lazy

    return lazy(lambda: str(_flag_world()["flag"]), str)()


MATRIX.update(
    {
        "dashboard": ({}, _DECISION_MAKERS),
        "report-monthly": ({}, _DECISION_MAKERS),
        "report-monthly-csv": ({}, _DECISION_MAKERS),
        "report-monthly-pdf": ({}, _DECISION_MAKERS),
        "flag-list": ({}, _DECISION_MAKERS),
        "flag-detail": ({"pk": _lazy_flag()}, _all(404, authority=ASK_PURPOSE, head=ASK_PURPOSE, anonymous=302)),
        "person-monitoring": ({"pk": "{person}"}, _all(404, authority=ASK_PURPOSE, head=ASK_PURPOSE, anonymous=302)),
        # Fairness monitoring: special category data, the head of PSD's only (not the administrator's).
        "fairness": ({}, _all(404, head=200, anonymous=302)),
        "fairness-csv": ({}, _all(404, head=200, anonymous=302)),
        "fairness-cases": ({}, _all(404, head=200, anonymous=302)),  # no figure named: the page says so
    }
)
# The complainant (conduct/complaints): pages of the world's complaint (build_world), whose outcome
# ivy recorded and an appropriate authority approves.
MATRIX.update(
    {
        "complaint-reviews-pending": ({}, _all(200, auditor=404, admin=404, anonymous=302)),
        "complainant": (
            {"reference": "{complaint}"},
            _all(ASK_PURPOSE, investigator=200, investigator_other_team=404, admin=404),
        ),
        "complainant-update": ({"reference": "{complaint}"}, _all(200, anonymous=302, **CASE_TEAM)),
        "complainant-outcome": ({"reference": "{complaint}"}, _all(200, anonymous=302, **CASE_TEAM)),
        "complainant-outcome-approve": (
            {"reference": "{complaint}"},
            _all(404, authority=200, head=200, anonymous=302),
        ),
        "complainant-review-application": ({"reference": "{complaint}"}, _all(200, anonymous=302, **CASE_TEAM)),
        "complainant-review-result": ({"reference": "{complaint}"}, _all(200, anonymous=302, **CASE_TEAM)),
        "complainant-review-response": ({"reference": "{complaint}"}, _all(200, anonymous=302, **CASE_TEAM)),
    }
)
# Reports on investigations past 12 months (conduct/progress_reports): the world's case.
MATRIX.update(
    {
        "progress-report-record": ({"reference": "{case}"}, _all(200, anonymous=302, **CASE_TEAM)),
        "progress-reports-due": ({}, _all(404, authority=200, head=200, anonymous=302)),
    }
)


def _lazy_list_report():
    """A Barred List report due on the world's case (conduct/lists), made when first reversed."""
    from django.utils.functional import lazy

    def make():
        from datetime import date

        from conduct.models import ListReport, Proceedings

        proceedings = Proceedings.objects.order_by("-pk").first()
        report, _ = ListReport.objects.get_or_create(
            event=f"proceedings:{proceedings.pk}:barred",
            defaults={
                "proceedings": proceedings,
                "case": proceedings.subject.case,
                "person": proceedings.subject.person,
                "trigger": "dismissal",
                "trigger_on": date(2026, 12, 1),
                "due_on": date(2026, 12, 7),
            },
        )
        return str(report.pk)

    return lazy(make, str)()


# The Barred and Advisory List reports (conduct/lists): the case team (or an appropriate authority)
# checks and prepares one; the appropriate authority approves it (POST only), records it as made or
# the College's acknowledgement; the force-wide list is the authority's and the head of PSD's.
_LIST_REPORT = _lazy_list_report()
MATRIX.update(
    {
        "list-report-made": (
            {"reference": "{case}", "report_id": _LIST_REPORT},
            _all(404, authority=200, head=200, anonymous=302),
        ),
        "list-report-made-other": ({"report_id": _LIST_REPORT}, _all(404, authority=200, head=200, anonymous=302)),
        "list-report-acknowledge": ({"report_id": _LIST_REPORT}, _all(404, authority=200, head=200, anonymous=302)),
        "list-report-approve": ({"report_id": _LIST_REPORT}, _all(405, anonymous=302)),  # POST only
        "list-report": (
            {"report_id": _LIST_REPORT},
            _all(404, investigator=200, authority=200, head=200, anonymous=302),
        ),
        "list-reports": ({}, _all(404, authority=200, head=200, anonymous=302)),
    }
)
# Meetings and hearings (conduct/proceedings): the forms of the world's subject. Appointing the
# panel and giving the outcome notice are the appropriate authority's; the steps are the case team's.
_HEARING = {"reference": "{case}", "subject_id": "{subject}"}
MATRIX.update(
    {
        "hearing-appoint": (_HEARING, _all(404, authority=200, head=200, anonymous=302)),
        "hearing-outcome-notice": (_HEARING, _all(404, authority=200, head=200, anonymous=302)),
        **{
            name: (_HEARING, _all(200, anonymous=302, **CASE_TEAM))
            for name in (
                "hearing-conflict",
                "hearing-schedule",
                "hearing-alternative",
                "hearing-step",
                "hearing-extend",
                "hearing-public-notice",
            )
        },
    }
)
# Appeals (conduct/appeals): the forms under a subject of the world's case; the result is the
# appropriate authority's to record.
MATRIX.update(
    {
        "appeal-lodge": ({"reference": "{case}", "subject_id": "{subject}"}, _all(200, anonymous=302, **CASE_TEAM)),
        "appeal-date": ({"reference": "{case}", "subject_id": "{subject}"}, _all(200, anonymous=302, **CASE_TEAM)),
        "appeal-result": (
            {"reference": "{case}", "subject_id": "{subject}"},
            _all(404, authority=200, head=200, anonymous=302),
        ),
    }
)


def _lazy_hold():
    """A legal hold on the world's latest case (conduct/records), placed when first reversed."""
    from django.utils.functional import lazy

    def make():
        from casework.models import Case, User
        from conduct.models import LegalHold

        hold, _ = LegalHold.objects.get_or_create(
            case=Case.objects.order_by("-pk").first(),
            lifted_at=None,
            defaults={"reason": "Matrix", "placed_by": User.objects.order_by("pk").first()},
        )
        return str(hold.pk)

    return lazy(make, str)()


def _lazy_vetting_review():
    """A vetting review of the world's officer (conduct/vetting), opened when first reversed."""
    from django.utils.functional import lazy

    def make():
        from casework.models import Person, User
        from conduct.vetting.models import VettingReview

        person = Person.objects.order_by("pk").first()
        review, _ = VettingReview.objects.get_or_create(
            person=person,
            defaults={"trigger": "other_information", "reason": "Information.", "opened_by": User.objects.first()},
        )
        return str(review.pk)

    return lazy(make, str)()


# Records management (conduct/records): the schedule and holds for the head of PSD and
# administrators, the review list, keep and dispose for administrators, the subject access export
# for both (never the case roles or the auditor).
_RECORD = {"record_type": "people_import", "pk": "{import}"}
MATRIX.update(
    {
        "records-schedule": ({}, _all(404, head=200, admin=200, anonymous=302)),
        "records-holds": ({}, _all(404, head=200, admin=200, anonymous=302)),
        "records-hold-new": ({}, _all(404, head=200, admin=200, anonymous=302)),
        "records-hold-lift": ({"pk": _lazy_hold()}, _all(404, head=200, admin=200, anonymous=302)),
        "records-subject-access": ({"person_id": "{person}"}, _all(404, head=200, admin=200, anonymous=302)),
        "records-due": ({}, _all(404, admin=200, anonymous=302)),
        "records-keep": (_RECORD, _all(404, admin=200, anonymous=302)),
        "records-dispose": (_RECORD, _all(404, admin=200, anonymous=302)),
    }
)


# Protected characteristics recorded by hand (casework) and the Home Office return (conduct/returns):
# the administrator's, with the special-category permission.
MATRIX.update(
    {
        "person-characteristics": ({"pk": "{person}"}, _ADMINISTRATORS),
        "home-office-return": ({}, _ADMINISTRATORS),
        "home-office-return-csv": ({}, _ADMINISTRATORS),
        "home-office-return-suspensions-csv": ({}, _ADMINISTRATORS),
    }
)


# The vetting route (conduct/vetting): the appropriate authority's and the head of PSD's only.
_VETTING = _all(404, authority=200, head=200, anonymous=302)
MATRIX.update(
    {
        "vetting-list": ({}, _VETTING),
        "vetting-review": ({"pk": _lazy_vetting_review()}, _VETTING),
        "vetting-step": ({"pk": _lazy_vetting_review(), "step": "notice"}, _VETTING),
        "vetting-open": ({"pk": "{person}"}, _VETTING),
    }
)
# Authority-only decisions: the case team may not take them.
EXTRA = [
    (
        "subject-transition",
        {"reference": "{case}", "subject_id": "{subject}", "action": "refer_to_hearing"},
        _all(404, authority=200, head=200, anonymous=302),
    ),
]


def _project_url_names(patterns=None, namespace=None):
    names = set()
    for entry in patterns if patterns is not None else get_resolver().url_patterns:
        if isinstance(entry, URLResolver):
            if entry.namespace == "admin":
                continue  # Django's admin: its own staff check, tested below
            names |= _project_url_names(entry.url_patterns, entry.namespace)
        elif isinstance(entry, URLPattern) and entry.name:
            names.add(entry.name)
    return names


def test_every_url_is_in_the_matrix():
    missing = _project_url_names() - set(MATRIX)
    assert not missing, f"URLs without an authorisation-matrix entry: {sorted(missing)}"


@pytest.fixture
def world(personas):
    return build_world(personas)


def build_world(personas):
    """One case of Team A (ivy's) with one subject and allegation, at the report stage; the ids
    the matrix's URLs take. The letters, referrals, duty decisions, exercise and flag are made
    when their URLs are first reversed (the lazy ids above)."""
    from casework.models import PeopleImport

    force = Force.objects.create(code="demo", name="Demo Constabulary", is_home=True)
    person = Person.objects.create(
        force=force, number="4101", person_type=PersonType.OFFICER, first_name="Gary", last_name="Mills"
    )
    team = Team.objects.create(name="Team A")
    team.members.add(personas.investigator)
    Team.objects.create(name="Team B").members.add(personas.investigator_other_team)
    allegation = services.AllegationInput(description="Alleged", standards=[], categories=[])
    complaint = _complaint_for_the_matrix(personas, team, person, allegation)  # before the case: that is the latest
    case = services.record_case(
        user=personas.investigator,
        contact=None,
        subjects=[services.SubjectInput(person=person, allegations=[allegation])],
        details={
            "origin": Origin.INTERNAL_REPORT,
            "received_on": "2026-10-01",
            "how_received": HowReceived.EMAIL,
            "summary": "Matter",
            "complainant_name": "",
            "sensitivity": "normal",
            "team": team,
            "investigator": None,
        },
    )
    subject = case.subjects.get()
    subject.proceedings.stage = "report"  # a stage from which both sorts of decision exist
    subject.proceedings.save()
    people_import = PeopleImport.objects.create(
        filename="hr.csv", content="", sha256="0" * 64, status="invalid", uploaded_by=personas.admin
    )
    return {
        "grantee": personas.auditor.pk,
        "case": case.reference,
        "allegation": subject.allegations.get().pk,
        "subject": subject.pk,
        "person": person.pk,
        "import": people_import.pk,
        "deadline": case.deadlines.get(kind="investigation_12_months").pk,  # started when the case was recorded
        "complaint": complaint.reference,
    }


def _complaint_for_the_matrix(personas, team, person, allegation):
    """A public complaint of Team A, its outcome recorded by ivy and awaiting approval."""
    from conduct.cases.route_decisions import RouteInput
    from conduct.complaints import services as complaints

    complaint = services.record_case(
        user=personas.investigator,
        contact={"email": "jo.bloggs@example.org", "telephone": "", "address": ""},
        subjects=[services.SubjectInput(person=person, allegations=[allegation])],
        details={
            "origin": Origin.PUBLIC_COMPLAINT,
            "received_on": "2026-10-01",
            "how_received": HowReceived.ONLINE,
            "summary": "Complaint",
            "complainant_name": "Jo Bloggs",
            "sensitivity": "normal",
            "team": team,
            "investigator": None,
        },
        route=RouteInput(matter_type="complaint", handling="investigation"),
    )
    complaints.record_outcome(user=personas.investigator, case=complaint, findings="Found", outcome="Outcome")
    return complaint


def url_for(name, kwargs, world):
    """The URL of a matrix entry, its "{placeholder}" arguments taken from the world."""
    from django.urls import reverse

    resolved = {k: (world[v[1:-1]] if isinstance(v, str) and v.startswith("{") else v) for k, v in kwargs.items()}
    return reverse(name, kwargs=resolved)


def _cases():
    for name, (kwargs, expected) in MATRIX.items():
        yield name, kwargs, expected
    yield from EXTRA


@pytest.mark.parametrize("persona", PERSONAS)
def test_each_url_answers_each_persona_as_expected(client, personas, world, persona):
    if persona != "anonymous":
        client.force_login(getattr(personas, persona))
    failures = []
    for name, kwargs, expected in _cases():
        url = url_for(name, kwargs, world)
        status = client.get(url).status_code
        want = expected[persona]
        ok = status in (200, 503) if want == "200 or 503" else status == want
        if not ok:
            failures.append(f"{name} {url}: {status}, expected {want}")
    assert not failures, f"{persona}: " + "; ".join(failures)


@pytest.mark.parametrize("persona", PERSONAS)
def test_django_admin_is_for_staff_only(client, personas, persona):
    if persona != "anonymous":
        client.force_login(getattr(personas, persona))
    expected = 200 if persona == "admin" else 302
    assert client.get("/admin/").status_code == expected


@pytest.mark.parametrize("path", ["/admin/casework/team/", "/admin/casework/force/", "/admin/conduct/standard/"])
def test_administrators_manage_teams_and_reference_data_in_the_admin(client, personas, path):
    client.force_login(personas.admin)
    assert client.get(path).status_code == 200
    client.force_login(personas.head)
    assert client.get(path).status_code == 302  # not staff: sent to the admin sign-in
