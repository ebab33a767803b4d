"""Deadlines for pages of other apps: `{% open_deadlines case as deadlines %}` (one query)."""

from django import template

from casework.models import Deadline

register = template.Library()


@register.simple_tag
def open_deadlines(case):
    """The clocks running on a case, soonest first, with their subjects."""
    return list(Deadline.objects.open().filter(case=case).select_related("person").order_by("due_at", "id"))
