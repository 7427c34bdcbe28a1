"""The permissions a caller can hold, which are also the OAuth2 scopes a token carries: a
user's token those their roles give, a machine client's those it was registered with and its
owner still holds.
"""

SCOPES = {
    "items:read": "List and read your items",
    "items:write": "Create, change and delete your items",
    "items:manage": "Read, change and delete anyone's items",
    "users:read": "List and read accounts, roles and security events",
    "users:manage": "Create, change and delete accounts and roles, and assign roles",
}

# The OpenAPI security schemes a token comes from: a user's password flow, a machine
# client's client credentials flow.
USER_SCHEME = "User"
CLIENT_SCHEME = "MachineClient"

# The roles a fresh database starts with. `admin` holds every permission, `member` what
# signing up gives.
ADMIN_ROLE = "admin"
MEMBER_ROLE = "member"
MEMBER_PERMISSIONS = ("items:read", "items:write")
