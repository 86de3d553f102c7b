"""Coin-paid video promotions: the budget held, charged per delivery, the rest returned."""
