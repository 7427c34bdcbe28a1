"""The jobs pages: the caller's jobs, newest first, a button that starts an export of their
items, and each finished export's CSV to download, through the same service and rules as
the API's jobs.
"""

from fastapi import Request, Response
from fastapi.responses import RedirectResponse

from ..api.deps import PageDep, SessionDep
from ..jobs import service
from ..jobs.dependencies import JobId, get_owned_job, new_export
from ..jobs.endpoints import download_result
from .csrf import CsrfFormDep, check_token, form_page
from .dependencies import PageCaller, PageWriter
from .templating import paged


async def jobs_page(
    request: Request, session: SessionDep, caller: PageCaller, page: PageDep
) -> Response:
    """The caller's jobs, a page at a time, and the form that starts an export."""
    rows, total = await service.list_jobs(session, caller, page)
    return form_page(request, "jobs.html", {"jobs": rows, **paged(page, total)})


async def start_export_page(
    request: Request, session: SessionDep, caller: PageWriter, form: CsrfFormDep
) -> Response:
    """Start exporting the caller's items, then back to the list, where the job shows."""
    check_token(request, form.csrf_token)
    await service.start(session, await new_export(caller), "jobs.export_items")
    return RedirectResponse(request.url_for("jobs_page").path, status_code=303)


async def job_result_page(session: SessionDep, caller: PageCaller, job_id: JobId) -> Response:
    """A finished export's CSV as a file to save (409 before it has succeeded)."""
    return await download_result(await get_owned_job(session, caller, job_id))
