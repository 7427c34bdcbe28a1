"""What session endpoints take from a request: the session id in the path."""

from typing import Annotated

from fastapi import Path

from ..db.base import MAX_INTEGER

SessionId = Annotated[int, Path(ge=1, le=MAX_INTEGER, description="The session's id")]
