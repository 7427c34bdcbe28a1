"""Uploads are streamed to storage with their checksum, held to their size and type limits,
named safely, listed and deleted{% if "jwt" in features %} by their owner only{% endif %}.
"""

import asyncio
import hashlib
import time
from pathlib import Path

import pytest
from httpx import AsyncClient
{%- if "jwt" in features %}
from sqlalchemy.ext.asyncio import AsyncSession
{%- endif %}

{% if "jwt" in features -%}
from {{ cookiecutter.package_name }}.credentials.scopes import ADMIN_ROLE
{% endif -%}
from {{ cookiecutter.package_name }}.files.names import ascii_fallback, clean_filename
from {{ cookiecutter.package_name }}.files.storage import LocalStorage
from {{ cookiecutter.package_name }}.files.uploads import MULTIPART_ALLOWANCE
from {{ cookiecutter.package_name }}.main import app
from {{ cookiecutter.package_name }}.settings import settings

from .utils.files import FILES, MULTIPART, chunk, in_chunks, multipart, sample, upload
from .utils.server import response_head, send_until_closed, serving
{%- if "jwt" in features %}
from .utils.users import auth_headers, create_user
{%- endif %}

# Several network reads and several storage writes, and over MAX_REQUEST_BODY_BYTES.
LARGE = 3 * 1024 * 1024 + 12345
# What a client tries to send after a 413, the most that may get through (socket buffers),
# and the seconds within which the server must have closed the connection.
SENT_AFTER_THE_ANSWER = 1024**3
SENT_AT_MOST = 64 * 1024**2
CUT_OFF_WITHIN = 2


def stored_objects(upload_dir: Path) -> list[str]:
    return sorted(path.name for path in upload_dir.iterdir()) if upload_dir.exists() else []


async def test_large_upload_is_stored_whole_with_its_checksum(
    api_client: AsyncClient, upload_dir: Path
) -> None:
    content = sample(LARGE)

    created = await upload(api_client, content, "data.bin", "application/octet-stream")
    download = await api_client.get(f"{FILES}{created.json()['id']}")

    assert LARGE > settings.MAX_REQUEST_BODY_BYTES
    assert created.status_code == 201
    assert created.json()["size"] == LARGE
    assert created.json()["sha256"] == hashlib.sha256(content).hexdigest()
    assert download.status_code == 200
    assert download.content == content
    assert download.headers["content-length"] == str(LARGE)
    assert download.headers["etag"] == f'"{hashlib.sha256(content).hexdigest()}"'
    assert download.headers["last-modified"].endswith(" GMT")
    assert download.headers["accept-ranges"] == "bytes"
    assert download.headers["content-security-policy"] == "sandbox"
    # Stored under a generated name, nothing left half-written.
    [name] = stored_objects(upload_dir)
    assert len(name) == 32
    assert (upload_dir / name).read_bytes() == content


async def test_streamed_upload_without_length_is_stored(
    api_client: AsyncClient, upload_dir: Path
) -> None:
    content = sample(LARGE)

    created = await api_client.post(FILES, content=in_chunks(multipart(content)), headers=MULTIPART)

    assert created.status_code == 201
    assert created.json()["sha256"] == hashlib.sha256(content).hexdigest()


async def test_file_over_the_limit_returns_413_and_leaves_nothing(
    api_client: AsyncClient, upload_dir: Path
) -> None:
    response = await upload(api_client, sample(settings.MAX_UPLOAD_BYTES + 1))

    assert response.status_code == 413
    assert response.json()["error_code"] == "content_too_large"
    assert stored_objects(upload_dir) == []
    assert (await api_client.get(FILES)).json()["total"] == 0


async def test_body_declared_over_the_upload_limit_is_refused_before_it_is_read(
    api_client: AsyncClient, upload_dir: Path
) -> None:
    size = settings.MAX_UPLOAD_BYTES + MULTIPART_ALLOWANCE + 1
    response = await api_client.post(FILES, content=b"x" * size, headers=MULTIPART)

    assert response.status_code == 413
    assert stored_objects(upload_dir) == []


async def test_streamed_body_over_the_upload_limit_is_cut_off_and_removed(
    api_client: AsyncClient, upload_dir: Path
) -> None:
    body = multipart(sample(settings.MAX_UPLOAD_BYTES + 2 * MULTIPART_ALLOWANCE))
    response = await api_client.post(FILES, content=in_chunks(body), headers=MULTIPART)

    assert response.status_code == 413
    assert stored_objects(upload_dir) == []


@pytest.mark.parametrize("http", ["h11", "httptools"])
async def test_after_a_streamed_file_goes_over_the_limit_the_server_closes_the_connection(
    api_client: AsyncClient, upload_dir: Path, http: str
) -> None:
    """Otherwise it would read, and drop, all the rest of the body the client sends."""
    credentials = "".join(f"{name}: {value}\r\n" for name, value in api_client.headers.items())
    # The file's part, over the limit by a byte, with no end: more of it follows the answer.
    over_limit = multipart(sample(settings.MAX_UPLOAD_BYTES + 1)).rsplit(b"\r\n--", 1)[0]
    async with serving(app, http=http) as address:
        host, port = address.split(":")
        reader, writer = await asyncio.open_connection(host, int(port))
        head = (
            f"POST {FILES} HTTP/1.1\r\nHost: 127.0.0.1\r\n{credentials}"
            f"Content-Type: {MULTIPART['content-type']}\r\nTransfer-Encoding: chunked\r\n\r\n"
        )
        writer.write(head.encode() + chunk(over_limit))
        status, headers = await response_head(reader)
        started = time.monotonic()
        sent = await send_until_closed(writer, chunk(b"x" * 1024**2), SENT_AFTER_THE_ANSWER)
        cut_off_after = time.monotonic() - started
        writer.close()

    assert (status, headers["connection"]) == (413, "close")
    assert sent < SENT_AT_MOST
    assert cut_off_after < CUT_OFF_WITHIN
    assert stored_objects(upload_dir) == []


async def test_the_upload_limit_applies_to_the_upload_path_only(api_client: AsyncClient) -> None:
    response = await api_client.post(
        "/api/v1/items/",
        content=b"x" * (settings.MAX_REQUEST_BODY_BYTES + 1),
        headers={"content-type": "application/json"},
    )

    assert response.status_code == 413


async def test_type_not_allowed_returns_415(api_client: AsyncClient, upload_dir: Path) -> None:
    response = await upload(api_client, b"<script>alert(1)</script>", "x.html", "text/html")

    assert response.status_code == 415
    assert response.json()["error_code"] == "unsupported_media_type"
    assert stored_objects(upload_dir) == []


async def test_body_that_is_not_multipart_returns_415(api_client: AsyncClient) -> None:
    response = await api_client.post(FILES, json={"file": "nope"})

    assert response.status_code == 415


async def test_multipart_without_a_boundary_returns_400(api_client: AsyncClient) -> None:
    response = await api_client.post(
        FILES, content=b"x", headers={"content-type": "multipart/form-data"}
    )

    assert response.status_code == 400


async def test_malformed_multipart_returns_400(api_client: AsyncClient) -> None:
    response = await api_client.post(FILES, content=b"--not-the-boundary\r\n", headers=MULTIPART)

    assert response.status_code == 400
    assert response.json()["error_code"] == "bad_request"


async def test_body_without_a_file_returns_422(api_client: AsyncClient) -> None:
    body = multipart(b"value").replace(b'; filename="report.pdf"', b"")

    response = await api_client.post(FILES, content=body, headers=MULTIPART)

    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["body", "file"]
    assert (await api_client.get(FILES)).json()["total"] == 0


async def test_empty_file_is_stored_with_the_empty_checksum(api_client: AsyncClient) -> None:
    created = await upload(api_client, b"", "empty.txt", "text/plain")
    download = await api_client.get(f"{FILES}{created.json()['id']}")

    assert created.status_code == 201
    assert created.json()["size"] == 0
    assert created.json()["sha256"] == hashlib.sha256(b"").hexdigest()
    assert download.content == b""


@pytest.mark.parametrize(
    ("sent", "kept"),
    [
        (b"../../etc/passwd", "passwd"),
        (b"/etc/passwd", "passwd"),
        (b"C:\\Windows\\win.ini", "win.ini"),
        (b"nul\x00byte.txt", "nulbyte.txt"),
        (b"..", "file"),
        (b"", "file"),
    ],
)
async def test_path_in_the_name_is_dropped(
    api_client: AsyncClient, upload_dir: Path, sent: bytes, kept: str
) -> None:
    created = await upload(api_client, b"data", sent, "text/plain")

    assert created.status_code == 201
    assert created.json()["name"] == kept
    assert all(len(name) == 32 for name in stored_objects(upload_dir))


def test_long_names_keep_their_extension() -> None:
    name = clean_filename("a" * 300 + ".tar")

    assert len(name) == 255
    assert name.endswith("a.tar")
    assert len(clean_filename("b" * 300)) == 255


def test_ascii_fallback_drops_accents_and_replaces_the_rest() -> None:
    assert ascii_fallback('Crème "brûlée" 50%.pdf') == "Creme _brulee_ 50_.pdf"
    assert ascii_fallback("отчёт") == "_____"


async def test_files_are_listed_newest_first_and_deleted(
    api_client: AsyncClient, upload_dir: Path
) -> None:
    first = (await upload(api_client, b"one", "one.txt", "text/plain")).json()
    second = (await upload(api_client, b"two", "two.txt", "text/plain")).json()

    listed = (await api_client.get(FILES)).json()
    deleted = await api_client.delete(f"{FILES}{first['id']}")

    assert [row["name"] for row in listed["files"]] == ["two.txt", "one.txt"]
    assert listed["total"] == 2
    assert deleted.status_code == 204
    assert (await api_client.get(f"{FILES}{first['id']}")).status_code == 404
    assert (await api_client.get(f"{FILES}{second['id']}")).content == b"two"
    [kept] = stored_objects(upload_dir)
    assert (upload_dir / kept).read_bytes() == b"two"


async def test_unknown_file_is_404(api_client: AsyncClient) -> None:
    response = await api_client.get(f"{FILES}999")

    assert response.status_code == 404


def test_storage_refuses_a_key_it_did_not_make(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="not a storage key"):
        LocalStorage(tmp_path).path("../outside")
{%- if "jwt" in features %}


async def test_another_users_file_is_404(api_client: AsyncClient, session: AsyncSession) -> None:
    created = (await upload(api_client, b"private", "mine.txt", "text/plain")).json()
    other = await create_user(session, "other@example.com")
    headers = await auth_headers(session, other)

    read = await api_client.get(f"{FILES}{created['id']}", headers=headers)
    delete = await api_client.delete(f"{FILES}{created['id']}", headers=headers)
    listed = await api_client.get(FILES, headers=headers)

    assert (read.status_code, delete.status_code) == (404, 404)
    assert listed.json()["total"] == 0


async def test_upload_needs_a_signed_in_user(client: AsyncClient) -> None:
    response = await upload(client, b"data")

    assert response.status_code == 401


async def test_a_deactivated_user_loses_their_files_at_once(
    client: AsyncClient, session: AsyncSession
) -> None:
    owner = await create_user(session, "leaving@example.com")
    client.headers.update(await auth_headers(session, owner))
    created = (await upload(client, b"mine", "mine.txt", "text/plain")).json()
    root = await create_user(session, "root@example.com", roles=[ADMIN_ROLE])
    admin = await auth_headers(session, root)
    users = f"{settings.API_V1_PREFIX}/users"

    change = {"is_active": False}
    assert (await client.patch(f"{users}/{owner.id}", json=change, headers=admin)).is_success
    read = await client.get(f"{FILES}{created['id']}")
    listed = await client.get(FILES)
    again = await upload(client, b"more")

    assert {read.status_code, listed.status_code, again.status_code} == {401}
{%- endif %}
