"""Users as the host app knows them, API keys for its backend, and the operator audit log."""
