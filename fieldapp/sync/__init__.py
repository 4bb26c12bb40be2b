"""Offline-first sync with the Veldwerk server: the only package that knows the wire format."""
