"""Who belonged to which team and held which role, and who changed it: team membership gives
sight of the team's cases and a role gives its powers, so both are access grants and are kept
as history. pghistory's triggers on the two many-to-many tables write a row
for every addition and removal, with the request's user, whatever made the change (the admin,
a script, a bulk update); the event tables are append-only like every pghistory table here.
The triggers hang on proxy models of the auto-created through tables, the way pghistory tracks
tables it does not define, so that migrations create them."""

import pghistory

from .cases import Team
from .users import User


@pghistory.track(
    pghistory.InsertEvent("added"),
    pghistory.DeleteEvent("removed"),
    obj_field=None,
    model_name="TeamMembershipEvent",
    meta={"verbose_name": "team membership change", "verbose_name_plural": "team membership history"},
)
class TeamMembership(Team.members.through):
    class Meta:
        proxy = True


@pghistory.track(
    pghistory.InsertEvent("added"),
    pghistory.DeleteEvent("removed"),
    obj_field=None,
    model_name="RoleMembershipEvent",
    meta={"verbose_name": "role change", "verbose_name_plural": "role history"},
)
class RoleMembership(User.groups.through):
    class Meta:
        proxy = True


TeamMembershipEvent = TeamMembership.pgh_event_model
RoleMembershipEvent = RoleMembership.pgh_event_model
