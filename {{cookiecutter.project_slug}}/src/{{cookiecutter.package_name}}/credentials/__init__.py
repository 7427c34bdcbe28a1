"""What checking credentials needs, below the packages that check them (auth/, users/,
clients/): password hashing, the error a failed check answers, the scopes a token can carry.
"""
