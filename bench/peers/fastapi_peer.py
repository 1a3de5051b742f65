"""Peer for ordercast's benchmark: the same workload on FastAPI + uvicorn (Debian's packages).

Written the way the scheduler's and the shop app's FastAPI servers write their
ConnectionManager: connections kept per key (here a channel) in ``Dict[str, Set[WebSocket]]``;
a publish sends the message to every connection of that key, and a connection that fails to
send is dropped.

  WebSocket  /ws?token=...   {"type":"subscribe","data":{"channels":[C,...]}}
                             -> {"type":"subscription_confirmed","data":{"channels":[...]}}
             a client may also publish: {"type":"publish","data":{"channel","type","data"}}
  HTTP       POST /api/v1/publish {"channel","type","data"} -> 200 {"channel","delivered"}

Usage: /usr/bin/python3 fastapi_peer.py [--port N]
(prints "listening on http://127.0.0.1:PORT" when ready). Runs one uvicorn worker with its
standard event loop and parsers (uvloop and httptools when installed), access log off.
"""
import argparse
import asyncio
import json
import socket
from collections import defaultdict
from datetime import datetime, timezone
from typing import Any, Dict, Set

import uvicorn
from fastapi import FastAPI, WebSocket, WebSocketDisconnect
from pydantic import BaseModel


class ConnectionManager:
    """Active WebSocket connections per channel (``Dict[str, Set[WebSocket]]``, as the scheduler's
    server keeps them)."""

    def __init__(self) -> None:
        self.active_connections: Dict[str, Set[WebSocket]] = defaultdict(set)

    def subscribe(self, channel: str, websocket: WebSocket) -> None:
        self.active_connections[channel].add(websocket)

    def disconnect(self, websocket: WebSocket) -> None:
        for channel in list(self.active_connections):
            connections = self.active_connections[channel]
            connections.discard(websocket)
            if not connections:
                del self.active_connections[channel]

    async def broadcast(self, channel: str, event_type: str, data: Any) -> int:
        """Sends one event to every connection of the channel; returns how many got it."""
        connections = self.active_connections.get(channel)
        if not connections:
            return 0
        message = json.dumps({"type": event_type, "channel": channel,
                              "timestamp": datetime.now(timezone.utc).isoformat(), "data": data})
        delivered = 0
        for websocket in list(connections):
            try:
                await websocket.send_text(message)
                delivered += 1
            except Exception:  # a closed connection: forget it, as the servers it imitates do
                self.disconnect(websocket)
        return delivered


class PublishRequest(BaseModel):
    channel: str
    type: str = "message"
    data: Any = None


app = FastAPI()
manager = ConnectionManager()


@app.post("/api/v1/publish")
async def publish(request: PublishRequest) -> Dict[str, Any]:
    delivered = await manager.broadcast(request.channel, request.type, request.data or {})
    return {"channel": request.channel, "delivered": delivered}


@app.websocket("/ws")
async def websocket_endpoint(websocket: WebSocket) -> None:
    await websocket.accept()
    try:
        while True:
            message = await websocket.receive_json()
            kind = message.get("type")
            data = message.get("data") or {}
            if kind == "subscribe":
                channels = data.get("channels", [])
                for channel in channels:
                    manager.subscribe(channel, websocket)
                await websocket.send_json({"type": "subscription_confirmed", "data": {"channels": channels}})
            elif kind == "publish":
                await manager.broadcast(data.get("channel", ""), data.get("type", "message"), data.get("data", {}))
    except (WebSocketDisconnect, json.JSONDecodeError):
        pass
    finally:
        manager.disconnect(websocket)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=0)
    args = parser.parse_args()
    # Bind first so port 0 can be reported; uvicorn serves the already-bound socket.
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", args.port))
    config = uvicorn.Config(app, log_level="warning", access_log=False, backlog=4096)
    server = uvicorn.Server(config)

    async def serve() -> None:
        task = asyncio.ensure_future(server.serve(sockets=[sock]))
        while not server.started:
            await asyncio.sleep(0.05)
        print(f"listening on http://127.0.0.1:{sock.getsockname()[1]}", flush=True)
        await task

    config.setup_event_loop()
    asyncio.run(serve())


if __name__ == "__main__":
    main()
