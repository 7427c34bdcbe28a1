"""Note endpoints: list and keep."""

from fastapi import APIRouter, status
from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import select

from ..api.deps import SessionDep
from ..db.base import STORABLE_TEXT
from .models import Note

router = APIRouter(prefix="/notes", tags=["notes"])


class NoteIn(BaseModel):
    text: str = Field(min_length=1, max_length=500, pattern=STORABLE_TEXT)


class NoteOut(NoteIn):
    model_config = ConfigDict(from_attributes=True)

    id: int


@router.get("/")
async def list_notes(session: SessionDep) -> list[NoteOut]:
    """Every note, oldest first."""
    rows = await session.scalars(select(Note).order_by(Note.id))
    return [NoteOut.model_validate(row) for row in rows]


@router.post("/", status_code=status.HTTP_201_CREATED)
async def keep_note(session: SessionDep, note: NoteIn) -> NoteOut:
    """Keep a note."""
    row = Note(text=note.text)
    session.add(row)
    await session.flush()
    return NoteOut.model_validate(row)
