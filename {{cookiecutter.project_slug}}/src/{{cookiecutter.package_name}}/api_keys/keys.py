"""Make keys and check them against the stored digests."""

import hashlib
import hmac
import secrets

from .config import api_key_settings


def digest(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def listed_holder(key: str) -> str | None:
    """A name for whoever holds a listed key that does not give the key away
    (`key:<digest prefix>`); None for a key not listed. Compares against every stored digest
    in constant time, without stopping early.
    """
    presented = digest(key)
    matches = [hmac.compare_digest(presented, stored) for stored in api_key_settings.API_KEY_HASHES]
    return f"key:{presented[:8]}" if any(matches) else None


def is_valid_api_key(key: str) -> bool:
    return listed_holder(key) is not None


def new_api_key() -> tuple[str, str]:
    """A fresh key and the digest to put in API_KEY_HASHES."""
    key = secrets.token_urlsafe(32)
    return key, digest(key)
