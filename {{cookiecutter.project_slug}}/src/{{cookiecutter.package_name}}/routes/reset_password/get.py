from {{ cookiecutter.package_name }}.pages.accounts import reset_password_page

handler = reset_password_page
name = "reset_password_page"
include_in_schema = False
