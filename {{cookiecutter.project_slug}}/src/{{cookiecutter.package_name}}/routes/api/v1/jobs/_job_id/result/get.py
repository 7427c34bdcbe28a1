from fastapi import Response

from {{ cookiecutter.package_name }}.jobs.endpoints import (
    RESULT_RESPONSES,
    download_result,
)

handler = download_result
response_class = Response
responses = RESULT_RESPONSES
