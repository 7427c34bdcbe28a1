"""The clients of bench/broadcast.py: many sockets in one room, timing what reaches them.

Started by bench/broadcast.py with the baked project's interpreter (it has `websockets` and
uvloop through uvicorn[standard]):

    .venv/bin/python <template>/bench/fanout.py CONFIG_JSON

CONFIG_JSON names the servers (`host:port`, receivers spread over them in turn, the sender
on the first), their process ids (for resident memory), the number of receivers, broadcasts
and throughput messages. Prints one JSON object with the results.
"""

import asyncio
import json
import resource
import statistics
import sys
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

import uvloop
from websockets.asyncio.client import ClientConnection, connect

ROOM = "bench"
CONNECT_BATCH = 50  # handshakes in flight at once
WAIT_SECONDS = 30.0  # for one broadcast to reach everyone
# Messages the sender may be ahead of the slowest receiver in the throughput run: below the
# service's WS_SEND_QUEUE_SIZE (64), so no receiver is dropped for being slow.
WINDOW = 32


def rss_kib(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    raise RuntimeError(f"no VmRSS for {pid}")


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


class Room:
    """Receivers' arrival times per message, and who has everything so far."""

    def __init__(self, receivers: int) -> None:
        self.receivers = receivers
        self.arrivals: defaultdict[int, list[int]] = defaultdict(list)
        self.complete: defaultdict[int, asyncio.Event] = defaultdict(asyncio.Event)

    async def listen(self, ws: ClientConnection) -> None:
        async for raw in ws:
            now = time.perf_counter_ns()
            frame = json.loads(raw)
            if frame["type"] == "message":
                seq = int(frame["text"])
                self.arrivals[seq].append(now)
                if len(self.arrivals[seq]) == self.receivers:
                    self.complete[seq].set()
            elif frame["type"] == "ping":
                await ws.send('{"type":"pong"}')


async def join(address: str) -> ClientConnection:
    ws = await connect(f"ws://{address}/ws/rooms/{ROOM}", max_size=2**20, open_timeout=60)
    frame = json.loads(await ws.recv())
    assert frame["type"] == "joined", frame
    return ws


async def main(config: dict[str, Any]) -> dict[str, Any]:
    _, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    servers, pids, receivers = config["servers"], config["pids"], config["receivers"]
    room = Room(receivers)
    before = [rss_kib(pid) for pid in pids]
    began = time.perf_counter()
    sockets: list[ClientConnection] = []
    addresses = [servers[i % len(servers)] for i in range(receivers)]
    for start in range(0, receivers, CONNECT_BATCH):
        batch = addresses[start : start + CONNECT_BATCH]
        sockets += await asyncio.gather(*(join(address) for address in batch))
    connect_s = time.perf_counter() - began
    await asyncio.sleep(0.5)
    after = [rss_kib(pid) for pid in pids]
    listeners = [asyncio.create_task(room.listen(ws)) for ws in sockets]
    sender = await join(servers[0])
    drain = asyncio.create_task(drain_sender(sender))

    latencies: dict[str, list[float]] = {"p50": [], "p99": [], "max": []}
    for seq in range(config["broadcasts"]):
        sent = time.perf_counter_ns()
        await sender.send(json.dumps({"type": "say", "text": str(seq)}))
        await asyncio.wait_for(room.complete[seq].wait(), WAIT_SECONDS)
        ms = [(arrival - sent) / 1e6 for arrival in room.arrivals[seq]]
        latencies["p50"].append(percentile(ms, 0.50))
        latencies["p99"].append(percentile(ms, 0.99))
        latencies["max"].append(max(ms))
        await asyncio.sleep(0.1)

    first = config["broadcasts"]
    last = first + config["messages"]
    began = time.perf_counter()
    for seq in range(first, last):
        if seq - WINDOW >= first:
            await asyncio.wait_for(room.complete[seq - WINDOW].wait(), WAIT_SECONDS)
        await sender.send(json.dumps({"type": "say", "text": str(seq)}))
    await asyncio.wait_for(room.complete[last - 1].wait(), WAIT_SECONDS)
    seconds = time.perf_counter() - began

    dropped = sum(listener.done() for listener in listeners)
    drain.cancel()
    for ws in [*sockets, sender]:
        await ws.close()
    await asyncio.gather(*listeners, return_exceptions=True)
    return {
        "receivers": receivers,
        "servers": len(servers),
        "connect_s": connect_s,
        "rss_kib_per_connection": (sum(after) - sum(before)) / receivers,
        "latency_ms": {name: statistics.median(values) for name, values in latencies.items()},
        "latency_ms_worst": {name: max(values) for name, values in latencies.items()},
        "messages_per_s": config["messages"] / seconds,
        "deliveries_per_s": config["messages"] * receivers / seconds,
        "dropped": dropped,
    }


async def drain_sender(ws: ClientConnection) -> None:
    """The sender is in the room too: read what it gets so its queue never fills."""
    async for raw in ws:
        if '"type":"ping"' in str(raw):
            await ws.send('{"type":"pong"}')


if __name__ == "__main__":
    print(json.dumps(uvloop.run(main(json.loads(sys.argv[1])))))
