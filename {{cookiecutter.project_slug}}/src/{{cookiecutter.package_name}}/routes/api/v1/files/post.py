from fastapi import status

from {{ cookiecutter.package_name }}.files.endpoints import (
    UPLOAD_OPENAPI,
    UPLOAD_RESPONSES,
    upload_file,
)

handler = upload_file
trailing_slash = True
status_code = status.HTTP_201_CREATED
responses = UPLOAD_RESPONSES
openapi_extra = UPLOAD_OPENAPI
