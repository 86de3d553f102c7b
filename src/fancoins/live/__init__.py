"""LIVE in real time: combos, top-gifter boards, gifter levels and badges, viewer events."""
