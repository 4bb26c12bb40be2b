"""The domain: models, the signal catalogue, WHO-5 scoring, referral rules and the consent gate.

Only the standard library and pydantic are imported here; nothing in this package does IO.
"""
