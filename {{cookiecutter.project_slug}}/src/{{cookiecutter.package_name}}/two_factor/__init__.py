"""Two-factor sign-in: an authenticator app's time-based codes (TOTP), and recovery codes for
when the app is lost.
"""
