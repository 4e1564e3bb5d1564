from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import pytest_asyncio

from app.api.client import ApiClient, RetryPolicy, Timeouts
from tests.loopback import LoopbackServer

KEY = "sk-test-0123456789abcdef"


@pytest_asyncio.fixture
async def client(server: LoopbackServer) -> AsyncIterator[ApiClient]:
    async with httpx.AsyncClient() as http:
        yield ApiClient(
            http,
            server.url,
            lambda: KEY,
            timeouts=Timeouts(connect=2.0, read=2.0),
            retry=RetryPolicy(max_retries=3, base_delay=0.01, max_delay=5.0),
        )
