from enum import StrEnum


class Scope(StrEnum):
    ADMIN = "admin"
    GIFTSWRITE = "gifts:write"
    LEDGERREAD = "ledger:read"
    PROMOTIONSWRITE = "promotions:write"
    PURCHASESWRITE = "purchases:write"
    STREAMSWRITE = "streams:write"
    USERSREAD = "users:read"
    USERSWRITE = "users:write"

    def __str__(self) -> str:
        return str(self.value)
