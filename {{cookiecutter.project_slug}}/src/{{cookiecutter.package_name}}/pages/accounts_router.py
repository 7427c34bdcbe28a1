"""Where the account recovery pages are served, for the pages."""

from fastapi import APIRouter

from ..guards import SIGN_IN_GUARDS
from . import accounts

router = APIRouter(include_in_schema=False)
router.add_api_route("/forgot-password", accounts.forgot_password_page, name="forgot_password_page")
router.add_api_route(
    "/forgot-password",
    accounts.submit_forgot_password,
    methods=["POST"],
    dependencies=SIGN_IN_GUARDS,
)
router.add_api_route("/reset-password", accounts.reset_password_page, name="reset_password_page")
router.add_api_route(
    "/reset-password",
    accounts.submit_reset_password,
    methods=["POST"],
    dependencies=SIGN_IN_GUARDS,
)
