from fastapi import BackgroundTasks, status

from {{ cookiecutter.package_name }}.api.deps import SessionDep
from {{ cookiecutter.package_name }}.core.errors import NotFound, error_responses
from {{ cookiecutter.package_name }}.files import service
from {{ cookiecutter.package_name }}.files.dependencies import OwnedFile, StorageDep

name = "delete_file"
status_code = status.HTTP_204_NO_CONTENT
responses = error_responses(NotFound)


async def handler(
    session: SessionDep, storage: StorageDep, record: OwnedFile, background: BackgroundTasks
) -> None:
    """Delete a file."""
    await service.delete_file(session, record)
    # After the response, so the bytes go only once the row's deletion is committed.
    background.add_task(storage.delete, record.storage_key)
