from fastapi.responses import HTMLResponse

from {{ cookiecutter.package_name }}.realtime.demo import DEMO_PAGE, DEMO_POLICY

name = "demo_page"
include_in_schema = False


async def handler() -> HTMLResponse:
    """A page to try the rooms in a browser."""
    return HTMLResponse(DEMO_PAGE, headers={"Content-Security-Policy": DEMO_POLICY})
