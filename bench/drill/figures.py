"""The scale drill's arithmetic and its load balancer's configuration: pure functions, tested in
the suite (tests/performance/test_scale_drill.py); bench/drill/run.py does the starting and killing.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
import math


@dataclass(frozen=True)
class Request:
    """One answer locust saw: when it ended (seconds since the epoch), its name, status (0 when the
    connection failed) and whether it counted as a success."""

    at: float
    name: str
    status: int
    ok: bool


def window(requests: Iterable[Request], start: float, end: float) -> dict:
    """Throughput and failures of the requests that ended in [start, end)."""
    inside = [r for r in requests if start <= r.at < end]
    seconds = max(end - start, 1e-9)
    failures = [r for r in inside if not r.ok]
    return {
        "seconds": round(end - start, 1),
        "requests": len(inside),
        "per_second": round(len(inside) / seconds, 1),
        "failures": len(failures),
        "failed_statuses": dict(sorted(Counter(r.status for r in failures).items())),
    }


def ratio(two_nodes: Sequence[float], one_node: float) -> float | None:
    """The two-node throughput (mean of the windows measured with two) over the one-node one."""
    if not two_nodes or not one_node:
        return None
    return round(sum(two_nodes) / len(two_nodes) / one_node, 2)


def errors_seen(requests: Iterable[Request]) -> dict:
    """Failures by kind: connection failures (status 0), server errors, other refusals."""
    failed = [r for r in requests if not r.ok]
    return {
        "total": len(failed),
        "connection": sum(1 for r in failed if r.status == 0),
        "server_5xx": sum(1 for r in failed if r.status >= 500),
        "other": sum(1 for r in failed if 0 < r.status < 500),
        "by_request": dict(sorted(Counter(f"{r.name} [{r.status}]" for r in failed).items())),
    }


def near(requests: Iterable[Request], moment: float, seconds: float = 5.0) -> int:
    """Failures within `seconds` after a moment (a kill): what the kill cost clients."""
    return sum(1 for r in requests if not r.ok and moment <= r.at < moment + seconds)


def lost_writes(acknowledged: Iterable[int], stored: Iterable[int]) -> dict:
    """Writes the clients saw acknowledged against the rows the database holds afterwards."""
    acked, rows = set(acknowledged), set(stored)
    return {
        "acknowledged": len(acked),
        "found": len(acked & rows),
        "lost": len(acked - rows),
        "stored_not_acknowledged": len(rows - acked),
    }


def duplicate_mail(recipients: Iterable[str]) -> dict:
    """Messages the transport received, one address each: how many addresses got more than one."""
    counts = Counter(recipients)
    return {
        "messages": sum(counts.values()),
        "addresses": len(counts),
        "duplicates": sum(n - 1 for n in counts.values() if n > 1),
    }


def percentile(values: Sequence[float], fraction: float) -> float | None:
    """The nearest-rank percentile (0 < fraction <= 1) of the values; None without values."""
    if not values:
        return None
    ordered = sorted(values)
    rank = max(1, math.ceil(fraction * len(ordered)))
    return ordered[rank - 1]


def limit_across_nodes(statuses: Sequence[tuple[str, int]], limit: int) -> dict:
    """Calls spread over the nodes (node, status), in order: a limit shared by every node lets
    exactly `limit` through and refuses the rest, whichever node answers."""
    allowed = [node for node, status in statuses if status != 429]
    refused = [node for node, status in statuses if status == 429]
    return {
        "calls": len(statuses),
        "limit": limit,
        "allowed": len(allowed),
        "refused_429": len(refused),
        "allowed_by_node": dict(sorted(Counter(allowed).items())),
        "refused_by_node": dict(sorted(Counter(refused).items())),
        "one_limit": len(allowed) == limit and all(status == 429 for _node, status in statuses[limit:]),
    }


def haproxy_config(
    *, port: int, servers: Sequence[tuple[str, int]], per_server: int, stats_port: int | None = None
) -> str:
    """HAProxy in front of the web nodes: round robin, a node taken out when /healthz fails three
    times (checked every second) or at its first refused connection, a request that could not reach a node sent to another. Only
    requests that cannot have changed anything are retried after they reached a node (GET, HEAD): a
    POST whose node died mid-way is answered 502, never sent twice. Each node gets at most
    `per_server` requests at once (its threads); the rest wait in HAProxy's queue, so a busy node
    still answers its health check at once instead of being taken out for slowness."""
    lines = [
        "global",
        "    maxconn 2048",
        "defaults",
        "    mode http",
        "    timeout connect 2s",
        "    timeout client 60s",
        "    timeout server 60s",
        "    timeout http-keep-alive 10s",
        "    timeout queue 30s",
        "    timeout check 5s",
        "    option forwardfor",
        "    retries 3",
        "    option redispatch 1",
        "    retry-on conn-failure empty-response response-timeout",
        "frontend web",
        f"    bind 127.0.0.1:{port}",
        "    default_backend nodes",
        "backend nodes",
        "    balance roundrobin",
        "    http-request disable-l7-retry unless METH_GET || METH_HEAD",
        "    option httpchk GET /healthz",
        "    http-check expect status 200",
        # A refused connection takes the node out at once; the health check brings it back.
        f"    default-server inter 1s fall 3 rise 2 maxconn {per_server} observe layer4 error-limit 1 on-error mark-down",
    ]
    lines += [f"    server {name} 127.0.0.1:{server_port} check" for name, server_port in servers]
    if stats_port:
        lines += ["listen stats", f"    bind 127.0.0.1:{stats_port}", "    stats enable", "    stats uri /"]
    return "\n".join(lines) + "\n"
