"""Where the jobs pages are served, behind the checks every page runs first."""

from fastapi import APIRouter

from ..guards import PAGE_GUARDS
from . import jobs

router = APIRouter(include_in_schema=False, dependencies=PAGE_GUARDS)
router.add_api_route("/jobs", jobs.jobs_page, name="jobs_page")
router.add_api_route(
    "/jobs/exports", jobs.start_export_page, methods=["POST"], name="start_export_page"
)
router.add_api_route("/jobs/{job_id:uuid}/result", jobs.job_result_page, name="job_result_page")
