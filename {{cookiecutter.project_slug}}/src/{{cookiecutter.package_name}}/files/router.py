"""Where the file endpoints are served."""

from fastapi import APIRouter, Response, status

from ..core.errors import NotFound, error_responses
from ..identity import CALLER_ERRORS
from . import endpoints

router = APIRouter(prefix="/files", tags=["files"], responses=error_responses(*CALLER_ERRORS))
router.add_api_route(
    "/",
    endpoints.upload_file,
    methods=["POST"],
    status_code=status.HTTP_201_CREATED,
    responses=endpoints.UPLOAD_RESPONSES,
    openapi_extra=endpoints.UPLOAD_OPENAPI,
)
router.add_api_route("/", endpoints.list_files, methods=["GET"])
one_file = "/{file_id:int}"
router.add_api_route(
    one_file,
    endpoints.download_file,
    methods=["GET"],
    response_class=Response,
    responses=endpoints.DOWNLOAD_RESPONSES,
)
router.add_api_route(
    one_file,
    endpoints.delete_file,
    methods=["DELETE"],
    status_code=status.HTTP_204_NO_CONTENT,
    responses=error_responses(NotFound),
)
