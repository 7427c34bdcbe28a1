"""Machine clients: other services calling with the OAuth2 client credentials grant."""
