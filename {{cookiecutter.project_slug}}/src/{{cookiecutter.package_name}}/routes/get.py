from fastapi import Request, Response

from {{ cookiecutter.package_name }}.pages.templating import render

name = "home"
include_in_schema = False


async def handler(request: Request) -> Response:
    """The landing page."""
    return render(request, "index.html")
