"""The coordinator, receiving-team and data-protection-officer web pages (server-rendered)."""
