"""What /health/upstreams answers."""

from pydantic import BaseModel


class UpstreamStatus(BaseModel):
    url: str
    status_code: int


class UpstreamsHealth(BaseModel):
    upstreams: list[UpstreamStatus]
