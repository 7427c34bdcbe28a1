"""Version 1 of the API: the one place that lists its routers."""

{% if "api_key" in features -%}
from fastapi import APIRouter, Depends, FastAPI
{%- else -%}
from fastapi import APIRouter, FastAPI
{%- endif %}

{% if "api_key" in features -%}
from ...api_keys.dependencies import require_api_key
{% endif -%}
{% if "jwt" in features -%}
from ...auth.router import router as auth_router
{% endif -%}
{% if "api_key" in features -%}
from ...core.errors import AuthenticationFailed, error_responses
{% endif -%}
{% if "file_transfer" in features -%}
from ...files.router import router as files_router
{% endif -%}
from ...items.router import router as items_router
from ...settings import settings
{% if "jwt" in features -%}
from ...users.router import router as users_router
{% endif %}
ROUTERS: list[APIRouter] = [
{%- if "jwt" in features %}
    auth_router,
    users_router,
{%- endif %}
    items_router,
{%- if "file_transfer" in features %}
    files_router,
{%- endif %}
]


def include_routers(app: FastAPI) -> None:
    """Mount each router under the version prefix directly on the app: FastAPI matches a
    request against every level of nested routers, so one level less is faster.
    """
    for router in ROUTERS:
{%- if "api_key" in features %}
        app.include_router(
            router,
            prefix=settings.API_V1_PREFIX,
            dependencies=[Depends(require_api_key)],
            responses=error_responses(AuthenticationFailed),
        )
{%- else %}
        app.include_router(router, prefix=settings.API_V1_PREFIX)
{%- endif %}
