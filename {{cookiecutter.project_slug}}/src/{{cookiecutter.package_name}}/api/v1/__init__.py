"""Version 1 of the API: the one place that lists its routers."""

from fastapi import APIRouter{% if cookiecutter.auth == "api_key" %}, Depends{% endif %}

{% if cookiecutter.auth == "jwt" -%}
from ...auth.router import router as auth_router
{% endif -%}
from ...items.router import router as items_router
{%- if cookiecutter.auth == "jwt" %}
from ...users.router import router as users_router
{%- elif cookiecutter.auth == "api_key" %}
from ..deps import require_api_key
{%- endif %}

{% if cookiecutter.auth == "api_key" -%}
api_router = APIRouter(dependencies=[Depends(require_api_key)])
{%- else -%}
api_router = APIRouter()
{%- endif %}
{%- if cookiecutter.auth == "jwt" %}
api_router.include_router(auth_router)
api_router.include_router(users_router)
{%- endif %}
api_router.include_router(items_router)
