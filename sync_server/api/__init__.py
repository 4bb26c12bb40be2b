"""HTTP: thin FastAPI routes over the services, and the app factory."""
