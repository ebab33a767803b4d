"""The board opens on the work waiting (answers to assess first), and the decision form waits
until everyone is assessed, saying how many are left."""

import pytest
from django.urls import reverse

from conduct.access_reviews.views import _first_group
from tests.conduct.access_reviews.test_views import _load, exercise  # noqa: F401  (fixture)

pytestmark = pytest.mark.django_db


def _counts(**given):
    keys = ["unmatched", "excluded", "not_written", "awaiting", "overdue", "responded", "legitimate"]
    keys += ["not_legitimate", "interview", "set_aside"]
    return {key: given.get(key, 0) for key in keys}


def test_the_board_opens_on_the_answers_to_assess():
    assert _first_group(_counts(unmatched=3, awaiting=16, responded=2)) == "responded"
    assert _first_group(_counts(unmatched=3, not_written=22)) == "not_written"
    assert _first_group(_counts(unmatched=3)) == "unmatched"
    assert _first_group(_counts()) == "not_written"


def test_the_decision_form_waits_until_everyone_is_assessed(client, personas, exercise, home_force):  # noqa: F811
    _load(exercise, home_force, 2)
    client.force_login(personas.investigator)
    board = client.get(reverse("access-review-detail", args=[exercise.pk])).content.decode()
    assert "The decision can be recorded when the 2 people still to assess have been assessed" in board
    assert reverse("access-review-decide", args=[exercise.pk]) not in board
    page = client.get(reverse("access-review-decide", args=[exercise.pk])).content.decode()
    assert "2 people have not been assessed or set aside yet" in page
    assert 'name="decision"' not in page  # no form to fill in that could only be refused
