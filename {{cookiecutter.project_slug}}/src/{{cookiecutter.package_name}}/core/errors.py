"""Domain exceptions and the handlers that turn every error into one JSON shape.

Every error response body is `{"detail": ..., "error_code": ..., "request_id": ...}`.
"""

from collections.abc import Mapping
from http import HTTPStatus
from typing import Any, ClassVar

import structlog
from fastapi import FastAPI, Request, status
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel
from sqlalchemy.exc import IntegrityError
from starlette.exceptions import HTTPException

logger = structlog.get_logger(__name__)


class ErrorResponse(BaseModel):
    """The body of every error response."""

    detail: str | list[dict[str, Any]]
    error_code: str
    request_id: str | None


class AppError(Exception):
    """Base for errors the service raises on purpose; handlers map them to responses."""

    status_code = status.HTTP_400_BAD_REQUEST
    error_code = "bad_request"
    headers: ClassVar[dict[str, str] | None] = None

    def __init__(self, detail: str) -> None:
        super().__init__(detail)
        self.detail = detail


class BadRequest(AppError):
    pass


class NotFound(AppError):
    status_code = status.HTTP_404_NOT_FOUND
    error_code = "not_found"


class Conflict(AppError):
    status_code = status.HTTP_409_CONFLICT
    error_code = "conflict"


class PermissionDenied(AppError):
    status_code = status.HTTP_403_FORBIDDEN
    error_code = "permission_denied"


class AuthenticationFailed(AppError):
    status_code = status.HTTP_401_UNAUTHORIZED
    error_code = "not_authenticated"
{%- if cookiecutter.auth == "jwt" %}
    headers: ClassVar[dict[str, str] | None] = {"WWW-Authenticate": "Bearer"}
{%- elif cookiecutter.auth == "api_key" %}
    headers: ClassVar[dict[str, str] | None] = {"WWW-Authenticate": "APIKey"}
{%- endif %}


class ServiceUnavailable(AppError):
    status_code = status.HTTP_503_SERVICE_UNAVAILABLE
    error_code = "service_unavailable"


def error_response(
    status_code: int,
    detail: str | list[dict[str, Any]],
    error_code: str,
    headers: Mapping[str, str] | None = None,
) -> JSONResponse:
    request_id = structlog.contextvars.get_contextvars().get("request_id")
    body = {"detail": detail, "error_code": error_code, "request_id": request_id}
    return JSONResponse(body, status_code=status_code, headers=headers)


def status_error_code(status_code: int) -> str:
    """The error code of a plain HTTP error: its reason phrase in snake case."""
    return HTTPStatus(status_code).phrase.lower().replace(" ", "_").replace("-", "_")


def error_responses(*errors: type[AppError]) -> dict[int | str, dict[str, Any]]:
    """OpenAPI `responses=` entries documenting the error shape for these errors."""
    return {
        error.status_code: {"model": ErrorResponse, "description": error.error_code}
        for error in errors
    }


async def _handle_error(_: Request, exc: Exception) -> JSONResponse:
    """Turn each exception type registered below into the one error shape."""
    if isinstance(exc, AppError):
        return error_response(exc.status_code, exc.detail, exc.error_code, exc.headers)
    if isinstance(exc, RequestValidationError):
        errors = [
            {"loc": list(error["loc"]), "msg": error["msg"], "type": error["type"]}
            for error in exc.errors()
        ]
        return error_response(
            status.HTTP_422_UNPROCESSABLE_CONTENT, jsonable_encoder(errors), "validation_error"
        )
    if isinstance(exc, HTTPException):
        return error_response(
            exc.status_code, str(exc.detail), status_error_code(exc.status_code), exc.headers
        )
    # An IntegrityError: a unique or foreign-key constraint lost a race with another request.
    logger.warning("integrity_error", error=str(exc))
    return error_response(
        status.HTTP_409_CONFLICT, "The request conflicts with existing data", "conflict"
    )


def register_exception_handlers(app: FastAPI) -> None:
    for error_type in (AppError, RequestValidationError, HTTPException, IntegrityError):
        app.add_exception_handler(error_type, _handle_error)
