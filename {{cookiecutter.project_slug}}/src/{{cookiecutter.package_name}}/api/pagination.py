"""Limit/offset pagination: the query parameters and the page envelope."""

from dataclasses import dataclass
from typing import Annotated

from fastapi import Query
from pydantic import BaseModel

from ..core.config import settings


@dataclass(frozen=True, slots=True)
class PageParams:
    limit: Annotated[
        int, Query(ge=1, le=settings.MAX_PAGE_SIZE, description="How many rows to return")
    ] = settings.DEFAULT_PAGE_SIZE
    offset: Annotated[int, Query(ge=0, description="How many rows to skip")] = 0


class Page(BaseModel):
    """What every list endpoint returns around its rows."""

    total: int
    limit: int
    offset: int
