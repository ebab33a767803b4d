"""Helpers for the case-page tests: the intake wizard's session key and the answers each of its
steps posts (the allegation forms keyed by person, never by position)."""

from datetime import timedelta

from django.utils import timezone

from casework.models.cases import Origin, Sensitivity
from conduct.models import (
    AllegationCategory,
    CriminalInvestigation,
    Standard,
)

INTAKE = "case_intake"


def _ids(model, **filters):
    return [str(pk) for pk in model.objects.filter(**filters).values_list("pk", flat=True)]


def details_data(team, /, **overrides):
    data = {
        "origin": Origin.INTERNAL_REPORT,
        "matter_type": "internal",
        "received_on": (timezone.localdate() - timedelta(days=3)).strftime("%d/%m/%Y"),
        "how_received": "internal",
        "summary": "A colleague reported offensive messages in a group chat.",
        "complainant_name": "Pat Reporter",
        "complainant_email": "pat@example.org",
        "complainant_telephone": "",
        "sensitivity": Sensitivity.NORMAL,
        "team": str(team.pk),
        "investigator": "",
    }
    data.update(overrides)
    return data


def prefix(person):
    """The intake's allegation form prefix: keyed by person, never by position."""
    return f"p{person.pk}"


def allegation_data(prefix, *, description, categories, standards=("Discreditable conduct",), **overrides):
    data = {
        f"{prefix}-description": description,
        f"{prefix}-occurred_on": "",
        f"{prefix}-location": "",
        f"{prefix}-standards": _ids(Standard, name__in=standards),
        f"{prefix}-categories": _ids(AllegationCategory, code__in=categories),
        f"{prefix}-criminal_investigation": CriminalInvestigation.NONE,
    }
    data.update({f"{prefix}-{k}": v for k, v in overrides.items()})
    return data


def _as_lists(data):
    return {k: list(v) if isinstance(v, list | tuple) else [v] for k, v in data.items()}


def _set_intake(client, state):
    session = client.session
    if state is None:
        session.pop(INTAKE, None)
    else:
        session[INTAKE] = state
    session.save()


def _valid_allegations(register):
    """Answers for the subjects "1001" (Ann) and "met 2002" (Cat), keyed by person."""
    return _as_lists(
        {
            **allegation_data(prefix(register["first"]), description="First", categories=("other",)),
            **allegation_data(
                prefix(register["met"]), description="Second", categories=("discrimination", "dishonesty")
            ),
        }
    )
