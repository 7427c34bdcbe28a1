from fastapi import status

from {{ cookiecutter.package_name }}.auth.users_endpoints import end_my_sessions

handler = end_my_sessions
status_code = status.HTTP_204_NO_CONTENT
