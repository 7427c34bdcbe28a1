"""Static assets under fingerprinted names, so a CDN or browser may keep them forever.

A page links `css/site.css` as `css/site.<hash>.css`, the hash taken from the file's content
when the service starts. That name is answered with `Cache-Control: public, max-age=31536000,
immutable`: new content gets a new name, so nothing ever needs to expire. Every other name
(the plain one, or a hash that is no longer current) is answered with `no-cache` and the
content's ETag, so a cache revalidates it and gets a 304 while it is unchanged.
"""

import hashlib
import os
import re
from pathlib import Path

from starlette.datastructures import Headers
from starlette.responses import FileResponse, Response
from starlette.staticfiles import NotModifiedResponse, StaticFiles
from starlette.types import Scope

IMMUTABLE = "public, max-age=31536000, immutable"
REVALIDATE = "no-cache"
HASH_LENGTH = 12
FINGERPRINTED = re.compile(r"(?P<stem>.+)\.(?P<hash>[0-9a-f]+)(?P<suffix>\.[^./]+)")


class FingerprintedStaticFiles(StaticFiles):
    def __init__(self, directory: Path) -> None:
        super().__init__(directory=directory)
        self.hashes: dict[str, str] = {}  # "css/site.css" -> the content's SHA-256
        self.etags: dict[str, str] = {}  # the file's real path -> its ETag
        for path in sorted(directory.rglob("*")):
            if path.is_file():
                digest = hashlib.sha256(path.read_bytes()).hexdigest()
                self.hashes[path.relative_to(directory).as_posix()] = digest
                self.etags[os.path.realpath(path)] = f'"{digest}"'

    def url_path(self, path: str) -> str:
        """The name to link a file by: fingerprinted when the file exists and has a suffix."""
        digest = self.hashes.get(path)
        stem, dot, suffix = path.rpartition(".")
        if digest is None or not dot or "/" in suffix:
            return path
        return f"{stem}.{digest[:HASH_LENGTH]}.{suffix}"

    async def get_response(self, path: str, scope: Scope) -> Response:
        requested = Path(path).as_posix()
        cache_control = REVALIDATE
        match = FINGERPRINTED.fullmatch(requested)
        if match:
            original = match["stem"] + match["suffix"]
            if original in self.hashes:
                requested = original
                if match["hash"] == self.hashes[original][:HASH_LENGTH]:
                    cache_control = IMMUTABLE
        response = await super().get_response(requested, scope)
        response.headers["cache-control"] = cache_control
        return response

    def file_response(
        self,
        full_path: str | os.PathLike[str],
        stat_result: os.stat_result,
        scope: Scope,
        status_code: int = 200,
    ) -> Response:
        """Starlette's, with an ETag from the content: the same on every server and after
        every deploy, where one from the modification time would not be.
        """
        etag = self.etags.get(os.fspath(full_path))
        headers = {"etag": etag} if etag else None
        response = FileResponse(
            full_path, status_code=status_code, stat_result=stat_result, headers=headers
        )
        if self.is_not_modified(response.headers, Headers(scope=scope)):
            return NotModifiedResponse(response.headers)
        return response
