"""Records management's place in the project: the record types it reviews, the disposal log's chain
(registered with casework.audit when the services module is imported, so `verify_audit` checks
it), the person page's panel, and the administrators' right to edit the retention schedule."""

from casework.roles import Role, register_role_permissions
from conduct.cases import hooks


def ready():
    from conduct.records import schedule, services, views  # noqa: F401  (services registers the chain)

    schedule.register_kinds()
    hooks.person_page.connect(views.person_panel, name="records_panel")
    register_role_permissions(Role.ADMINISTRATOR, ["conduct.view_retentionrule", "conduct.change_retentionrule"])
