"""The letters and notices of a meeting or hearing: the reg 35 notice through the outbox, the
public notice of a hearing (reg 36) with withholding reasoned, and the written notice of the
outcome, whose giving is announced to the features that run from it once (hooks.outcome_notified)."""

from datetime import date, datetime

import pytest

from casework.calendar import LONDON
from conduct.cases import hooks
from conduct.cases.lifecycle import apply_transition
from conduct.models import Finding, HearingEventKind, Outcome, PanelRole, PublicNotice
from conduct.proceedings import panel, services
from conduct.proceedings.services import ProceedingsRefused
from notifications.models import Correspondence, LetterKind

pytestmark = pytest.mark.django_db
STARTS = datetime(2027, 1, 20, 10, 0, tzinfo=LONDON)


def test_setting_the_date_writes_the_reg_35_notice_with_the_panel_and_delegation(personas, hearing, people):
    panel.appoint(
        user=personas.authority,
        proceedings=hearing,
        role=PanelRole.CHAIR,
        person=people["acc"],
        reasons="Available.",
        delegated_by=people["chief"],
        delegated_on=date(2026, 12, 22),
        delegation_reasons="The chief constable is a witness.",
    )
    panel.appoint(
        user=personas.authority,
        proceedings=hearing,
        role=PanelRole.INDEPENDENT_MEMBER,
        name="Ruth Evans",
        reasons="From the list.",
    )
    services.schedule(
        user=personas.investigator, proceedings=hearing, starts_at=STARTS, place="HQ Room 2", agreed=False
    )
    letter = Correspondence.objects.get(kind=LetterKind.PROCEEDINGS_NOTICE, person=hearing.subject.person)
    assert "10:00 on 20 January 2027" in letter.body and "HQ Room 2" in letter.body
    assert "Helen Price" in letter.body and "Ruth Evans" in letter.body
    assert "Catherine Stone (chief officer) delegated the chair" in letter.body
    assert "27 January 2027" in letter.body  # the alternative date's last day (reg 34)


def test_a_date_in_the_past_or_without_a_place_writes_nothing(personas, hearing):
    with pytest.raises(ProceedingsRefused, match="place"):
        services.schedule(user=personas.investigator, proceedings=hearing, starts_at=STARTS, place=" ", agreed=True)
    with pytest.raises(ProceedingsRefused, match="future"):
        services.schedule(
            user=personas.investigator,
            proceedings=hearing,
            starts_at=datetime(2026, 12, 1, tzinfo=LONDON),
            place="HQ",
            agreed=True,
        )
    assert not Correspondence.objects.filter(kind=LetterKind.PROCEEDINGS_NOTICE).exists()


def test_the_public_notice_is_recorded_with_its_date_and_withholding_needs_reasons(personas, hearing):
    with pytest.raises(ProceedingsRefused, match="date, time and place"):
        services.record_public_notice(
            user=personas.investigator, proceedings=hearing, published_on=date(2026, 12, 23), text="Notice"
        )
    services.schedule(user=personas.investigator, proceedings=hearing, starts_at=STARTS, place="HQ", agreed=True)
    with pytest.raises(ProceedingsRefused, match="reasons for withholding"):
        services.record_public_notice(
            user=personas.investigator,
            proceedings=hearing,
            published_on=date(2026, 12, 23),
            text="Notice",
            officer_named=False,
        )
    with pytest.raises(ProceedingsRefused, match="before the hearing"):
        services.record_public_notice(
            user=personas.investigator, proceedings=hearing, published_on=date(2027, 1, 20), text="Notice"
        )
    notice = services.record_public_notice(
        user=personas.investigator,
        proceedings=hearing,
        published_on=date(2026, 12, 23),
        text="A misconduct hearing of a police constable will be held on 20 January 2027 at HQ.",
        officer_named=False,
        withholding_reasons="The chair found a real risk to the officer's family.",
    )
    assert PublicNotice.objects.get() == notice and notice.published_on == date(2026, 12, 23)


def test_a_meeting_has_no_public_notice(personas, meeting):
    with pytest.raises(ProceedingsRefused, match="Only a misconduct hearing"):
        services.record_public_notice(
            user=personas.investigator, proceedings=meeting, published_on=date(2026, 12, 23), text="Notice"
        )


def test_the_outcome_notice_is_a_letter_and_is_announced_once(personas, hearing, wednesday):
    heard = []
    hooks.outcome_notified.connect(lambda **kwargs: heard.append(kwargs), name="test-outcome-notified")
    try:
        apply_transition(
            user=personas.authority,
            proceedings=hearing,
            action="record_outcome",
            reason="Findings.",
            finding=Finding.GROSS,
            outcome=Outcome.DISMISSAL,
        )
        with pytest.raises(ProceedingsRefused, match="report on the findings first"):
            services.give_outcome_notice(
                user=personas.authority, proceedings=hearing, notified_on=date(2026, 12, 23), reasons="Reasons."
            )
        services.record_step(
            user=personas.investigator,
            proceedings=hearing,
            kind=HearingEventKind.FINDINGS_REPORT,
            on=date(2026, 12, 23),
        )
        services.give_outcome_notice(
            user=personas.authority,
            proceedings=hearing,
            notified_on=date(2026, 12, 23),
            reasons="The messages were grossly offensive and discriminatory.",
        )
        with pytest.raises(ProceedingsRefused, match="already recorded"):
            services.give_outcome_notice(
                user=personas.authority, proceedings=hearing, notified_on=date(2026, 12, 23), reasons="Again."
            )
    finally:
        hooks.outcome_notified.receivers = [
            r for r in hooks.outcome_notified.receivers if r[1] != "test-outcome-notified"
        ]
    assert len(heard) == 1
    assert heard[0]["proceedings"].pk == hearing.pk and heard[0]["notified_on"] == date(2026, 12, 23)
    letter = Correspondence.objects.get(kind=LetterKind.OUTCOME_LETTER, person=hearing.subject.person)
    assert "Dismissal without notice" in letter.body and "Police Appeals Tribunal" in letter.body
    assert letter.status != "draft"  # the appropriate authority's notice: approved as it is given
