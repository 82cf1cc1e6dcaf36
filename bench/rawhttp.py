"""A lean HTTP/1.1 load client for benches: raw asyncio streams, no parsing beyond what is measured.

httpx spends ~1 ms of client CPU per request and per SSE frame; with 1,000 open streams on the same
2-core machine the client, not the server, became the limit (the server sat mostly idle). This client
keeps each connection open, writes requests by hand and reads only the status, Content-Length and body.
It speaks to our own server on loopback and nothing else: no TLS, no redirects, no compression.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from typing import Any


class Connection:
    """One keep-alive connection; requests on it are sent one after another."""

    def __init__(self, host: str, port: int) -> None:
        self.host, self.port = host, port
        self._reader: asyncio.StreamReader | None = None
        self._writer: asyncio.StreamWriter | None = None
        self._lock = asyncio.Lock()

    async def _open(self) -> tuple[asyncio.StreamReader, asyncio.StreamWriter]:
        if self._reader is None or self._writer is None or self._writer.is_closing():
            self._reader, self._writer = await asyncio.open_connection(self.host, self.port)
        return self._reader, self._writer

    async def request(
        self, method: str, path: str, token: str, body: dict[str, Any] | None = None
    ) -> tuple[int, bytes]:
        payload = json.dumps(body).encode() if body is not None else b""
        head = (
            f"{method} {path} HTTP/1.1\r\nHost: {self.host}\r\nAuthorization: Bearer {token}\r\n"
            f"Content-Type: application/json\r\nContent-Length: {len(payload)}\r\n\r\n"
        ).encode()
        async with self._lock:
            reader, writer = await self._open()
            writer.write(head + payload)
            status_line = await reader.readline()
            length, chunked = 0, False
            while (line := await reader.readline()) not in (b"\r\n", b""):
                name, _, value = line.decode("latin-1").partition(":")
                if name.lower() == "content-length":
                    length = int(value)
                elif name.lower() == "transfer-encoding" and "chunked" in value:
                    chunked = True
            if chunked:
                data = b""
                while (size := int((await reader.readline()).strip() or b"0", 16)) > 0:
                    data += await reader.readexactly(size + 2)
                await reader.readline()
                return int(status_line.split()[1]), data
            return int(status_line.split()[1]), await reader.readexactly(length)

    def close(self) -> None:
        if self._writer is not None:
            self._writer.close()


async def event_stream(host: str, port: int, path: str, token: str) -> AsyncIterator[bytes]:
    """Yield each `data:` line of a server-sent-event stream (without the `data: ` prefix), as bytes.

    The server sends one SSE message per HTTP chunk, so a data line is never split by chunk framing; the
    chunk-size lines between messages are skipped like any other line that is not data.
    """
    reader, writer = await asyncio.open_connection(host, port)
    try:
        writer.write(
            f"GET {path} HTTP/1.1\r\nHost: {host}\r\nAuthorization: Bearer {token}\r\n"
            f"Accept: text/event-stream\r\n\r\n".encode()
        )
        status = await reader.readline()
        if b" 200 " not in status:
            raise ConnectionError(f"{path}: {status.decode().strip()}")
        while True:
            line = await reader.readline()
            if not line:
                return
            if line.startswith(b"data: "):
                yield line[6:].rstrip(b"\r\n")
    finally:
        writer.close()
