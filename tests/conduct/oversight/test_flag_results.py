"""Early warning judged by its results (issue 20, point 6): a reviewer marks a flag a false
positive with reasons; each rule shows its flags, acted-on and false-positive counts; a flag's
page compares the officer with peers of the same rank in the same unit."""

import pytest
from django.urls import reverse
from django.utils import timezone

from casework.models import Rank
from conduct.models import Flag, FlagState
from conduct.oversight import early_warning, peers
from tests.conduct.oversight.test_views import _say_why
from tests.factories import PersonFactory, UnitFactory, make_case

pytestmark = pytest.mark.django_db


@pytest.fixture
def flag(personas, team, officer):
    make_case(personas.investigator, team, [officer], categories=("sexual-misconduct",))
    return Flag.objects.get(person=officer, rule__code="any-sexual-misconduct")


def test_a_false_positive_is_closed_with_reasons_and_not_raised_again(personas, flag, officer):
    with pytest.raises(early_warning.FlagRefused):
        early_warning.mark_false_positive(user=personas.authority, flag=flag, reason="  ")
    early_warning.mark_false_positive(
        user=personas.authority, flag=flag, reason="The allegation was withdrawn as a mistaken identity."
    )
    flag.refresh_from_db()
    assert (flag.state, flag.resolved_by) == (FlagState.FALSE_POSITIVE, personas.authority)
    assert early_warning.evaluate_person(officer) == []  # the same evidence: not raised again


def test_each_rule_shows_its_results(personas, team, flag):
    other = PersonFactory()
    make_case(personas.investigator, team, [other], categories=("sexual-misconduct",))
    second = Flag.objects.get(person=other, rule__code="any-sexual-misconduct")
    early_warning.mark_false_positive(user=personas.authority, flag=flag, reason="Wrong person.")
    early_warning.act_by_monitoring(user=personas.authority, flag=second, reason="Monitor for a year.")
    results = {r["rule"].code: r for r in early_warning.rule_results(personas.authority)}
    sexual = results["any-sexual-misconduct"]
    assert (sexual["raised"], sexual["open"], sexual["acted"], sexual["false_positive"]) == (2, 0, 1, 1)
    assert sexual["false_positive_share"] == 50


def test_the_pages_mark_and_show_them(personas, flag, officer, client):
    client.force_login(personas.authority)
    _say_why(client, officer)
    url = reverse("flag-detail", args=[flag.pk])
    page = client.get(url).content.decode()
    assert 'data-testid="flag-form-false_positive"' in page and 'data-testid="peers"' in page
    response = client.post(url, {"do": "false_positive", "false_positive-reason": ""})
    assert response.status_code == 200 and "Give your reasons" in response.content.decode()
    client.post(url, {"do": "false_positive", "false_positive-reason": "Mistaken identity."})
    assert Flag.objects.get(pk=flag.pk).state == FlagState.FALSE_POSITIVE
    listing = client.get(reverse("flag-list"), {"state": "false_positive"}).content.decode()
    assert 'data-testid="rule-results"' in listing
    assert officer.full_name in listing


def test_peers_of_the_same_rank_and_unit(personas, team):
    unit, rank = UnitFactory(), Rank.objects.order_by("id").first()
    me, *others = [PersonFactory(unit=unit, rank=rank, force=unit.force) for _ in range(4)]
    PersonFactory(unit=unit, rank=Rank.objects.order_by("-id").first(), force=unit.force)  # another rank
    make_case(personas.investigator, team, [me])
    make_case(personas.investigator, team, [me])
    make_case(personas.investigator, team, [others[0]])
    comparison = peers.compare(me, timezone.localdate())
    assert (comparison.peers, comparison.mine, comparison.average, comparison.fewer) == (3, 2, 0.3, 3)
    assert comparison.share_with_fewer == 100
    assert peers.compare(PersonFactory(unit=None), timezone.localdate()) is None
