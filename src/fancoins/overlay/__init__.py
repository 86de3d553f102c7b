"""The creator's streaming overlay: which widgets it shows, where, from which gift value."""
