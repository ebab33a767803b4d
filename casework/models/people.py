"""The register: forces, units, ranks, people and their duty-status timeline."""

import pghistory
from django.conf import settings
from django.contrib.postgres.indexes import GinIndex, OpClass
from django.db import models
from django.db.models import F, OuterRef, Q, Subquery
from django.db.models.functions import Upper
from django.utils import timezone


class Force(models.Model):
    code = models.SlugField(max_length=20, unique=True)
    name = models.CharField(max_length=120, unique=True)
    is_home = models.BooleanField("home force", default=False)

    class Meta:
        ordering = ["-is_home", "name"]
        constraints = [models.UniqueConstraint(fields=["is_home"], condition=Q(is_home=True), name="one_home_force")]

    def __str__(self):
        return self.name


class Unit(models.Model):
    force = models.ForeignKey(Force, on_delete=models.PROTECT, related_name="units")
    name = models.CharField(max_length=120)

    class Meta:
        ordering = ["force__name", "name"]
        constraints = [models.UniqueConstraint(fields=["force", "name"], name="unit_unique_per_force")]

    def __str__(self):
        return self.name


class PersonType(models.TextChoices):
    OFFICER = "officer", "Police officer"
    SPECIAL = "special", "Special constable"
    STAFF = "staff", "Police staff"
    VOLUNTEER = "volunteer", "Designated volunteer"


class Rank(models.Model):
    """A rank (officers and specials) or a grade (staff and volunteers)."""

    name = models.CharField(max_length=80, unique=True)
    seniority = models.PositiveSmallIntegerField(default=0, help_text="Higher is more senior.")
    is_chief_officer = models.BooleanField(default=False)

    class Meta:
        ordering = ["-seniority", "name"]

    def __str__(self):
        return self.name


class VettingStatus(models.TextChoices):
    CLEARED = "cleared", "Cleared"
    PENDING = "pending", "Pending"
    UNDER_REVIEW = "under_review", "Under review"
    WITHDRAWN = "withdrawn", "Withdrawn"
    NOT_KNOWN = "not_known", "Not known"


class LeavingReason(models.TextChoices):
    """How someone left the service. The Advisory List duties of Police Act 1996 s.88I(1)(a)-(b)
    apply to those who resigned or retired, not to the dismissed (the Barred List covers them)."""

    RESIGNED = "resigned", "Resigned"
    RETIRED = "retired", "Retired"
    DISMISSED = "dismissed", "Dismissed"
    OTHER = "other", "Left another way"


RESIGNED_OR_RETIRED = (LeavingReason.RESIGNED, LeavingReason.RETIRED)
RESIGNED_OR_RETIRED_CHOICES = [(reason.value, reason.label) for reason in RESIGNED_OR_RETIRED]


class DutyStatus(models.TextChoices):
    FULL = "full", "Full duties"
    RESTRICTED = "restricted", "Restricted duties"
    NON_PUBLIC_FACING = "non_public_facing", "Non-public-facing role"
    REDEPLOYED = "redeployed", "Redeployed"
    SUSPENDED = "suspended", "Suspended"
    LEFT = "left", "Left the force"


# Statuses that take someone off public-facing work whatever their role. Whether anyone else
# faces the public is a property of the role, not of the status word (DOMAIN.md, "Suspension"):
# restricted or redeployed officers can still face the public, so it is recorded on each period
# (`DutyStatusEntry.public_facing`) and the risk lists read that, never the status.
OFF_PUBLIC_DUTY = (DutyStatus.SUSPENDED, DutyStatus.NON_PUBLIC_FACING, DutyStatus.LEFT)


def public_facing_by_default(status) -> bool:
    """Full duties face the public, suspension, a non-public-facing role and leaving do not;
    restricted or redeployed are asked for, and until someone says otherwise count as facing the
    public (a gap in the record must not hide a risk)."""
    return status not in OFF_PUBLIC_DUTY


class PersonQuerySet(models.QuerySet):
    def with_current_status(self, on=None):
        """Annotate `current_status` from the timeline (never stored twice)."""
        day = on or timezone.localdate()
        latest = (
            DutyStatusEntry.objects.filter(person=OuterRef("pk"), starts_on__lte=day)
            .filter(Q(ends_on__isnull=True) | Q(ends_on__gt=day))
            .order_by("-starts_on", "-id")
            .values("status")[:1]
        )
        return self.annotate(current_status=Subquery(latest))

    # Searching people, ranked: casework.search.people_matching.


@pghistory.track()
class Person(models.Model):
    force = models.ForeignKey(Force, on_delete=models.PROTECT, related_name="people")
    number = models.CharField("warrant, collar or staff number", max_length=30)
    person_type = models.CharField(max_length=20, choices=PersonType.choices)
    first_name = models.CharField(max_length=80)
    last_name = models.CharField(max_length=80)
    rank = models.ForeignKey(Rank, on_delete=models.PROTECT, null=True, blank=True)
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, null=True, blank=True, related_name="people")
    line_manager = models.ForeignKey("self", on_delete=models.SET_NULL, null=True, blank=True, related_name="reports")
    probationer = models.BooleanField(default=False)
    # An officer or special who has left (resigned, retired, dismissed): dealt with under the
    # Conduct Regulations as they apply to former officers (conduct.cases.routes).
    left_service_on = models.DateField("left the service on", null=True, blank=True)
    # How they left ("" = not recorded): from the HR import, or the appropriate authority's record
    # of a resignation or retirement under investigation (conduct.cases.changes.flag_advisory_list).
    left_by = models.CharField(
        "how they left", max_length=20, choices=LeavingReason.choices, blank=True, default="", db_default=""
    )
    vetting_status = models.CharField(max_length=20, choices=VettingStatus.choices, default=VettingStatus.NOT_KNOWN)
    email = models.EmailField(blank=True)
    # The latest duty-status period, kept on the row for the lists at force scale (issue 20,
    # point 7): written only by casework.services.change_duty_status, in the transaction that
    # adds the period; "" and public-facing when none is recorded. The timeline stays the record.
    duty_status = models.CharField(max_length=20, choices=DutyStatus.choices, blank=True, default="", db_default="")
    public_facing = models.BooleanField(default=True, db_default=True)
    duty_since = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = PersonQuerySet.as_manager()

    class Meta:
        ordering = ["last_name", "first_name", "id"]
        constraints = [models.UniqueConstraint(fields=["force", "number"], name="person_number_unique_per_force")]
        indexes = [
            models.Index(F("last_name").asc(), F("first_name").asc(), name="person_name_idx"),
            # Name search (`icontains`, which Django writes as UPPER(...) LIKE UPPER(...)): trigram
            # indexes on the upper-cased names answer "%word%" without reading the register.
            GinIndex(OpClass(Upper("first_name"), name="gin_trgm_ops"), name="person_first_name_trgm"),
            GinIndex(OpClass(Upper("last_name"), name="gin_trgm_ops"), name="person_last_name_trgm"),
            # ... and `number__iexact` beside them, so the three combine in one bitmap scan.
            models.Index(Upper("number"), name="person_number_upper_idx"),
        ]

    def __str__(self):
        return f"{self.full_name} ({self.number})"

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("person-detail", args=[self.pk])

    @property
    def full_name(self):
        return f"{self.first_name} {self.last_name}"

    @property
    def left_on(self):
        """The day the register says they left: the HR import's date, or a duty status "left"."""
        if self.left_service_on is not None:
            return self.left_service_on
        return self.duty_since if self.duty_status == DutyStatus.LEFT else None

    @property
    def is_subject_to_conduct_regulations(self):
        return self.person_type in (PersonType.OFFICER, PersonType.SPECIAL)


@pghistory.track()
class DutyStatusEntry(models.Model):
    """One period of a duty status. The current status is the latest period covering today."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="duty_statuses")
    status = models.CharField(max_length=20, choices=DutyStatus.choices)
    # Whether the role in this period faces the public (DOMAIN.md: a property of the role).
    public_facing = models.BooleanField(default=True)
    starts_on = models.DateField()
    ends_on = models.DateField(null=True, blank=True)
    reason = models.TextField()
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True)
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-starts_on", "-id"]
        verbose_name_plural = "duty status entries"
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gt=F("starts_on")),
                name="duty_period_ends_after_start",
            ),
            # The statuses whose answer is fixed cannot be recorded with the other one.
            models.CheckConstraint(
                condition=(Q(status__in=OFF_PUBLIC_DUTY) & Q(public_facing=False))
                | (Q(status=DutyStatus.FULL) & Q(public_facing=True))
                | Q(status__in=[DutyStatus.RESTRICTED, DutyStatus.REDEPLOYED]),
                name="duty_period_public_facing_fits_status",
                violation_error_message=(
                    "Suspended, non-public-facing or left never faces the public; full duties does."
                ),
            ),
        ]
        indexes = [models.Index(fields=["person", "-starts_on"], name="duty_person_start_idx")]

    def __str__(self):
        return f"{self.get_status_display()} from {self.starts_on}"
