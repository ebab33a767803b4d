"""The seed_demo scenario: an investigation past 12 months with its report sent, once."""

import pytest

from conduct.models import ProgressReport, Standard
from conduct.progress_reports import demo
from notifications.models import Correspondence

pytestmark = pytest.mark.django_db


def test_the_demo_report_is_sent_once(personas, team, officer):
    ctx = {
        "users": {"investigator": personas.investigator},
        "standards": {s.name: s for s in Standard.objects.all()},
        "teams": {"a": team},
    }
    assert demo.seed(ctx, [officer]) is not None
    assert demo.seed(ctx, [officer]) is None
    report = ProgressReport.objects.get()
    assert sorted(report.copies.values_list("recipient", "withheld")) == [
        ("iopc", False),
        ("local_policing_body", False),
        ("officer", True),
    ]
    assert Correspondence.objects.filter(case=report.case, kind="progress_report").count() == 2
    assert report.case.deadlines.get(kind="investigation_6_monthly_report").state == "open"
