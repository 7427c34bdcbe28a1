"""Build the application: lifespan, middleware, routers and error handlers."""

import gc
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from importlib.metadata import metadata

from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware

from .api import health
from .api.v1 import include_routers
from .core.errors import document_common_errors, register_exception_handlers
from .core.logging import configure_logging
from .core.middleware import (
    AllowedHostsMiddleware,
    BodySizeLimitMiddleware,
    ConditionalGetMiddleware,
    RequestContextMiddleware,
    SecurityHeadersMiddleware,
)
from .db.session import engine
{%- if "file_transfer" in features %}
from .files.router import BODY_LIMITS
{%- endif %}
{%- if "observability" in features %}
from .observability.middleware import RequestTelemetryMiddleware
from .observability.setup import observe
from .observability.telemetry import telemetry
{%- endif %}
{%- if "outbound" in features %}
from .outbound import router as upstreams
from .outbound.client import outbound_client
{%- endif %}
{%- if "pages" in features %}
from .pages.router import mount_pages
{%- endif %}
{%- if "redis" in features %}
from .redis.client import redis
{%- endif %}
from .settings import settings

# Version and description have one source, pyproject.toml.
DISTRIBUTION = metadata("{{ cookiecutter.project_slug }}")
# Requests free almost everything they allocate by reference counting; a scan of the young
# generation every 700 allocations, the default, took over a tenth of the CPU under load.
GC_YOUNG_THRESHOLD = 10_000


def tune_garbage_collector() -> None:
    """Keep what start-up built (modules, models, routes) out of every later collection and
    collect the young generation less often.
    """
    gc.collect()
    gc.freeze()
    _, middle, old = gc.get_threshold()
    gc.set_threshold(GC_YOUNG_THRESHOLD, middle, old)


@asynccontextmanager
async def lifespan(app: FastAPI) -> AsyncIterator[None]:
    tune_garbage_collector()
{%- if "outbound" in features %}
    async with outbound_client(app):
        yield
{%- else %}
    yield
{%- endif %}
    await engine.dispose()
{%- if "redis" in features %}
    await redis.aclose()
{%- endif %}


def create_app() -> FastAPI:
    configure_logging(settings)
    app = FastAPI(
        title=settings.PROJECT_NAME,
        version=DISTRIBUTION["Version"],
        description=DISTRIBUTION["Summary"],
        openapi_url=f"{settings.API_V1_PREFIX}/openapi.json",
        lifespan=lifespan,
{%- if "observability" in features %}
        telemetry=telemetry(DISTRIBUTION["Version"]),
{%- endif %}
    )
    register_exception_handlers(app)
    app.include_router(health.router)
{%- if "outbound" in features %}
    app.include_router(upstreams.router)
{%- endif %}
    include_routers(app)
{%- if "observability" in features %}
    observe(app)
{%- endif %}
{%- if "pages" in features %}
    mount_pages(app)
{%- endif %}
    document_common_errors(app)

    # Added innermost first: the request context wraps everything, so every response,
    # even a refused host, carries the request id and is logged.
    app.add_middleware(
        ConditionalGetMiddleware,
        prefix=settings.API_V1_PREFIX,
        max_age=settings.HTTP_CACHE_MAX_AGE,
    )
{%- if "file_transfer" in features %}
    app.add_middleware(
        BodySizeLimitMiddleware, max_bytes=settings.MAX_REQUEST_BODY_BYTES, path_limits=BODY_LIMITS
    )
{%- else %}
    app.add_middleware(BodySizeLimitMiddleware, max_bytes=settings.MAX_REQUEST_BODY_BYTES)
{%- endif %}
    if settings.CORS_ORIGINS:
        app.add_middleware(
            CORSMiddleware,
            allow_origins=settings.CORS_ORIGINS,
            allow_credentials=True,
            allow_methods=["*"],
            allow_headers=["*"],
            expose_headers=["X-Request-ID"],
        )
    if settings.is_production:
        app.add_middleware(AllowedHostsMiddleware, allowed_hosts=settings.ALLOWED_HOSTS)
    app.add_middleware(SecurityHeadersMiddleware, hsts=settings.is_production)
{%- if "observability" in features %}
    app.add_middleware(RequestTelemetryMiddleware)
{%- endif %}
    app.add_middleware(RequestContextMiddleware)
    return app


app = create_app()
