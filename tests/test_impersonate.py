"""Browser impersonation against a local HTTPS site that, like some bot shields, refuses any
client whose TLS handshake is not a browser's (here: no GREASE values in its cipher list,
which browsers send and OpenSSL-based clients such as Scrapy's never do). The certificate is
self-signed, made by the test."""
import datetime
import ipaddress
import ssl
import struct
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from test_crawl import GOOD, crawl, rows

ARTICLE = "/news/1.html"


def self_signed(folder):
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "localhost")])
    now = datetime.datetime.now(datetime.timezone.utc)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(now - datetime.timedelta(days=1)).not_valid_after(now + datetime.timedelta(days=2))
            .add_extension(x509.SubjectAlternativeName([x509.DNSName("localhost"),
                                                        x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]), False)
            .sign(key, hashes.SHA256()))
    cert_path, key_path = folder / "cert.pem", folder / "key.pem"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                           serialization.NoEncryption()))
    return cert_path, key_path


def has_grease(client_hello: bytes) -> bool:
    """Whether a ClientHello's cipher suites include a GREASE value (0x?a?a, both bytes equal)."""
    i = 4 + 2 + 32                         # handshake header, version, random
    i += 1 + client_hello[i]               # session id
    (length,) = struct.unpack(">H", client_hello[i:i + 2])
    suites = struct.unpack(f">{length // 2}H", client_hello[i + 2:i + 2 + length])
    return any(s & 0x0F0F == 0x0A0A and s >> 8 == s & 0xFF for s in suites)


@pytest.fixture()
def picky_site(tmp_path):
    cert, key = self_signed(tmp_path)
    served = []

    def on_message(conn, direction, version, content_type, msg_type, data):
        if direction == "read" and msg_type == ssl._TLSMessageType.CLIENT_HELLO:
            conn.browser_like = has_grease(data)

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802
            browser = getattr(self.connection, "browser_like", False)
            served.append((self.path, browser))
            base = f"https://127.0.0.1:{self.server.server_address[1]}"
            if not browser:
                body, status, ctype = b"<html><body>Access denied</body></html>", 403, "text/html"
            elif self.path == "/sitemap.xml":
                body, status, ctype = (f'<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
                                       f"<url><loc>{base}{ARTICLE}</loc></url></urlset>").encode(), 200, "application/xml"
            elif self.path == ARTICLE:
                body, status, ctype = GOOD[0].read_bytes(), 200, "text/html"
            else:
                body, status, ctype = b"not found", 404, "text/plain"
            self.send_response(status)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    context._msg_callback = on_message      # sees the raw ClientHello, as a TLS fingerprinting shield does
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    server.socket = context.wrap_socket(server.socket, server_side=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"https://127.0.0.1:{server.server_address[1]}", served
    server.shutdown()
    server.server_close()


def test_a_site_refusing_scrapys_tls_client_is_crawled_with_impersonation(picky_site, tmp_path):
    base, served = picky_site
    plain = tmp_path / "plain.db"
    result = crawl(f"{base}/sitemap.xml", "--db", plain)
    assert result.returncode == 6, result.stderr   # every source refused: the site is unreachable
    assert served and not any(browser for _, browser in served)
    assert not rows(plain, "SELECT 1 FROM articles")
    assert ("fetch", "HTTP 403") in {(r["stage"], r["reason"]) for r in rows(plain, "SELECT stage, reason FROM errors")}

    served.clear()
    db = tmp_path / "news.db"
    result = crawl(f"{base}/sitemap.xml", "--db", db, "-s", "DECLUTTER_IMPERSONATE=chrome",
                   "-s", "DECLUTTER_IMPERSONATE_VERIFY=False")   # the test's own self-signed certificate
    assert result.returncode == 0, result.stderr
    assert (ARTICLE, True) in served and all(browser for _, browser in served)
    (article,) = rows(db, "SELECT url, title FROM articles")
    assert article["url"] == base + ARTICLE and article["title"]
    assert not rows(db, "SELECT 1 FROM errors")


def test_impersonation_only_for_the_hosts_named(picky_site, tmp_path):
    base, served = picky_site
    db = tmp_path / "news.db"
    result = crawl(f"{base}/sitemap.xml", "--db", db, "-s", "DECLUTTER_IMPERSONATE=chrome",
                   "-s", "DECLUTTER_IMPERSONATE_VERIFY=False", "-s", 'DECLUTTER_IMPERSONATE_HOSTS=["other.example"]')
    assert result.returncode == 6, result.stderr   # not impersonated here, so refused: unreachable
    assert served and not any(browser for _, browser in served)
    assert not rows(db, "SELECT 1 FROM articles")
