"""File names: what is kept of the name a client sent, and how it goes back out in
Content-Disposition (RFC 6266, with the RFC 5987 encoding for names that are not ASCII).
"""

import unicodedata
from typing import Literal
from urllib.parse import quote

MAX_NAME_LENGTH = 255
FALLBACK_NAME = "file"

Disposition = Literal["inline", "attachment"]


def clean_filename(raw: str) -> str:
    """The name's last path segment (a client's `../x` or `C:\\dir\\x` is just `x`), without
    control characters (NUL among them), at most 255 characters, never empty, `.` or `..`.
    """
    name = raw.replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(char for char in name if unicodedata.category(char)[0] != "C")
    name = unicodedata.normalize("NFC", name).strip()
    if name in ("", ".", ".."):
        return FALLBACK_NAME
    if len(name) <= MAX_NAME_LENGTH:
        return name
    stem, dot, suffix = name.rpartition(".")
    if dot and 0 < len(suffix) < 16:
        return stem[: MAX_NAME_LENGTH - len(suffix) - 1] + "." + suffix
    return name[:MAX_NAME_LENGTH]


def ascii_fallback(name: str) -> str:
    """The name as plain ASCII for clients that ignore `filename*`: accents dropped, other
    characters that cannot be written as they are replaced by `_`.
    """
    decomposed = unicodedata.normalize("NFKD", name)
    plain = "".join(
        char if char.isascii() and char.isprintable() and char not in '"\\%' else "_"
        for char in decomposed
        if not unicodedata.combining(char)
    )
    return plain or FALLBACK_NAME


def content_disposition(disposition: Disposition, name: str) -> str:
    """`inline` or `attachment`, with both the ASCII `filename` and the exact UTF-8 `filename*`."""
    encoded = quote(name, safe="")
    return f"{disposition}; filename=\"{ascii_fallback(name)}\"; filename*=UTF-8''{encoded}"
