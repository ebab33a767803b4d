"""Response-link tokens never reach the logs.

A token in /respond/<token>/ is a bearer secret until the link is spent or expires. Web servers
write the request line (and the Referer) of every request to their access logs, and Django
warns "Not Found: /respond/<token>/" for the neutral page an unusable link gets; anyone who can
read those logs could otherwise open a live link. `RedactResponseTokens` rewrites such a
record's message with the token replaced before any handler formats it.

It is attached to the loggers that name request paths: Django's request, runserver and CSRF loggers
and gunicorn's access and error logs. They are filters on the loggers themselves, added
in `NotificationsConfig.ready()`, not entries in settings.LOGGING, because naming a logger in
LOGGING replaces its handlers, and runserver and gunicorn set up handlers of their own. The root
console handler in settings.LOGGING carries the same filter for anything else that propagates.
Proxies in front of the app keep their own logs: docs/security.md says what they must do.
"""

import logging
import re

# The token is base64url; stop at anything that cannot be part of it, so "?x" or "%20" survive.
TOKEN_IN_PATH = re.compile(r"(/respond/)[A-Za-z0-9_\-=%.]+")
REDACTED = r"\1[redacted]"

LOGGERS = ("django.request", "django.server", "django.security.csrf", "gunicorn.access", "gunicorn.error")


def redact(text: str) -> str:
    return TOKEN_IN_PATH.sub(REDACTED, text)


class RedactResponseTokens(logging.Filter):
    """Replace response-link tokens in a record's message (its format string and arguments
    together, so a token in either is caught). Never drops the record."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except (TypeError, ValueError):  # a malformed record: leave it to the handler to report
            return True
        if "/respond/" in message:
            record.msg, record.args = redact(message), None
        return True


_FILTER = RedactResponseTokens()


def install():
    """Attach the filter to every logger that writes request paths (idempotent)."""
    for name in LOGGERS:
        logger = logging.getLogger(name)
        if _FILTER not in logger.filters:
            logger.addFilter(_FILTER)
