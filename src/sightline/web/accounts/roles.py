"""The roles people hold and what each may do.

A role is a set of capabilities; views ask for a capability, never for a role, so a new role is one
line here. Child-level data has a scope as well: team managers see their own teams' children only.
"""

from __future__ import annotations

from enum import StrEnum


class Role(StrEnum):
    ADMINISTRATOR = "administrator"
    PERFORMANCE_ANALYST = "performance_analyst"
    QA_LEAD = "qa_lead"
    AUDITOR = "auditor"
    TEAM_MANAGER = "team_manager"
    SENIOR_LEADER = "senior_leader"
    ELECTED_MEMBER = "elected_member"
    INSPECTOR = "inspector"

    @property
    def label(self) -> str:
        return ROLE_LABELS[self]


ROLE_LABELS: dict[Role, str] = {
    Role.ADMINISTRATOR: "Administrator",
    Role.PERFORMANCE_ANALYST: "Performance analyst",
    Role.QA_LEAD: "Quality assurance lead",
    Role.AUDITOR: "Auditor",
    Role.TEAM_MANAGER: "Team manager",
    Role.SENIOR_LEADER: "Senior leader",
    Role.ELECTED_MEMBER: "Elected member",
    Role.INSPECTOR: "Commissioner or inspector",
}


class Capability(StrEnum):
    VIEW_AGGREGATES = "view_aggregates"  # scorecard values, benchmarks, plans, board papers
    VIEW_CHILDREN = "view_children"  # child-level pages and lists (scoped, see CHILD_SCOPE)
    IMPORT_RETURNS = "import_returns"  # upload returns, see problem reports and snapshots
    VIEW_IMPORTS = "view_imports"  # see the snapshot list and problem reports (read-only)
    SET_TARGETS = "set_targets"
    VIEW_ACCESS_LOG = "view_access_log"
    MANAGE_USERS = "manage_users"
    EDIT_IMPROVEMENT = "edit_improvement"  # improvement plan: tests, leads, actions, evidence
    EDIT_GOVERNANCE = "edit_governance"  # boards, meetings, decisions, recommendations
    RUN_AUDITS = "run_audits"  # case audits: my cases, the audit form, calibration figures
    MANAGE_AUDITS = (
        "manage_audits"  # audit rounds and their draw, moderation, calibration exercises
    )


# What each capability lets a person do, in the words pages and the access log use.
CAPABILITY_WORDS: dict[Capability, str] = {
    Capability.VIEW_AGGREGATES: "see the council's figures",
    Capability.VIEW_CHILDREN: "see children's records",
    Capability.IMPORT_RETURNS: "import returns",
    Capability.VIEW_IMPORTS: "see imports and snapshots",
    Capability.SET_TARGETS: "set targets",
    Capability.VIEW_ACCESS_LOG: "read the access log",
    Capability.MANAGE_USERS: "manage users",
    Capability.EDIT_IMPROVEMENT: "change the improvement plan",
    Capability.EDIT_GOVERNANCE: "change boards and meetings",
    Capability.RUN_AUDITS: "run case audits",
    Capability.MANAGE_AUDITS: "set up audit rounds, moderate and run calibration",
}


class ChildScope(StrEnum):
    NONE = "none"  # aggregates only
    TEAMS = "teams"  # children allocated to one of the user's teams
    ALL = "all"


_C = Capability
ROLE_CAPABILITIES: dict[Role, frozenset[Capability]] = {
    Role.ADMINISTRATOR: frozenset(Capability),
    Role.PERFORMANCE_ANALYST: frozenset(
        {_C.VIEW_AGGREGATES, _C.VIEW_CHILDREN, _C.IMPORT_RETURNS, _C.VIEW_IMPORTS, _C.SET_TARGETS}
    ),
    Role.QA_LEAD: frozenset(
        {
            _C.VIEW_AGGREGATES,
            _C.VIEW_CHILDREN,
            _C.VIEW_IMPORTS,
            _C.EDIT_IMPROVEMENT,
            _C.RUN_AUDITS,
            _C.MANAGE_AUDITS,
        }
    ),
    Role.AUDITOR: frozenset({_C.VIEW_AGGREGATES, _C.VIEW_CHILDREN, _C.RUN_AUDITS}),
    Role.TEAM_MANAGER: frozenset({_C.VIEW_AGGREGATES, _C.VIEW_CHILDREN}),
    Role.SENIOR_LEADER: frozenset(
        {
            _C.VIEW_AGGREGATES,
            _C.VIEW_CHILDREN,
            _C.VIEW_IMPORTS,
            _C.SET_TARGETS,
            _C.EDIT_IMPROVEMENT,
            _C.EDIT_GOVERNANCE,
        }
    ),
    Role.ELECTED_MEMBER: frozenset({_C.VIEW_AGGREGATES}),
    # Read-only: sees what the council sees, changes nothing.
    Role.INSPECTOR: frozenset({_C.VIEW_AGGREGATES, _C.VIEW_CHILDREN, _C.VIEW_IMPORTS}),
}

CHILD_SCOPE: dict[Role, ChildScope] = {
    role: (
        ChildScope.NONE
        if Capability.VIEW_CHILDREN not in caps
        else ChildScope.TEAMS
        if role is Role.TEAM_MANAGER
        else ChildScope.ALL
    )
    for role, caps in ROLE_CAPABILITIES.items()
}
