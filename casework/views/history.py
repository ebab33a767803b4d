"""The change history of a case: every addition and change to its records, who made it, when."""

from django.core.paginator import Paginator
from django.shortcuts import render

from casework import door, history, permissions


def case_record_history(request, reference):
    # The history shows the record, so reading it is a consultation (s.62), asked like the case page.
    case = door.open_case(request, reference)
    chosen = request.GET.get("record", "")
    codes = {chosen} if chosen in history.TRACKED else None
    changes = history.case_record_changes(
        case, narrative=permissions.can_read_narrative(request.user, case), codes=codes
    )
    return render(
        request,
        "casework/case_history.html",
        {
            "case": case,
            "records": [(t.code, t.label) for t in history.TRACKED.values()],
            "chosen": chosen if codes else "",
            "page": Paginator(changes, 50).get_page(request.GET.get("page")),
            "querystring": f"record={chosen}" if codes else "",
        },
    )
