"""The demo hearing under the 2024 panel rules (seed_demo), and that seeding it twice adds nothing."""

import pytest
from django.core.management import call_command

from conduct.models import PanelAppointment, PanelRole, PublicNotice
from conduct.proceedings import demo
from notifications.models import Correspondence, LetterKind

pytestmark = pytest.mark.django_db


def test_the_demo_hearing_has_a_delegated_chair_two_members_an_adviser_a_date_and_notices(settings, monkeypatch):
    monkeypatch.setenv("DEMO_PASSWORD", "demo-password-for-tests")
    call_command("seed_demo", force=True)
    roles = sorted(PanelAppointment.objects.values_list("role", flat=True))
    assert roles == sorted(
        [PanelRole.CHAIR, PanelRole.INDEPENDENT_MEMBER, PanelRole.INDEPENDENT_MEMBER, PanelRole.LEGAL_ADVISER]
    )
    chair = PanelAppointment.objects.get(role=PanelRole.CHAIR)
    assert chair.delegated_by.rank.name == "Chief constable" and chair.person.rank.name == "Assistant chief constable"
    assert Correspondence.objects.filter(kind=LetterKind.PROCEEDINGS_NOTICE, person=chair.proceedings.subject.person)
    assert PublicNotice.objects.filter(proceedings=chair.proceedings).count() == 1
    from django.contrib.auth import get_user_model

    users = {u.username: u for u in get_user_model().objects.all()}
    assert demo.seed(users) is None  # idempotent
    assert PanelAppointment.objects.count() == 4
