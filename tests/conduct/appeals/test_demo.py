"""The demo shows a meeting appeal decided and a tribunal appeal pending against a dismissal, built
through the services; a second run adds nothing."""

import pytest
from django.core.management import call_command

from conduct.appeals import demo, selectors
from conduct.models import Appeal, AppealKind, Stage

pytestmark = pytest.mark.django_db


def test_the_demo_has_a_decided_meeting_appeal_and_a_pending_tribunal_appeal(monkeypatch):
    monkeypatch.setenv("DEMO_PASSWORD", "demo-password-for-tests")
    call_command("seed_demo", force=True)
    meeting = Appeal.objects.get(kind=AppealKind.MEETING)
    assert meeting.result and meeting.proceedings.stage == Stage.CONCLUDED
    assert meeting.proceedings.finalisation.finalised_on == meeting.decided_on
    tribunal = Appeal.objects.get(kind=AppealKind.TRIBUNAL)
    assert tribunal.pending and tribunal.proceedings.stage == Stage.APPEAL
    assert selectors.barred_list_status(tribunal.proceedings) == "pending appeal"
    from django.contrib.auth import get_user_model

    users = {u.username: u for u in get_user_model().objects.filter(username__in=["investigator", "authority"])}
    assert demo.seed(users) == {}  # idempotent
    assert Appeal.objects.count() == 2
