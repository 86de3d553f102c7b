"""Pure economy rules: the typed economy configuration and the decisions made from it.

Package pricing per country and channel, the money split of a purchase, gift value and
combos, gifter levels and badges, spending limits and purchase caps, promotions and payouts.
Standard library only; no I/O (except `loader.load_economy`, which reads one TOML file), no async.
Every amount is an integer of its unit (coins, diamonds or a currency's minor unit).
"""
