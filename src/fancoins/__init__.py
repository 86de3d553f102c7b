"""fancoins: a self-hostable virtual-coin and live-gifting economy engine."""

__version__ = "0.1.0"
