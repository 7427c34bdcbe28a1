from fastapi import Request, Response

from {{ cookiecutter.package_name }}.pages.csrf import current_or_new
from {{ cookiecutter.package_name }}.pages.sign_in import sign_in_form

name = "sign_in"
include_in_schema = False


async def handler(request: Request) -> Response:
    return sign_in_form(request, current_or_new(request))
