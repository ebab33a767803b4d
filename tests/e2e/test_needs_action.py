"""Risk that cannot be missed (issue 20, acceptance): the group-chat officers, on full duty under
criminal investigation, are a "Needs action" card on the head of PSD's dashboard and My work,
above the fold at 1280x800; the investigator sees the warning panel on the case page, with the
action; a decision (a restriction in a role that does not face the public, asked on the form)
takes the officer off the card. Every page passes the axe checks."""

import pytest
from django.utils import timezone

from conduct.duty import services as duty
from conduct.models import DecisionState, DutyDecision
from tests.e2e.test_suspension import group_chat  # noqa: F401  (the fixture: two officers, full duty)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

FOLD = 800


def card(page, key):
    return page.get_by_test_id(f"card-{key}")


def above_the_fold(locator) -> bool:
    box = locator.bounding_box()
    return box is not None and box["y"] + box["height"] <= FOLD


def test_the_group_chat_officers_need_action_until_decided(
    page,
    live_server,
    personas,
    login,
    assert_accessible,
    group_chat,  # noqa: F811
):
    page.set_viewport_size({"width": 1280, "height": FOLD})
    reference = group_chat.reference

    # The head of PSD: the card opens the dashboard and My work, above the fold.
    login(page, personas.head)
    assert above_the_fold(card(page, "criminal"))  # My work, where sign-in lands
    assert card(page, "criminal").get_by_test_id("card-count").inner_text() == "2"
    assert_accessible(page)
    page.goto(f"{live_server.url}/dashboard/")
    criminal = card(page, "criminal")
    assert criminal.get_by_test_id("card-count").inner_text() == "2"
    assert above_the_fold(criminal) and above_the_fold(card(page, "sexual"))
    assert_accessible(page)
    criminal.get_by_role("link").first.click()
    rows = page.get_by_test_id("risk-row").all_inner_texts()
    assert len(rows) == 2 and all("No duty decision" in row for row in rows)
    page.context.clear_cookies()

    # The investigator: the warning panel on the case page, with the action to propose.
    login(page, personas.investigator)
    page.goto(f"{live_server.url}/cases/{reference}/")
    panel = page.get_by_test_id("risk-panel")
    assert panel.get_by_test_id("risk-panel-row").count() == 2
    assert "Gary Mills is on public-facing duty" in panel.inner_text()
    assert_accessible(page)
    panel.get_by_role("link", name="Propose a duty decision for Gary Mills").click()
    page.get_by_label("Restricted duties", exact=True).check()
    page.get_by_label("Shared misogynistic and racist messages").check()
    page.get_by_label("Why is this enough?").fill("Restricted to the control room, away from the public.")
    page.get_by_role("button", name="Send the proposal for decision").click()
    assert "Say whether the role faces the public" in page.get_by_role("alert").inner_text()
    assert_accessible(page)
    page.get_by_label("No: the role does not face the public").check()
    page.get_by_role("button", name="Send the proposal for decision").click()
    assert "Awaiting approval" in page.get_by_role("heading", level=1).inner_text()
    page.context.clear_cookies()

    # The appropriate authority decides; Gary Mills leaves the card, Dean Hale stays.
    proposal = DutyDecision.objects.get(state=DecisionState.PROPOSED)
    assert proposal.public_facing is False
    duty.approve(user=personas.authority, decision=proposal, reasons="Agreed.", effective_on=timezone.localdate())
    login(page, personas.head)
    page.goto(f"{live_server.url}/dashboard/")
    assert card(page, "criminal").get_by_test_id("card-count").inner_text() == "1"
    assert_accessible(page)
    page.goto(f"{live_server.url}/cases/{reference}/")
    if page.get_by_role("button", name="Continue to the record").count():  # asked why first (s.62)
        page.get_by_label("Oversight or supervision of this matter").check()
        page.get_by_role("button", name="Continue to the record").click()
    panel_text = page.get_by_test_id("risk-panel").inner_text()
    assert "Dean Hale" in panel_text and "Gary Mills" not in panel_text
    assert_accessible(page)
