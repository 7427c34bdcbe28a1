from fastapi.responses import Response

from {{ cookiecutter.package_name }}.realtime.demo import DEMO_SCRIPT

name = "demo_script"
include_in_schema = False


async def handler() -> Response:
    return Response(DEMO_SCRIPT, media_type="text/javascript")
