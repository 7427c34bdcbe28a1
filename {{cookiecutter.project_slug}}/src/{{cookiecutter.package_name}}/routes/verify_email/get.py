from {{ cookiecutter.package_name }}.pages.sign_up import verify_email_page

handler = verify_email_page
name = "verify_email_page"
include_in_schema = False
