"""Operator actions: audited coin adjustments and account freezes."""
