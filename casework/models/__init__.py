from .accounts import AccountEvent, AccountEventKind, RoleRequest, RoleRequestState
from .audit import BreakGlass, Consultation, ObjectKind
from .calendar import NonWorkingDay
from .cases import Case, CaseLink, CaseSubject, ComplainantContact, Team, TimelineEvent
from .characteristics import CharacteristicsSource, ProtectedCharacteristics
from .deadlines import Deadline, DeadlineAction, DeadlineChange, DeadlineState
from .grants import CaseGroupObjectPermission, CaseUserObjectPermission, GrantAction, GrantEvent
from .imports import ImportStatus, PeopleImport
from .membership import RoleMembership, RoleMembershipEvent, TeamMembership, TeamMembershipEvent
from .people import (
    RESIGNED_OR_RETIRED,
    RESIGNED_OR_RETIRED_CHOICES,
    DutyStatus,
    DutyStatusEntry,
    Force,
    LeavingReason,
    Person,
    PersonType,
    Rank,
    Unit,
    VettingStatus,
)
from .second_factor import SecondFactorAction, SecondFactorEvent
from .users import User

__all__ = [
    "AccountEvent",
    "AccountEventKind",
    "RoleRequest",
    "RoleRequestState",
    "CaseGroupObjectPermission",
    "CharacteristicsSource",
    "ProtectedCharacteristics",
    "CaseUserObjectPermission",
    "GrantAction",
    "GrantEvent",
    "BreakGlass",
    "Case",
    "CaseLink",
    "CaseSubject",
    "ComplainantContact",
    "Consultation",
    "Deadline",
    "DeadlineAction",
    "DeadlineChange",
    "DeadlineState",
    "DutyStatus",
    "DutyStatusEntry",
    "Force",
    "ImportStatus",
    "NonWorkingDay",
    "ObjectKind",
    "PeopleImport",
    "Person",
    "PersonType",
    "LeavingReason",
    "RESIGNED_OR_RETIRED",
    "RESIGNED_OR_RETIRED_CHOICES",
    "Rank",
    "RoleMembership",
    "RoleMembershipEvent",
    "SecondFactorAction",
    "SecondFactorEvent",
    "Team",
    "TeamMembership",
    "TeamMembershipEvent",
    "TimelineEvent",
    "Unit",
    "User",
    "VettingStatus",
]
