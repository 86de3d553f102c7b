"""The `fancoins` command."""
