"""Digests of random secrets (a machine client's secret, a refresh token's nonce), kept
instead of the secrets: SHA-256, as a secret that is random and long gains nothing from a
slow hash.
"""

import hashlib


def digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()
