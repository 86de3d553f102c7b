"""Coins in: packages and regional prices, verified store and web purchases, refunds that
claw back. See `service.py` for the money flows and `catalog.py` for prices."""
