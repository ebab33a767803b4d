"""The one door to a record (DPA 2018 s.62: every consultation of a case or person is logged
with its purpose). Views never write the consultation log or ask the purpose themselves: they
open the record here.

How a view uses it:

    case = door.open_case(request, reference)      # found among the user's cases (else 404), logged
    person = door.open_person(request, pk, may_see=permissions.can_view_register)

A view that finds the record its own way (a letter's case, a deadline's case) hands it in:
`door.consult_case(request, case)` or `door.consult_person(request, person)`; a document on a
case (a letter, a referral summary) is logged as what it is with `document=`. A change or
decision form calls `door.consult_change_form(request, case, authority=...)`, which logs only
when the form is shown (GET) and, failing an assignment or a stated purpose, gives the role
that lets the user act as the purpose. Exports, access reviews and previews, whose purpose is
what the user is doing, call `door.log_with_purpose(...)`.

The purpose is the user's assignment, or the one they stated this session on the purpose page.
With neither, the door raises `PurposeNeeded`; `casework.middleware.PurposeMiddleware` turns it
into the redirect to the purpose page (which comes back here), as Django turns Http404 into the
404 page. So views stay one line, nothing is logged before the purpose is known, and a view
cannot forget to return the redirect.
"""

from django.http import Http404
from django.shortcuts import get_object_or_404

from . import audit, permissions
from .models import ObjectKind, Person

# A change or decision form reached without an assignment or a stated purpose (a bookmark): the
# role that lets the user act is the purpose, and the log shows it for what it is.
ROLE_PURPOSE_DECISION = "Decision asked of me as appropriate authority (opened a decision form directly)"
ROLE_PURPOSE_OVERSIGHT = "Oversight of the case (opened a change form directly)"


class PurposeNeeded(Exception):
    """The user must say why before seeing the record; `url` is the page that asks."""

    def __init__(self, url: str):
        super().__init__(url)
        self.url = url


# Cases ------------------------------------------------------------------------------------
def open_case(request, reference, *, for_change=False):
    """The case, if the user may see it (and change it, with `for_change`), its consultation
    logged; 404 for anyone else; PurposeNeeded when the user has not said why."""
    case = permissions.get_case_or_404(request.user, reference, for_change=for_change)
    consult_case(request, case)
    return case


def case_purpose(request, case, *, fallback: str | None = None) -> str:
    """Why the user looks at the case: their assignment, what they said this session, or the
    fallback; PurposeNeeded with none of them."""
    purpose = (
        permissions.assignment_purpose(request.user, case)
        or audit.stated_purpose(request, ObjectKind.CASE, case)
        or fallback
    )
    if purpose is None:
        raise PurposeNeeded(audit.purpose_url(request, ObjectKind.CASE, case, case.reference))
    return purpose


def consult_case(request, case, *, document=None, person=None, fallback: str | None = None) -> str:
    """Log one consultation of the case (or of `document` on it) with its purpose, and return
    the purpose. The case must already be one the user may see."""
    purpose = case_purpose(request, case, fallback=fallback)
    kind, obj = (ObjectKind.CASE, case) if document is None else (ObjectKind.DOCUMENT, document)
    log_with_purpose(request, kind=kind, obj=obj, case=case, person=person, purpose=purpose)
    return purpose


def consult_change_form(request, case, *, authority=False, document=None, person=None):
    """A change or decision form shows the record, so showing it (GET) is a consultation; the
    post that follows is a change, which the case history records. `authority`: the form is an
    appropriate authority's decision (the role purpose says so)."""
    if request.method == "GET":
        role_purpose = ROLE_PURPOSE_DECISION if authority else ROLE_PURPOSE_OVERSIGHT
        consult_case(request, case, document=document, person=person, fallback=role_purpose)


# People -----------------------------------------------------------------------------------
def open_person(request, pk, *, may_see, people=None):
    """The person, if `may_see(user)` lets the user into the page, their consultation logged;
    404 otherwise; PurposeNeeded when the user has not said why. `people` narrows the query
    (select_related and annotations for the page)."""
    if not may_see(request.user):
        raise Http404
    person = get_object_or_404(people if people is not None else Person.objects.all(), pk=pk)
    consult_person(request, person)
    return person


def consult_person(request, person) -> str:
    """Log one consultation of the person with its purpose (a subject of one of the user's open
    cases, or what they said this session), and return the purpose."""
    purpose = permissions.assignment_purpose_for_person(request.user, person) or audit.stated_purpose(
        request, ObjectKind.PERSON, person
    )
    if purpose is None:
        raise PurposeNeeded(audit.purpose_url(request, ObjectKind.PERSON, person, person.full_name))
    log_with_purpose(request, kind=ObjectKind.PERSON, obj=person, person=person, purpose=purpose)
    return purpose


# Anything else ------------------------------------------------------------------------------
class Listing:
    """What a list, an export or a page of figures consulted: many records, not one (logged with
    object id 0 and this label)."""

    pk = 0

    def __init__(self, label: str):
        self.label = label[:200]

    def __str__(self):
        return self.label


def log_listing(request, label: str, *, purpose: str, kind: ObjectKind = ObjectKind.EXPORT):
    """Log one consultation of many records at once (an export, the return, fairness figures)."""
    return log_with_purpose(request, kind=kind, obj=Listing(label), purpose=purpose)


def log_with_purpose(request, *, kind: ObjectKind, obj, purpose: str, case=None, person=None):
    """Log one consultation of obj whose purpose the caller knows: an export, a step of an
    access review, a template previewed against a case."""
    return audit.log_consultation(request, kind=kind, obj=obj, purpose=purpose, case=case, person=person)
