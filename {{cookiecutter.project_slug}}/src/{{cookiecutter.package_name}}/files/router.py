"""File endpoints: upload, list, download (whole or in ranges) and delete."""

from email.utils import formatdate
from typing import Annotated

from fastapi import APIRouter, BackgroundTasks, Query, Request, Response, status

from ..api.deps import PageDep, SessionDep
from ..core.errors import (
    ContentTooLarge,
    NotFound,
    RangeNotSatisfiable,
    UnsupportedMediaType,
    error_responses,
)
from . import service
from .config import files_settings
from .dependencies import CALLER_ERRORS, NewFile, OwnedFile, StorageDep, VisibleFiles
from .multipart import read_file_part
from .names import Disposition, content_disposition
from .ranges import Validators, range_to_send
from .schemas import FilePage, FileRead
from .uploads import FILE_CONTENT, UPLOAD_BODY, UPLOAD_FIELD

router = APIRouter(prefix="/files", tags=["files"], responses=error_responses(*CALLER_ERRORS))


@router.post(
    "/",
    status_code=status.HTTP_201_CREATED,
    responses={**error_responses(ContentTooLarge, UnsupportedMediaType), 422: {}},
    openapi_extra={"requestBody": UPLOAD_BODY},
)
async def upload_file(
    request: Request, session: SessionDep, storage: StorageDep, record: NewFile
) -> FileRead:
    """Upload a file as multipart/form-data in the field `file`; it is stored as it arrives."""
    part = await read_file_part(request, UPLOAD_FIELD)
    stored = await service.store_upload(
        session,
        storage,
        part,
        record,
        max_bytes=files_settings.MAX_UPLOAD_BYTES,
        allowed_types=files_settings.ALLOWED_UPLOAD_TYPES,
    )
    return FileRead.model_validate(stored)


@router.get("/")
async def list_files(session: SessionDep, visible: VisibleFiles, page: PageDep) -> FilePage:
    """List the files you may see, newest first."""
    rows, total = await service.list_files(session, visible, page)
    files = [FileRead.model_validate(row) for row in rows]
    return FilePage(files=files, total=total, limit=page.limit, offset=page.offset)


@router.get(
    "/{file_id:int}",
    response_class=Response,
    responses={
        200: {"description": "The whole file", **FILE_CONTENT},
        206: {"description": "The requested byte ranges", **FILE_CONTENT},
        **error_responses(NotFound, RangeNotSatisfiable),
    },
)
async def download_file(
    request: Request,
    storage: StorageDep,
    record: OwnedFile,
    disposition: Annotated[
        Disposition, Query(description="Show the file in the browser, or save it")
    ] = "attachment",
) -> Response:
    """Download a file; send `Range` (and `If-Range`) to resume or fetch parts of it."""
    validators = Validators(
        etag=f'"{record.sha256}"',
        last_modified=formatdate(record.created_at.timestamp(), usegmt=True),
    )
    byte_range = range_to_send(
        request.headers.get("range"), request.headers.get("if-range"), record.size, validators
    )
    headers = {
        "ETag": validators.etag,
        "Last-Modified": validators.last_modified,
        "Content-Disposition": content_disposition(disposition, record.name),
        # The owner's data: no shared cache keeps it, and nothing in it runs as a page.
        "Cache-Control": "private",
        "Content-Security-Policy": "sandbox",
    }
    return storage.download(
        record.storage_key, media_type=record.content_type, headers=headers, byte_range=byte_range
    )


@router.delete(
    "/{file_id:int}", status_code=status.HTTP_204_NO_CONTENT, responses=error_responses(NotFound)
)
async def delete_file(
    session: SessionDep, storage: StorageDep, record: OwnedFile, background: BackgroundTasks
) -> None:
    """Delete a file."""
    await service.delete_file(session, record)
    # After the response, so the bytes go only once the row's deletion is committed.
    background.add_task(storage.delete, record.storage_key)
