"""Referral routing: a coordinator's CSV table maps postcode and house number to a team."""
