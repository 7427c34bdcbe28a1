"""What the API shows of a sign-in session."""

from datetime import datetime

from pydantic import BaseModel, ConfigDict


class SessionRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    client: str  # the User-Agent it signed in with
    address: str | None
    created_at: datetime
    last_used_at: datetime  # its sign-in or its last refresh
    expires_at: datetime
    current: bool = False  # the session of the token that asked
