"""Use cases of the server; routes call these, these call the database. No HTTP here."""
