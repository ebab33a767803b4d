"""The floor of each measured page: the least any Django page showing the same rows could do.

A floor view sits behind the same middleware and login as the product (it is served by the same
project, in the same process), runs ONE hand-written SQL query that fetches the rows the page
shows (with the same visibility rule, written out in SQL) and renders them in a bare template:
no ORM, no permission service, no consultation log, no layout. page time / floor time is the
figure to watch: what our ORM use, permission checks, audit logging and layout cost.

This URLconf is the product's plus `/_floor/<name>/`, and is installed only by bench/run.py
(settings.ROOT_URLCONF = "floor"): the product's URLs, and so its authorisation matrix, never
include it.
"""

from django.db import connection
from django.http import Http404, HttpResponse
from django.template import engines
from django.urls import include, path

from casework.permissions import roles_of
from casework.roles import Role

BARE = engines["django"].from_string(
    "<!doctype html><title>{{ name }}</title><p>{{ total }}</p><table>"
    "{% for row in rows %}<tr>{% for cell in row %}<td>{{ cell }}</td>{% endfor %}</tr>{% endfor %}</table>"
)


def visible(user, alias="c") -> tuple[str, dict]:
    """casework.permissions.visible_cases, written out in SQL (no break-glass: none in bench data)."""
    mine = (
        f"({alias}.investigator_id = %(uid)s"
        f" OR {alias}.team_id IN (SELECT team_id FROM casework_team_members WHERE user_id = %(uid)s)"
        f" OR {alias}.id IN (SELECT content_object_id FROM casework_caseuserobjectpermission WHERE user_id = %(uid)s))"
    )
    if roles_of(user) & {Role.HEAD_OF_PSD, Role.APPROPRIATE_AUTHORITY, Role.AUDITOR}:
        return f"({alias}.sensitivity <> 'restricted' OR {mine})", {"uid": user.pk}
    return mine, {"uid": user.pk}


# The total is a scalar subquery (not count(*) OVER (), which would make PostgreSQL build every
# row before the first 25): the least a paginated list can do in one statement.
CASE_ROW = """
    SELECT c.reference, c.received_on, c.status, t.name, u.last_name,
           (SELECT count(*) FROM casework_casesubject s WHERE s.case_id = c.id),
           (SELECT count(*) FROM casework_case c WHERE {visible} {extra})
    FROM casework_case c JOIN casework_team t ON t.id = c.team_id
    LEFT JOIN casework_user u ON u.id = c.investigator_id
    WHERE {visible} {extra}
    ORDER BY c.received_on DESC, c.id DESC LIMIT 25"""


def case_list(request):
    where, params = visible(request.user)
    get = request.GET
    extra, more = [], {}
    if get.get("status"):
        extra.append("c.status = %(status)s")
        more["status"] = get["status"]
    if get.get("origin"):
        extra.append("c.origin = %(origin)s")
        more["origin"] = get["origin"]
    if get.get("received_from"):
        extra.append("c.received_on >= %(received_from)s")
        more["received_from"] = get["received_from"]
    if get.get("category"):
        extra.append(
            "EXISTS (SELECT 1 FROM casework_casesubject s JOIN conduct_allegation a ON a.subject_id = s.id"
            " JOIN conduct_allegation_categories ac ON ac.allegation_id = a.id"
            " JOIN conduct_allegationcategory cat ON cat.id = ac.allegationcategory_id"
            " WHERE s.case_id = c.id AND cat.code = %(category)s)"
        )
        more["category"] = get["category"]
    if get.get("q") and get.get("text"):
        extra.append("to_tsvector('english', coalesce(c.summary, '')) @@ websearch_to_tsquery('english', %(q)s)")
        more["q"] = get["q"]
    elif get.get("q"):
        extra.append(
            "c.id IN (SELECT s.case_id FROM casework_casesubject s JOIN casework_person p ON p.id = s.person_id"
            " WHERE p.last_name ILIKE %(like)s OR p.first_name ILIKE %(like)s)"
        )
        more["like"] = f"%{get['q']}%"
    sql = CASE_ROW.format(visible=where, extra="".join(f" AND {e}" for e in extra))
    return sql, {**params, **more}


def case_page(request):
    where, params = visible(request.user)
    sql = f"""
        SELECT c.reference, c.summary, c.status, p.first_name, p.last_name, a.description,
               a.criminal_investigation, cat.name, sa.severity
        FROM casework_case c JOIN casework_casesubject s ON s.case_id = c.id
        JOIN casework_person p ON p.id = s.person_id
        LEFT JOIN conduct_allegation a ON a.subject_id = s.id
        LEFT JOIN conduct_allegation_categories ac ON ac.allegation_id = a.id
        LEFT JOIN conduct_allegationcategory cat ON cat.id = ac.allegationcategory_id
        LEFT JOIN conduct_severityassessment sa ON sa.allegation_id = a.id
        WHERE c.reference = %(reference)s AND {where}"""
    return sql, {**params, "reference": request.GET["reference"]}


def person_page(request):
    where, params = visible(request.user)
    sql = f"""
        SELECT p.first_name, p.last_name, p.number, c.reference, c.received_on, c.status, pr.stage,
               (SELECT count(*) FROM conduct_allegation a WHERE a.subject_id = s.id), count(*) OVER ()
        FROM casework_person p JOIN casework_casesubject s ON s.person_id = p.id
        JOIN casework_case c ON c.id = s.case_id LEFT JOIN conduct_proceedings pr ON pr.subject_id = s.id
        WHERE p.id = %(person)s AND {where}
        ORDER BY c.received_on DESC LIMIT 25"""
    return sql, {**params, "person": int(request.GET["person"])}


def suspensions(request):
    where, params = visible(request.user)
    state = "d.state = 'proposed'"
    if request.GET.get("tab") == "active":  # in force: the suspensions and their alternatives
        state = "d.state = 'active' AND d.kind IN ('suspend', 'restrict', 'non_public_facing', 'redeploy')"
    sql = f"""
        SELECT d.kind, d.proposed_at, p.first_name, p.last_name, c.reference, count(*) OVER ()
        FROM conduct_dutydecision d JOIN casework_casesubject s ON s.id = d.subject_id
        JOIN casework_case c ON c.id = s.case_id JOIN casework_person p ON p.id = s.person_id
        WHERE {state} AND {where}
        ORDER BY d.proposed_at, d.id LIMIT 25"""
    return sql, params


def risk(request):
    """The criminal risk list's rows: the subject's live-criminal flag and the person row's
    latest duty period (both kept in the transaction that changes them), the simplest SQL there is."""
    where, params = visible(request.user)
    sql = f"""
        SELECT p.first_name, p.last_name, c.reference, p.duty_status, count(*) OVER ()
        FROM casework_casesubject s JOIN casework_case c ON c.id = s.case_id
        JOIN casework_person p ON p.id = s.person_id
        WHERE s.criminal_risk AND (p.duty_since IS NULL OR p.public_facing) AND {where}
        ORDER BY c.reference LIMIT 25"""
    return sql, params


def risk_sexual(request):
    where, params = visible(request.user)
    sql = f"""
        SELECT p.first_name, p.last_name, c.reference, p.duty_status, count(*) OVER ()
        FROM casework_casesubject s JOIN casework_case c ON c.id = s.case_id
        JOIN casework_person p ON p.id = s.person_id
        WHERE s.sexual_risk AND (p.duty_since IS NULL OR p.public_facing) AND {where}
        ORDER BY c.reference LIMIT 25"""
    return sql, params


def risk_overdue(request):
    where, params = visible(request.user)
    sql = f"""
        SELECT d.kind, d.next_review_on, p.first_name, p.last_name, c.reference, count(*) OVER ()
        FROM conduct_dutydecision d JOIN casework_casesubject s ON s.id = d.subject_id
        JOIN casework_case c ON c.id = s.case_id JOIN casework_person p ON p.id = s.person_id
        WHERE d.state = 'active' AND least(d.next_review_on, d.review_requested_on) < current_date AND {where}
        ORDER BY least(d.next_review_on, d.review_requested_on), d.id LIMIT 25"""
    return sql, params


def referrals(request):
    where, params = visible(request.user)
    sql = f"""
        SELECT r.kind, r.due_at, c.reference, t.name, u.last_name, count(*) OVER ()
        FROM conduct_referral r JOIN casework_case c ON c.id = r.case_id
        JOIN casework_team t ON t.id = c.team_id LEFT JOIN casework_user u ON u.id = c.investigator_id
        WHERE r.state = 'required' AND {where}
        ORDER BY r.due_at, r.id LIMIT 25"""
    return sql, params


FLOORS = {
    "case-list": case_list,
    "case": case_page,
    "person": person_page,
    "suspensions": suspensions,
    "risk": risk,
    "risk-sexual": risk_sexual,
    "risk-overdue": risk_overdue,
    "referrals": referrals,
}


def floor(request, name):
    if name not in FLOORS:
        raise Http404
    sql, params = FLOORS[name](request)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    total = rows[0][-1] if rows else 0
    return HttpResponse(BARE.render({"name": name, "rows": rows, "total": total}, request))


urlpatterns = [
    path("_floor/<slug:name>/", floor, name="bench-floor"),
    path("", include("config.urls")),
]
