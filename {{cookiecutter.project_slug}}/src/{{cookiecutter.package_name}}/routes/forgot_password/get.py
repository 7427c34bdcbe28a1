from {{ cookiecutter.package_name }}.pages.accounts import forgot_password_page

handler = forgot_password_page
name = "forgot_password_page"
include_in_schema = False
