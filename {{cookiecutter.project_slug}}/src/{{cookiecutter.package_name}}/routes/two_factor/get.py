from {{ cookiecutter.package_name }}.pages.two_factor import two_factor_page

handler = two_factor_page
name = "two_factor_page"
include_in_schema = False
