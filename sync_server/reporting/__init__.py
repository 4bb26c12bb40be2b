"""Counts for reports, and the rules that keep small counts from being recognised or worked out."""
