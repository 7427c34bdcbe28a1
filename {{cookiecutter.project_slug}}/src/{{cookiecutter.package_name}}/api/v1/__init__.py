"""Version 1 of the API: the one place that lists its routers."""

from fastapi import APIRouter, {% if cookiecutter.auth == "api_key" %}Depends, {% endif %}FastAPI

{% if cookiecutter.auth == "jwt" -%}
from ...auth.router import router as auth_router
{% endif -%}
from ...core.config import settings
from ...items.router import router as items_router
{%- if cookiecutter.auth == "jwt" %}
from ...users.router import router as users_router
{%- elif cookiecutter.auth == "api_key" %}
from ..deps import require_api_key
{%- endif %}

{% if cookiecutter.auth == "jwt" -%}
ROUTERS: tuple[APIRouter, ...] = (auth_router, users_router, items_router)
{%- else -%}
ROUTERS: tuple[APIRouter, ...] = (items_router,)
{%- endif %}


def include_routers(app: FastAPI) -> None:
    """Mount each router under the version prefix directly on the app: FastAPI matches a
    request against every level of nested routers, so one level less is faster.
    """
    for router in ROUTERS:
{%- if cookiecutter.auth == "api_key" %}
        app.include_router(
            router,
            prefix=settings.API_V1_PREFIX,
            dependencies=[Depends(require_api_key)],
        )
{%- else %}
        app.include_router(router, prefix=settings.API_V1_PREFIX)
{%- endif %}
