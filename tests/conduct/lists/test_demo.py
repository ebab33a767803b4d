"""The seed_demo scenarios: a Barred List report due (a vetting dismissal, not yet sent) and an
Advisory List entry (a subject who resigned under investigation) sent to the College, once."""

import pytest

from casework.models import PersonType
from conduct.lists import demo
from conduct.models import ListReport, Standard
from tests.factories import PersonFactory

pytestmark = pytest.mark.django_db


def test_the_demo_has_a_barred_report_due_and_an_advisory_report_sent(personas, team, home_force):
    ctx = {
        "users": {"investigator": personas.investigator, "authority": personas.authority},
        "standards": {s.name: s for s in Standard.objects.all()},
        "teams": {"a": team},
    }
    people = [PersonFactory(force=home_force, number=f"60{n}", person_type=PersonType.OFFICER) for n in range(2)]
    done = demo.seed(ctx, people)
    assert set(done) == {"barred", "advisory"}
    assert demo.seed(ctx, people) == {}  # idempotent
    barred = ListReport.objects.get(kind="barred")
    assert (barred.trigger, barred.state, barred.made) == ("dismissal_vetting", "due", False)
    advisory = ListReport.objects.get(kind="advisory")
    assert (advisory.trigger, advisory.state) == ("left_under_investigation", "sent")
    assert advisory.prepared_by == personas.investigator and advisory.approved_by == personas.authority
    assert advisory.letter.kind == "list_report"
