"""The job table: each background job, {% if "jwt" in features %}who started it, {% endif %}its state and its result.

The table, not Celery's result backend, is the record the API reads: it outlives the
backend's expiry, answers from any API process without importing Celery, and its owner
column makes "visible only to whoever started it" one query.
"""

from datetime import datetime
from enum import StrEnum

{% if "jwt" in features -%}
from sqlalchemy import ForeignKey, String, Text
{%- else -%}
from sqlalchemy import String, Text
{%- endif %}
from sqlalchemy.orm import Mapped, mapped_column

from ..db.base import Base, TimestampMixin, UTCDateTime


class JobStatus(StrEnum):
    QUEUED = "queued"
    RUNNING = "running"
    SUCCEEDED = "succeeded"
    FAILED = "failed"


class Job(TimestampMixin, Base):
    __tablename__ = "jobs"

    # The Celery task id, so a worker's log line leads straight to the row.
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    kind: Mapped[str] = mapped_column(String(50))
{%- if "jwt" in features %}
    owner_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
{%- endif %}
    status: Mapped[JobStatus] = mapped_column(String(20), default=JobStatus.QUEUED)
    result: Mapped[str | None] = mapped_column(Text)
    error: Mapped[str | None] = mapped_column(Text)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)
