"""The caller as every feature sees it, whichever way the service tells who calls."""

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Principal:
    """Who calls: what deciding what they may do, and naming them to others, needs."""

    id: int | None  # the user's id; None where the service has no user accounts
    name: str  # how rooms and logs name them: `user:7`, `key:1a2b3c4d`, `guest:5e6f7a8b`
    # What their roles permit (`items:manage`, ...), where the service has roles.
    permissions: frozenset[str] = frozenset()
    # False for a caller no credential names: rate limits count them by address instead.
    signed_in: bool = True
    # The sign-in session their credential belongs to, where the service has sessions.
    session_id: int | None = None
    # The count of changes to their permissions their credential was issued at, where roles
    # can change: checked with the caller, so a credential from before a change is refused.
    permissions_version: int | None = None

    def holds(self, permission: str) -> bool:
        return permission in self.permissions
