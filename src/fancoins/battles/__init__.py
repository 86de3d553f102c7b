"""Battles (LIVE matches): creators in two teams, scored by the gifts their streams receive."""
