"""How a person's number is shown: another force's with its code beside it (issue 22), so the
number on the page is one the person chooser finds again. `{% load people %}{{ person|number_with_force }}`."""

from django import template

from casework.search import PERSON_REASONS, number_label

register = template.Library()


@register.filter
def number_with_force(person):
    """ "4101" for the home force; "NORTHSHIRE7101 (northshire)" for another. Needs the person's
    force (select_related it in lists)."""
    return number_label(person) if person is not None else ""


@register.filter
def person_match_reason(person):
    """Why a person is in a search's results ("Number", "Full name", "Name", "Similar name")."""
    return PERSON_REASONS.get(getattr(person, "match_group", None), "")
