"""Protected characteristics of a person on the register (issue 21): one row per person, from the
HR import or recorded by hand. Special category data: see casework/characteristics.py for who may
see it and how every view is logged."""

import pghistory
from django.conf import settings
from django.db import models
from django.utils import timezone

from casework.characteristics import ETHNICITY_CHOICES, SEX


class CharacteristicsSource(models.TextChoices):
    HR_IMPORT = "hr_import", "HR import"
    SELF_DECLARED = "self_declared", "Self-declared"
    RECORDED = "recorded", "Recorded by hand"


@pghistory.track()
class ProtectedCharacteristics(models.Model):
    person = models.OneToOneField("casework.Person", on_delete=models.PROTECT, related_name="characteristics")
    sex = models.CharField(max_length=20, choices=SEX, blank=True)
    ethnicity = models.CharField(max_length=40, choices=ETHNICITY_CHOICES, blank=True)
    date_of_birth = models.DateField(null=True, blank=True)
    source = models.CharField(max_length=20, choices=CharacteristicsSource.choices)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name_plural = "protected characteristics"
        permissions = [
            ("view_special_category", "Can see special category data (protected characteristics)"),
        ]

    def __str__(self):
        return f"Protected characteristics of person {self.person_id}"
