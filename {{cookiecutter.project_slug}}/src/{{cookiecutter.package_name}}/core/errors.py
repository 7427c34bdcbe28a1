"""Domain exceptions and the handlers that turn every error into one JSON shape.

Every error response body is `{"detail": ..., "error_code": ..., "request_id": ...}`, and
`ERROR_CODES` is the one table that says which `error_code` goes with each status.
"""

from collections.abc import Mapping
from typing import Any, ClassVar

import structlog
from fastapi import FastAPI, Request, status
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel
from sqlalchemy.exc import DBAPIError, IntegrityError, InterfaceError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeoutError
from starlette.exceptions import HTTPException
from starlette.routing import Match

logger = structlog.get_logger(__name__)

# Every status the service answers with an error, and its code. Fixed here rather than taken
# from Python's reason phrases, which change between versions (413 became "Content Too Large").
ERROR_CODES: dict[int, str] = {
    status.HTTP_400_BAD_REQUEST: "bad_request",
    status.HTTP_401_UNAUTHORIZED: "not_authenticated",
    status.HTTP_403_FORBIDDEN: "permission_denied",
    status.HTTP_404_NOT_FOUND: "not_found",
    status.HTTP_405_METHOD_NOT_ALLOWED: "method_not_allowed",
    status.HTTP_409_CONFLICT: "conflict",
    status.HTTP_413_CONTENT_TOO_LARGE: "content_too_large",
{%- if "file_transfer" in features %}
    status.HTTP_415_UNSUPPORTED_MEDIA_TYPE: "unsupported_media_type",
    status.HTTP_416_RANGE_NOT_SATISFIABLE: "range_not_satisfiable",
{%- endif %}
    status.HTTP_422_UNPROCESSABLE_CONTENT: "validation_error",
{%- if "rate_limit" in features %}
    status.HTTP_429_TOO_MANY_REQUESTS: "too_many_requests",
{%- endif %}
    status.HTTP_500_INTERNAL_SERVER_ERROR: "internal_error",
{%- if "outbound" in features %}
    status.HTTP_502_BAD_GATEWAY: "bad_gateway",
{%- endif %}
    status.HTTP_503_SERVICE_UNAVAILABLE: "service_unavailable",
{%- if "outbound" in features %}
    status.HTTP_504_GATEWAY_TIMEOUT: "gateway_timeout",
{%- endif %}
}
# On a refused body: the server closes the connection after the answer instead of reading
# the rest of the body to reuse it (uvicorn would read gigabytes a client declared, or
# streams).
CLOSE_CONNECTION: Mapping[str, str] = {"Connection": "close"}
# For a status some library raises that the table does not list yet.
UNLISTED_ERROR_CODE = "http_error"
# SQLSTATE classes of errors that say the database cannot serve now rather than that the
# request is wrong: connection exception (08), insufficient resources (53), operator
# intervention (57: shutting down, starting up, a statement cancelled by its timeout) and
# system error (58).
UNAVAILABLE_SQLSTATE_CLASSES = frozenset({"08", "53", "57", "58"})
# A transaction that lost a serialization conflict or a deadlock to another one: nothing is
# wrong with the request, which may well succeed when sent again.
LOST_TO_ANOTHER_TRANSACTION = frozenset({"40001", "40P01"})


def error_code(status_code: int) -> str:
    return ERROR_CODES.get(status_code, UNLISTED_ERROR_CODE)


class ErrorResponse(BaseModel):
    """The body of every error response."""

    detail: str | list[dict[str, Any]]
    error_code: str
    request_id: str | None


class AppError(Exception):
    """Base for errors the service raises on purpose; each kind names its status when it is
    declared (`class NotFound(AppError, status_code=404): ...`), and its handler answers with it.
    `headers` are those every error of a kind answers with; one error can add its own.
    """

    status_code: ClassVar[int] = status.HTTP_400_BAD_REQUEST
    # Headers every error of this kind answers with (a 401's WWW-Authenticate, say).
    default_headers: ClassVar[Mapping[str, str]] = {}

    def __init_subclass__(cls, status_code: int | None = None, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if status_code is not None:
            cls.status_code = status_code

    def __init__(self, detail: str, headers: Mapping[str, str] | None = None) -> None:
        super().__init__(detail)
        self.detail = detail
        self.headers = {**self.default_headers, **(headers or {})}


class BadRequest(AppError, status_code=status.HTTP_400_BAD_REQUEST): ...


class AuthenticationFailed(AppError, status_code=status.HTTP_401_UNAUTHORIZED): ...


class PermissionDenied(AppError, status_code=status.HTTP_403_FORBIDDEN): ...


class NotFound(AppError, status_code=status.HTTP_404_NOT_FOUND): ...


class Conflict(AppError, status_code=status.HTTP_409_CONFLICT): ...


class ContentTooLarge(AppError, status_code=status.HTTP_413_CONTENT_TOO_LARGE):
    """A body over its limit, refused before all of it is read."""

    default_headers = CLOSE_CONNECTION
{%- if "file_transfer" in features %}


class UnsupportedMediaType(AppError, status_code=status.HTTP_415_UNSUPPORTED_MEDIA_TYPE): ...


class RangeNotSatisfiable(AppError, status_code=status.HTTP_416_RANGE_NOT_SATISFIABLE): ...
{%- endif %}


class ServiceUnavailable(AppError, status_code=status.HTTP_503_SERVICE_UNAVAILABLE): ...


def database_unavailable(error: DBAPIError) -> bool:
    """Whether the database, not the statement, is why `error` happened: it may be over soon.
    Any other database error (a syntax error, say) is a bug that answers 500.
    """
    if error.connection_invalidated or isinstance(error, (OperationalError, InterfaceError)):
        return True
    sqlstate = getattr(error.orig, "sqlstate", None)
    if not isinstance(sqlstate, str):
        return False
    return sqlstate[:2] in UNAVAILABLE_SQLSTATE_CLASSES or sqlstate in LOST_TO_ANOTHER_TRANSACTION


def error_response(
    status_code: int,
    detail: str | list[dict[str, Any]],
    headers: Mapping[str, str] | None = None,
) -> JSONResponse:
    request_id = structlog.contextvars.get_contextvars().get("request_id")
    body = {"detail": detail, "error_code": error_code(status_code), "request_id": request_id}
    return JSONResponse(body, status_code=status_code, headers=headers)


def error_responses(*errors: type[AppError]) -> dict[int | str, dict[str, Any]]:
    """OpenAPI `responses=` entries documenting the error shape for these errors."""
    return {
        error.status_code: {"model": ErrorResponse, "description": error_code(error.status_code)}
        for error in errors
    }


def document_common_errors(app: FastAPI) -> None:
    """Say in the OpenAPI document which errors every operation can answer without raising
    them itself: 422 in this service's shape (not FastAPI's) wherever FastAPI documents one,
    and 400 (a body that cannot be parsed) and 413 (over MAX_REQUEST_BODY_BYTES) wherever
    there is a request body.
    """
    generate = app.openapi
    error_schema = {"$ref": "#/components/schemas/ErrorResponse"}

    def documented(status_code: int) -> dict[str, Any]:
        return {
            "description": error_code(status_code),
            "content": {"application/json": {"schema": error_schema}},
        }

    def openapi() -> dict[str, Any]:
        schema = generate()
        components = schema.setdefault("components", {}).setdefault("schemas", {})
        components.setdefault("ErrorResponse", ErrorResponse.model_json_schema())
        for name in ("HTTPValidationError", "ValidationError"):
            components.pop(name, None)
        for operations in schema["paths"].values():
            for operation in operations.values():
                responses = operation["responses"]
                if "422" in responses:
                    responses["422"] = documented(status.HTTP_422_UNPROCESSABLE_CONTENT)
                if "requestBody" in operation:
                    responses.setdefault("400", documented(status.HTTP_400_BAD_REQUEST))
                    responses.setdefault("413", documented(status.HTTP_413_CONTENT_TOO_LARGE))
        return schema

    app.openapi = openapi  # type: ignore[method-assign]


HTTP_METHODS = ("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS")


def allowed_methods(request: Request) -> str:
    """Every method some route serves at the request's path, for a 405's `Allow` header
    (Starlette's own lists only the first route that matched the path).
    """
    routes = request.app.router.routes
    return ", ".join(
        method
        for method in HTTP_METHODS
        if any(
            route.matches({**request.scope, "method": method})[0] is Match.FULL for route in routes
        )
    )


async def _handle_error(request: Request, exc: Exception) -> JSONResponse:
    """Turn each exception type registered below into the one error shape."""
    if isinstance(exc, AppError):
        return error_response(exc.status_code, exc.detail, exc.headers)
    if isinstance(exc, RequestValidationError):
        errors = [
            {"loc": list(error["loc"]), "msg": error["msg"], "type": error["type"]}
            for error in exc.errors()
        ]
        return error_response(status.HTTP_422_UNPROCESSABLE_CONTENT, jsonable_encoder(errors))
    if isinstance(exc, HTTPException):
        headers = dict(exc.headers or {})
        if exc.status_code == status.HTTP_405_METHOD_NOT_ALLOWED:
            headers["Allow"] = allowed_methods(request)
        return error_response(exc.status_code, str(exc.detail), headers)
    if isinstance(exc, IntegrityError):
        # A unique or foreign-key constraint lost a race with another request.
        logger.warning("integrity_error", error=str(exc.orig))
        return error_response(status.HTTP_409_CONFLICT, "The request conflicts with existing data")
    if isinstance(exc, DBAPIError) and not database_unavailable(exc):
        raise exc  # a bug: the last-resort handler logs it and answers 500
    # The database or another server the request needs (OSError: a refused or timed-out
    # connection) is unreachable or not answering, or every pooled database connection
    # stayed busy for DATABASE_POOL_TIMEOUT; either may be over soon.
    logger.warning("dependency_unavailable", error=repr(exc))
    return error_response(
        status.HTTP_503_SERVICE_UNAVAILABLE, "A server this service depends on is unavailable"
    )


def register_exception_handlers(app: FastAPI) -> None:
    handled = (
        AppError,
        RequestValidationError,
        HTTPException,
        IntegrityError,
        DBAPIError,
        PoolTimeoutError,
        OSError,
    )
    for error_type in handled:
        app.add_exception_handler(error_type, _handle_error)
