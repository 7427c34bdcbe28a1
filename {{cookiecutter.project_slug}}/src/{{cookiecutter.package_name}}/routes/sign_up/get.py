from {{ cookiecutter.package_name }}.pages.sign_up import sign_up_page

handler = sign_up_page
name = "sign_up_page"
include_in_schema = False
