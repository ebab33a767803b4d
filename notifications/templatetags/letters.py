"""Letters on the case page and the person page: `{% load letters %}` then
`{% case_correspondence case user %}` or `{% person_correspondence person user %}`.
Each is one query, however many letters there are (the tables show the newest LIMIT)."""

from django import template

from notifications import permissions
from notifications.models import Correspondence, Status

register = template.Library()

LIMIT = 50

STATUS_TAGS = {
    Status.DRAFT: "govuk-tag--yellow",
    Status.APPROVED: "govuk-tag--blue",
    Status.QUEUED: "govuk-tag--light-blue",
    Status.SENDING: "govuk-tag--light-blue",
    Status.SENT: "govuk-tag--green",
    Status.UNCERTAIN: "govuk-tag--orange",
    Status.FAILED: "govuk-tag--red",
    Status.BOUNCED: "govuk-tag--red",
    Status.CANCELLED: "govuk-tag--grey",
}


@register.filter
def letter_status_class(status):
    return STATUS_TAGS.get(status, "govuk-tag--grey")


# Only what the tables show: never the body, which can be long.
_COLUMNS = ("pk", "kind", "status", "recipient_name", "created_at", "sent_at", "case__reference")


@register.inclusion_tag("notifications/_case_correspondence.html")
def case_correspondence(case, user):
    letters = Correspondence.objects.filter(case=case).select_related("case").only(*_COLUMNS)
    return {"case": case, "letters": list(letters[: LIMIT + 1]), "limit": LIMIT}


@register.inclusion_tag("notifications/_person_correspondence.html")
def person_correspondence(person, user):
    letters = permissions.letters_to_person(user, person).select_related("case").only(*_COLUMNS)
    return {"person": person, "letters": list(letters[: LIMIT + 1]), "limit": LIMIT}
