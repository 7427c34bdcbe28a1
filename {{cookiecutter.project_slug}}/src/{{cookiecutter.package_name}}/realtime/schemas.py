"""The frames a room's sockets carry, each a JSON object whose `type` says which it is.

A client sends `say`, `ping` or `pong`; the server sends `joined`, `message`, `ping`, `pong`
and `error`. Anything else a client sends is answered with an `error` frame.
"""

from datetime import datetime
from typing import Annotated, Any, Literal

from fastapi import Path
from pydantic import BaseModel, Field, TypeAdapter

Room = Annotated[
    str,
    Path(pattern=r"^[A-Za-z0-9_-]{1,64}$", description="The room: letters, digits, _ and -"),
]
Text = Annotated[str, Field(min_length=1, max_length=2000, pattern=r"^[^\x00]*$")]


class Say(BaseModel):
    """Client: post `text` to the room (everyone in it, the sender too, gets a `message`)."""

    type: Literal["say"]
    text: Text


class Ping(BaseModel):
    """Either side: are you there? Answered with a `pong`."""

    type: Literal["ping"]


class Pong(BaseModel):
    """Either side: the answer to a `ping`. Any frame counts as a sign of life."""

    type: Literal["pong"]


ClientFrame = TypeAdapter[Say | Ping | Pong](
    Annotated[Say | Ping | Pong, Field(discriminator="type")]
)


class MessageIn(BaseModel):
    """A message posted over HTTP."""

    text: Text


class RoomMessage(BaseModel):
    """Server: a message posted to the room, by a socket or over HTTP, on any replica."""

    type: Literal["message"] = "message"
    id: str = Field(description="Unique message id (32 hex digits)")
    room: str
    sender: str = Field(description="Who posted it: `user:<id>`, `key:<digest prefix>`, ...")
    sent_at: datetime = Field(description="When the server accepted it (UTC)")
    text: str


class Joined(BaseModel):
    """Server: the socket is in the room, and `sender` is the name its messages carry."""

    type: Literal["joined"] = "joined"
    room: str
    sender: str


class ErrorFrame(BaseModel):
    """Server: the last frame was refused; the socket stays open."""

    type: Literal["error"] = "error"
    error_code: str
    detail: str | list[dict[str, Any]]


PING_FRAME = Ping(type="ping").model_dump_json()
PONG_FRAME = Pong(type="pong").model_dump_json()
