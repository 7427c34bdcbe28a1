"""API keys: random tokens handed to clients; the service keeps only their SHA-256 digests.

Run `python -m {{ cookiecutter.package_name }}.core.api_keys` to make a key and its digest.
"""

import hashlib
import hmac
import secrets

from .config import settings


def digest(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def is_valid_api_key(key: str) -> bool:
    """Compare against every stored digest in constant time, without stopping early."""
    presented = digest(key)
    matches = [hmac.compare_digest(presented, stored) for stored in settings.API_KEY_HASHES]
    return any(matches)


def new_api_key() -> tuple[str, str]:
    """A fresh key and the digest to put in API_KEY_HASHES."""
    key = secrets.token_urlsafe(32)
    return key, digest(key)


if __name__ == "__main__":
    key, key_digest = new_api_key()
    print(f"API key (give to the client): {key}")  # noqa: T201
    print(f"Digest (add to API_KEY_HASHES): {key_digest}")  # noqa: T201
