"""File endpoints: upload, list, download (whole or in ranges) and delete."""

from typing import Annotated, Any

from fastapi import BackgroundTasks, Query, Request, Response

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
from .dependencies import NewFile, OwnedFile, StorageDep, VisibleFiles
from .multipart import read_file_part
from .names import Disposition
from .schemas import FilePage, FileRead
from .uploads import FILE_CONTENT, UPLOAD_BODY, UPLOAD_FIELD

# What the endpoints answer besides their own result, for the OpenAPI document.
UPLOAD_RESPONSES: dict[int | str, dict[str, Any]] = {
    **error_responses(ContentTooLarge, UnsupportedMediaType),
    422: {},
}
UPLOAD_OPENAPI = {"requestBody": UPLOAD_BODY}
DOWNLOAD_RESPONSES: dict[int | str, dict[str, Any]] = {
    200: {"description": "The whole file", **FILE_CONTENT},
    206: {"description": "The requested byte ranges", **FILE_CONTENT},
    304: {"description": "Your copy, which If-None-Match names, is current"},
    **error_responses(NotFound, RangeNotSatisfiable),
}


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


async def list_files(session: SessionDep, visible: VisibleFiles, page: PageDep) -> FilePage:
    """List the files you may see, newest first."""
    rows, total = await service.list_files(session, visible, page)
    return FilePage.of(rows, total, page)


async def download_file(
    request: Request,
    storage: StorageDep,
    record: OwnedFile,
    disposition: Annotated[
        Disposition, Query(description="Show the file in the browser, or save it")
    ] = "attachment",
) -> Response:
    """Download a file; send `Range` (and `If-Range`) to resume or fetch parts of it, and
    `If-None-Match` with its ETag to get a 304 while your copy is current.
    """
    return service.download(
        storage,
        record,
        range_header=request.headers.get("range"),
        if_range=request.headers.get("if-range"),
        if_none_match=request.headers.get("if-none-match"),
        disposition=disposition,
    )


async def delete_file(
    session: SessionDep, storage: StorageDep, record: OwnedFile, background: BackgroundTasks
) -> None:
    """Delete a file."""
    await service.delete_file(session, record)
    # After the response, so the bytes go only once the row's deletion is committed.
    background.add_task(storage.delete, record.storage_key)
