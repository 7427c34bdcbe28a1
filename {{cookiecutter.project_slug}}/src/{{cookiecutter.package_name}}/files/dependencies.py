{%- if "jwt" in features -%}
"""Which files a request may act on (the caller's own: files are private, even from
superusers), and the storage they live in.
"""
{%- else -%}
"""Which files a request may act on (any file, as the service has no owners), and the
storage they live in.
"""
{%- endif %}

from typing import Annotated

from fastapi import Depends, Path
from sqlalchemy import Select, select

from ..api.deps import SessionDep
{%- if "jwt" in features %}
from ..auth.dependencies import Caller
from ..core.errors import AppError, AuthenticationFailed, NotFound
{%- else %}
from ..core.errors import AppError, NotFound
{%- endif %}
from ..db.base import MAX_INTEGER
from ..settings import settings
from .models import StoredFile
from .storage import LocalStorage, Storage

FileId = Annotated[int, Path(ge=1, le=MAX_INTEGER, description="The file's id")]

storage = LocalStorage(settings.UPLOAD_DIR)


async def get_storage() -> Storage:
    """Where uploads go: the one place to choose another backend."""
    return storage
{%- if "jwt" in features %}


# What finding out who calls can answer instead of the endpoint.
CALLER_ERRORS: tuple[type[AppError], ...] = (AuthenticationFailed,)


async def visible_files(caller: Caller) -> Select[StoredFile]:
    """The caller's own files."""
    return select(StoredFile).where(StoredFile.owner_id == caller.id)


async def get_owned_file(session: SessionDep, caller: Caller, file_id: FileId) -> StoredFile:
    """The caller's file with this id: a 404 for anyone else's, so their ids stay unknown."""
    record = await session.get(StoredFile, file_id)
    if record is None or record.owner_id != caller.id:
        raise NotFound(f"File {file_id} not found")
    return record


async def new_file(caller: Caller) -> StoredFile:
    """The record of an upload, owned by the caller."""
    return StoredFile(owner_id=caller.id)
{%- else %}


# Files need no caller{% if "api_key" in features %} (the API key is checked for every route in api/v1){% endif %}.
CALLER_ERRORS: tuple[type[AppError], ...] = ()


async def visible_files() -> Select[StoredFile]:
    """Every file: anyone who reaches the API may see and delete all of them."""
    return select(StoredFile)


async def get_owned_file(session: SessionDep, file_id: FileId) -> StoredFile:
    """The file with this id (404 when there is none)."""
    record = await session.get(StoredFile, file_id)
    if record is None:
        raise NotFound(f"File {file_id} not found")
    return record


async def new_file() -> StoredFile:
    """The record of an upload."""
    return StoredFile()
{%- endif %}


# The functions above are async though they wait for nothing: FastAPI runs plain ones in a thread.
StorageDep = Annotated[Storage, Depends(get_storage)]
VisibleFiles = Annotated[Select[StoredFile], Depends(visible_files)]
OwnedFile = Annotated[StoredFile, Depends(get_owned_file)]
NewFile = Annotated[StoredFile, Depends(new_file)]
