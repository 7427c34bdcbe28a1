"""What a browser sends back with a form: the CSRF token the page carries."""

import re

from httpx import AsyncClient


async def form_token(client: AsyncClient, path: str, field: str = "csrf_token") -> str:
    """The value of the form's hidden `field` on the page at `path` (the cookie it pairs with
    now in the client).
    """
    page = await client.get(path)
    assert page.status_code == 200, page.text
    found = re.search(rf'name="{field}" value="([^"]+)"', page.text)
    assert found is not None, page.text
    return found.group(1)
