"""The demo shows oversight: the group-chat officers flagged, a repeat complainant, a
pattern of allegations, a monitored officer, and an acknowledged flag."""

import pytest
from django.core.management import call_command

from casework.models import Case
from conduct.models import Flag, FlagState

pytestmark = pytest.mark.django_db


def test_the_demo_flags_the_group_chat_officers_and_the_other_patterns(monkeypatch):
    monkeypatch.setenv("DEMO_PASSWORD", "demo-password-for-tests")
    call_command("seed_demo", force=True)
    group_chat = Case.objects.get(summary__startswith="Group chat")
    officers = set(group_chat.subjects.values_list("person_id", flat=True))
    assert len(officers) == 6
    for rule in ("any-sexual-misconduct", "any-discrimination"):
        flagged = set(Flag.objects.filter(rule__code=rule, state=FlagState.OPEN).values_list("person_id", flat=True))
        assert officers <= flagged
    rules = set(Flag.objects.values_list("rule__code", flat=True))
    assert {"repeat-complainant-12-months", "allegations-12-months", "monitored"} <= rules
    assert Flag.objects.filter(state=FlagState.ACKNOWLEDGED).exclude(resolution_reason="").exists()
    # Every other complaint has its own complainant: the only repeat is the scenario's.
    assert Flag.objects.filter(rule__code="repeat-complainant-12-months").count() == 1
