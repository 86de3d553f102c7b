"""`fancoins simulate`: a seeded platform played through the real engine."""
