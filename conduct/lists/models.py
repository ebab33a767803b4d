"""The reports a force owes the College of Policing for its Police Barred List and Police Advisory
List (Police Act 1996 Part 4A; Police Barred List and Police Advisory List Regulations 2017,
SI 2017/1135). One row per report owed, written once by the event that made it due (the `event`
key is unique): who, which case (and proceedings, when there are any), what, when, its clock; then
its content prepared, approved by the appropriate authority and sent through the outbox (or recorded
as made by other means), and the College's acknowledgement. docs/statutory-reporting.md."""

import pghistory
from django.conf import settings
from django.db import models
from django.utils import timezone

from casework.models import Person

LEGISLATION = "https://www.legislation.gov.uk"
ACT_1996 = f"{LEGISLATION}/ukpga/1996/16"
REGS_2017 = f"{LEGISLATION}/uksi/2017/1135"


class ListKind(models.TextChoices):
    BARRED = "barred", "Police Barred List"
    ADVISORY = "advisory", "Police Advisory List"


class ListTrigger(models.TextChoices):
    # Police Act 1996 s.88A(1): (a)/(c) a dismissal, (b)/(d) a finding that a former officer or
    # employee would have been dismissed. Regulation 3(1) of the 2017 Regulations dates the report
    # from the dismissal or the finding, whatever procedure dismissed them.
    DISMISSAL = "dismissal", "Dismissed"
    WOULD_HAVE_BEEN_DISMISSED = "would_have_been_dismissed", "Found that they would have been dismissed"
    DISMISSAL_PERFORMANCE = "dismissal_performance", "Dismissed (performance procedure)"
    DISMISSAL_STAFF = "dismissal_staff", "Dismissed (police staff procedure)"
    DISMISSAL_VETTING = "dismissal_vetting", "Dismissed (vetting clearance withdrawn)"
    # s.88F(1): a dismissal reported to the Barred List is overturned on appeal: a further report.
    DISMISSAL_OVERTURNED = "dismissal_overturned", "Dismissal overturned on appeal (further report)"
    # s.88I(1)(a): resigned or retired after an allegation came to attention, before proceedings
    # were brought or concluded.
    LEFT_UNDER_INVESTIGATION = "left_under_investigation", "Resigned or retired under investigation"
    # s.88I(1)(b): a former officer or special who resigned or retired, about whom an allegation
    # came to attention after they left.
    ALLEGATION_AFTER_LEAVING = "allegation_after_leaving", "Allegation after resigning or retiring"
    # s.88L(1)-(2): no proceedings will be brought, they were withdrawn, or they concluded without a
    # finding that the person would have been dismissed: a further report, and the College removes
    # the person from the Advisory List (s.88L(4)).
    ADVISORY_ENDED = "advisory_ended", "Matter concluded without a would-have-been-dismissed finding (removal)"


# The trigger table: each report, its list, its clock and its legal source (rule data; the clock's
# period and status are ClockRule rows an administrator edits, seeded by conduct migration 0022).
BARRED_LIST_REPORT = "barred_list_report"
BARRED_LIST_FURTHER_REPORT = "barred_list_further_report"
ADVISORY_LIST_REPORT = "advisory_list_report"
ADVISORY_LIST_REMOVAL = "advisory_list_removal_report"
_REG3 = f"Regulations 2017 reg 3 ({REGS_2017}/regulation/3/made)"
TRIGGERS = {
    ListTrigger.DISMISSAL: (ListKind.BARRED, BARRED_LIST_REPORT, f"Police Act 1996 s.88A(1)(a), (c); {_REG3}"),
    ListTrigger.WOULD_HAVE_BEEN_DISMISSED: (
        ListKind.BARRED,
        BARRED_LIST_REPORT,
        f"Police Act 1996 s.88A(1)(b), (d); {_REG3}",
    ),
    ListTrigger.DISMISSAL_PERFORMANCE: (
        ListKind.BARRED,
        BARRED_LIST_REPORT,
        f"Police Act 1996 s.88A(1)(a) (dismissal under the Police (Performance) Regulations 2020); {_REG3}",
    ),
    ListTrigger.DISMISSAL_STAFF: (
        ListKind.BARRED,
        BARRED_LIST_REPORT,
        f"Police Act 1996 s.88A(1)(c) (a civilian police employee dismissed); {_REG3}",
    ),
    ListTrigger.DISMISSAL_VETTING: (
        ListKind.BARRED,
        BARRED_LIST_REPORT,
        f"Police Act 1996 s.88A(1)(a) (dismissal after vetting clearance was withdrawn, Police (Vetting) "
        f"Regulations 2025: confirm the amending provision); {_REG3}",
    ),
    ListTrigger.DISMISSAL_OVERTURNED: (
        ListKind.BARRED,
        BARRED_LIST_FURTHER_REPORT,
        f"Police Act 1996 s.88F(1) ({ACT_1996}/section/88F); Regulations 2017 reg 5 ({REGS_2017}/regulation/5/made)",
    ),
    ListTrigger.LEFT_UNDER_INVESTIGATION: (
        ListKind.ADVISORY,
        ADVISORY_LIST_REPORT,
        f"Police Act 1996 s.88I(1)(a), (2) ({ACT_1996}/section/88I); Regulations 2017 reg 12 ({REGS_2017}/part/3/made)",
    ),
    ListTrigger.ALLEGATION_AFTER_LEAVING: (
        ListKind.ADVISORY,
        ADVISORY_LIST_REPORT,
        f"Police Act 1996 s.88I(1)(b) ({ACT_1996}/section/88I); Regulations 2017 reg 12(1)(a), (2)(e) "
        f"({REGS_2017}/part/3/made)",
    ),
    ListTrigger.ADVISORY_ENDED: (
        ListKind.ADVISORY,
        ADVISORY_LIST_REMOVAL,
        f"Police Act 1996 s.88L(1)-(4) ({ACT_1996}/section/88L); the period and content are the "
        f"Regulations 2017's ({REGS_2017}/part/3/made)",
    ),
}
# The dismissal routes of conduct.cases.hooks.person_dismissed.
DISMISSAL_ROUTES = {
    "performance": ListTrigger.DISMISSAL_PERFORMANCE,
    "staff": ListTrigger.DISMISSAL_STAFF,
    "vetting": ListTrigger.DISMISSAL_VETTING,
}
# The Advisory List entries a further report ends (s.88L(1) names both).
ADVISORY_ENTRIES = (ListTrigger.LEFT_UNDER_INVESTIGATION, ListTrigger.ALLEGATION_AFTER_LEAVING)
# Further reports: the College takes the person off its list when it receives them.
FURTHER_REPORTS = (ListTrigger.DISMISSAL_OVERTURNED, ListTrigger.ADVISORY_ENDED)


class ReportState(models.TextChoices):
    DUE = "due", "Due"
    PREPARED = "prepared", "Prepared, awaiting approval"
    SENT = "sent", "Sent"
    ACKNOWLEDGED = "acknowledged", "Acknowledged"


@pghistory.track()
class ListReport(models.Model):
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="list_reports")
    case = models.ForeignKey(
        "casework.Case", on_delete=models.PROTECT, null=True, blank=True, related_name="list_reports"
    )
    proceedings = models.ForeignKey(
        "conduct.Proceedings", on_delete=models.PROTECT, null=True, blank=True, related_name="list_reports"
    )
    kind = models.CharField(max_length=20, choices=ListKind.choices, default=ListKind.BARRED)
    trigger = models.CharField(max_length=40, choices=ListTrigger.choices)
    # What made it due, once: "proceedings:<id>:barred", "dismissed:<route>:<person>:<date>",
    # "left:<subject>", "after-leaving:<subject>", "ended:<report>", "overturned:<report>".
    # (Nullable only for the history table's older rows: every report has one, a constraint says so.)
    event = models.CharField(max_length=120, unique=True, null=True)  # noqa: DJ001 (see above)
    # The report a further report (s.88F, s.88L) follows up.
    follows = models.OneToOneField(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="further_report"
    )
    trigger_on = models.DateField("date of the event")
    due_on = models.DateField("report due by")
    deadline = models.ForeignKey("casework.Deadline", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    state = models.CharField(max_length=20, choices=ReportState.choices, default=ReportState.DUE)
    # Prepared: the content as checked (each item with the paragraph that asks for it).
    content = models.JSONField(default=list, blank=True)
    summary = models.TextField("description of the conduct or summary of the allegation", blank=True)
    prepared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    prepared_at = models.DateTimeField(null=True, blank=True)
    # Sent: approved by the appropriate authority and written to the outbox, or made by other means.
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    approved_at = models.DateTimeField(null=True, blank=True)
    letter = models.OneToOneField(
        "notifications.Correspondence", on_delete=models.PROTECT, null=True, blank=True, related_name="list_report"
    )
    made_on = models.DateField("date the report was made", null=True, blank=True)
    how = models.CharField("how it was sent", max_length=200, blank=True)
    made_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    made_recorded_at = models.DateTimeField(null=True, blank=True)
    # Acknowledged by the College, with its reference.
    college_reference = models.CharField("the College's reference", max_length=100, blank=True)
    acknowledged_on = models.DateField(null=True, blank=True)
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["due_on", "pk"]
        constraints = [
            models.CheckConstraint(condition=models.Q(event__isnull=False), name="list_report_has_event"),
            models.CheckConstraint(
                condition=models.Q(made_on__isnull=True) | (~models.Q(how="") & models.Q(made_by__isnull=False)),
                name="list_report_made_says_how_and_who",
                violation_error_message="A report made says how it was sent and who recorded it.",
            ),
            models.CheckConstraint(
                condition=models.Q(approved_by__isnull=True)
                | models.Q(prepared_by__isnull=True)
                | ~models.Q(approved_by=models.F("prepared_by")),
                name="list_report_approved_by_another",
                violation_error_message="The report is approved by someone other than the person who prepared it.",
            ),
            models.CheckConstraint(
                condition=models.Q(state__in=["due", "prepared"]) | models.Q(made_on__isnull=False),
                name="list_report_sent_is_made",
                violation_error_message="A report sent or acknowledged has the date it was made.",
            ),
        ]
        indexes = [models.Index(fields=["state", "due_on"], name="list_report_state_due_idx")]

    def __str__(self):
        return f"{self.get_kind_display()} report on {self.person}"

    @property
    def made(self) -> bool:
        return self.made_on is not None

    @property
    def is_further_report(self) -> bool:
        return self.trigger in FURTHER_REPORTS

    @property
    def source(self) -> str:
        return TRIGGERS[ListTrigger(self.trigger)][2]

    @property
    def clock_code(self) -> str:
        return TRIGGERS[ListTrigger(self.trigger)][1]

    def overdue(self, today=None) -> bool:
        return not self.made and self.due_on < (today or timezone.localdate())
