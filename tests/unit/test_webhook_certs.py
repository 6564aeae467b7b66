"""The webhook's self-signed certificates: SANs, CA chain, reload from storage, rotation."""

from __future__ import annotations

import datetime as dt
import ipaddress

from cryptography import x509

from tornado_operator.webhook.certs import load_serving_cert, make_serving_cert, service_hosts


def test_serving_cert_has_the_sans_and_is_signed_by_the_ca() -> None:
    cert = make_serving_cert(["127.0.0.1", *service_hosts("tornado-operator-webhook", "tornado-system")])
    leaf = x509.load_pem_x509_certificate(cert.cert_pem)
    ca = x509.load_pem_x509_certificate(cert.ca_pem)
    sans = leaf.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
    assert ipaddress.ip_address("127.0.0.1") in sans.get_values_for_type(x509.IPAddress)
    assert "tornado-operator-webhook.tornado-system.svc" in sans.get_values_for_type(x509.DNSName)
    leaf.verify_directly_issued_by(ca)
    assert not cert.expires_soon()


def test_short_lived_cert_is_due_for_rotation() -> None:
    cert = make_serving_cert(["127.0.0.1"], days=10)
    assert cert.expires_soon()
    assert not cert.expires_soon(dt.datetime.now(dt.UTC) - dt.timedelta(days=30))


def test_stored_cert_round_trips_and_garbage_is_refused() -> None:
    cert = make_serving_cert(["127.0.0.1"])
    loaded = load_serving_cert(cert.ca_pem, cert.cert_pem, cert.key_pem)
    assert loaded is not None and loaded.cert_pem == cert.cert_pem
    assert abs((loaded.not_after - cert.not_after).total_seconds()) < 1
    assert load_serving_cert(b"junk", cert.cert_pem, cert.key_pem) is None
