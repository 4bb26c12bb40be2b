"""Veldwerk sync server: enrollment, idempotent sync, referral routing and lifecycle, audit."""

__version__ = "0.1.0"
