"""Composition: the app's start, the store it opens, the device's sync parts and the session
that puts the screens together (the only package that knows all the others)."""
