"""Gift goals: a creator's targets for a LIVE (coins, or sends of one gift), one at a time."""
