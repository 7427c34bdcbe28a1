"""Read a multipart/form-data upload as it arrives, with python-multipart's streaming parser.

FastAPI's `UploadFile` would first spool the whole file to a temporary file; here each piece
of the file part is handed on (to storage) as soon as it is parsed, so an upload holds about
one network read in memory, and the size and type checks happen before anything is kept.
"""

from collections.abc import AsyncIterator
from dataclasses import dataclass

from fastapi import Request
from fastapi.exceptions import RequestValidationError
from python_multipart.exceptions import MultipartParseError
from python_multipart.multipart import MultipartParser, parse_options_header

from ..core.errors import BadRequest, UnsupportedMediaType

# A part's headers; a piece of a part's data; the end of a part.
Event = dict[str, str] | bytes | None


@dataclass
class FilePart:
    filename: str
    content_type: str
    chunks: AsyncIterator[bytes]


def _header_text(value: bytes | bytearray) -> str:
    """Header bytes as they came (python-multipart's header parser reads them as Latin-1)."""
    return value.decode("latin-1")


async def _events(request: Request) -> AsyncIterator[Event]:
    content_type, params = parse_options_header(request.headers.get("content-type"))
    if content_type != b"multipart/form-data":
        raise UnsupportedMediaType("Send the file as multipart/form-data")
    boundary = params.get(b"boundary")
    if not boundary:
        raise BadRequest("The multipart/form-data body has no boundary")

    events: list[Event] = []
    headers: dict[str, str] = {}
    field, value = bytearray(), bytearray()

    def on_header_end() -> None:
        headers[_header_text(field).lower()] = _header_text(value)
        field.clear()
        value.clear()

    parser = MultipartParser(
        boundary,
        {
            "on_part_begin": headers.clear,
            "on_header_field": lambda data, start, end: field.extend(data[start:end]),
            "on_header_value": lambda data, start, end: value.extend(data[start:end]),
            "on_header_end": on_header_end,
            "on_headers_finished": lambda: events.append(dict(headers)),
            "on_part_data": lambda data, start, end: events.append(data[start:end]),
            "on_part_end": lambda: events.append(None),
        },
    )
    try:
        async for chunk in request.stream():
            parser.write(chunk)
            for event in events:
                yield event
            events.clear()
        parser.finalize()
    except MultipartParseError as exc:
        raise BadRequest("The multipart/form-data body is malformed") from exc


async def _part_data(events: AsyncIterator[Event]) -> AsyncIterator[bytes]:
    """The data of the part that just started; the rest of the body is read and ignored."""
    async for event in events:
        if event is None:
            break
        if isinstance(event, bytes):
            yield event
    async for _ in events:
        pass


async def read_file_part(request: Request, name: str) -> FilePart:
    """The first part of the body that is a file in the field `name` (422 if there is none)."""
    events = _events(request)
    async for event in events:
        if not isinstance(event, dict):
            continue
        _, disposition = parse_options_header(event.get("content-disposition", ""))
        filename = disposition.get(b"filename")
        if disposition.get(b"name") == name.encode() and filename is not None:
            content_type, _ = parse_options_header(event.get("content-type", ""))
            return FilePart(
                # Browsers and HTTP clients send the name as UTF-8 (RFC 7578 section 4.2).
                filename=filename.decode("utf-8", errors="replace"),
                content_type=content_type.decode("latin-1") or "application/octet-stream",
                chunks=_part_data(events),
            )
    raise RequestValidationError(
        [{"loc": ("body", name), "msg": "A file is required", "type": "missing"}]
    )
