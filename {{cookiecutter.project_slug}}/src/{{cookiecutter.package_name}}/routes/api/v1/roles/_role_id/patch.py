from {{ cookiecutter.package_name }}.auth.users_endpoints import update_role

handler = update_role
