"""The node agent's API access: a small async client for the calls a kubelet makes, and the
timestamp formats the API uses. Shared by the agent's watch loop and its pod workers."""

from __future__ import annotations

import asyncio
import datetime as dt
import json
from typing import Any

import httpx

from .kubeconfig import Credentials

JSON = dict[str, Any]
SMP = "application/strategic-merge-patch+json"
MERGE = "application/merge-patch+json"


def now_rfc3339() -> str:
    return dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def now_micro() -> str:
    return dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def parse_time(value: str) -> dt.datetime:
    return dt.datetime.fromisoformat(value.replace("Z", "+00:00"))


class ApiError(Exception):
    def __init__(self, status: int, body: str):
        super().__init__(f"HTTP {status}: {body[:500]}")
        self.status = status
        self.body = body


class Api:
    """A small async client for the handful of API calls a kubelet makes."""

    def __init__(self, creds: Credentials):
        self.creds = creds
        self.client = httpx.AsyncClient(
            base_url=creds.server,
            verify=creds.ssl_context(),
            headers={"Accept": "application/json", **creds.headers()},
            timeout=httpx.Timeout(30.0, connect=10.0),
            limits=httpx.Limits(max_connections=64, max_keepalive_connections=32),
        )

    async def close(self) -> None:
        await self.client.aclose()

    async def request(
        self,
        method: str,
        path: str,
        *,
        body: Any = None,
        params: dict[str, str] | None = None,
        content_type: str = "application/json",
        retries: int = 5,
    ) -> JSON:
        delay = 0.5
        for attempt in range(retries + 1):
            try:
                resp = await self.client.request(
                    method,
                    path,
                    params=params,
                    content=json.dumps(body) if body is not None else None,
                    headers={"Content-Type": content_type} if body is not None else None,
                )
            except httpx.TransportError as e:
                if attempt == retries:
                    raise ApiError(0, f"{method} {path}: {e!r}") from e
            else:
                if resp.status_code < 300:
                    result: JSON = resp.json() if resp.content else {}
                    return result
                if resp.status_code not in (429, 500, 502, 503, 504) or attempt == retries:
                    raise ApiError(resp.status_code, resp.text)
            await asyncio.sleep(delay)
            delay = min(delay * 2, 5.0)
        raise AssertionError("unreachable")

    async def get(self, path: str) -> JSON | None:
        try:
            return await self.request("GET", path)
        except ApiError as e:
            if e.status == 404:
                return None
            raise
