"""LIVE streams (start, end), videos and the comments gifts are attached to: just enough to
gift on. Real-time delivery lives in `fancoins.realtime`."""
