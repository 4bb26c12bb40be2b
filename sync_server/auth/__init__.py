"""Who may use the web pages: password hashes, TOTP codes and web sessions.

Below the services (:mod:`sync_server.services.web_auth` runs the login with these) and above
the database; nothing here knows HTTP.
"""
