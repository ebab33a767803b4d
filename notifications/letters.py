"""Letters: the context a letter renders with, previews, and the versions of each kind's
template. The restricted engine that checks and renders the text is
notifications.template_engine; `render`, `restrict_context` and `validate_template_source` are
importable from here too, so a caller deals with letters in one module.
"""

from collections.abc import Mapping

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from .kinds import (
    AUTOMATIC_EXTRAS,
    CASE_URL,
    COMMON_ROOTS,
    RESPONSE_URL,
    RESPONSE_URL_PLACEHOLDER,
    STAFF,
    spec_for,
)
from .models import LetterKind, LetterTemplate
from .template_engine import (
    PLAIN_SCALARS,
    is_declared,
    render,
    restrict_context,  # noqa: F401  (part of this module's interface, above)
    validate_template_source,
)


class TemplateMissing(LookupError):
    """No version of a kind's template exists (the data migration 0003 seeds version 1)."""


# Building the context ------------------------------------------------------------------------
# The title a letter is signed with, most senior first, when the sender holds several roles.
_SIGNING_ORDER = ("Head of PSD", "Appropriate authority", "Investigator", "Auditor", "Administrator")
DEPARTMENT = "Professional Standards Department"


def build_context(kind: str, *, case=None, person=None, recipient_name: str, sender, extra=None) -> dict:
    """The plain context of a letter: the common part from the case file, plus the kind's extras.

    `extra` holds the kind's own variables (kinds.py); an undeclared or missing key, or a
    value that is not plain data, is a programming error (ValueError). The response link and
    the case link are filled in here, never by the caller."""
    spec = spec_for(kind)
    extra = dict(extra or {})
    _check_extra(spec, extra)
    context = {
        "case": {"reference": case.reference if case is not None else ""},
        "person": _person_context(person),
        "recipient": {"name": recipient_name},
        "sender": _sender_context(sender),
        "today": timezone.localdate(),
        "force": {"name": _force_name(person)},
    }
    if RESPONSE_URL in spec.variables:
        context[RESPONSE_URL] = RESPONSE_URL_PLACEHOLDER
    if CASE_URL in spec.variables:
        context[CASE_URL] = case_url(case)
    context.update(extra)
    return context


def _check_extra(spec, extra: dict):
    for key in extra:
        if key in COMMON_ROOTS or key in AUTOMATIC_EXTRAS:
            raise ValueError(f"{spec.kind}: {key!r} is filled in by build_context; do not pass it in extra")
        if key not in spec.extra_roots:
            raise ValueError(
                f"{spec.kind}: {key!r} is not declared for this kind; declared: {sorted(spec.extra_roots)}"
            )
    undeclared = list(_undeclared_paths(extra, "", spec))
    if undeclared:
        raise ValueError(f"{spec.kind}: extra holds keys the kind does not declare: {undeclared}")
    missing = [
        name
        for name in spec.extra_variables
        if "[]" not in name and name not in AUTOMATIC_EXTRAS and not _has_path(extra, name)
    ]
    if missing:
        raise ValueError(f"{spec.kind}: extra is missing {missing}")


def _undeclared_paths(value, path, spec):
    """Paths in extra that the kind does not declare; ValueError for a value that is not plain."""
    if isinstance(value, Mapping):
        for key, item in value.items():
            child = f"{path}.{key}" if path else str(key)
            if not isinstance(key, str) or not is_declared(child, spec.variables):
                yield child
            else:
                yield from _undeclared_paths(item, child, spec)
    elif isinstance(value, list | tuple):
        for item in value:
            yield from _undeclared_paths(item, f"{path}[]", spec)
    elif not isinstance(value, PLAIN_SCALARS):
        raise ValueError(f"{spec.kind}: {path!r} is a {type(value).__name__}: pass plain data only")


def _has_path(data: dict, dotted: str) -> bool:
    for part in dotted.split("."):
        if not isinstance(data, Mapping) or part not in data:
            return False
        data = data[part]
    return True


def _person_context(person) -> dict:
    if person is None:
        return {"full_name": "", "rank": "", "number": ""}
    return {
        "full_name": person.full_name,
        "rank": person.rank.name if person.rank_id else "",
        "number": person.number,
    }


def _sender_context(sender) -> dict:
    if sender is None:  # a letter the system sends itself (a reminder from the beat sweep)
        return {"name": DEPARTMENT, "title": ""}
    labels = set(sender.role_labels)
    title = next((label for label in _SIGNING_ORDER if label in labels), DEPARTMENT)
    return {"name": sender.get_full_name() or sender.username, "title": title}


def _force_name(person) -> str:
    from casework.models import Force

    home = Force.objects.filter(is_home=True).values_list("name", flat=True).first()
    if home:
        return home
    return person.force.name if person is not None else ""


def case_url(case) -> str:
    base = settings.PUBLIC_BASE_URL.rstrip("/")
    return f"{base}{case.get_absolute_url()}" if case is not None else f"{base}/"


# Previews ------------------------------------------------------------------------------------
def sample_extra(kind: str) -> dict:
    """The kind's own variables from its documented sample (the common part comes from a case)."""
    spec = spec_for(kind)
    return {k: v for k, v in spec.sample.items() if k not in COMMON_ROOTS and k not in AUTOMATIC_EXTRAS}


def preview_context(kind: str, *, user, case=None) -> dict:
    """What a preview renders with: the kind's sample, or, for a real case, the case's own common
    part (its reference, its first subject, the user as sender) with the sample's kind details,
    which in a real letter come from the decision that sends it."""
    spec = spec_for(kind)
    if case is None:
        return dict(spec.sample)
    from casework.models import CaseSubject

    subject = CaseSubject.objects.filter(case=case).select_related("person__rank", "person__force").first()
    person = subject.person if subject else None
    if spec.audience == STAFF or person is None:
        recipient = user.get_full_name() or user.username
    else:
        recipient = person.full_name
    return build_context(
        kind, case=case, person=person, recipient_name=recipient, sender=user, extra=sample_extra(kind)
    )


def preview(kind: str, subject: str, body: str, context: Mapping) -> tuple[str, str]:
    """Render unsaved text, exactly as a letter would be."""
    return render(LetterTemplate(kind=kind, subject=subject.strip(), body=body.replace("\r\n", "\n")), context)


# Templates and their versions ----------------------------------------------------------------
# pg_advisory_xact_lock(namespace, hashtext(kind)): one writer of a kind's versions at a time.
_VERSION_LOCK_NAMESPACE = 50_017


def current_template(kind: str) -> LetterTemplate:
    template = LetterTemplate.objects.filter(kind=kind).order_by("-version").first()
    if template is None:
        label = LetterKind(kind).label if kind in LetterKind.values else kind
        raise TemplateMissing(
            f"No letter template for {label!r}: run `manage.py migrate` (notifications 0003 seeds one)"
        )
    return template


def save_new_version(*, kind: str, subject: str, body: str, change_note: str, actor) -> LetterTemplate:
    """Validate and save the text as the kind's next version; earlier versions never change.

    Raises ValidationError (keyed by field) for text a letter may not use, a missing change
    note, or text identical to the current version."""
    spec_for(kind)
    subject, body, change_note = subject.strip(), body.replace("\r\n", "\n"), (change_note or "").strip()
    validate_template_source(kind, subject, body)
    if not change_note:
        raise ValidationError({"change_note": ["Say what changed and why."]})
    try:
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(%s, hashtext(%s))", [_VERSION_LOCK_NAMESPACE, kind])
            latest = LetterTemplate.objects.filter(kind=kind).order_by("-version").first()
            if latest is not None and latest.subject == subject and latest.body == body:
                raise ValidationError(f"The text is the same as version {latest.version}: there is nothing to save.")
            return LetterTemplate.objects.create(
                kind=kind,
                version=latest.version + 1 if latest else 1,
                subject=subject,
                body=body,
                change_note=change_note[:300],
                created_by=actor,
            )
    except IntegrityError:
        # Only a writer that bypassed the lock could take the number; the unique constraint held.
        raise ValidationError("Someone saved a new version at the same moment. Reload and try again.") from None
