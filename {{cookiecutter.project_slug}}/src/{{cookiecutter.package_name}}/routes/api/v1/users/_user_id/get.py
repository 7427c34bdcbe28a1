from {{ cookiecutter.package_name }}.auth.users_endpoints import read_user

handler = read_user
