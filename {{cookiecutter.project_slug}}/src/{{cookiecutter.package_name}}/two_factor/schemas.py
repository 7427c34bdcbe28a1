"""What the two-factor endpoints accept and return."""

from typing import Annotated

from pydantic import BaseModel, Field

from ..users.schemas import CurrentPassword

# Six digits from the app, or a recovery code (ten characters, a hyphen in the middle).
OneTimeCode = Annotated[str, Field(min_length=6, max_length=32)]


class TwoFactorStatus(BaseModel):
    enabled: bool
    recovery_codes_left: int


class Enrolment(BaseModel):
    """The new authenticator's secret, to type into the app or hand it as the URI (a QR code
    of it is what apps scan); shown this once.
    """

    secret: str
    uri: str


class EnrolmentStart(BaseModel):
    """Your current password: a token alone cannot change how the account signs in."""

    current_password: CurrentPassword


class EnrolmentConfirmation(BaseModel):
    code: OneTimeCode


class TwoFactorRemoval(BaseModel):
    """Your current password, and a code from the app or a recovery code."""

    current_password: CurrentPassword
    code: OneTimeCode


class RecoveryCodes(BaseModel):
    """Codes that each sign in once without the app; shown this once."""

    recovery_codes: list[str]
