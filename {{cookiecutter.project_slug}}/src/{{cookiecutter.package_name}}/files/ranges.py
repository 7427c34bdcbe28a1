"""Which bytes a download sends: the Range and If-Range rules of RFC 9110 (section 14), and
none when If-None-Match names them (section 13.1.2).

Starlette's FileResponse does the sending (one range as a 206, several as
multipart/byteranges). It answers a malformed Range with a 400 and any unsatisfiable part
with a 416; the RFC asks for the first to be ignored and for a 416 only when no part can be
served. So the service decides here and hands FileResponse a Range it accepts as is.
"""

from dataclasses import dataclass

from ..core.errors import RangeNotSatisfiable

# More parts than this are not worth a multipart answer; the RFC lets a server ignore them.
MAX_RANGES = 16


@dataclass(frozen=True, slots=True)
class Validators:
    """What identifies the stored bytes: compared with If-Range and If-None-Match."""

    etag: str
    last_modified: str

    def named_by(self, if_none_match: str | None) -> bool:
        """Whether an If-None-Match names these bytes (`*`, or their ETag, weak or not): the
        client's copy is current, and a 304 tells it so.
        """
        if if_none_match is None:
            return False
        tags = {tag.strip().removeprefix("W/") for tag in if_none_match.split(",")}
        return "*" in tags or self.etag in tags


def _position(text: str) -> int | None:
    return int(text) if text.isascii() and text.isdigit() else None


def satisfiable_ranges(header: str, size: int) -> list[tuple[int, int]] | None:
    """The (first, last) byte positions a `bytes=` Range header asks of `size` bytes that
    exist, in the order asked and clipped to the end. None when the header is not a valid
    byte range set, or asks for too many parts (it is then ignored); an empty list when it is
    valid but nothing it asks for exists (a 416).
    """
    unit, _, spec = header.partition("=")
    if unit.strip().lower() != "bytes":
        return None
    parts = [part.strip() for part in spec.split(",") if part.strip()]
    if not parts or len(parts) > MAX_RANGES:
        return None
    ranges: list[tuple[int, int]] = []
    for part in parts:
        first_text, dash, last_text = (text.strip() for text in part.partition("-"))
        first, last = _position(first_text), _position(last_text)
        if not dash or (first is None and last is None):
            return None
        if first is None:  # a suffix: the last `last` bytes
            if last and size:
                ranges.append((max(size - last, 0), size - 1))
            continue
        if last_text and (last is None or last < first):
            return None
        if first < size:
            ranges.append((first, size - 1 if last is None else min(last, size - 1)))
    return ranges


def range_to_send(
    range_header: str | None, if_range: str | None, size: int, current: Validators
) -> str | None:
    """The Range header FileResponse should serve, or None for the whole file; raises
    RangeNotSatisfiable (416) when nothing asked for exists.

    An If-Range that does not name the current bytes (their strong ETag, or their exact
    Last-Modified date) means the client's copy is stale: it gets the whole file.
    """
    if range_header is None:
        return None
    if if_range is not None and if_range.strip() not in (current.etag, current.last_modified):
        return None
    ranges = satisfiable_ranges(range_header, size)
    if ranges is None:
        return None
    if not ranges:
        raise RangeNotSatisfiable(
            f"No part of the requested range is within the file's {size} bytes",
            headers={"Content-Range": f"bytes */{size}"},
        )
    return "bytes=" + ",".join(f"{first}-{last}" for first, last in ranges)
