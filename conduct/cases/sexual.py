"""The sexual-misconduct flag on the case subject (issue 20, point 7): `CaseSubject.sexual_risk`
says that one of the subject's allegations is in a category flagged sexual misconduct, domestic
abuse or violence against women and girls (`AllegationCategory.sexual_or_vawg`). The risk list,
the Needs-action cards and the case and person panels read the flag (partial index
`subject_sexual_risk_idx`) instead of joining every allegation to its categories.

Its source stays the allegations and the categories' flags: this module is the only writer,
called in the transaction of everything that changes either — an allegation's categories set
(conduct.cases.services.record_allegation), a category added to an allegation
(conduct.referrals.discrimination), and an administrator changing a category's flag
(conduct.cases.admin) — so the flag never disagrees with them
(tests/conduct/cases/test_sexual_flag.py, a property over random sequences of all three)."""

from django.db.models import Exists, OuterRef

from casework.models import CaseSubject
from conduct.cases.models import Allegation


def _sexual_allegations():
    return Allegation.objects.filter(categories__sexual_or_vawg=True)


def sexual_risk_of(subject_pk) -> bool:
    """The flag's source: whether any allegation of the subject is in a sexual/VAWG category."""
    return _sexual_allegations().filter(subject_id=subject_pk).exists()


def sync_sexual_flag(subject) -> bool:
    """Set one subject's flag from its allegations, in one UPDATE (the caller's transaction)."""
    live = sexual_risk_of(subject.pk)
    CaseSubject.objects.filter(pk=subject.pk).exclude(sexual_risk=live).update(sexual_risk=live)
    subject.sexual_risk = live
    return live


def sync_category(category) -> int:
    """A category's flag changed: set the flag of every subject with an allegation in it (two
    UPDATEs, whatever the number of subjects). Answers how many subjects changed."""
    subjects = CaseSubject.objects.filter(allegations__categories=category).values("pk")
    live = Exists(_sexual_allegations().filter(subject_id=OuterRef("pk")))
    raised = CaseSubject.objects.filter(pk__in=subjects, sexual_risk=False).filter(live).update(sexual_risk=True)
    lowered = CaseSubject.objects.filter(pk__in=subjects, sexual_risk=True).exclude(live).update(sexual_risk=False)
    return raised + lowered
