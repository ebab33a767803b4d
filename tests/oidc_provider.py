"""A real OpenID Connect provider for tests: pyop (a standards-compliant OP library) served over
HTTPS on 127.0.0.1 from a thread, with a certificate made for the test (the app trusts it through
OIDC_VERIFY_SSL, as a force names its own CA with OIDC_CA_BUNDLE). Our code talks to it exactly
as to Entra ID: discovery, the authorisation endpoint (a small sign-in form, as a provider
shows), the token endpoint with the client's secret, the key set, userinfo. Groups travel in
the ID token, as Entra ID sends them.

`misbehave` lets a test make the provider (or a man in the middle) send an ID token it should
not: a callable that takes the ID token's claims and returns the claims to sign instead, with
the provider's own key. Nothing of ours is mocked.
"""

import datetime
import html
import ipaddress
import json
import os
import socket
import ssl
import tempfile
import threading
from socketserver import ThreadingMixIn
from urllib.parse import parse_qs, urlencode
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

import jwt
from Cryptodome.PublicKey import RSA
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID
from jwkest.jwk import RSAKey
from pyop.authz_state import AuthorizationState
from pyop.exceptions import InvalidAuthenticationRequest, OAuthError
from pyop.provider import Provider
from pyop.subject_identifier import HashBasedSubjectIdentifierFactory
from pyop.userinfo import Userinfo

CLIENT_ID = "psd-casework"
CLIENT_SECRET = "test-client-secret-for-the-provider"


class _ThreadingServer(ThreadingMixIn, WSGIServer):
    daemon_threads = True


class _QuietHandler(WSGIRequestHandler):
    def log_message(self, *args):
        pass


def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class IdentityProvider:
    def __init__(self, users: dict):
        """`users`: login name -> claims (sub, email, given_name, family_name, groups)."""
        port = _free_port()
        self.issuer = f"https://127.0.0.1:{port}"
        self.ca_file = _certificate_file()
        self.users = users
        self.misbehave = None
        self.redirect_uris: list[str] = []
        self._private_key = RSA.generate(2048)
        signing_key = RSAKey(key=self._private_key, alg="RS256", kid="test-key-1")
        configuration = {
            "issuer": self.issuer,
            "authorization_endpoint": f"{self.issuer}/authorize",
            "token_endpoint": f"{self.issuer}/token",
            "userinfo_endpoint": f"{self.issuer}/userinfo",
            "jwks_uri": f"{self.issuer}/jwks",
            "response_types_supported": ["code"],
            "subject_types_supported": ["public"],
            "id_token_signing_alg_values_supported": ["RS256"],
            "token_endpoint_auth_methods_supported": ["client_secret_post"],
            "scopes_supported": ["openid", "email", "profile"],
            "code_challenge_methods_supported": ["S256"],
        }
        clients = {
            CLIENT_ID: {
                "client_secret": CLIENT_SECRET,
                "redirect_uris": self.redirect_uris,
                "response_types": ["code"],
                "token_endpoint_auth_method": "client_secret_post",
            }
        }
        self.provider = Provider(
            signing_key,
            configuration,
            AuthorizationState(HashBasedSubjectIdentifierFactory("test-salt")),
            clients,
            Userinfo({name: {k: v for k, v in claims.items() if k != "groups"} for name, claims in users.items()}),
        )
        self._server = make_server(
            "127.0.0.1", port, self._app, server_class=_ThreadingServer, handler_class=_QuietHandler
        )
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(self.ca_file)
        self._server.socket = context.wrap_socket(self._server.socket, server_side=True)
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    # Lifecycle --------------------------------------------------------------------------------
    def start(self):
        self._thread.start()
        return self

    def stop(self):
        self._server.shutdown()
        self._server.server_close()
        os.unlink(self.ca_file)

    def allow_redirect_uri(self, uri: str):
        if uri not in self.redirect_uris:
            self.redirect_uris.append(uri)

    # HTTP -------------------------------------------------------------------------------------
    def _app(self, environ, start_response):
        path, method = environ["PATH_INFO"], environ["REQUEST_METHOD"]
        query = environ.get("QUERY_STRING", "")
        body = ""
        if method == "POST":
            length = int(environ.get("CONTENT_LENGTH") or 0)
            body = environ["wsgi.input"].read(length).decode()
        routes = {
            ("GET", "/.well-known/openid-configuration"): lambda: _json(self.provider.provider_configuration.to_dict()),
            ("GET", "/jwks"): lambda: _json(self.provider.jwks),
            ("GET", "/authorize"): lambda: self._sign_in_form(query),
            ("POST", "/authorize"): lambda: self._authorize(body),
            ("POST", "/token"): lambda: self._token(body, environ),
            ("GET", "/userinfo"): lambda: self._userinfo(query, environ),
        }
        handler = routes.get((method, path))
        status, headers, content = handler() if handler else ("404 Not Found", [], b"")
        start_response(status, headers)
        return [content]

    def _sign_in_form(self, query):
        try:
            self.provider.parse_authentication_request(query)
        except InvalidAuthenticationRequest as exc:
            return "400 Bad Request", [("Content-Type", "text/plain")], str(exc).encode()
        page = f"""<!doctype html><html lang="en"><head><title>Test identity provider</title></head><body>
<main><h1>Test identity provider</h1><form method="post" action="/authorize">
<input type="hidden" name="request" value="{html.escape(query)}">
<label for="login">Force username</label><input id="login" name="login">
<button type="submit">Continue</button></form></main></body></html>"""
        return "200 OK", [("Content-Type", "text/html; charset=utf-8")], page.encode()

    def _authorize(self, body):
        form = {k: v[0] for k, v in parse_qs(body).items()}
        request = self.provider.parse_authentication_request(form["request"])
        login = form.get("login", "")
        if login not in self.users:
            return "200 OK", [("Content-Type", "text/plain")], b"Unknown user"
        response = self.provider.authorize(request, login)
        return "302 Found", [("Location", response.request(request["redirect_uri"]))], b""

    def _token(self, body, environ):
        groups = lambda login, client_id: {"groups": self.users[login].get("groups", [])}  # noqa: E731
        try:
            response = self.provider.handle_token_request(
                body, {"Authorization": environ.get("HTTP_AUTHORIZATION")}, extra_id_token_claims=groups
            ).to_dict()
        except OAuthError as exc:
            return _json({"error": exc.oauth_error, "error_description": str(exc)}, "400 Bad Request")
        if self.misbehave is not None:
            claims = self.misbehave(jwt.decode(response["id_token"], options={"verify_signature": False}))
            response["id_token"] = self.sign(claims)
        return _json(response)

    def _userinfo(self, query, environ):
        try:
            claims = self.provider.handle_userinfo_request(query, {"Authorization": environ.get("HTTP_AUTHORIZATION")})
        except OAuthError as exc:
            return _json({"error": exc.oauth_error}, "401 Unauthorized")
        return _json(claims.to_dict())

    def sign(self, claims: dict) -> str:
        """Sign claims with the provider's own key, as its token endpoint does."""
        return jwt.encode(claims, self._private_key.export_key(), algorithm="RS256", headers={"kid": "test-key-1"})

    # For tests without a browser: what a person does at the provider's sign-in form ------------
    def sign_in(self, authorization_url: str, login: str) -> str:
        """Follow the authorisation URL as a browser would and sign in as `login`; return the
        callback URL the provider redirects back to."""
        import requests

        query = authorization_url.split("?", 1)[1]
        form = requests.get(authorization_url, timeout=10, verify=self.ca_file)
        form.raise_for_status()
        answer = requests.post(
            f"{self.issuer}/authorize",
            data={"request": query, "login": login},
            allow_redirects=False,
            timeout=10,
            verify=self.ca_file,
        )
        assert answer.status_code == 302, answer.text
        return answer.headers["Location"]


def _certificate_file() -> str:
    """A self-signed certificate for 127.0.0.1 and its key, in one PEM file."""
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "test identity provider")])
    now = datetime.datetime.now(datetime.UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=5))
        .not_valid_after(now + datetime.timedelta(hours=2))
        .add_extension(x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]), False)
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    pem = certificate.public_bytes(serialization.Encoding.PEM) + key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    handle = tempfile.NamedTemporaryFile("wb", suffix=".pem", delete=False)
    with handle:
        handle.write(pem)
    return handle.name


def _json(data, status="200 OK"):
    return status, [("Content-Type", "application/json")], json.dumps(data).encode()


def authorization_query(url: str) -> dict:
    return {k: v[0] for k, v in parse_qs(url.split("?", 1)[1]).items()}


def with_query(url: str, **params) -> str:
    base, query = url.split("?", 1)
    merged = {k: v[0] for k, v in parse_qs(query).items()} | params
    return f"{base}?{urlencode(merged)}"


# The force's directory at the test provider: login name -> claims.
USERS = {
    "olivia": {
        "sub": "0b7c2a1e-olivia",
        "email": "olivia.owens@force.police.example",
        "given_name": "Olivia",
        "family_name": "Owens",
        "preferred_username": "olivia.owens@force.police.example",
        "groups": ["grp-psd-investigators"],
    },
    "harry": {
        "sub": "5d1e9f3c-harry",
        "email": "harry.hughes@force.police.example",
        "given_name": "Harry",
        "family_name": "Hughes",
        "groups": ["grp-psd-head", "grp-everyone"],
    },
    "nobody": {
        "sub": "9a9a9a9a-nobody",
        "email": "nobody@force.police.example",
        "given_name": "Nora",
        "family_name": "Body",
        "groups": ["grp-everyone"],
    },
}
GROUP_ROLES = {"grp-psd-investigators": "investigator", "grp-psd-head": "head_of_psd"}


def configure(settings, provider: "IdentityProvider", callback_base: str) -> None:
    """Point the app's single sign-on at the provider, as the environment would."""
    provider.allow_redirect_uri(f"{callback_base}/accounts/sso/callback/")
    settings.SSO_ENABLED = True
    settings.OIDC_OP_ISSUER = provider.issuer
    settings.OIDC_OP_DISCOVERY_URL = f"{provider.issuer}/.well-known/openid-configuration"
    settings.OIDC_RP_CLIENT_ID = CLIENT_ID
    settings.OIDC_RP_CLIENT_SECRET = CLIENT_SECRET
    settings.OIDC_GROUP_ROLES = dict(GROUP_ROLES)
    settings.OIDC_VERIFY_SSL = provider.ca_file
