"""Opening a change or decision form shows the record: it is logged like the case page (s.62)."""

import pytest

from casework.models import Consultation
from conduct.models import Stage

pytestmark = pytest.mark.django_db


def test_the_team_opening_an_edit_form_is_logged_with_their_assignment(client, personas, case):
    client.force_login(personas.investigator)
    assert client.get(f"/cases/{case.reference}/edit/").status_code == 200
    entry = Consultation.objects.get(case=case)
    assert (entry.user, entry.purpose, entry.path) == (
        personas.investigator,
        "Case of my team (Team Ivy)",
        f"/cases/{case.reference}/edit/",
    )


def test_an_authority_opening_a_decision_form_directly_is_logged_as_such(client, personas, case, proceedings, put_at):
    put_at(proceedings, Stage.REPORT)
    client.force_login(personas.authority)
    url = f"/cases/{case.reference}/subjects/{proceedings.subject_id}/refer_to_hearing/"
    assert client.get(url).status_code == 200
    assert Consultation.objects.get(case=case).purpose.startswith("Decision asked of me")
    client.post(url, {"reason": ""})  # a POST is the change itself, recorded by the change history
    assert Consultation.objects.filter(case=case).count() == 1
