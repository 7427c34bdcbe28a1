"""Print a new API key and its digest: `python -m {{ cookiecutter.package_name }}.api_keys`."""

from .keys import new_api_key


def main() -> None:
    key, key_digest = new_api_key()
    print(f"API key (give to the client): {key}")  # noqa: T201
    print(f"Digest (add to API_KEY_HASHES): {key_digest}")  # noqa: T201


if __name__ == "__main__":
    main()
