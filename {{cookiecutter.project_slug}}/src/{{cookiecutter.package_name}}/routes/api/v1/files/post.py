from fastapi import Request, status

from {{ cookiecutter.package_name }}.api.deps import SessionDep
from {{ cookiecutter.package_name }}.core.errors import (
    ContentTooLarge,
    UnsupportedMediaType,
    error_responses,
)
from {{ cookiecutter.package_name }}.files import service
from {{ cookiecutter.package_name }}.files.config import files_settings
from {{ cookiecutter.package_name }}.files.dependencies import NewFile, StorageDep
from {{ cookiecutter.package_name }}.files.multipart import read_file_part
from {{ cookiecutter.package_name }}.files.schemas import FileRead
from {{ cookiecutter.package_name }}.files.uploads import UPLOAD_BODY, UPLOAD_FIELD

name = "upload_file"
trailing_slash = True
status_code = status.HTTP_201_CREATED
responses = {**error_responses(ContentTooLarge, UnsupportedMediaType), 422: {}}
openapi_extra = {"requestBody": UPLOAD_BODY}


async def handler(
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
