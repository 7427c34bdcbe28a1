"""Build multipart uploads byte by byte, so a test controls every header a client sends."""

from collections.abc import AsyncIterator

from httpx import AsyncClient, Response

FILES = "/api/v1/files/"
BOUNDARY = "test-boundary-7d3c9a"
MULTIPART = {"content-type": f"multipart/form-data; boundary={BOUNDARY}"}
CHUNK = 64 * 1024


def multipart(
    content: bytes, filename: bytes | str = "report.pdf", content_type: str = "application/pdf"
) -> bytes:
    """A body with one file part in the field `file`; the name goes out as raw bytes."""
    name = filename.encode() if isinstance(filename, str) else filename
    head = (
        f"--{BOUNDARY}\r\n".encode()
        + b'Content-Disposition: form-data; name="file"; filename="'
        + name
        + f'"\r\nContent-Type: {content_type}\r\n\r\n'.encode()
    )
    return head + content + f"\r\n--{BOUNDARY}--\r\n".encode()


def chunk(data: bytes) -> bytes:
    """`data` as one chunk of a chunked body (Transfer-Encoding: chunked)."""
    return f"{len(data):x}\r\n".encode() + data + b"\r\n"


async def in_chunks(body: bytes) -> AsyncIterator[bytes]:
    """The body as a stream of network-sized pieces, with no Content-Length."""
    for start in range(0, len(body), CHUNK):
        yield body[start : start + CHUNK]


async def upload(
    client: AsyncClient,
    content: bytes,
    filename: bytes | str = "report.pdf",
    content_type: str = "application/pdf",
) -> Response:
    body = multipart(content, filename, content_type)
    return await client.post(FILES, content=body, headers=MULTIPART)


def sample(size: int) -> bytes:
    """`size` bytes that differ from one position to the next, so a misplaced byte shows."""
    return (bytes(range(251)) * (size // 251 + 1))[:size]
