"""Where the job endpoints are served."""

from fastapi import APIRouter, Response, status

from ..core.errors import NotFound, error_responses
from ..identity import CALLER_ERRORS
from ..worker.broker import QueueUnavailable
from . import endpoints

router = APIRouter(prefix="/jobs", tags=["jobs"], responses=error_responses(*CALLER_ERRORS))
router.add_api_route("/", endpoints.list_jobs, methods=["GET"])
router.add_api_route(
    "/exports",
    endpoints.start_export,
    methods=["POST"],
    status_code=status.HTTP_202_ACCEPTED,
    responses=error_responses(QueueUnavailable),
)
router.add_api_route(
    "/{job_id:uuid}", endpoints.read_job, methods=["GET"], responses=error_responses(NotFound)
)
router.add_api_route(
    "/{job_id:uuid}/result",
    endpoints.download_result,
    methods=["GET"],
    response_class=Response,
    responses=endpoints.RESULT_RESPONSES,
)
