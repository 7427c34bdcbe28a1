from {{ cookiecutter.package_name }}.api.deps import PageDep, SessionDep
from {{ cookiecutter.package_name }}.files import service
from {{ cookiecutter.package_name }}.files.dependencies import VisibleFiles
from {{ cookiecutter.package_name }}.files.schemas import FilePage, FileRead

name = "list_files"
trailing_slash = True


async def handler(session: SessionDep, visible: VisibleFiles, page: PageDep) -> FilePage:
    """List the files you may see, newest first."""
    rows, total = await service.list_files(session, visible, page)
    files = [FileRead.model_validate(row) for row in rows]
    return FilePage(files=files, total=total, limit=page.limit, offset=page.offset)
