"""What the file endpoints share with the app: the upload's field, its body limit and the
OpenAPI descriptions of bodies FastAPI cannot see.
"""

from typing import Any

from ..core.config import core_settings
from .config import files_settings

UPLOAD_FIELD = "file"
# A body may exceed its file by the multipart framing: boundaries and the part's headers.
MULTIPART_ALLOWANCE = 64 * 1024
# The upload's own body limit, which ServiceMiddleware applies instead of
# MAX_REQUEST_BODY_BYTES on this one path; the endpoint counts the file's bytes exactly.
BODY_LIMITS = {
    f"{core_settings.API_V1_PREFIX}/files/": files_settings.MAX_UPLOAD_BYTES + MULTIPART_ALLOWANCE
}
# The endpoint reads the body itself, so FastAPI cannot describe it: this does.
UPLOAD_BODY: dict[str, Any] = {
    "required": True,
    "content": {
        "multipart/form-data": {
            "schema": {
                "type": "object",
                "properties": {UPLOAD_FIELD: {"type": "string", "format": "binary"}},
                "required": [UPLOAD_FIELD],
            },
            "encoding": {
                UPLOAD_FIELD: {"contentType": ", ".join(files_settings.ALLOWED_UPLOAD_TYPES)}
            },
        }
    },
}
FILE_CONTENT = {"content": {"*/*": {"schema": {"type": "string", "format": "binary"}}}}
