"""Which files a request may act on (the caller's own: files are private, even from
admins), and the storage they live in.
"""

from typing import Annotated

from fastapi import Depends, Path
from sqlalchemy import Select

from ..api.deps import SessionDep
from ..core.errors import NotFound
from ..db.base import MAX_INTEGER
from ..identity import Caller, ClaimedCaller, find_visible, owner_fields, visible
from .config import files_settings
from .models import StoredFile
from .storage import LocalStorage, Storage

FileId = Annotated[int, Path(ge=1, le=MAX_INTEGER, description="The file's id")]

storage = LocalStorage(files_settings.UPLOAD_DIR)


async def get_storage() -> Storage:
    """Where uploads go: the one place to choose another backend."""
    return storage


async def visible_files(caller: Caller) -> Select[StoredFile]:
    """The caller's own files."""
    return visible(StoredFile, caller)


async def get_owned_file(session: SessionDep, caller: ClaimedCaller, file_id: FileId) -> StoredFile:
    """The caller's file with this id: a 404 for anyone else's, so their ids stay unknown."""
    record = await find_visible(session, StoredFile, file_id, caller)
    if record is None:
        raise NotFound(f"File {file_id} not found")
    return record


async def new_file(caller: Caller) -> StoredFile:
    """The record of an upload, the caller's."""
    return StoredFile(**owner_fields(caller))


# The functions above are async though they wait for nothing: FastAPI runs plain ones in a thread.
StorageDep = Annotated[Storage, Depends(get_storage)]
VisibleFiles = Annotated[Select[StoredFile], Depends(visible_files)]
OwnedFile = Annotated[StoredFile, Depends(get_owned_file)]
NewFile = Annotated[StoredFile, Depends(new_file)]
