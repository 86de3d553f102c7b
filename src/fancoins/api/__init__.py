"""HTTP transport: app factory, auth, problem+json errors, router aggregation."""
