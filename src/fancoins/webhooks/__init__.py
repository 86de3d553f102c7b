"""Outgoing webhooks: the event catalog, endpoints, dispatch from the outbox, signed delivery."""
