"""E-mail: messages rendered from templates, sent over SMTP off the request path."""
