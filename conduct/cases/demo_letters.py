"""Demo correspondence for seed_demo. The demo's transitions already wrote their notices (reg 17,
notices of referral) to the outbox; this adds what only people do: an officer's answer through
the secure link, and a request to an officer with no email address on the register, which
lands in the failed-delivery queue for printing once the worker tries it. Idempotent."""

from urllib.parse import urlsplit

from django.db import transaction

from notifications import outbox, responses
from notifications.models import Correspondence, LetterKind, OfficerResponse

ANSWER = (
    "I accept I was a member of the group. I did not post any of the messages described and I left "
    "the group in March. My Federation representative will send a fuller statement."
)


@transaction.atomic
def seed(group_chat_case, users) -> dict:
    answered = _answer_one_notice(group_chat_case)
    unreachable = _request_to_someone_without_email(group_chat_case, users["investigator"])
    return {"answered": answered, "unreachable": unreachable}


def _answer_one_notice(case) -> int:
    letter = (
        Correspondence.objects.filter(case=case, kind=LetterKind.REG17_NOTICE, response_link__spent_at=None)
        .select_related("response_link")
        .order_by("id")
        .first()
    )
    if letter is None or OfficerResponse.objects.filter(case=case).exists():
        return 0
    token = urlsplit(responses.url_for(letter.response_link)).path.rstrip("/").rsplit("/", 1)[-1]
    responses.submit(token=token, text=ANSWER, files=[], client_address="127.0.0.1")
    return 1


def _request_to_someone_without_email(case, investigator) -> int:
    subject = case.subjects.select_related("person").exclude(person__force__is_home=True).first()
    if subject is None:
        return 0
    letter = outbox.compose(
        kind=LetterKind.INFORMATION_REQUEST,
        case=case,
        person=subject.person,
        recipient_name=subject.person.full_name,
        recipient_email="",  # not on our register: the letter must be printed and posted
        sender=investigator,
        idempotency_key=f"demo:no-email:{case.pk}",
        actor=investigator,
        extra={
            "request_text": "Please confirm the dates you were a member of the messaging group.",
            "response_due_on": case.received_on.replace(year=case.received_on.year + 1),
        },
    )
    outbox.record_written(letter, actor=investigator)
    return 1
