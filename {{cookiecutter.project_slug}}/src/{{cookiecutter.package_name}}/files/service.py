"""Receive, list, find and delete stored files; raises domain errors, never HTTP ones.

Which files a caller may act on is decided by `files/dependencies.py`.
"""

import hashlib
from collections.abc import AsyncIterator
from email.utils import formatdate

from fastapi import Response
from sqlalchemy import Select
from sqlalchemy.ext.asyncio import AsyncSession

from ..core.errors import ContentTooLarge, UnsupportedMediaType
from ..db.pagination import PageParams, fetch_page
from .models import StoredFile
from .multipart import FilePart
from .names import Disposition, clean_filename, content_disposition
from .ranges import Validators, range_to_send
from .storage import Storage, new_storage_key


async def _checked(part: FilePart, max_bytes: int, record: StoredFile) -> AsyncIterator[bytes]:
    """The part's chunks, counted and hashed into `record` on the way to storage; stops with
    a 413 as soon as there are more than `max_bytes`.
    """
    digest = hashlib.sha256()
    size = 0
    async for chunk in part.chunks:
        size += len(chunk)
        if size > max_bytes:
            raise ContentTooLarge(f"File larger than {max_bytes} bytes")
        digest.update(chunk)
        yield chunk
    record.size = size
    record.sha256 = digest.hexdigest()


async def store_upload(
    session: AsyncSession,
    storage: Storage,
    part: FilePart,
    record: StoredFile,
    *,
    max_bytes: int,
    allowed_types: list[str],
) -> StoredFile:
    """Stream the part into storage under a new key and record it; a refused or broken upload
    leaves neither bytes nor a row behind.
    """
    if part.content_type not in allowed_types:
        raise UnsupportedMediaType(f"Files of type {part.content_type!r} are not accepted")
    # End the transaction the caller's lookup may have begun: a long upload holds no
    # database connection.
    await session.commit()
    record.storage_key = new_storage_key()
    record.name = clean_filename(part.filename)
    record.content_type = part.content_type
    await storage.save(record.storage_key, _checked(part, max_bytes, record))
    try:
        session.add(record)
        await session.flush()
    except BaseException:
        await storage.delete(record.storage_key)
        raise
    return record


async def list_files(
    session: AsyncSession, visible: Select[StoredFile], page: PageParams
) -> tuple[list[StoredFile], int]:
    """One page of files, newest first, and the total count."""
    query = visible.order_by(StoredFile.created_at.desc(), StoredFile.id.desc())
    return await fetch_page(session, query, page)


async def delete_file(session: AsyncSession, record: StoredFile) -> None:
    """Delete the row; the caller removes the bytes once the deletion is committed."""
    await session.delete(record)
    await session.flush()


def download(
    storage: Storage,
    record: StoredFile,
    *,
    range_header: str | None,
    if_range: str | None,
    if_none_match: str | None,
    disposition: Disposition,
) -> Response:
    """The file, whole or the byte ranges `range_header` asks for (when `if_range` still
    matches), with the validators that let a client resume; a 304 without the bytes when
    `if_none_match` names the ones stored.
    """
    validators = Validators(
        etag=f'"{record.sha256}"',
        last_modified=formatdate(record.created_at.timestamp(), usegmt=True),
    )
    headers = {
        "ETag": validators.etag,
        "Last-Modified": validators.last_modified,
        # The owner's data: no shared cache keeps it.
        "Cache-Control": "private",
    }
    if validators.named_by(if_none_match):
        return Response(status_code=304, headers=headers)
    byte_range = range_to_send(range_header, if_range, record.size, validators)
    headers["Content-Disposition"] = content_disposition(disposition, record.name)
    headers["Content-Security-Policy"] = "sandbox"  # nothing in it runs as a page
    return storage.download(
        record.storage_key, media_type=record.content_type, headers=headers, byte_range=byte_range
    )
