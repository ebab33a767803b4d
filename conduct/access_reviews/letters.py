"""The access review's letter, as a letter kind (notifications.kinds): the request to justify
access to a record.

notifications owns the generic kinds and may not import conduct, so each feature registers its
letters from its ready.py. The LetterKind values stay in notifications.models: they are the
choices of a database field. docs/letters.md describes them for people."""

from notifications.kinds import (
    ACCESS_REQUEST_VARIABLES,
    RESPONSE_URL,
    RESPONSE_URL_PLACEHOLDER,
    RESPONSE_VARIABLES,
    SAMPLE_ACCESS_REQUEST,
    letter_kind,
)
from notifications.models import LetterKind

LETTER_KINDS = (
    letter_kind(
        LetterKind.ACCESS_JUSTIFICATION,
        offers_response=True,
        response_clock="access_justification_response",
        extra={**ACCESS_REQUEST_VARIABLES, **RESPONSE_VARIABLES},
        sample={**SAMPLE_ACCESS_REQUEST, RESPONSE_URL: RESPONSE_URL_PLACEHOLDER},
    ),
)
