"""Downloads can resume: byte ranges as RFC 9110 asks, If-Range, and file names in any script."""

from urllib.parse import unquote

import pytest
from httpx import AsyncClient

from {{ cookiecutter.package_name }}.files.ranges import satisfiable_ranges

from .utils.files import FILES, sample, upload

SIZE = 200_000
CONTENT = sample(SIZE)


@pytest.fixture
async def url(api_client: AsyncClient) -> str:
    created = await upload(api_client, CONTENT, "data.bin", "application/octet-stream")
    return f"{FILES}{created.json()['id']}"


@pytest.mark.parametrize(
    ("asked", "first", "last"),
    [
        ("bytes=0-99", 0, 99),  # the start
        ("bytes=100000-100999", 100_000, 100_999),  # the middle
        ("bytes=-500", SIZE - 500, SIZE - 1),  # the end, by suffix
        (f"bytes={SIZE - 10}-", SIZE - 10, SIZE - 1),  # the end, open
        (f"bytes={SIZE - 10}-{SIZE * 2}", SIZE - 10, SIZE - 1),  # clipped to the end
    ],
)
async def test_one_range_returns_206_with_its_bytes(
    api_client: AsyncClient, url: str, asked: str, first: int, last: int
) -> None:
    response = await api_client.get(url, headers={"Range": asked})

    assert response.status_code == 206
    assert response.headers["content-range"] == f"bytes {first}-{last}/{SIZE}"
    assert response.headers["content-length"] == str(last - first + 1)
    assert response.content == CONTENT[first : last + 1]


async def test_several_ranges_return_multipart_byteranges(
    api_client: AsyncClient, url: str
) -> None:
    response = await api_client.get(url, headers={"Range": "bytes=0-9, 1000-1009"})

    assert response.status_code == 206
    assert response.headers["content-type"].startswith("multipart/byteranges; boundary=")
    assert f"Content-Range: bytes 0-9/{SIZE}".encode() in response.content
    assert CONTENT[1000:1010] in response.content


async def test_unsatisfiable_range_returns_416_with_the_size(
    api_client: AsyncClient, url: str
) -> None:
    response = await api_client.get(url, headers={"Range": f"bytes={SIZE}-"})

    assert response.status_code == 416
    assert response.headers["content-range"] == f"bytes */{SIZE}"
    assert response.json()["error_code"] == "range_not_satisfiable"


async def test_only_the_satisfiable_parts_of_a_range_are_sent(
    api_client: AsyncClient, url: str
) -> None:
    response = await api_client.get(url, headers={"Range": f"bytes=0-9,{SIZE + 5}-"})

    assert response.status_code == 206
    assert response.content == CONTENT[:10]


@pytest.mark.parametrize("asked", ["bytes=abc", "bytes=9-1", "items=0-1", "bytes=", "bytes=5"])
async def test_malformed_range_is_ignored(api_client: AsyncClient, url: str, asked: str) -> None:
    response = await api_client.get(url, headers={"Range": asked})

    assert response.status_code == 200
    assert response.content == CONTENT


async def test_if_range_with_a_stale_etag_sends_the_whole_file(
    api_client: AsyncClient, url: str
) -> None:
    response = await api_client.get(url, headers={"Range": "bytes=0-9", "If-Range": '"stale"'})

    assert response.status_code == 200
    assert response.content == CONTENT


@pytest.mark.parametrize("validator", ["etag", "last-modified"])
async def test_if_range_with_the_current_validator_resumes(
    api_client: AsyncClient, url: str, validator: str
) -> None:
    current = (await api_client.get(url)).headers[validator]

    response = await api_client.get(url, headers={"Range": "bytes=10-", "If-Range": current})

    assert response.status_code == 206
    assert response.content == CONTENT[10:]


@pytest.mark.parametrize("form", ["{etag}", "W/{etag}", '"other", {etag}', "*"])
async def test_if_none_match_naming_the_bytes_gets_a_304(
    api_client: AsyncClient, url: str, form: str
) -> None:
    etag = (await api_client.get(url, headers={"Range": "bytes=0-0"})).headers["etag"]

    current = await api_client.get(url, headers={"If-None-Match": form.format(etag=etag)})
    stale = await api_client.get(url, headers={"If-None-Match": '"other"'})

    assert current.status_code == 304
    assert current.content == b""
    assert current.headers["etag"] == etag
    assert (stale.status_code, stale.content) == (200, CONTENT)


def test_too_many_ranges_are_ignored() -> None:
    assert satisfiable_ranges("bytes=" + ",".join(["0-0"] * 17), SIZE) is None


def test_zero_length_suffix_or_empty_file_satisfies_nothing() -> None:
    assert satisfiable_ranges("bytes=-0", SIZE) == []
    assert satisfiable_ranges("bytes=-5", 0) == []


@pytest.mark.parametrize("disposition", ["inline", "attachment"])
async def test_non_ascii_name_comes_back_exactly(api_client: AsyncClient, disposition: str) -> None:
    name = "отчёт 2026 \u2013 café 報告.pdf"
    created = await upload(api_client, b"%PDF-1.7", name)

    response = await api_client.get(
        f"{FILES}{created.json()['id']}", params={"disposition": disposition}
    )

    header = response.headers["content-disposition"]
    kind, fallback, encoded = (part.strip() for part in header.split(";"))
    assert created.json()["name"] == name
    assert kind == disposition
    assert fallback.startswith('filename="')
    assert fallback.isascii()
    assert encoded.startswith("filename*=UTF-8''")
    assert unquote(encoded.removeprefix("filename*=UTF-8''")) == name
