"""Render Django form fields as GOV.UK Design System components (label, hint, error message,
input, radios, checkboxes, textarea, select), so every form looks and behaves the same."""

from django import forms, template
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

register = template.Library()


def _error(field):
    return format_html_join(
        "",
        '<p id="{}-error" class="govuk-error-message"><span class="govuk-visually-hidden">Error:</span> {}</p>',
        ((field.auto_id, e) for e in field.errors),
    )


def _hint(field):
    if not field.help_text:
        return ""
    return format_html('<div id="{}-hint" class="govuk-hint">{}</div>', field.auto_id, field.help_text)


def _describedby(field):
    ids = []
    if field.help_text:
        ids.append(f"{field.auto_id}-hint")
    if field.errors:
        ids.append(f"{field.auto_id}-error")
    return " ".join(ids)


def _conditional(item_id, content, checked):
    """The GOV.UK conditional reveal under a radio: shown when its radio is checked (GOV.UK
    Frontend's script toggles it; without the script the class hides nothing)."""
    hidden = "" if checked else " govuk-radios__conditional--hidden"
    return format_html(
        '<div class="govuk-radios__conditional{}" id="conditional-{}">{}</div>', hidden, item_id, content
    )


def _choices(field, kind, reveals=None):
    """Radios or checkboxes inside a fieldset with a legend; `reveals` maps a radio's value to the
    fields shown only when it is chosen (rendered HTML)."""
    reveals = reveals or {}
    css = "govuk-radios" if kind == "radio" else "govuk-checkboxes"
    items = []
    selected = field.value()
    selected = {str(v) for v in selected} if isinstance(selected, list | tuple) else {str(selected)}
    for index, (value, label) in enumerate(field.field.choices):
        if value in ("", None):
            continue
        item_id = f"{field.auto_id}" if index == 0 else f"{field.auto_id}-{index}"
        checked = " checked" if str(value) in selected else ""
        revealed = reveals.get(str(value))
        controls = format_html(' data-aria-controls="conditional-{}"', item_id) if revealed else ""
        items.append(
            format_html(
                '<div class="{}__item"><input class="{}__input" id="{}" name="{}" type="{}" value="{}"{}{}>'
                '<label class="govuk-label {}__label" for="{}">{}</label></div>',
                css,
                css,
                item_id,
                field.html_name,
                kind,
                value,
                checked,
                controls,
                css,
                item_id,
                label,  # noqa: S308
            )
        )
        if revealed:
            items.append(_conditional(item_id, revealed, bool(checked)))
    size = " govuk-radios--small" if kind == "radio" and len(items) > 4 else ""
    small = " govuk-checkboxes--small" if kind == "checkbox" else size
    return format_html(
        '<fieldset class="govuk-fieldset"{}><legend class="govuk-fieldset__legend govuk-fieldset__legend--s">{}'
        '</legend>{}{}<div class="{}{}" data-module="{}">{}</div></fieldset>',
        format_html(' aria-describedby="{}"', _describedby(field)) if _describedby(field) else "",
        field.label,
        _hint(field),
        _error(field),
        css,
        small,
        css,
        mark_safe("".join(items)),  # noqa: S308
    )


def _widget(field):
    widget = field.field.widget
    attrs = {"aria-describedby": _describedby(field)} if _describedby(field) else {}
    error = "--error" if field.errors else ""
    if isinstance(widget, forms.Textarea):
        attrs["class"] = "govuk-textarea" + (" govuk-textarea--error" if error else "")
        attrs.setdefault("rows", 5)
    elif isinstance(widget, forms.Select):
        attrs["class"] = "govuk-select" + (" govuk-select--error" if error else "")
    elif isinstance(widget, forms.ClearableFileInput | forms.FileInput):
        attrs["class"] = "govuk-file-upload" + (" govuk-file-upload--error" if error else "")
    elif isinstance(widget, forms.CheckboxInput):
        attrs["class"] = "govuk-checkboxes__input"
    else:
        attrs["class"] = (
            "govuk-input"
            + (" govuk-input--error" if error else "")
            + (" govuk-input--width-10" if isinstance(widget, forms.DateInput) else "")
        )
    return field.as_widget(attrs=attrs)


@register.simple_tag
def govuk_field(field, reveals=None):
    widget = field.field.widget
    # CheckboxSelectMultiple is a subclass of RadioSelect: test it first.
    if isinstance(widget, forms.CheckboxSelectMultiple):
        body = _choices(field, "checkbox")
    elif isinstance(widget, forms.RadioSelect):
        body = _choices(field, "radio", reveals)
    elif isinstance(widget, forms.CheckboxInput):
        body = format_html(
            '<div class="govuk-checkboxes govuk-checkboxes--small" data-module="govuk-checkboxes">'
            '<div class="govuk-checkboxes__item">{}<label class="govuk-label govuk-checkboxes__label" for="{}">{}'
            "</label></div></div>{}{}",
            _widget(field),
            field.auto_id,
            field.label,
            _hint(field),
            _error(field),
        )
    else:
        body = format_html(
            '<label class="govuk-label govuk-label--s" for="{}">{}</label>{}{}{}',
            field.auto_id,
            field.label,
            _hint(field),
            _error(field),
            _widget(field),
        )
    group_error = " govuk-form-group--error" if field.errors else ""
    return format_html('<div class="govuk-form-group{}">{}</div>', group_error, body)


def _reveals(form) -> dict:
    """A form's conditional reveals that apply to it: {radio field: {value: [field names]}} from
    its `reveals` attribute, keeping only fields the form has (a form that fixes the choice, like
    the urgent suspension, shows them all plainly)."""
    declared = getattr(form, "reveals", {}) or {}
    return {
        name: {value: [n for n in names if n in form.fields] for value, names in by_value.items()}
        for name, by_value in declared.items()
        if name in form.fields
    }


@register.simple_tag
def govuk_fields(form):
    """Every visible field; fields a radio reveals are rendered under their radio instead."""
    reveals = _reveals(form)
    revealed = {n for by_value in reveals.values() for names in by_value.values() for n in names}
    html = []
    for field in form.visible_fields():
        if field.name in revealed:
            continue
        if field.name in reveals:
            content = {
                value: mark_safe("".join(govuk_field(form[n]) for n in names))  # noqa: S308
                for value, names in reveals[field.name].items()
                if names
            }
            html.append(govuk_field(field, content))
        else:
            html.append(govuk_field(field))
    return mark_safe("".join(html))  # noqa: S308


@register.filter
def duty_label(value):
    """Label for a duty-status value (annotations carry the raw value)."""
    from casework.models import DutyStatus

    return DutyStatus(value).label if value in DutyStatus.values else "Not recorded"


@register.filter
def choice_label(value, choices_class):
    return dict(choices_class.choices).get(value, value) if value else ""


@register.filter
def get_item(mapping, key):
    return mapping.get(key)
