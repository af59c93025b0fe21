"""A user has one role and, for team managers, the teams whose children they may see."""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.db import models

from sightline.web.accounts.roles import (
    CHILD_SCOPE,
    ROLE_CAPABILITIES,
    Capability,
    ChildScope,
    Role,
)


class User(AbstractUser):
    role = models.CharField(
        max_length=32,
        choices=[(r.value, r.label) for r in Role],
        default=Role.ELECTED_MEMBER.value,  # the least privilege until an administrator decides
    )

    def save(self, *args, **kwargs):
        # Only administrators reach Django's admin site (user management).
        self.is_staff = self.role == Role.ADMINISTRATOR or self.is_superuser
        super().save(*args, **kwargs)

    @property
    def role_enum(self) -> Role:
        return Role(self.role)

    @property
    def role_label(self) -> str:
        return self.role_enum.label

    def can(self, capability: Capability | str) -> bool:
        if not self.is_active:
            return False
        return Capability(capability) in ROLE_CAPABILITIES[self.role_enum]

    @property
    def child_scope(self) -> ChildScope:
        return CHILD_SCOPE[self.role_enum]

    @property
    def team_names(self) -> frozenset[str]:
        return frozenset(self.teams.values_list("team", flat=True))


class TeamMembership(models.Model):
    """A team a user manages, named exactly as the data names it (allocated team)."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="teams")
    team = models.CharField(max_length=200)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "team"], name="one_membership_per_team")
        ]
        ordering = ["team"]

    def __str__(self) -> str:
        return self.team
