from fastapi import Response

from {{ cookiecutter.package_name }}.files.endpoints import (
    DOWNLOAD_RESPONSES,
    download_file,
)

handler = download_file
response_class = Response
responses = DOWNLOAD_RESPONSES
