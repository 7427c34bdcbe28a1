"""The OAuth2 scopes a token can carry: a user's carries them all, a machine client's those
it was registered with.
"""

SCOPES = {
    "items:read": "List and read items",
    "items:write": "Create, change and delete items",
}
