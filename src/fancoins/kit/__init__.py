"""The small kit every layer above the pure core shares: errors that carry their problem type,
the clock, request hashing, keyset cursors, money display. Imports nothing else of ours."""
