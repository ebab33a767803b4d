"""Reads for the vetting route: who may see reviews, the list of reviews in progress, and the
person-page and case-page panels (a fixed number of queries each)."""

from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404

from casework import permissions
from casework.models import PersonType
from conduct.vetting.models import VettingReview

# Who holds vetting clearance under the 2025 Regulations: police officers (specials are constables).
HOLDS_CLEARANCE = (PersonType.OFFICER, PersonType.SPECIAL)


def may_see_reviews(user) -> bool:
    """Reviews of clearance are the appropriate authority's (and the head of PSD's)."""
    return permissions.can_decide(user)


def visible_reviews(user):
    """Reviews the user may open: none unless they may see reviews; a review on a case only when
    they may open the case (a restricted case stays hidden)."""
    if not may_see_reviews(user):
        return VettingReview.objects.none()
    visible = permissions.visible_cases(user).values("pk")
    return VettingReview.objects.filter(Q(case__isnull=True) | Q(case__in=visible))


def get_review_or_404(user, pk) -> VettingReview:
    if not may_see_reviews(user):
        raise Http404
    related = ("person__force", "person__rank", "case", "opened_by", "notice_given_by", "decided_by")
    related = (*related, "severity_by", "appeal_decided_by")
    return get_object_or_404(visible_reviews(user).select_related(*related), pk=pk)


def in_progress(user):
    return visible_reviews(user).open().select_related("person", "case").order_by("opened_at", "pk")


def person_panel(person, user) -> dict | None:
    if not may_see_reviews(user):
        return None
    reviews = list(visible_reviews(user).filter(person=person).order_by("-opened_at", "-pk"))
    return {
        "person": person,
        "reviews": reviews,
        "can_open": person.person_type in HOLDS_CLEARANCE
        and person.left_service_on is None
        and not any(r.is_open for r in reviews),
    }


def case_panel(case, user) -> dict | None:
    if not may_see_reviews(user):
        return None
    reviews = list(VettingReview.objects.filter(case=case).select_related("person").order_by("pk"))
    if not reviews:
        return None
    return {"template": "conduct/vetting/_case_panel.html", "section": "subjects", "reviews": reviews}
