"""The field app's sync client trusts only a properly certified server.

Proven against the real sync server app, served over TLS by uvicorn on a loopback port, with
certificates made here by a test CA:

- a certificate from the organisation's CA (``ca_file``), naming the host and valid now, is
  accepted;
- an expired or not yet valid certificate, one for another host, and one from a CA the client
  was not given are refused as ``sync.tls`` (the TCP connection works, the handshake is what
  fails, for the intended reason);
- without ``ca_file`` only certifi's roots count, so the test CA's certificate is refused;
- ``SSL_CERT_FILE``, ``REQUESTS_CA_BUNDLE`` and proxy variables in the environment change
  nothing: they neither add trust nor route the connection through a proxy;
- plain ``http://`` is refused for any host but this machine.
"""

from __future__ import annotations

import socket
import ssl
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from ipaddress import IPv4Address
from pathlib import Path

import httpx
import pytest
import uvicorn
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

from fieldapp.sync.api import SyncApi
from fieldapp.sync.errors import SyncError, SyncErrorCode
from fieldapp.sync.transport import check_server_url, make_client
from fieldapp.wire import Health
from sync_server.app import build_context, create_app
from sync_server.bootstrap import prepare
from sync_server.services.context import ServerContext
from sync_server.settings import Settings
from tests.server.conftest import free_port

NOW = datetime.now(UTC)
TIMEOUT = httpx.Timeout(5.0)
"""Short, so a regression that sends the client to the test's silent proxy fails fast."""

# --- certificates ------------------------------------------------------------------------


@dataclass(frozen=True)
class Authority:
    name: x509.Name
    key: ec.EllipticCurvePrivateKey
    cert: x509.Certificate


def _key() -> ec.EllipticCurvePrivateKey:
    return ec.generate_private_key(ec.SECP256R1())


def _name(common_name: str) -> x509.Name:
    return x509.Name(
        [
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Veldwerk tests"),
            x509.NameAttribute(NameOID.COMMON_NAME, common_name),
        ]
    )


def make_authority(common_name: str) -> Authority:
    key = _key()
    name = _name(common_name)
    public = key.public_key()
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(public)
        .serial_number(x509.random_serial_number())
        .not_valid_before(NOW - timedelta(days=1))
        .not_valid_after(NOW + timedelta(days=30))
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=False,
                content_commitment=False,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=True,
                crl_sign=True,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(public), critical=False)
        .sign(key, hashes.SHA256())
    )
    return Authority(name, key, cert)


def make_server_cert(
    issuer: Authority,
    key: ec.EllipticCurvePrivateKey,
    *,
    names: list[x509.GeneralName],
    not_before: datetime,
    not_after: datetime,
) -> x509.Certificate:
    public = key.public_key()
    return (
        x509.CertificateBuilder()
        .subject_name(_name("veldwerk sync server"))
        .issuer_name(issuer.name)
        .public_key(public)
        .serial_number(x509.random_serial_number())
        .not_valid_before(not_before)
        .not_valid_after(not_after)
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=False,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=False,
                crl_sign=False,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
        .add_extension(x509.SubjectAlternativeName(names), critical=False)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(public), critical=False)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(issuer.key.public_key()),
            critical=False,
        )
        .sign(issuer.key, hashes.SHA256())
    )


def write_cert(path: Path, cert: x509.Certificate) -> Path:
    path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    return path


def write_key(path: Path, key: ec.EllipticCurvePrivateKey) -> Path:
    path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return path


LOCAL_NAMES: list[x509.GeneralName] = [
    x509.DNSName("localhost"),
    x509.IPAddress(IPv4Address("127.0.0.1")),
]


@dataclass(frozen=True)
class ServerCert:
    certfile: Path
    keyfile: Path


@dataclass(frozen=True)
class Pki:
    ca_file: Path
    """The organisation's CA bundle the client is configured with."""
    certs: dict[str, ServerCert]


@pytest.fixture(scope="module")
def pki(tmp_path_factory: pytest.TempPathFactory) -> Pki:
    directory = tmp_path_factory.mktemp("pki")
    ca = make_authority("Veldwerk test CA")
    rogue = make_authority("Some other CA")
    # name -> (issuer, names, not_before, not_after)
    plans: dict[str, tuple[Authority, list[x509.GeneralName], datetime, datetime]] = {
        "good": (ca, LOCAL_NAMES, NOW - timedelta(days=1), NOW + timedelta(days=7)),
        "expired": (ca, LOCAL_NAMES, NOW - timedelta(days=30), NOW - timedelta(days=1)),
        "not_yet_valid": (ca, LOCAL_NAMES, NOW + timedelta(days=1), NOW + timedelta(days=30)),
        "wrong_host": (
            ca,
            [x509.DNSName("example.org")],
            NOW - timedelta(days=1),
            NOW + timedelta(days=7),
        ),
        "unknown_issuer": (rogue, LOCAL_NAMES, NOW - timedelta(days=1), NOW + timedelta(days=7)),
    }
    certs: dict[str, ServerCert] = {}
    for label, (issuer, names, not_before, not_after) in plans.items():
        key = _key()
        cert = make_server_cert(
            issuer, key, names=names, not_before=not_before, not_after=not_after
        )
        certs[label] = ServerCert(
            certfile=write_cert(directory / f"{label}.crt", cert),
            keyfile=write_key(directory / f"{label}.key", key),
        )
    return Pki(ca_file=write_cert(directory / "ca.pem", ca.cert), certs=certs)


# --- the server ----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def server_ctx(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerContext]:
    directory = tmp_path_factory.mktemp("server")
    settings = Settings(
        data_dir=directory / "data", database_url=f"sqlite:///{directory / 's.sqlite3'}"
    )
    ctx = build_context(settings)
    prepare(ctx)
    yield ctx
    ctx.db.dispose()


class TlsServer:
    """The sync server app behind uvicorn with one certificate, in a thread of this process."""

    def __init__(self, ctx: ServerContext, cert: ServerCert) -> None:
        self.port = free_port()
        config = uvicorn.Config(
            create_app(ctx.settings, context=ctx),
            host="127.0.0.1",
            port=self.port,
            ssl_certfile=str(cert.certfile),
            ssl_keyfile=str(cert.keyfile),
            log_level="warning",
        )
        self._server = uvicorn.Server(config)
        self._thread = threading.Thread(target=self._server.run, daemon=True)

    def url(self, host: str = "127.0.0.1") -> str:
        return f"https://{host}:{self.port}"

    def start(self) -> TlsServer:
        self._thread.start()
        deadline = time.monotonic() + 10
        while not self._server.started:
            if time.monotonic() > deadline or not self._thread.is_alive():
                raise RuntimeError("the TLS test server did not start")
            time.sleep(0.01)
        return self

    def stop(self) -> None:
        self._server.should_exit = True
        self._thread.join(timeout=10)
        assert not self._thread.is_alive(), "the TLS test server did not stop"


Serve = Callable[[str], TlsServer]


@pytest.fixture(scope="module")
def serve(server_ctx: ServerContext, pki: Pki) -> Iterator[Serve]:
    """``serve("expired")``: a running server with that certificate; one per certificate."""
    running: dict[str, TlsServer] = {}

    def start(label: str) -> TlsServer:
        if label not in running:
            running[label] = TlsServer(server_ctx, pki.certs[label]).start()
        return running[label]

    yield start
    for server in running.values():
        server.stop()


# --- helpers -------------------------------------------------------------------------------


def health(url: str, ca_file: Path | None = None) -> Health:
    with SyncApi(make_client(url, ca_file=ca_file, timeout=TIMEOUT)) as api:
        return api.health()


def verify_failure(error: BaseException) -> ssl.SSLCertVerificationError:
    """The certificate verification error under a SyncError (it keeps its context for logs)."""
    seen: BaseException | None = error
    while seen is not None:
        if isinstance(seen, ssl.SSLCertVerificationError):
            return seen
        seen = seen.__cause__ or seen.__context__
    raise AssertionError(f"no certificate verification error under {error!r}")


def refused(url: str, ca_file: Path | None = None) -> ssl.SSLCertVerificationError:
    """Health must fail as ``sync.tls``; returns OpenSSL's reason for the refusal."""
    with pytest.raises(SyncError) as caught:
        health(url, ca_file)
    assert caught.value.code is SyncErrorCode.TLS, caught.value
    assert not caught.value.retryable
    return verify_failure(caught.value)


# --- tests ---------------------------------------------------------------------------------


@pytest.mark.parametrize("host", ["127.0.0.1", "localhost"])
def test_a_certificate_from_the_organisations_ca_is_accepted(
    serve: Serve, pki: Pki, host: str
) -> None:
    answer = health(serve("good").url(host), pki.ca_file)
    assert answer.status == "ok"
    assert answer.database == "ok"


@pytest.mark.parametrize(
    ("label", "reason"),
    [
        ("expired", "certificate has expired"),
        ("not_yet_valid", "certificate is not yet valid"),
        ("wrong_host", "IP address mismatch"),
        ("unknown_issuer", "unable to get local issuer certificate"),
    ],
)
def test_a_bad_certificate_is_refused(serve: Serve, pki: Pki, label: str, reason: str) -> None:
    failure = refused(serve(label).url(), pki.ca_file)
    assert reason in str(failure.verify_message)


def test_a_certificate_for_another_name_is_refused_by_name_too(serve: Serve, pki: Pki) -> None:
    failure = refused(serve("wrong_host").url("localhost"), pki.ca_file)
    assert "Hostname mismatch" in str(failure.verify_message)


@pytest.mark.parametrize("host", ["127.0.0.1", "localhost"])
def test_without_a_ca_file_only_certifis_roots_count(serve: Serve, host: str) -> None:
    failure = refused(serve("good").url(host))
    assert "unable to get local issuer certificate" in str(failure.verify_message)


def test_the_environment_neither_adds_trust_nor_a_proxy(
    serve: Serve, pki: Pki, monkeypatch: pytest.MonkeyPatch
) -> None:
    with socket.socket() as proxy:
        # A listening "proxy" that would see a connection if the client went through it.
        proxy.bind(("127.0.0.1", 0))
        proxy.listen()
        proxy.setblocking(False)
        proxy_url = f"http://127.0.0.1:{proxy.getsockname()[1]}"
        for variable in ("SSL_CERT_FILE", "REQUESTS_CA_BUNDLE", "CURL_CA_BUNDLE"):
            monkeypatch.setenv(variable, str(pki.ca_file))
        monkeypatch.setenv("SSL_CERT_DIR", str(pki.ca_file.parent))
        for variable in ("HTTPS_PROXY", "https_proxy", "ALL_PROXY", "all_proxy"):
            monkeypatch.setenv(variable, proxy_url)
        for variable in ("NO_PROXY", "no_proxy"):
            monkeypatch.delenv(variable, raising=False)

        # The CA named in the environment does not make the test CA's certificate trusted...
        failure = refused(serve("good").url())
        assert "unable to get local issuer certificate" in str(failure.verify_message)
        # ...and with the CA configured properly the server is reached directly, not via proxy.
        assert health(serve("good").url(), pki.ca_file).status == "ok"

        with pytest.raises(BlockingIOError):
            proxy.accept()


@pytest.mark.parametrize(
    "url",
    [
        "http://example.org",
        "http://example.org:8000/",
        "http://192.168.1.10:8000",
        "http://localhost.example.org",
        "ftp://example.org",
    ],
)
def test_plain_http_is_refused_for_other_hosts(url: str) -> None:
    with pytest.raises(SyncError) as caught:
        check_server_url(url)
    assert caught.value.code is SyncErrorCode.BAD_URL
    with pytest.raises(SyncError) as caught:
        make_client(url)
    assert caught.value.code is SyncErrorCode.BAD_URL


@pytest.mark.parametrize(
    ("url", "normalised"),
    [
        ("http://127.0.0.1:8000", "http://127.0.0.1:8000"),
        ("http://localhost:8000/", "http://localhost:8000"),
        ("http://[::1]:8000", "http://[::1]:8000"),
        ("https://example.org/", "https://example.org"),
    ],
)
def test_plain_http_is_allowed_on_this_machine_and_https_anywhere(
    url: str, normalised: str
) -> None:
    assert check_server_url(url) == normalised
