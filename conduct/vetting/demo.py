"""Demo for seed_demo: a vetting review in progress, triggered by a demo misconduct finding (the
"outcome" case of conduct.cases.demo records one through the lifecycle, which opens the review by
the transition_applied hook); here the appropriate authority gives the officer notice, so the
review waits for their representations with its clock running and the notice in the outbox.
Idempotent: once a review has had notice given, nothing more is done."""

from django.utils import timezone

from conduct.vetting import services
from conduct.vetting.models import ReviewState, Trigger, VettingReview


def seed(users) -> VettingReview | None:
    if VettingReview.objects.exclude(state=ReviewState.OPENED).exists():
        return None
    review = VettingReview.objects.filter(trigger=Trigger.FINDING, state=ReviewState.OPENED).order_by("pk").first()
    if review is None:
        return None
    return services.give_notice(user=users["authority"], review=review, given_on=timezone.localdate())
