from {{ cookiecutter.package_name }}.users.endpoints import read_user

handler = read_user
