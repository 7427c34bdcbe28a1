"""Single sign-on with OpenID Connect: any provider the settings name."""
