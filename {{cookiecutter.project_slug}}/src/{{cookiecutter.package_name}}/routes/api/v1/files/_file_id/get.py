from email.utils import formatdate
from typing import Annotated

from fastapi import Query, Request, Response

from {{ cookiecutter.package_name }}.core.errors import (
    NotFound,
    RangeNotSatisfiable,
    error_responses,
)
from {{ cookiecutter.package_name }}.files.dependencies import OwnedFile, StorageDep
from {{ cookiecutter.package_name }}.files.names import Disposition, content_disposition
from {{ cookiecutter.package_name }}.files.ranges import Validators, range_to_send
from {{ cookiecutter.package_name }}.files.uploads import FILE_CONTENT

name = "download_file"
response_class = Response
responses = {
    200: {"description": "The whole file", **FILE_CONTENT},
    206: {"description": "The requested byte ranges", **FILE_CONTENT},
    **error_responses(NotFound, RangeNotSatisfiable),
}


async def handler(
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
