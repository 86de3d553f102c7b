"""The CLI's work: each command runs a service in its own unit of work."""

from __future__ import annotations

from fancoins.config import Settings
from fancoins.db.engine import create_engine, unit_of_work
from fancoins.demo import DemoUser, load_demo
from fancoins.identity.service import UserNotFound, api_keys, users


async def create_api_key(settings: Settings, name: str, scopes: list[str]) -> str:
    engine = create_engine(settings.database_url)
    try:
        async with unit_of_work(engine) as connection:
            _, token = await api_keys.create(connection, name, scopes)
    finally:
        await engine.dispose()
    return token


async def load_demo_data(settings: Settings) -> list[DemoUser]:
    engine = create_engine(settings.database_url)
    try:
        return await load_demo(engine)
    finally:
        await engine.dispose()


async def user_exists(settings: Settings, user_id: str) -> bool:
    engine = create_engine(settings.database_url)
    try:
        async with engine.connect() as connection:
            await users.get(connection, user_id)
    except UserNotFound:
        return False
    finally:
        await engine.dispose()
    return True
