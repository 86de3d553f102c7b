"""Real-time delivery: what committed, fanned out to the viewers of a stream."""
