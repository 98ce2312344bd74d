"""Load test: many concurrent real Streamlit sessions changing Spend map filters through the proxy."""

# Starts deploy/serve.sh (N replicas + nginx, loopback) unless --url is given, then runs --sessions
# concurrent websocket sessions (bench/loadclient.py) for --seconds. Each session opens the Spend map,
# then repeatedly changes one filter (IMD deciles, buyers, what counts as local, denominator, status,
# amount band, supplier text) and waits for the rerun to finish, with a short random think time.
# Everything is bounded: per-session rerun cap, per-rerun timeout, an overall deadline.
#
# Prints `name=value` lines: sessions, reruns, errors, p50/p95 of filter change → script_finished,
# sessions per replica (Streamlit's /_stcore/metrics connect counters and the nginx access log's
# route → upstream) and peak RSS per replica (/proc/<pid>/status VmHWM).
#
#     .venv/bin/python bench/bench_load.py                    # 50 sessions, 120 s, 2 replicas
#     .venv/bin/python bench/bench_load.py --sessions 10 --seconds 20
#     .venv/bin/python bench/bench_load.py --url http://127.0.0.1:8600 --pids "123 456" --ports "8611 8612"

from __future__ import annotations

import argparse
import asyncio
import collections
import os
import random
import resource
import signal
import statistics
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parent))

import contextlib

from loadclient import (  # noqa: E402
    Deployment,
    SessionError,
    StreamlitSession,
    proc_memory_kb,
    read_access_log,
    replica_metrics,
)

PAGE = "spend_map"


@dataclass
class Stats:
    sessions_started: int = 0
    sessions_connected: int = 0
    initial_times: list[float] = field(default_factory=list)
    change_times: list[float] = field(default_factory=list)
    errors: collections.Counter = field(default_factory=collections.Counter)
    error_samples: list[str] = field(default_factory=list)
    actions: collections.Counter = field(default_factory=collections.Counter)
    routes: list[str] = field(default_factory=list)
    bytes_in: int = 0

    def error(self, kind: str, detail: str) -> None:
        self.errors[kind] += 1
        if len(self.error_samples) < 8:
            self.error_samples.append(f"{kind}: {detail[:300]}")


def cpu_seconds(pid: int) -> float:
    """utime + stime of a process from /proc/<pid>/stat (0 if it is gone)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def pct(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    s = sorted(values)
    return s[min(len(s) - 1, max(0, round(q / 100 * (len(s) - 1))))]


def change_filter(s: StreamlitSession, rng: random.Random) -> str:
    """Change one sidebar filter the way a viewer would; returns the action's name."""
    options = {w.key: w for w in s.widgets() if w.key}
    action = rng.choice(
        [
            "deciles",
            "deciles",
            "buyers",
            "buyers",
            "local",
            "local",
            "denom",
            "status",
            "amount",
            "q",
        ]
    )
    if action == "deciles":
        opts = options["sm.filters.deciles"].options
        s.set_value("sm.filters.deciles", rng.sample(opts, rng.randint(0, 3)))
    elif action == "buyers":
        opts = options["sm.filters.buyers"].options
        s.set_value("sm.filters.buyers", rng.sample(opts, rng.randint(0, min(2, len(opts)))))
    elif action == "local":
        kinds = options["sm.local_kind"].options  # One LAD / One LEP / One CA / A set of LADs
        sent = s.widget_states.get(options["sm.local_kind"].id)
        current_kind = sent.string_value if sent is not None else kinds[1]
        code_key = next((k for k in options if k.startswith("sm.locality.")), None)
        if code_key and rng.random() < 0.8:
            codes = options[code_key].options  # includes "— choose an area —"
            s.set_value(code_key, rng.choice(codes))
        else:
            s.set_value("sm.local_kind", rng.choice([k for k in kinds[:3] if k != current_kind]))
    elif action == "denom":
        s.set_value("sm.denominator", rng.choice(options["sm.denominator"].options))
    elif action == "status":
        opts = options["sm.filters.statuses"].options
        s.set_value("sm.filters.statuses", rng.sample(opts, rng.randint(0, 2)))
    elif action == "amount":
        opts = options["sm.filters.amount"].options
        lo = rng.randrange(0, len(opts) - 1)
        hi = rng.randrange(lo + 1, len(opts))
        s.set_value("sm.filters.amount", [opts[lo], opts[hi]])
    elif action == "q":
        s.set_value("sm.filters.q", rng.choice(["", "ltd", "care", "trust", "recovery", "nhs"]))
    return action


async def viewer(
    idx: int, url: str, stats: Stats, args: argparse.Namespace, start_at: float, stop_at: float
) -> None:
    rng = random.Random(args.seed * 1000 + idx)
    await asyncio.sleep(max(0.0, start_at - time.monotonic()))
    if time.monotonic() >= stop_at:
        return
    stats.sessions_started += 1
    s = StreamlitSession(url, page=PAGE, timeout=args.rerun_timeout)
    try:
        try:
            await s.connect()
            r = await s.rerun()
        except SessionError as exc:
            stats.error("connect", str(exc))
            return
        stats.sessions_connected += 1
        stats.routes.append(s.route or "")
        stats.initial_times.append(r.seconds)
        stats.bytes_in += r.bytes
        for e in r.errors:
            stats.error("page_error", e)
        for _ in range(args.max_reruns):
            if time.monotonic() + 0.5 >= stop_at:
                break
            try:
                action = change_filter(s, rng)
            except (KeyError, ValueError) as exc:
                stats.error("no_widget", repr(exc))
                break
            try:
                r = await s.rerun()
            except SessionError as exc:
                stats.error("rerun_failed", f"{action}: {exc}")
                break
            stats.actions[action] += 1
            stats.change_times.append(r.seconds)
            stats.bytes_in += r.bytes
            for e in r.errors:
                stats.error("page_error", f"{action}: {e}")
            think = rng.uniform(args.think_min, args.think_max)
            await asyncio.sleep(min(think, max(0.0, stop_at - time.monotonic())))
    finally:
        await s.close()


async def sample_memory(pids: list[int], peak: dict[int, int], stop: asyncio.Event) -> None:
    while not stop.is_set():
        for pid in pids:
            rss = proc_memory_kb(pid).get("VmRSS", 0)
            peak[pid] = max(peak.get(pid, 0), rss)
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stop.wait(), 1.0)


async def sample_active(ports: list[int], peak: dict[int, float], stop: asyncio.Event) -> None:
    while not stop.is_set():
        for port in ports:
            try:
                m = await asyncio.to_thread(replica_metrics, port, 5.0)
            except OSError:
                continue
            peak[port] = max(peak.get(port, 0), m.get("active_sessions", 0))
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stop.wait(), 2.0)


async def run(args: argparse.Namespace, url: str, pids: list[int], ports: list[int], prefix):
    stats = Stats()
    connects0 = {p: replica_metrics(p).get("connects", 0) for p in ports}
    cpu0 = {pid: cpu_seconds(pid) for pid in pids}
    ru0 = resource.getrusage(resource.RUSAGE_SELF)
    peak_rss: dict[int, int] = {}
    peak_active: dict[int, float] = {}
    stop = asyncio.Event()
    samplers = [
        asyncio.create_task(sample_memory(pids, peak_rss, stop)),
        asyncio.create_task(sample_active(ports, peak_active, stop)),
    ]
    t0 = time.monotonic()
    stop_at = t0 + args.seconds
    tasks = [
        asyncio.create_task(
            viewer(i, url, stats, args, t0 + args.ramp * i / max(1, args.sessions), stop_at)
        )
        for i in range(args.sessions)
    ]
    # Hard bound: the run length plus one rerun timeout plus a margin for closing.
    done, pending = await asyncio.wait(tasks, timeout=args.seconds + args.rerun_timeout + 60)
    for t in pending:
        stats.error("hung_session", "cancelled at the hard deadline")
        t.cancel()
    for t in done:
        if t.exception() is not None:
            stats.error("client_crash", repr(t.exception()))
    elapsed = time.monotonic() - t0
    ru1 = resource.getrusage(resource.RUSAGE_SELF)
    cpu1 = {pid: cpu_seconds(pid) for pid in pids}
    await asyncio.sleep(2)  # let the replicas count the disconnects
    stop.set()
    await asyncio.gather(*samplers, return_exceptions=True)

    out: list[tuple[str, object]] = [
        ("url", url),
        ("sessions", args.sessions),
        ("sessions_connected", stats.sessions_connected),
        ("seconds", round(elapsed, 1)),
        ("reruns", len(stats.change_times)),
        ("reruns_per_second", round(len(stats.change_times) / elapsed, 2)),
        ("errors", sum(stats.errors.values())),
    ]
    out += [(f"errors_{k}", v) for k, v in sorted(stats.errors.items())]
    out += [
        (
            "change_p50_s",
            round(statistics.median(stats.change_times), 3) if stats.change_times else "nan",
        ),
        ("change_p95_s", round(pct(stats.change_times, 95), 3)),
        ("change_max_s", round(max(stats.change_times), 3) if stats.change_times else "nan"),
        ("initial_load_p50_s", round(pct(stats.initial_times, 50), 3)),
        ("initial_load_p95_s", round(pct(stats.initial_times, 95), 3)),
        ("mb_received", round(stats.bytes_in / 1e6, 1)),
        ("cpus", os.cpu_count()),
        ("client_cpu_s", round(ru1.ru_utime + ru1.ru_stime - ru0.ru_utime - ru0.ru_stime, 1)),
        ("actions", ",".join(f"{k}:{v}" for k, v in sorted(stats.actions.items()))),
    ]
    for i, port in enumerate(ports):
        try:
            connects = replica_metrics(port).get("connects", 0) - connects0.get(port, 0)
        except OSError:
            connects = "nan"
        out.append((f"replica{i}_port", port))
        out.append((f"replica{i}_sessions", int(connects) if connects != "nan" else connects))
        out.append((f"replica{i}_peak_active_sessions", int(peak_active.get(port, 0))))
    if prefix is not None:
        log = read_access_log(Path(prefix) / "access.log")
        by_route = {e["route"]: e["upstream"] for e in log if e["path"].startswith("/" + PAGE)}
        per_upstream = collections.Counter(by_route.get(r, "?") for r in stats.routes)
        out.append(
            (
                "sessions_per_upstream_by_cookie",
                ",".join(f"{u}:{n}" for u, n in sorted(per_upstream.items())),
            )
        )
    for i, pid in enumerate(pids):
        mem = proc_memory_kb(pid)
        hwm = max(mem.get("VmHWM", 0), peak_rss.get(pid, 0))
        out.append((f"replica{i}_pid", pid))
        out.append((f"replica{i}_cpu_s", round(cpu1.get(pid, 0) - cpu0.get(pid, 0), 1)))
        out.append((f"replica{i}_peak_rss_mb", round(hwm / 1024, 1)))
        out.append((f"replica{i}_rss_end_mb", round(mem.get("VmRSS", 0) / 1024, 1)))
    if pids:
        worst = max(max(proc_memory_kb(p).get("VmHWM", 0), peak_rss.get(p, 0)) for p in pids)
        out.append(("peak_rss_max_mb", round(worst / 1024, 1)))
        out.append(("peak_rss_ok_le_1gb", worst <= 1024 * 1024))
    for name, value in out:
        print(f"{name}={value}")
    for sample in stats.error_samples:
        print(f"# {sample}")
    return 0 if sum(stats.errors.values()) == 0 else 1


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--sessions", type=int, default=50)
    ap.add_argument("--seconds", type=float, default=120.0)
    ap.add_argument("--replicas", type=int, default=2)
    ap.add_argument("--url", help="attach to a running proxy (loopback) instead of starting one")
    ap.add_argument("--pids", default="", help="replica PIDs (with --url), for peak RSS")
    ap.add_argument(
        "--ports", default="", help="replica ports (with --url), for sessions per replica"
    )
    ap.add_argument("--nginx-prefix", default=None, help="serve.sh's nginx prefix (with --url)")
    ap.add_argument("--ramp", type=float, default=10.0, help="seconds over which sessions start")
    ap.add_argument("--think-min", type=float, default=0.5)
    ap.add_argument("--think-max", type=float, default=2.0)
    ap.add_argument("--max-reruns", type=int, default=1000, help="cap per session")
    ap.add_argument("--rerun-timeout", type=float, default=120.0)
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args(argv)
    if args.url:
        host = urlsplit(args.url).hostname
        if host not in ("127.0.0.1", "localhost", "::1"):
            ap.error("--url must be a loopback address")
        pids = [int(p) for p in args.pids.split()]
        ports = [int(p) for p in args.ports.split()]
        return asyncio.run(run(args, args.url.rstrip("/"), pids, ports, args.nginx_prefix))

    def on_term(*_: object) -> None:
        raise SystemExit(143)

    signal.signal(signal.SIGTERM, on_term)  # stop serve.sh (finally below) on SIGTERM too
    dep = Deployment(replicas=args.replicas)
    t0 = time.monotonic()
    try:
        dep.start()
        print(f"startup_s={time.monotonic() - t0:.1f}")
        return asyncio.run(run(args, dep.url, dep.pids, dep.ports, dep.prefix))
    except KeyboardInterrupt:
        print("interrupted=1")
        return 130
    finally:
        rc = dep.stop()
        print(f"stopped=1 serve_rc={rc}")


if __name__ == "__main__":
    sys.exit(main())
