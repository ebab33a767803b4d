"""Demo for seed_demo: a vetting review in progress, triggered by a demo misconduct finding (the
"outcome" case of conduct.cases.demo records one through the lifecycle, which opens the review by
the transition_applied hook). Here the appropriate authority assesses its severity (a withdrawal
assessment follows) and gives the officer notice, so the review waits for their representations,
its clock running and the notice in the outbox. Idempotent: once a review has moved past opened,
nothing more is done."""

from django.utils import timezone

from conduct.vetting import services
from conduct.vetting.models import ReviewState, Trigger, VettingReview


def seed(users) -> VettingReview | None:
    if VettingReview.objects.exclude(state=ReviewState.OPENED).exists():
        return None
    review = VettingReview.objects.filter(trigger=Trigger.FINDING, state=ReviewState.OPENED).order_by("pk").first()
    if review is None:
        return None
    today = timezone.localdate()
    review = services.assess_severity(
        user=users["authority"],
        review=review,
        assessed_on=today,
        needed=True,
        reasons="The finding concerned honesty and integrity: it could reasonably result in withdrawal.",
    )
    return services.give_notice(user=users["authority"], review=review, given_on=today)
