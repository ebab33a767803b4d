"""Per-case grants: sharing a case with a named user, stopping it, and the log of both."""

import pytest

from casework import permissions
from casework import services as casework_services
from casework.models import GrantEvent, TimelineEvent

pytestmark = pytest.mark.django_db


@pytest.fixture
def case(case):
    # Restricted: only its team sees it, so a grant is the only way in.
    case.sensitivity = "restricted"
    case.save()
    return case


def test_a_grant_lets_one_user_see_a_restricted_case_and_a_revocation_takes_it_away(personas, case):
    tom = personas.investigator_other_team
    assert not permissions.can_view_case(tom, case)
    casework_services.grant_case_access(
        user=personas.investigator, case=case, grantee=tom, reason="Tom interviews the witness"
    )
    assert permissions.can_view_case(tom, case)
    assert not permissions.can_change_case(tom, case)
    assert not permissions.can_view_case(personas.head, case)  # restricted: a grant is per person
    casework_services.grant_case_access(
        user=personas.investigator, case=case, grantee=tom, reason="Now co-owner", can_change=True
    )
    assert permissions.can_change_case(tom, case)
    casework_services.revoke_case_access(user=personas.investigator, case=case, grantee=tom, reason="Done")
    assert not permissions.can_view_case(tom, case)
    assert list(GrantEvent.objects.filter(case=case).order_by("id").values_list("action", flat=True)) == [
        "granted",
        "granted",
        "revoked",
    ]
    assert TimelineEvent.objects.filter(case=case, kind="access").count() == 3


def test_a_grant_needs_a_reason(personas, case):
    with pytest.raises(casework_services.AccessRefused):
        casework_services.grant_case_access(
            user=personas.investigator, case=case, grantee=personas.investigator_other_team, reason="  "
        )
    assert not GrantEvent.objects.exists()


def test_sharing_through_the_page(client, personas, case):
    tom = personas.investigator_other_team
    client.force_login(personas.investigator)
    url = f"/cases/{case.reference}/access/"
    response = client.post(url, {"grantee": tom.pk})
    assert response.status_code == 200 and "Give the reason for sharing this case" in response.content.decode()
    assert client.post(url, {"grantee": tom.pk, "reason": "Second opinion"}).status_code == 302
    assert permissions.can_view_case(tom, case)
    response = client.post(f"{url}{tom.pk}/revoke/", {"reason": ""})
    assert response.status_code == 302 and permissions.can_view_case(tom, case)  # no reason: nothing revoked
    client.post(f"{url}{tom.pk}/revoke/", {"reason": "No longer needed"})
    assert not permissions.can_view_case(tom, case)
    client.force_login(tom)
    assert client.get(url).status_code == 404


def test_the_visible_cases_query_does_not_grow_with_grants(personas, case, django_assert_num_queries):
    from django.contrib.auth.models import Permission

    from casework.models import Case, CaseUserObjectPermission

    tom = personas.investigator_other_team
    view = Permission.objects.get(codename="view_case", content_type__app_label="casework")
    others = Case.objects.bulk_create(
        [
            Case(
                reference=f"PSD-2026-9{n:05d}",
                origin=case.origin,
                received_on=case.received_on,
                how_received=case.how_received,
                summary="x",
                team=case.team,
                created_by=personas.investigator,
            )
            for n in range(300)
        ]
    )
    CaseUserObjectPermission.objects.bulk_create(
        [CaseUserObjectPermission(user=tom, permission=view, content_object=c) for c in others]
    )
    with django_assert_num_queries(2):  # the user's roles, then the cases: grants stay in SQL
        assert len(list(permissions.visible_cases(tom).values_list("pk", flat=True))) == 300


@pytest.mark.parametrize("grantee", ["auditor", "admin"])
def test_a_case_is_never_shared_with_someone_who_does_not_work_on_cases(personas, case, grantee):
    with pytest.raises(casework_services.AccessRefused, match="can be shared only with an investigator") as refusal:
        casework_services.grant_case_access(
            user=personas.investigator, case=case, grantee=getattr(personas, grantee), reason="Please look"
        )
    assert refusal.value.field == "grantee"
    assert not GrantEvent.objects.exists()
    assert not permissions.can_view_case(getattr(personas, grantee), case)


def test_change_rights_go_only_to_investigators_and_the_head(personas, case):
    with pytest.raises(casework_services.AccessRefused, match="only investigators and the head of PSD") as refusal:
        casework_services.grant_case_access(
            user=personas.investigator, case=case, grantee=personas.authority, reason="Decide", can_change=True
        )
    assert refusal.value.field == "can_change"
    assert not GrantEvent.objects.exists()
    casework_services.grant_case_access(
        user=personas.investigator, case=case, grantee=personas.authority, reason="Decide"
    )
    assert permissions.can_view_case(personas.authority, case)
    assert not permissions.can_change_case(personas.authority, case)


def test_the_page_refuses_an_auditor_or_change_rights_for_an_authority_with_a_message(client, personas, case):
    client.force_login(personas.investigator)
    url = f"/cases/{case.reference}/access/"
    page = client.get(url).content.decode()
    assert personas.auditor.username not in page and personas.admin.username not in page  # not offered
    response = client.post(url, {"grantee": personas.auditor.pk, "reason": "Audit"})
    assert "can be shared only with an active investigator" in response.content.decode()
    response = client.post(url, {"grantee": personas.authority.pk, "reason": "Decide", "can_change": "on"})
    assert "only investigators and the head of PSD" in response.content.decode()
    assert not GrantEvent.objects.exists()


def test_a_share_given_to_an_auditor_before_the_rule_opens_nothing(personas, case):
    from guardian.shortcuts import assign_perm

    assign_perm("casework.view_case", personas.auditor, case)
    assign_perm("casework.change_case", personas.auditor, case)
    assert not permissions.can_view_case(personas.auditor, case)
    assert not permissions.can_change_case(personas.auditor, case)
