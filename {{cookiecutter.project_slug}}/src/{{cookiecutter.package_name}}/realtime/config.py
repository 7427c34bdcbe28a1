"""How large a socket message may be, how far a client may fall behind, how long it may idle."""

from typing import Self

from pydantic import Field, model_validator

from ..core.config import SettingsBase


class RealtimeSettings(SettingsBase):
    # A text frame larger than this closes the socket with 1009 (message too big).
    WS_MAX_MESSAGE_BYTES: int = Field(default=16 * 1024, ge=256)
    # Frames waiting for one slow client; past this it is disconnected, not waited for.
    WS_SEND_QUEUE_SIZE: int = Field(default=64, ge=1)
    # Seconds of silence from a client before it is pinged, and before it is dropped.
    WS_PING_INTERVAL: float = Field(default=20, gt=0)
    WS_IDLE_TIMEOUT: float = Field(default=60, gt=0)
    # Malformed messages in a row before the socket is closed with 1003.
    WS_MAX_MALFORMED: int = Field(default=3, ge=1)
    # Seconds between checks that a socket's caller may still speak: a deactivated caller's
    # sockets close with 1008 within this.
    WS_RECHECK_INTERVAL: float = Field(default=30, gt=0)

    @model_validator(mode="after")
    def _check_idle_timeout(self) -> Self:
        if self.WS_IDLE_TIMEOUT < self.WS_PING_INTERVAL:
            raise ValueError("WS_IDLE_TIMEOUT must be at least WS_PING_INTERVAL")
        return self


realtime_settings = RealtimeSettings()
