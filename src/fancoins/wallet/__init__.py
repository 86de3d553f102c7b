"""A user's wallet: balances, the restricted state after a claw-back, and the statement."""
