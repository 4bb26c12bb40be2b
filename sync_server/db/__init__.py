"""The database: schema, engine set-up and the per-engine details (SQLite pragmas)."""
