"""The live-criminal flag on the case subject (issue 20, point 7): `CaseSubject.criminal_risk`
says that one of the subject's allegations is under criminal investigation, charged or
convicted (CRIMINAL_RISK). The risk list and the Needs-action card read the flag instead of
searching every allegation. Its source stays the allegations: this is the only writer, called in
the transaction of the two services that set an allegation's criminal status (recording an
allegation, conduct.cases.services.record_allegation, and recording the criminal side's
progress, conduct.duty.risk.record_criminal_status), so the flag never disagrees with them
(tests/conduct/cases/test_criminal_flag.py, a property over random sequences)."""

from casework.models import CaseSubject
from conduct.cases.models import CRIMINAL_RISK, Allegation


def criminal_risk_of(subject_pk) -> bool:
    """The flag's source: whether any allegation of the subject is in CRIMINAL_RISK."""
    return Allegation.objects.filter(subject_id=subject_pk, criminal_investigation__in=CRIMINAL_RISK).exists()


def sync_criminal_flag(subject) -> bool:
    """Set the subject's flag from its allegations, in one UPDATE (the caller's transaction)."""
    live = criminal_risk_of(subject.pk)
    CaseSubject.objects.filter(pk=subject.pk).exclude(criminal_risk=live).update(criminal_risk=live)
    subject.criminal_risk = live
    return live
