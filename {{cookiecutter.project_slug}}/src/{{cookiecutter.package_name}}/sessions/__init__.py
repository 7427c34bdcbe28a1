"""Sign-in sessions: one per sign-in, holding its refresh token's digest; ending one signs
its tokens out on their next use.
"""
