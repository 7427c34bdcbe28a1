from fastapi import status

from {{ cookiecutter.package_name }}.auth.users_endpoints import end_user_sessions

handler = end_user_sessions
status_code = status.HTTP_204_NO_CONTENT
