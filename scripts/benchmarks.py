#!/usr/bin/env python3
"""Writes BENCHMARKS.md from criterion's output, and optionally runs the benchmarks first.

    scripts/benchmarks.py --run        # cargo bench parse, analyze, compose; then write the table
    scripts/benchmarks.py              # write the table from the last run's results
    scripts/benchmarks.py --output -   # print it instead

Results are read from target/criterion/**/new/{estimates,benchmark}.json ($CARGO_TARGET_DIR
is honoured). Each target is a ratio between two measurements of the same run, so the
machine's speed cancels out, and its verdict is PASS or FAIL only when the ratio's range
over both measurements' 95% intervals is all on one side of the target (see `judge`), else
UNDECIDED. The parse bench's measurements each run in a process of their
own (see `run_isolated`): what one reader leaves in the allocator's heap otherwise slows the
next, by a fifth to a half at 100k objects. With valgrind on the PATH, `--run` also counts the
instructions of one analysis at each size under callgrind (the analyze bench binary with
ANALYZE_ONCE set), which tells work that grows faster than the set from time lost to the
caches; the same run simulates a fixed pair of caches (see CACHE_MODEL) and counts their
read misses, which, unlike times, do not depend on what else shares the VM's caches. Before
and after each bench, `--run` also times a fixed workload alone (the compose bench binary
with COMPOSE_PROBE set: the best of a second of composing and writing the plan of 100), so
that a change in the machine's speed during the run shows. Last, `--run` takes
the allocation census of reading (the allocations bench binary: heap blocks per object read,
by size). Only the standard library is used.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCHES = ["parse", "analyze", "compose"]
BENCH_ARGS = ["--warm-up-time", "1", "--measurement-time", "5"]
# Benches whose measurements each run in a fresh process, for one size at a time (the
# environment variable that sets up only that size's inputs).
ISOLATED = {"parse": "PARSE_BENCH_SIZES"}
SIZES = ["1k", "10k", "100k"]
KINDS = ["virtual_service", "destination_rule", "service_entry", "gateway"]


class Result:
    """One criterion benchmark: its typical time and its throughput unit."""

    def __init__(self, directory: Path):
        meta = json.loads((directory / "benchmark.json").read_text())
        est = json.loads((directory / "estimates.json").read_text())
        self.id = meta["full_id"]
        # Criterion's headline figure: the slope for linear sampling, the mean for flat.
        typical = est.get("slope") or est["mean"]
        self.seconds = typical["point_estimate"] / 1e9
        ci = typical["confidence_interval"]
        self.low = ci["lower_bound"] / 1e9
        self.high = ci["upper_bound"] / 1e9
        self.throughput = meta.get("throughput") or {}
        self.mtime = (directory / "estimates.json").stat().st_mtime

    def per_second(self) -> str:
        if "Bytes" in self.throughput:
            return f"{self.throughput['Bytes'] / self.seconds / 2**20:,.1f} MiB/s"
        if "Elements" in self.throughput:
            return f"{self.throughput['Elements'] / self.seconds:,.0f} /s"
        return ""

    def input(self) -> str:
        if "Bytes" in self.throughput:
            return f"{self.throughput['Bytes'] / 2**20:,.1f} MiB"
        if "Elements" in self.throughput:
            return f"{self.throughput['Elements']:,}"
        return ""

    def time(self) -> str:
        return fmt_time(self.seconds)


def fmt_time(seconds: float) -> str:
    for unit, scale in (("s", 1), ("ms", 1e-3), ("µs", 1e-6)):
        if seconds >= scale:
            return f"{seconds / scale:.3g} {unit}"
    return f"{seconds / 1e-9:.3g} ns"


def target_dir() -> Path:
    configured = os.environ.get("CARGO_TARGET_DIR")
    return Path(configured) if configured else ROOT / "target"


def load() -> dict[str, Result]:
    results = {}
    for meta in (target_dir() / "criterion").glob("**/new/benchmark.json"):
        result = Result(meta.parent)
        results[result.id] = result
    return results


def run_log() -> Path:
    return target_dir() / "criterion" / "benchmarks-run.json"


def read_run_log() -> dict | None:
    """What the last `--run` recorded, if the results come from one."""
    try:
        log = json.loads(run_log().read_text())
    except (OSError, ValueError):
        return None
    return log if isinstance(log, dict) and "benches" in log else None


def loadavg() -> str:
    try:
        return " ".join(Path("/proc/loadavg").read_text().split()[:3])
    except OSError:
        return "unknown"


def cpu_ticks() -> tuple[int, int]:
    """All CPU time and the part stolen by the hypervisor, in ticks, from /proc/stat."""
    try:
        fields = [int(f) for f in Path("/proc/stat").read_text().splitlines()[0].split()[1:]]
    except (OSError, ValueError, IndexError):
        return (0, 0)
    return (sum(fields), fields[7] if len(fields) > 7 else 0)


def bench_binary(env: dict, name: str) -> str:
    """The path of a bench binary, built if it is not."""
    build = ["cargo", "bench", "--no-run", "--bench", name, "--message-format=json"]
    out = subprocess.run(build, cwd=ROOT, env=env, check=True, capture_output=True, text=True)
    binary = None
    for line in out.stdout.splitlines():
        message = json.loads(line)
        if message.get("reason") == "compiler-artifact" and message.get("executable") \
                and message["target"]["name"] == name:
            binary = message["executable"]
    if binary is None:
        raise SystemExit(f"cargo named no {name} bench binary")
    return binary


PROBE_MILLIS = 1000


def probe(env: dict, binary: str) -> float:
    """The speed probe: the best time, in seconds, of composing and writing the plan of 100."""
    out = subprocess.run([binary], cwd=ROOT, env={**env, "COMPOSE_PROBE": str(PROBE_MILLIS)},
                         check=True, capture_output=True, text=True)
    return int(out.stdout.strip().splitlines()[-1]) / 1e9


def run() -> None:
    env = dict(os.environ)
    env.setdefault("K8S_OPENAPI_ENABLED_VERSION", "1.37")
    # Build everything first, so that the load average read before each run is not the
    # compiler's, and every bench is built from the same source.
    build = ["cargo", "bench", "--no-run"] + [f"--bench={bench}" for bench in BENCHES]
    print("+", " ".join(build), file=sys.stderr, flush=True)
    subprocess.run(build, cwd=ROOT, env=env, check=True)
    prober = bench_binary(env, "compose")
    log = {
        "commit": command_output("git", "rev-parse", "--short", "HEAD"),
        "dirty": command_output("git", "status", "--porcelain", "--", "src", "Cargo.toml",
                                "benches"),
        "benches": [],
    }
    for bench in BENCHES:
        entry = {"bench": bench, "probe_before": probe(env, prober)}
        entry.update(start=time.time(), loadavg_before=loadavg())
        total, steal = cpu_ticks()
        if bench in ISOLATED:
            run_isolated(env, bench_binary(env, bench), ISOLATED[bench])
        else:
            command = ["cargo", "bench", "--bench", bench, "--", *BENCH_ARGS]
            print("+", " ".join(command), file=sys.stderr, flush=True)
            subprocess.run(command, cwd=ROOT, env=env, check=True)
        total_after, steal_after = cpu_ticks()
        entry.update(
            end=time.time(),
            loadavg_after=loadavg(),
            steal=(steal_after - steal) / max(total_after - total, 1),
            probe_after=probe(env, prober),
        )
        log["benches"].append(entry)
    log["instructions"], log["cache_misses"] = count_analysis_instructions(env)
    log["allocations"] = count_allocations(env)
    run_log().parent.mkdir(parents=True, exist_ok=True)
    run_log().write_text(json.dumps(log, indent=1))


def run_isolated(env: dict, binary: str, sizes_variable: str) -> None:
    """Runs each benchmark of a bench binary in a process of its own, with only its size's
    inputs set up.

    Measured in one process, a reader inherits the heap the readers before it left. In the
    run of 6 December 2026 on 6a2cfa1, the crate's reader took 720 ms for the 100k stream
    after `serde_json::Value` had read and dropped it, and 580-610 ms alone; `Value` itself,
    after the 1k and 10k groups, took 2.14 s at 100k and 254 ms at 10k, and 1.40 s and 156 ms
    alone. A fresh process for each gives every reader, and every limit, the same start: the
    heap as the setup leaves it.
    """
    for size in SIZES:
        sized = {**env, sizes_variable: size}
        listing = subprocess.run([binary, "--list"], cwd=ROOT, env=sized, check=True,
                                 capture_output=True, text=True)
        suffix = ": benchmark"
        ids = [line[:-len(suffix)] for line in listing.stdout.splitlines()
               if line.endswith(suffix)]
        for bench_id in ids:
            command = [binary, "--bench", "--exact", bench_id, *BENCH_ARGS]
            print(f"+ {sizes_variable}={size}", " ".join(command), file=sys.stderr, flush=True)
            subprocess.run(command, cwd=ROOT, env=sized, check=True)


ANALYSIS_SIZES = [1_000, 10_000, 100_000]


# The caches callgrind simulates for the analysis: a 32 KiB 8-way L1d and an 8 MiB 16-way
# last level, 64-byte lines. Fixed rather than read from the machine, so that counts compare
# across runs and machines. 8 MiB is well under the L3 of the VMs these benchmarks have run
# on (32 MiB on the AMD EPYC one, shared with other guests), and small enough that the 10k
# analysis already spills out of it in part.
CACHE_MODEL = ["--cache-sim=yes", "--D1=32768,8,64", "--LL=8388608,16,64"]


def count_analysis_instructions(env: dict) -> tuple[dict[str, int], dict[str, dict]]:
    """Instructions executed by one `analyze` call per mesh size, counted by callgrind, and
    the read misses of the simulated caches (CACHE_MODEL) in the same run; empty without
    valgrind."""
    if not any((Path(d) / "valgrind").exists() for d in env.get("PATH", "").split(os.pathsep)):
        print("valgrind not found: no instruction counts", file=sys.stderr)
        return {}, {}
    binary = bench_binary(env, "analyze")
    counts, misses = {}, {}
    for size in ANALYSIS_SIZES:
        command = ["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null",
                   *CACHE_MODEL, "--toggle-collect=istio_egress::analyze::analyze", binary]
        print("+ ANALYZE_ONCE=%d" % size, " ".join(command), file=sys.stderr, flush=True)
        run = subprocess.run(command, cwd=ROOT, env={**env, "ANALYZE_ONCE": str(size)},
                             check=True, capture_output=True, text=True)
        events = [line.split(":", 2)[-1].split() for line in run.stderr.splitlines()
                  if "Events    :" in line]
        collected = [line.split(":", 2)[-1].split() for line in run.stderr.splitlines()
                     if "Collected :" in line]
        if not events or not collected or len(events[-1]) != len(collected[-1]):
            raise SystemExit(f"callgrind printed no counts for analyze:\n{run.stderr}")
        by_event = dict(zip(events[-1], (int(n) for n in collected[-1])))
        if by_event.get("Ir", 0) == 0:
            raise SystemExit(f"callgrind counted nothing in analyze:\n{run.stderr}")
        counts[str(size)] = by_event["Ir"]
        misses[str(size)] = {"D1mr": by_event.get("D1mr", 0), "DLmr": by_event.get("DLmr", 0)}
    return counts, misses


def count_allocations(env: dict) -> list[dict]:
    """The allocation census of reading the 10k JSON stream (the allocations bench binary:
    one JSON line per reader)."""
    binary = bench_binary(env, "allocations")
    print("+", binary, file=sys.stderr, flush=True)
    out = subprocess.run([binary], cwd=ROOT, env=env, check=True, capture_output=True,
                         text=True)
    return [json.loads(line) for line in out.stdout.splitlines() if line.startswith("{")]


ALLOCATION_READERS = {
    "manifest": "`Manifest::parse_as`, the crate's typed reader",
    "value": "`serde_json::Value`",
    "scan_ignored_any": "`IgnoredAny` scan",
}
ALLOCATION_CLASSES = [("text_le_8", "text ≤ 8 B"), ("text_le_16", "text 9–16 B"),
                      ("text_le_24", "text 17–24 B"), ("text_gt_24", "text > 24 B"),
                      ("other", "other blocks")]


def allocation_rows(census: list[dict]) -> list[str]:
    """The census as a table: blocks and bytes per object, and the blocks by kind."""
    if not census:
        return []
    objects = census[0]["objects"]
    rows = [
        "",
        f"### Allocations when reading ({objects:,} objects, the JSON stream; counted, not "
        "timed)",
        "",
        "Heap blocks asked for while reading, per object read (`cargo bench --bench "
        "allocations`: a counting global allocator over the system's; a reallocation counts "
        "as a block). Text blocks are those of alignment 1, `String`s and the like; every "
        "block is given back when the objects are dropped, which the timings above include.",
        "",
        "| Reader | Blocks per object | Bytes per object | "
        + " | ".join(label for _, label in ALLOCATION_CLASSES) + " |",
        "|---|---|---|" + "---|" * len(ALLOCATION_CLASSES),
    ]
    for entry in census:
        blocks = max(entry["blocks"], 1)
        shares = " | ".join(
            f"{entry[key] / objects:.1f} ({entry[key] / blocks:.0%})"
            for key, _ in ALLOCATION_CLASSES
        )
        rows.append(
            f"| {ALLOCATION_READERS.get(entry['reader'], entry['reader'])} | "
            f"{entry['blocks'] / objects:.1f} | {entry['bytes'] / objects:,.0f} | {shares} |"
        )
    return rows


def read_first(path: str, prefix: str) -> str:
    try:
        for line in Path(path).read_text().splitlines():
            if line.startswith(prefix):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return "unknown"


def command_output(*command: str) -> str:
    try:
        return subprocess.run(
            command, cwd=ROOT, capture_output=True, text=True, check=True
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


def machine(log: dict | None) -> list[str]:
    """The machine and source lines; `log` is the run log, if the results come from `--run`."""
    cpuinfo = Path("/proc/cpuinfo").read_text() if Path("/proc/cpuinfo").exists() else ""
    logical = sum(1 for line in cpuinfo.splitlines() if line.startswith("processor"))
    mem_kib = read_first("/proc/meminfo", "MemTotal")
    try:
        memory = f"{int(mem_kib.split()[0]) / 2**20:.1f} GiB"
    except (ValueError, IndexError):
        memory = mem_kib
    if log:
        commit, dirty = log["commit"], log["dirty"]
        when = "when the benchmarks ran"
    else:
        commit = command_output("git", "rev-parse", "--short", "HEAD")
        dirty = command_output("git", "status", "--porcelain", "--", "src", "Cargo.toml",
                               "benches")
        when = "when this table was written (the results were not produced by `--run`, so "
        when += "the source they were measured on is not recorded)"
    changes = [line.strip() for line in dirty.splitlines()] if dirty != "unknown" else []
    return [
        f"- CPU: {read_first('/proc/cpuinfo', 'model name')}, {logical} logical cores "
        f"({read_first('/proc/cpuinfo', 'cpu cores')} cores per socket), "
        f"MemTotal {memory}",
        f"- OS: {platform.system()} {platform.release()} ({platform.machine()})",
        f"- Toolchain: {command_output('rustc', '--version')}",
        f"- Source: commit {commit} {when}"
        + (
            "; uncommitted changes under src/, benches/ or Cargo.toml then:\n"
            + "\n".join(f"  - `{line}`" for line in changes)
            if changes
            else ", with no uncommitted changes under src/, benches/ or Cargo.toml"
        ),
    ]


def ratio_range(num: Result, den: Result) -> tuple[float, float, float]:
    """`num`'s time over `den`'s: the ratio of their estimates, and its range over their 95%
    intervals, the low end of one against the high end of the other."""
    return num.seconds / den.seconds, num.low / den.high, num.high / den.low


def judge(at_worst: bool, at_best: bool) -> str:
    """The verdict on a target, given whether it holds at the worse and at the better end of
    the ratio's range (each measurement's 95% interval, the worse end of one against the
    better end of the other): PASS when it holds even at the worse end, FAIL when it fails
    even at the better end, and UNDECIDED when the run cannot tell."""
    if at_worst:
        return "PASS"
    return "UNDECIDED" if at_best else "FAIL"


class Table:
    def __init__(self, results: dict[str, Result]):
        self.results = results
        self.missing: list[str] = []
        self.rows: list[str] = []
        self.used: set[str] = set()

    def get(self, bench_id: str) -> Result | None:
        result = self.results.get(bench_id)
        if result is None:
            self.missing.append(bench_id)
        else:
            self.used.add(bench_id)
        return result

    def faster(self, name, measured_id, limit_id, target, informational=False):
        """measured is at least `target` times faster than the limit (time ratio)."""
        m, lim = self.get(measured_id), self.get(limit_id)
        if not m or not lim:
            return
        ratio, low, high = ratio_range(lim, m)
        self.row(name, m, lim, f"{ratio:.2f}× ({low:.2f}–{high:.2f})", f"≥ {target}× faster",
                 judge(low >= target, high >= target), informational)

    def share(self, name, measured_id, limit_id, target, informational=False):
        """measured's throughput is at least `target` of the limit's (same bytes)."""
        m, lim = self.get(measured_id), self.get(limit_id)
        if not m or not lim:
            return
        ratio, low, high = ratio_range(lim, m)
        self.row(name, m, lim, f"{ratio:.1%} ({low:.1%}–{high:.1%})", f"≥ {target:.0%} of limit",
                 judge(low >= target, high >= target), informational)

    def growth(self, name, big_id, small_id, target, informational=False):
        big, small = self.get(big_id), self.get(small_id)
        if not big or not small:
            return
        ratio, low, high = ratio_range(big, small)
        self.row(name, big, small, f"{ratio:.2f}× ({low:.2f}–{high:.2f})",
                 f"≤ {target}× the 10× smaller set", judge(high <= target, low <= target),
                 informational)

    def counted(self, name, by_size, unit, big, small, target, per_object=False):
        """Growth of a count taken of one analysis (callgrind, from the run log: its
        instructions, or a simulated cache's read misses) from `small` to `big` objects: a
        reference beside the time target, since counts do not depend on what else shares the
        caches. `per_object` adds the count per object at each size."""
        if str(big) not in by_size or str(small) not in by_size:
            self.missing.append(f"callgrind: {unit} of the analysis at {small:,} and {big:,} "
                                "objects")
            return
        b, s = by_size[str(big)], by_size[str(small)]
        if s == 0:
            self.missing.append(f"callgrind: no {unit} at {small:,} objects to compare with")
            return

        def cell(count, size):
            return f"{count:,} {unit}" + (f" ({count / size:.1f} per object)" if per_object
                                          else "")

        ratio = b / s
        self.rows.append(
            f"| {name} | {cell(b, big)} | {cell(s, small)} | {ratio:.2f}× | "
            f"≤ {target}× the 10× smaller set | ({judge(ratio <= target, ratio <= target)}) |"
        )

    def compare(self, name, measured_id, limit_id):
        """A ratio with no target: how many times the limit's time the measurement takes."""
        m, lim = self.get(measured_id), self.get(limit_id)
        if not m or not lim:
            return
        self.row(name, m, lim, f"{m.seconds / lim.seconds:.2f}× the time", "—", None)

    def ablation(self, title, group, readers, base, value, scan):
        """One row per reader of an ablation group, each against the crate's reader, the
        value tree and the scan of the same run."""
        b = self.get(f"{group}/{base}")
        v = self.get(f"{group}/{value}")
        s = self.get(f"{group}/{scan}") if scan else None
        self.rows += [
            "",
            f"### {title}",
            "",
            f"| Reader (`{group}/…`) | Time (throughput) | Speed-up over `{base}` | "
            f"`{value}` time ÷ this (target ≥ 4×) |"
            + (" Share of scan throughput (targets ≥ 20% / ≥ 15%) |" if scan else ""),
            "|---|---|---|---|" + ("---|" if scan else ""),
        ]
        for reader, label in readers:
            r = self.get(f"{group}/{reader}")
            if not r or not b or not v:
                continue
            row = (f"| `{reader}`: {label} | {r.time()} ({r.per_second()}) | "
                   f"{b.seconds / r.seconds:.2f}× | {v.seconds / r.seconds:.2f}× |")
            if s:
                row += f" {s.seconds / r.seconds:.1%} |"
            self.rows.append(row)

    def rate(self, name, bench_id, target):
        m = self.get(bench_id)
        if not m:
            return
        elements = m.throughput.get("Elements", 0)
        rate, low, high = elements / m.seconds, elements / m.high, elements / m.low
        self.row(name, m, None,
                 f"{rate / target:.2f}× target ({low / target:.2f}–{high / target:.2f})",
                 f"≥ {target:,} routes/s", judge(low >= target, high >= target))

    def row(self, name, m, lim, ratio, target, verdict, informational=False):
        """One row; `verdict` is what `judge` gave, or None for a ratio with no target."""
        limit = f"{lim.time()} ({lim.per_second()})" if lim else "—"
        if verdict is None:
            verdict = "—"
        elif informational:
            verdict = f"({verdict})"
        self.rows.append(
            f"| {name} | {m.time()} ({m.per_second()}) | {limit} | {ratio} | {target} | "
            f"{verdict} |"
        )

    def header(self, title: str):
        self.rows += [
            "",
            f"### {title}",
            "",
            "| Measurement | Time (throughput) | Limit: time (throughput) | Ratio | Target | "
            "Verdict |",
            "|---|---|---|---|---|---|",
        ]


def build(results: dict[str, Result]) -> str:
    t = Table(results)
    # What the last `--run` recorded: read once, for the counts, the census and the machine.
    log = read_run_log()
    t.header("Targets")
    for size in SIZES:
        g = f"parse_json_{size}"
        t.faster(f"JSON {size}: `Manifest::parse_as` vs `serde_json::Value`",
                 f"{g}/manifest", f"{g}/value", 4)
    for size in SIZES:
        g = f"parse_json_{size}"
        t.share(f"JSON {size}: `Manifest::parse_as` vs `IgnoredAny` scan",
                f"{g}/manifest", f"{g}/scan_ignored_any", 0.20)
    for size in SIZES:
        g = f"parse_json_{size}"
        t.share(f"JSON {size}: parse + `Validate` (`parse_each`) vs `IgnoredAny` scan",
                f"{g}/each_validate", f"{g}/scan_ignored_any", 0.15)
    t.growth("analysis: 100k objects vs 10k", "analyze/100000 objects", "analyze/10000 objects", 12)
    t.rate("compose: one route, checked and written",
           "compose/one route, checked and written", 100_000)
    t.rate("compose: plan of 100 routes, checked and written",
           "compose/plan of 100 routes, checked and written", 100_000)
    t.rate("compose: plan of 1000 routes, checked and written",
           "compose/plan of 1000 routes, checked and written", 100_000)

    t.header("Reference points (the same targets applied to other readers; not targets)")
    for size in SIZES:
        g = f"parse_json_{size}"
        t.share(f"JSON {size}: `Manifest::parse_as`, then `Validate` on every object, vs scan",
                f"{g}/manifest_validate", f"{g}/scan_ignored_any", 0.15, True)
        for reader, label in (("serde_known_kinds", "serde-derive, kinds known"),
                              ("serde_tagged_enum", "serde `tag = \"kind\"` enum")):
            t.faster(f"JSON {size}: {label} vs `Value`", f"{g}/{reader}", f"{g}/value", 4, True)
            t.share(f"JSON {size}: {label} vs scan", f"{g}/{reader}",
                    f"{g}/scan_ignored_any", 0.20, True)
        t.compare(f"JSON {size}: `Value` vs scan", f"{g}/value", f"{g}/scan_ignored_any")
    for kind in KINDS:
        g = "parse_json_kinds_10k"
        t.faster(f"JSON 10k, {kind} only: `from_slice::<Vec<T>>` vs `Value`",
                 f"{g}/{kind}_typed", f"{g}/{kind}_value", 4, True)
        t.share(f"JSON 10k, {kind} only: `from_slice::<Vec<T>>` vs scan",
                f"{g}/{kind}_typed", f"{g}/{kind}_scan_ignored_any", 0.20, True)
    for size in SIZES:
        g = f"parse_yaml_{size}"
        t.faster(f"YAML {size}: `Manifest::parse_as` vs serde-saphyr → `serde_json::Value`",
                 f"{g}/manifest", f"{g}/value", 4, True)
        t.share(f"YAML {size}: `Manifest::parse_as` vs serde-saphyr `IgnoredAny` scan",
                f"{g}/manifest", f"{g}/scan_ignored_any", 0.20, True)
    for size, reader, limits in [("1k", "manifest", "default limits"),
                                 ("10k", "manifest_limits_lifted", "limits lifted")]:
        g = f"parse_json_list_{size}"
        t.faster(f"JSON {size} as one `List` ({limits}): `Manifest::parse_with` vs `Value`",
                 f"{g}/{reader}", f"{g}/value", 4, True)
        t.share(f"JSON {size} as one `List` ({limits}): `Manifest::parse_with` vs scan",
                f"{g}/{reader}", f"{g}/scan_ignored_any", 0.20, True)
        t.share(f"JSON {size} as one `List`: serde-derive, kinds known vs scan",
                f"{g}/serde_known_kinds", f"{g}/scan_ignored_any", 0.20, True)
        t.compare(f"JSON {size}: the crate's reader on one `List` vs on the stream",
                  f"{g}/{reader}", f"parse_json_{size}/manifest")
        t.compare(f"JSON {size}: the crate's reader on one `List` printed as `kubectl` prints "
                  "it (keys sorted, 4-space indent) vs on the stream",
                  f"{g}/{reader}_kubectl_order", f"parse_json_{size}/manifest")
    t.growth("analysis: 10k objects vs 1k", "analyze/10000 objects", "analyze/1000 objects", 12,
             True)
    floor = "objects, analyzed fields read once"
    t.growth("analysis floor (the analyzed fields read once): 100k objects vs 10k",
             f"analyze/100000 {floor}", f"analyze/10000 {floor}", 12, True)
    t.growth("analysis floor (the analyzed fields read once): 10k objects vs 1k",
             f"analyze/10000 {floor}", f"analyze/1000 {floor}", 12, True)
    walked = "objects, as many bytes walked"
    t.growth("memory: a walk in order over as many bytes as the mesh holds, 100k objects vs 10k",
             f"analyze/100000 {walked}", f"analyze/10000 {walked}", 12, True)
    t.growth("memory: a walk in order over as many bytes as the mesh holds, 10k objects vs 1k",
             f"analyze/10000 {walked}", f"analyze/1000 {walked}", 12, True)
    for size in (1_000, 10_000, 100_000):
        t.compare(f"analysis of {size // 1000}k objects vs its floor",
                  f"analyze/{size} objects", f"analyze/{size} {floor}")
    for size in (1_000, 10_000, 100_000):
        t.compare(f"analysis floor of {size // 1000}k objects vs a walk over as many bytes",
                  f"analyze/{size} {floor}", f"analyze/{size} {walked}")
    counts = (log or {}).get("instructions", {})
    t.counted("analysis, instructions (callgrind): 100k objects vs 10k", counts,
              "instructions", 100_000, 10_000, 12)
    t.counted("analysis, instructions (callgrind): 10k objects vs 1k", counts,
              "instructions", 10_000, 1_000, 12)
    misses = (log or {}).get("cache_misses", {})
    # The last level holds all of what the 1k analysis reads, so its misses there are only
    # the first touches: no growth from 1k is worth a row.
    for event, cache, pairs in (
            ("D1mr", "32 KiB L1d", [(100_000, 10_000), (10_000, 1_000)]),
            ("DLmr", "8 MiB last-level cache", [(100_000, 10_000)])):
        for big, small in pairs:
            t.counted(f"analysis, read misses of a simulated {cache} (callgrind): "
                      f"{big // 1000}k objects vs {small // 1000}k",
                      {size: m[event] for size, m in misses.items()}, "misses", big, small,
                      12, per_object=True)
    t.compare("compose: plan of 100 routes written vs not written",
              "compose/plan of 100 routes, checked and written",
              "compose/plan of 100 routes, checked, not written")
    t.faster("YAML writing, 10k objects: `manifest::to_yaml` vs serde-saphyr",
             "write_10k/to_yaml", "write_10k/serde_saphyr", 1, True)
    t.compare("YAML writing, 10k objects: `manifest::to_yaml` vs `manifest::to_json`",
              "write_10k/to_yaml", "write_10k/to_json")
    t.compare("compose: plan of 1000 routes vs plan of 100 (10× the routes)",
              "compose/plan of 1000 routes, checked and written",
              "compose/plan of 100 routes, checked and written")

    t.ablation(
        "Where JSON reading time goes (10k objects, one stream)",
        "parse_json_ablation_10k",
        [
            ("manifest", "the crate's reader (a known kind straight from the text with its "
             "own unknown-field tracking; anything else through a `Value`)"),
            ("two_pass_ref_tracked", "text → `Value`, `&Value` → type with `serde_ignored` "
             "over `serde_path_to_error` (the crate's way before the direct path, and still "
             "the shape of its general path, with its own tracking in `serde_ignored`'s place)"),
            ("two_pass_ref_ignored", "same, without `serde_path_to_error`"),
            ("two_pass_ref_plain", "same, without either layer"),
            ("two_pass_owned_tracked", "text → `Value`, owned `Value` → type (strings "
             "moved, not copied), both layers"),
            ("two_pass_owned_plain", "same, without either layer"),
            ("one_pass_tracked", "text → type directly, both layers"),
            ("one_pass_ignored", "text → type directly, `serde_ignored` only"),
            ("one_pass_plain", "text → type directly, serde-derive alone"),
            ("value", "text → `Value` only (the 4× target's reference)"),
        ],
        "manifest", "value", "scan_ignored_any",
    )
    t.ablation(
        "Where YAML reading time goes (10k objects, document by document)",
        "parse_yaml_ablation_10k",
        [
            ("manifest", "the crate's reader"),
            ("two_pass_ref_tracked", "each document → `Value` → type, both layers (what the "
             "crate does)"),
            ("one_pass_tracked", "each document → type directly, both layers"),
            ("one_pass_plain", "each document → type directly, serde-derive alone"),
            ("per_doc_value", "each document → `Value` only"),
        ],
        "manifest", "per_doc_value", None,
    )
    t.rows += allocation_rows((log or {}).get("allocations", []))

    lines = [
        "The part of this file between the `generated` markers is written by "
        "`scripts/benchmarks.py` from criterion's output "
        "(`target/criterion/**/new/estimates.json`); the text outside them is kept.",
        "",
        "## Machine",
        "",
        *machine(log),
    ]
    stamps = [r.mtime for r in results.values() if r.id in t.used]
    if stamps:
        fmt = "%Y-%m-%d %H:%M UTC"
        first = datetime.datetime.fromtimestamp(min(stamps), datetime.timezone.utc)
        last = datetime.datetime.fromtimestamp(max(stamps), datetime.timezone.utc)
        lines.append(f"- Results written between {first.strftime(fmt)} and {last.strftime(fmt)}")
    if log:
        probes = []
        for entry in log["benches"]:
            when = datetime.datetime.fromtimestamp(entry["start"], datetime.timezone.utc)
            line = (
                f"- `{entry['bench']}` ran {when.strftime('%H:%M')} UTC for "
                f"{(entry['end'] - entry['start']) / 60:.1f} min; load average (1, 5, 15 min) "
                f"{entry['loadavg_before']} before, {entry['loadavg_after']} after; "
                f"{entry['steal']:.1%} of CPU time stolen by the hypervisor"
            )
            if "probe_before" in entry and "probe_after" in entry:
                probes += [entry["probe_before"], entry["probe_after"]]
                line += (f"; speed probe {fmt_time(entry['probe_before'])} before, "
                         f"{fmt_time(entry['probe_after'])} after")
            lines.append(line)
        lines.append(
            "- The machine is a shared 2-core VM: a load above 1 or stolen time during a run "
            "means something else competed for the cores."
        )
        if probes:
            spread = max(probes) / min(probes) - 1
            lines.append(
                "- The speed probe is the best time of composing and writing the plan of 100, "
                f"alone, over {PROBE_MILLIS / 1000:g} s (the compose bench binary with "
                "`COMPOSE_PROBE` set). This VM has slow phases that show in neither the load "
                "nor stolen time; in them the probe reads up to about half again its usual time. "
                f"Across this run it moved by {spread:.0%}"
                + (": **the machine's speed changed during the run, so ratios between "
                   "benchmarks run at different times are suspect.**" if spread > 0.15 else ".")
            )
        start = min(entry["start"] for entry in log["benches"])
        stale = sorted(r.id for r in results.values() if r.id in t.used and r.mtime < start)
        if stale:
            lines.append(
                "- **Not from the last `--run`** (older results left in target/criterion): "
                + ", ".join(f"`{s}`" for s in stale)
            )
    lines += [
        "",
        "## Reproduce",
        "",
        "```sh",
        "export K8S_OPENAPI_ENABLED_VERSION=1.37",
        *(f"cargo bench --bench {b} -- {' '.join(BENCH_ARGS)}" for b in BENCHES),
        "# --run measures the parse bench one benchmark per process instead, for example:",
        "PARSE_BENCH_SIZES=10k cargo bench --bench parse -- --exact parse_json_10k/manifest "
        + " ".join(BENCH_ARGS),
        "python3 scripts/benchmarks.py          # rewrites this file from target/criterion",
        "cargo bench --bench allocations       # the allocation census (counts, not times)",
        "# or all at once, with the analysis instruction counts (needs valgrind):",
        "python3 scripts/benchmarks.py --run",
        "```",
        "",
        "## Results",
        "",
        "Times are criterion's estimate (the slope for linear sampling, the mean for flat "
        "sampling at 100k), each including the drop of what was built. Parse throughput is "
        "in MiB of input per second; analysis in objects and compose in routes per second. "
        "A ratio compares two measurements of the same run on the same input. Each parse "
        "measurement ran in a process of its own, so that no reader starts from the heap "
        "another left behind (see `run_isolated` in the script). After each ratio, in "
        "parentheses, is its range over the two measurements' 95% intervals (criterion's, the "
        "worse end of one against the better end of the other). A verdict is PASS when the "
        "target holds at the worse end of that range, FAIL when it fails at the better end, "
        "and UNDECIDED between: this run cannot tell. The intervals cover the noise within "
        "the run, not this VM's slow phases (see the speed probe above). Verdicts in "
        "parentheses are reference points, not targets.",
        *t.rows,
    ]
    if t.missing:
        missing = list(dict.fromkeys(t.missing))
        lines += ["", "Missing results (not run): " + ", ".join(f"`{m}`" for m in missing)]
    lines += [
        "",
        "## All measurements",
        "",
        "| Benchmark | Time | 95% interval | Input | Throughput |",
        "|---|---|---|---|---|",
    ]
    order = {b: i for i, b in enumerate(["parse_json", "parse_yaml", "write", "analyze",
                                          "compose"])}

    def key(result: Result):
        group = result.id.split("/")[0]
        family = next((i for p, i in order.items() if group.startswith(p)), len(order))
        size = next((i for i, s in enumerate(SIZES) if group.endswith("_" + s)), -1)
        return (family, "kinds" in group, size, result.id)

    for r in sorted(results.values(), key=key):
        lines.append(
            f"| `{r.id}` | {r.time()} | {fmt_time(r.low)} – {fmt_time(r.high)} | "
            f"{r.input()} | {r.per_second()} |"
        )
    return "\n".join(lines) + "\n"


START = "<!-- generated by scripts/benchmarks.py: start -->"
END = "<!-- generated by scripts/benchmarks.py: end -->"


def splice(existing: str, generated: str) -> str:
    """Replaces the generated part of BENCHMARKS.md, keeping the hand-written text around it."""
    block = f"{START}\n{generated}{END}\n"
    if START in existing and END in existing:
        before, rest = existing.split(START, 1)
        after = rest.split(END, 1)[1].lstrip("\n")
        return before + block + ("\n" + after if after else "")
    return block


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--run", action="store_true", help="run the benchmarks first")
    parser.add_argument("--output", default=str(ROOT / "BENCHMARKS.md"),
                        help="where to write the table ('-' for standard output)")
    args = parser.parse_args()
    if args.run:
        run()
    results = load()
    if not results:
        sys.exit(f"no criterion results under {target_dir() / 'criterion'}; run with --run")
    text = build(results)
    if args.output == "-":
        sys.stdout.write(text)
    else:
        path = Path(args.output)
        existing = path.read_text() if path.exists() else "# Benchmarks\n\n" + START + END
        path.write_text(splice(existing, text))
        print(f"wrote {args.output}", file=sys.stderr)


if __name__ == "__main__":
    main()
