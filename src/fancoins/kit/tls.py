"""One TLS context for every outgoing HTTPS client of a process."""

from __future__ import annotations

import functools
import os
import ssl

import certifi


@functools.cache
def tls_context() -> ssl.SSLContext:
    """The trusted roots httpx would load by default (`SSL_CERT_FILE` or `SSL_CERT_DIR` when set,
    else certifi's bundle), loaded once: each load parses the whole bundle (tens of ms), and a
    process builds several clients (moderation, webhooks, stores, payouts). A context is safe to
    share between clients and threads."""
    if cafile := os.environ.get("SSL_CERT_FILE"):
        return ssl.create_default_context(cafile=cafile)
    if capath := os.environ.get("SSL_CERT_DIR"):
        return ssl.create_default_context(capath=capath)
    return ssl.create_default_context(cafile=certifi.where())
