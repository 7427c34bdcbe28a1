from {{ cookiecutter.package_name }}.auth.users_endpoints import list_my_sessions

handler = list_my_sessions
