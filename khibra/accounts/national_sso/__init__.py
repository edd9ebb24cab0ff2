"""National single sign-on: an OpenID Connect provider for allauth (docs/integrations.md).

A subclass of allauth's generic OpenID Connect provider so that the ID token's signature is
always checked against the provider's published keys (allauth skips that check for a token it
fetched itself), only the algorithms in the settings are accepted, and the claims are read
through the claim mapping in the settings (NATIONAL_SSO_*).
"""
