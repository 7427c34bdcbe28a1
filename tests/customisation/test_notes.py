"""Notes: kept, then listed."""

from httpx import AsyncClient


async def test_a_note_is_kept_and_listed(api_client: AsyncClient) -> None:
    kept = await api_client.post("/api/v1/notes/", json={"text": "Deploys go out on Tuesdays"})
    listed = await api_client.get("/api/v1/notes/")

    assert kept.status_code == 201
    assert listed.json() == [kept.json()]
