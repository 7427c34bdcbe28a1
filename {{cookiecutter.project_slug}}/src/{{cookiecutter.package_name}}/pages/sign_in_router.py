"""Where the sign-in page, its form and sign-out are served, for the pages. routers.py
serves `form_router` only while the form signs in (identity/: not when single sign-on is
the only way in).
"""

from fastapi import APIRouter

from ..guards import SIGN_IN_GUARDS
from . import sign_in

router = APIRouter(include_in_schema=False)
router.add_api_route("/sign-in", sign_in.sign_in_page, name="sign_in")
router.add_api_route("/sign-out", sign_in.sign_out, methods=["POST"], name="sign_out")

form_router = APIRouter(include_in_schema=False)
form_router.add_api_route(
    "/sign-in", sign_in.submit_sign_in, methods=["POST"], dependencies=SIGN_IN_GUARDS
)
