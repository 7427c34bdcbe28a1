"""Where the account pages are served, for the pages: verification and two-factor sign-in;
on `password_router` recovery and sign-up, which routers.py serves unless single sign-on is
the only way in; on `sso_router` single sign-on, served once a provider is configured.
"""

from fastapi import APIRouter

from ..guards import SIGN_IN_GUARDS
from . import accounts, sign_up, sso, two_factor

router = APIRouter(include_in_schema=False)
router.add_api_route("/verify-email", sign_up.verify_email_page, name="verify_email_page")
router.add_api_route(
    "/verify-email",
    sign_up.submit_verify_email,
    methods=["POST"],
    dependencies=SIGN_IN_GUARDS,
)
router.add_api_route(
    "/verify-email/resend",
    sign_up.submit_resend_verification,
    methods=["POST"],
    name="resend_verification_page",
    dependencies=SIGN_IN_GUARDS,
)
router.add_api_route("/two-factor", two_factor.two_factor_page, name="two_factor_page")
router.add_api_route(
    "/two-factor",
    two_factor.submit_two_factor_start,
    methods=["POST"],
    dependencies=SIGN_IN_GUARDS,
)
router.add_api_route(
    "/two-factor/confirm",
    two_factor.submit_two_factor_confirm,
    methods=["POST"],
    name="two_factor_confirm_page",
    dependencies=SIGN_IN_GUARDS,
)
router.add_api_route(
    "/two-factor/disable",
    two_factor.submit_two_factor_disable,
    methods=["POST"],
    name="two_factor_disable_page",
    dependencies=SIGN_IN_GUARDS,
)

password_router = APIRouter(include_in_schema=False)
password_router.add_api_route(
    "/forgot-password", accounts.forgot_password_page, name="forgot_password_page"
)
password_router.add_api_route(
    "/forgot-password",
    accounts.submit_forgot_password,
    methods=["POST"],
    dependencies=SIGN_IN_GUARDS,
)
password_router.add_api_route(
    "/reset-password", accounts.reset_password_page, name="reset_password_page"
)
password_router.add_api_route(
    "/reset-password",
    accounts.submit_reset_password,
    methods=["POST"],
    dependencies=SIGN_IN_GUARDS,
)
password_router.add_api_route("/sign-up", sign_up.sign_up_page, name="sign_up_page")
password_router.add_api_route(
    "/sign-up", sign_up.submit_sign_up, methods=["POST"], dependencies=SIGN_IN_GUARDS
)

sso_router = APIRouter(include_in_schema=False)
sso_router.add_api_route("/sign-in/sso", sso.start_sign_on, name="sso_sign_in_page")
sso_router.add_api_route("/sign-in/sso/callback", sso.finish_sign_on, name=sso.CALLBACK)
