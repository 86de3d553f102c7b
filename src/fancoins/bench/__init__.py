"""Benchmarks `fancoins bench ...` drives: the gift storm through the service layer and HTTP."""
