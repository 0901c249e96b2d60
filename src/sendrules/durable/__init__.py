"""durable-rules as a second, independent evaluation backend (docs/adr/0012)."""
