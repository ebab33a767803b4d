"""The one error type a service refuses with, and the one way a view shows it.

A service that will not do what it was asked raises `Refused` (or a subclass named for its
feature) with a message for the user and, when the message is about one input, the form field
it belongs to. Nothing has been written when it is raised. Views catch it and call
`add_to_form`; they never build the error text themselves.

casework is the bottom layer, so conduct and notifications may import this module.
"""


class Refused(ValueError):
    """Not allowed, or not with these inputs; `message` says why, for the user.

    `field` is the form field the message belongs to, or None for a message about the whole
    request. A ValueError because a refusal is an input the service will not accept: callers
    written against ValueError keep working.
    """

    def __init__(self, message: str, field: str | None = None, *, more: list | tuple = ()):
        super().__init__(message)
        self.message = message
        self.field = field
        # Every other problem found with the same inputs, as (message, field) pairs: the user
        # fixes them all at once instead of meeting them one submission at a time.
        self.problems = [(message, field), *more]


def refuse_all(problems: list, refusal: type[Refused] = Refused) -> None:
    """Raise one refusal carrying every (message, field) problem, or nothing when there are none."""
    if problems:
        (message, field), *more = problems
        raise refusal(message, field, more=more)


def add_to_form(form, refused: Refused) -> None:
    """Show each problem of a refusal on the field it names when the form has that field (and
    that field has no error yet), else at the top."""
    for message, name in getattr(refused, "problems", [(refused.message, refused.field)]):
        field = name if name in form.fields else None
        if field is not None and field in form.errors:
            continue  # the form already says what is wrong with this field
        form.add_error(field, message)
