"""Where uploaded bytes live, behind a small interface, and the local-directory backend.

The service talks to `Storage` only: writing an object from chunks as they arrive, deleting
one, and answering a download of one. Another backend (S3 or any S3-compatible store) is a
class with the same three methods, chosen in `get_storage`; see the README.
"""

import re
import secrets
from collections.abc import AsyncIterable, Iterable, Mapping
from pathlib import Path
from typing import Protocol

import anyio
from fastapi.responses import FileResponse, Response
from starlette.types import Receive, Scope, Send

# Writes are gathered into blocks of this size: one thread hop per block, not per network read.
WRITE_BLOCK_BYTES = 1024 * 1024
VALID_KEY = re.compile(r"[0-9a-f]{32}")


def new_storage_key() -> str:
    """A fresh, unguessable object name that says nothing about the upload."""
    return secrets.token_hex(16)


class Storage(Protocol):
    async def save(self, key: str, chunks: AsyncIterable[bytes]) -> None:
        """Store the chunks under `key`; if they fail, nothing is left under it."""

    async def delete(self, key: str) -> None:
        """Remove the object (a missing one is fine)."""

    def download(
        self, key: str, *, media_type: str, headers: Mapping[str, str], byte_range: str | None
    ) -> Response:
        """A response sending the object, whole or the (already checked) `byte_range`; or one
        sending the client where it can fetch it, such as a presigned URL.
        """


class RangedFileResponse(FileResponse):
    """Starlette's FileResponse (206, multipart/byteranges, HEAD, chunked reads), answering the
    Range the service decided on rather than the raw request headers: `byte_range=None` sends
    the whole file.
    """

    def __init__(
        self, path: Path, byte_range: str | None, *, media_type: str, headers: Mapping[str, str]
    ) -> None:
        super().__init__(path, media_type=media_type, headers=headers)
        self.byte_range = byte_range

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        headers: Iterable[tuple[bytes, bytes]] = scope["headers"]
        kept = [(name, value) for name, value in headers if name not in (b"range", b"if-range")]
        if self.byte_range is not None:
            kept.append((b"range", self.byte_range.encode("latin-1")))
        await super().__call__({**scope, "headers": kept}, receive, send)


class LocalStorage:
    """Objects as files in one directory, each written under a temporary name first."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def path(self, key: str) -> Path:
        if not VALID_KEY.fullmatch(key):
            raise ValueError(f"not a storage key: {key!r}")
        return self.root / key

    async def save(self, key: str, chunks: AsyncIterable[bytes]) -> None:
        final = anyio.Path(self.path(key))
        partial = final.with_suffix(".part")
        await anyio.Path(self.root).mkdir(parents=True, exist_ok=True)
        try:
            async with await anyio.open_file(partial, "wb") as file:
                block = bytearray()
                async for chunk in chunks:
                    block += chunk
                    if len(block) >= WRITE_BLOCK_BYTES:
                        await file.write(block)
                        block.clear()
                await file.write(block)
            await partial.rename(final)
        except BaseException:
            await partial.unlink(missing_ok=True)
            raise

    async def delete(self, key: str) -> None:
        await anyio.Path(self.path(key)).unlink(missing_ok=True)

    def download(
        self, key: str, *, media_type: str, headers: Mapping[str, str], byte_range: str | None
    ) -> FileResponse:
        return RangedFileResponse(
            self.path(key), byte_range, media_type=media_type, headers=headers
        )
