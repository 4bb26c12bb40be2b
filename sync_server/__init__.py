"""Veldwerk sync server (issue 3): enrollment, idempotent sync, referral routing and audit."""
