"""Settings of file uploads: where they are stored, how large they may be, which types."""

from pathlib import Path

from pydantic import Field

from ..core.config import SettingsBase, StrList

# Types a browser will not run as a page (no text/html, no image/svg+xml): downloads are also
# sent with `nosniff` and a sandboxing Content-Security-Policy.
DEFAULT_UPLOAD_TYPES = [
    "application/octet-stream",
    "application/pdf",
    "application/zip",
    "image/gif",
    "image/jpeg",
    "image/png",
    "image/webp",
    "text/csv",
    "text/plain",
]


class FileTransferSettings(SettingsBase):
    UPLOAD_DIR: Path = Path("uploads")
    MAX_UPLOAD_BYTES: int = Field(default=100 * 1024 * 1024, ge=1)
    ALLOWED_UPLOAD_TYPES: StrList = Field(default_factory=lambda: list(DEFAULT_UPLOAD_TYPES))


files_settings = FileTransferSettings()
