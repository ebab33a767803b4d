"""Deadlines for pages of other apps: `{% open_deadlines case as deadlines %}` (one query, and
one for the non-working days behind the time left)."""

from django import template

from casework.models import Deadline
from casework.time_left import with_time_left

register = template.Library()


@register.simple_tag
def open_deadlines(case):
    """The clocks running on a case, soonest first, with their subjects."""
    return with_time_left(Deadline.objects.open().filter(case=case).select_related("person").order_by("due_at", "id"))
