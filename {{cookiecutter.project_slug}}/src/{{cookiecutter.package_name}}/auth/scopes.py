"""The scopes a token can carry, defined in credentials/scopes.py below the machine clients that
are granted them; named from here by auth/dependencies.py until it imports them from there.
"""

from ..credentials.scopes import SCOPES as SCOPES
