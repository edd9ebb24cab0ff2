"""Stand-in for the national single sign-on: a small OpenID Connect provider.

Discovery (/.well-known/openid-configuration), keys (/jwks), an authorization page (/authorize:
GET shows who signs in, POST approves and redirects back with a one-time code), the token
endpoint (/token: client secret, PKCE S256, the code used once) and user info (/userinfo). ID tokens
are RS256-signed with a key made at start. `id_token_mode` makes it misbehave: bad_signature (signed
by another key under the same key id), expired, wrong_audience, wrong_issuer.

    python -m khibra.testing.standins.oidc --port 8142 --client-id khibra --client-secret dev-secret
"""

import argparse
import base64
import hashlib
import html
import json
import secrets
import time
from urllib.parse import urlencode

from cryptography.hazmat.primitives.asymmetric import rsa
import jwt
from jwt.algorithms import RSAAlgorithm

from .server import StandIn, serve

KEY_ID = "standin-key-1"
PERSON = {
    "sub": "1098765439",
    "national_id": "1098765439",
    "name": "نورة بنت عبدالله العتيبي",
    "given_name": "نورة",
    "family_name": "العتيبي",
    "birthdate": "1990-05-01",
}


class OidcProvider(StandIn):
    routes = {
        ("GET", "/.well-known/openid-configuration"): "discovery",
        ("GET", "/jwks"): "jwks",
        ("GET", "/authorize"): "authorize_page",
        ("POST", "/authorize"): "authorize",
        ("POST", "/token"): "token",
        ("GET", "/userinfo"): "userinfo",
    }

    def __init__(self, *args, client_id="khibra", client_secret="dev-secret", person=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.client_id = client_id
        self.client_secret = client_secret
        self.person = dict(person or PERSON)
        self.id_token_mode = "good"
        self.key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        self.codes: dict[str, dict] = {}
        self.access_tokens: dict[str, dict] = {}

    # --- discovery and keys -----------------------------------------------------------------
    def discovery(self, request):
        return (
            200,
            {},
            {
                "issuer": self.url,
                "authorization_endpoint": f"{self.url}/authorize",
                "token_endpoint": f"{self.url}/token",
                "userinfo_endpoint": f"{self.url}/userinfo",
                "jwks_uri": f"{self.url}/jwks",
                "response_types_supported": ["code"],
                "subject_types_supported": ["public"],
                "id_token_signing_alg_values_supported": ["RS256"],
                "token_endpoint_auth_methods_supported": ["client_secret_basic", "client_secret_post"],
                "code_challenge_methods_supported": ["S256"],
            },
        )

    def jwks(self, request):
        jwk = json.loads(RSAAlgorithm.to_jwk(self.key.public_key()))
        return 200, {}, {"keys": [{**jwk, "kid": KEY_ID, "use": "sig", "alg": "RS256"}]}

    # --- authorization ------------------------------------------------------------------------
    def authorize_page(self, request):
        params = {key: values[0] for key, values in request.query.items()}
        if params.get("client_id") != self.client_id:
            return 400, {}, {"error": "unauthorized_client"}
        hidden = "".join(
            f'<input type="hidden" name="{html.escape(k)}" value="{html.escape(v)}">' for k, v in params.items()
        )
        page = (
            '<!doctype html><html lang="ar" dir="rtl"><head><meta charset="utf-8"><title>النفاذ الوطني الموحد</title>'
            "</head><body><main><h1>النفاذ الوطني الموحد (بيئة محلية للاختبار)</h1>"
            f"<p>الدخول باسم: {html.escape(self.person.get('name', ''))}</p>"
            f'<form method="post" action="/authorize">{hidden}'
            '<button type="submit" id="standin-approve">موافق</button></form></main></body></html>'
        )
        return 200, {"Content-Type": "text/html; charset=utf-8"}, page

    def authorize(self, request):
        return 302, {"Location": self.approve(request.form())}, b""

    def approve(self, params: dict) -> str:
        """Sign the person in and return the redirect back to the client, with a code."""
        code = secrets.token_urlsafe(24)
        self.codes[code] = {
            "redirect_uri": params["redirect_uri"],
            "code_challenge": params.get("code_challenge", ""),
            "nonce": params.get("nonce", ""),
            "scope": params.get("scope", ""),
        }
        query = urlencode({"code": code, "state": params.get("state", "")})
        return f"{params['redirect_uri']}?{query}"

    # --- token and user info ------------------------------------------------------------------
    def _client_ok(self, request, form) -> bool:
        auth = request.header("Authorization")
        if auth.startswith("Basic "):
            from urllib.parse import unquote

            client_id, _, secret = base64.b64decode(auth[6:]).decode().partition(":")
            client_id, secret = unquote(client_id), unquote(secret)
        else:
            client_id, secret = form.get("client_id", ""), form.get("client_secret", "")
        return client_id == self.client_id and secrets.compare_digest(secret, self.client_secret)

    def token(self, request):
        form = request.form()
        if not self._client_ok(request, form):
            return 401, {}, {"error": "invalid_client"}
        grant = self.codes.pop(form.get("code", ""), None)  # a code works once
        if grant is None or form.get("grant_type") != "authorization_code":
            return 400, {}, {"error": "invalid_grant"}
        if form.get("redirect_uri") != grant["redirect_uri"]:
            return 400, {}, {"error": "invalid_grant", "error_description": "redirect_uri"}
        if grant["code_challenge"]:
            verifier = form.get("code_verifier", "")
            digest = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=").decode()
            if digest != grant["code_challenge"]:
                return 400, {}, {"error": "invalid_grant", "error_description": "code_verifier"}
        access_token = secrets.token_urlsafe(24)
        self.access_tokens[access_token] = dict(self.person)
        return (
            200,
            {"Cache-Control": "no-store"},
            {
                "access_token": access_token,
                "token_type": "Bearer",
                "expires_in": 300,
                "id_token": self.id_token(nonce=grant["nonce"]),
            },
        )

    def id_token(self, nonce: str = "") -> str:
        now = int(time.time())
        claims = {
            **self.person,
            "iss": self.url,
            "aud": self.client_id,
            "iat": now,
            "exp": now + 300,
            "jti": secrets.token_hex(8),
        }
        if nonce:
            claims["nonce"] = nonce
        key = self.key
        if self.id_token_mode == "bad_signature":
            key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        elif self.id_token_mode == "expired":
            claims.update(iat=now - 3600, exp=now - 1800)
        elif self.id_token_mode == "wrong_audience":
            claims["aud"] = "somebody-else"
        elif self.id_token_mode == "wrong_issuer":
            claims["iss"] = "https://impostor.example"
        return jwt.encode(claims, key, algorithm="RS256", headers={"kid": KEY_ID})

    def userinfo(self, request):
        auth = request.header("Authorization")
        person = self.access_tokens.get(auth[7:]) if auth.startswith("Bearer ") else None
        if person is None:
            return 401, {"WWW-Authenticate": 'Bearer error="invalid_token"'}, {"error": "invalid_token"}
        return 200, {}, person


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=8142)
    parser.add_argument("--client-id", default="khibra")
    parser.add_argument("--client-secret", default="dev-secret")
    parser.add_argument("--national-id", default=PERSON["national_id"])
    parser.add_argument("--name", default=PERSON["name"])
    options = parser.parse_args()
    person = {**PERSON, "sub": options.national_id, "national_id": options.national_id, "name": options.name}
    serve(
        OidcProvider(port=options.port, client_id=options.client_id, client_secret=options.client_secret, person=person)
    )
