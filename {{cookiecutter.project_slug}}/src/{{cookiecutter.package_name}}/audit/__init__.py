"""Security events: what happened to an account (sign-ins, lockouts, password changes, ended
sessions), as a log line with the request id and a row a holder of `users:read` can
page through.
"""
