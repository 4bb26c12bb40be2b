"""What a municipality's IT department runs around the server: backup and restore."""
