"""Gifts: the catalog, sending a gift, and the micro-batching writer that holds a gift storm."""
