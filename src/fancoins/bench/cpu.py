"""Where a benchmark's time goes, in CPU: this process (the writer and the load it serves),
a local PostgreSQL server, and the whole machine's busy share over the run (Linux /proc)."""

from __future__ import annotations

import os
from dataclasses import dataclass

from sqlalchemy.engine import make_url


@dataclass(slots=True)
class CpuSplit:
    own_s: float = 0.0
    postgres_s: float | None = None  # None: no local PostgreSQL server found to measure
    machine_busy_s: float = 0.0
    machine_s: float = 0.0  # CPU seconds the machine had: wall time x cores

    def add(self, other: CpuSplit) -> None:
        self.own_s += other.own_s
        if other.postgres_s is not None:
            self.postgres_s = (self.postgres_s or 0.0) + other.postgres_s
        self.machine_busy_s += other.machine_busy_s
        self.machine_s += other.machine_s

    def said(self, work: int, what: str) -> str:
        """Per unit of `work` (e.g. gifts committed), and the machine's busy share."""
        if not work or not self.machine_s:
            return "CPU: nothing measured"
        parts = [f"this process {self.own_s / work * 1e6:,.0f} µs"]
        if self.postgres_s is not None:
            parts.append(f"PostgreSQL {self.postgres_s / work * 1e6:,.0f} µs")
        other = self.machine_busy_s - self.own_s - (self.postgres_s or 0.0)
        parts.append(f"anything else {max(other, 0.0) / work * 1e6:,.0f} µs")
        return (f"CPU per {what}: {', '.join(parts)}; the machine's {os.cpu_count()} cores "
                f"were {self.machine_busy_s / self.machine_s:.0%} busy")


def _own_s() -> float:
    times = os.times()
    return times.user + times.system


def _machine() -> tuple[float, float]:
    """(busy, total) CPU seconds of every core since boot."""
    with open("/proc/stat", encoding="ascii") as stat:
        fields = [int(value) for value in stat.readline().split()[1:]]
    idle = fields[3] + fields[4]  # idle + iowait
    tick = os.sysconf("SC_CLK_TCK")
    return (sum(fields) - idle) / tick, sum(fields) / tick


def postgres_pid(database_url: str) -> int | None:
    """The postmaster of a PostgreSQL on this machine started with the URL's port on its
    command line (as `--start-postgres` and the test suite start theirs)."""
    url = make_url(database_url)
    if url.get_backend_name() != "postgresql" or url.host not in ("127.0.0.1", "localhost"):
        return None
    wanted = f"port={url.port or 5432}"
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/cmdline", "rb") as cmdline:
                args = cmdline.read().split(b"\0")
        except OSError:
            continue
        if args and args[0].endswith(b"/postgres") and any(
                arg.decode(errors="replace").endswith(wanted) for arg in args):
            return int(entry)
    return None


def cpu_seconds(pid: int) -> float:
    """CPU time (user + system) a process has used so far, from /proc (Linux)."""
    return _cpu_and_parent(pid)[0]


def tree_cpu_seconds(pid: int) -> float:
    """CPU time of a process and of every live process under it: granian serves from a
    worker process it spawns, uvicorn (one worker) from its own."""
    children: dict[int, list[int]] = {}
    cpu: dict[int, float] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                cpu[int(entry)], parent = _cpu_and_parent(int(entry))
            except (OSError, IndexError, ValueError):  # gone meanwhile
                continue
            children.setdefault(parent, []).append(int(entry))
    total, pending = 0.0, [pid]
    while pending:
        member = pending.pop()
        total += cpu.get(member, 0.0)
        pending.extend(children.get(member, ()))
    return total


def _cpu_and_parent(pid: int) -> tuple[float, int]:
    with open(f"/proc/{pid}/stat", encoding="ascii") as stat:
        fields = stat.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK"), int(fields[1])


class CpuMeter:
    """`start()` then `stop()`: the CPU each side used in between. A PostgreSQL backend
    that exits in between takes its CPU time with it (its parent is not told it until it
    reaps it): measure over pooled connections that live through the run."""

    def __init__(self, database_url: str) -> None:
        self._postgres = postgres_pid(database_url)
        self._began: tuple[float, float | None, float, float] = (0.0, None, 0.0, 0.0)

    def _now(self) -> tuple[float, float | None, float, float]:
        busy, total = _machine()
        postgres = tree_cpu_seconds(self._postgres) if self._postgres is not None else None
        return _own_s(), postgres, busy, total

    def start(self) -> None:
        self._began = self._now()

    def stop(self) -> CpuSplit:
        own, postgres, busy, total = self._now()
        own0, postgres0, busy0, total0 = self._began
        return CpuSplit(own - own0, None if postgres is None or postgres0 is None
                        else postgres - postgres0, busy - busy0, total - total0)
