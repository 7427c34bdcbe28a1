from fastapi import status

from {{ cookiecutter.package_name }}.auth.users_endpoints import delete_role

handler = delete_role
status_code = status.HTTP_204_NO_CONTENT
