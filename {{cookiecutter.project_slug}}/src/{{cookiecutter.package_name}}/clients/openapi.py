"""The machine clients' flow in the OpenAPI document, as a scheme of its own beside the
users' password flow, so the docs' Authorize dialog signs in with one at a time.

The service reads either token with one dependency (auth/dependencies.py), which FastAPI
documents as the `User` scheme; every operation that names it gets the `MachineClient` scheme
as an alternative, with the same scopes.
"""

from typing import Any

from fastapi import FastAPI
from fastapi.openapi.models import OAuth2, OAuthFlowClientCredentials, OAuthFlows

from ..core.config import core_settings
from ..credentials.scopes import CLIENT_SCHEME, SCOPES, USER_SCHEME


def document_client_credentials(app: FastAPI) -> None:
    """Add the client credentials scheme to the app's OpenAPI document."""
    generate = app.openapi
    token_url = f"{core_settings.API_V1_PREFIX}/auth/token"
    flow = OAuthFlowClientCredentials(tokenUrl=token_url, scopes=SCOPES)
    scheme = OAuth2(flows=OAuthFlows(clientCredentials=flow))
    documented = scheme.model_dump(mode="json", by_alias=True, exclude_none=True)

    def openapi() -> dict[str, Any]:
        schema = generate()
        components = schema.setdefault("components", {}).setdefault("securitySchemes", {})
        components.setdefault(CLIENT_SCHEME, documented)
        for operations in schema["paths"].values():
            for operation in operations.values():
                security: list[dict[str, list[str]]] = operation.get("security", [])
                for requirement in list(security):
                    client = {CLIENT_SCHEME: requirement.get(USER_SCHEME, [])}
                    if USER_SCHEME in requirement and client not in security:
                        security.append(client)
        return schema

    app.openapi = openapi  # type: ignore[method-assign]
