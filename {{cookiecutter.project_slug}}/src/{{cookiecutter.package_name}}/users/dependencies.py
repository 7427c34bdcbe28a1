"""What user and role endpoints take from a request: the user or role id in the path."""

from typing import Annotated

from fastapi import Path

from ..db.base import MAX_INTEGER

UserId = Annotated[int, Path(ge=1, le=MAX_INTEGER, description="The user's id")]
RoleId = Annotated[int, Path(ge=1, le=MAX_INTEGER, description="The role's id")]
