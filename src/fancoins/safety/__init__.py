"""Users' own coin spending limits (daily, weekly, monthly) and the spend counted against them."""
