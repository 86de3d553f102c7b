"""All tables share one `MetaData`; importing this package registers every table."""

from fancoins.db.tables import artwork as artwork
from fancoins.db.tables import contests as contests
from fancoins.db.tables import fan_clubs as fan_clubs
from fancoins.db.tables import gifts as gifts
from fancoins.db.tables import ledger as ledger
from fancoins.db.tables import live as live
from fancoins.db.tables import overlay as overlay
from fancoins.db.tables import overlay_credentials as overlay_credentials
from fancoins.db.tables import payouts as payouts
from fancoins.db.tables import promotions as promotions
from fancoins.db.tables import purchases as purchases
from fancoins.db.tables import safety as safety
from fancoins.db.tables import streams as streams
from fancoins.db.tables import webhooks as webhooks
from fancoins.db.tables.base import metadata
from fancoins.db.tables.identity import api_keys, audit_log, users

# The ledger's tables are imported from `fancoins.db.tables.ledger` itself, so that the import
# contract can keep them to `fancoins.journal` (and `fancoins.db`).
__all__ = ["api_keys", "audit_log", "metadata", "users"]
