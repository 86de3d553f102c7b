"""Moderation of what viewers write with their gifts: blocked terms and the host's hook."""
