#!/usr/bin/env python3
"""Medians table of a perf/compare.sh results directory (one JSON per run, named SCENARIO-BROKER-runN.json)."""
import glob
import json
import os
import re
import statistics
import sys

BROKERS = ["rocketjms", "rocketjms-fc", "activemq", "artemis-default", "artemis-tuned"]
OURS = ("rocketjms", "rocketjms-fc")
# scenario -> [(label, json path, format)]; the first metric is the one the ratio columns compare
METRICS = {
    "S1": [("sent msg/s", ("sendRate",), "{:,.0f}"), ("send p99 ms", ("sendLatencyMicros", "p99"), "ms")],
    "S2": [("received msg/s", ("receiveRate",), "{:,.0f}"), ("sent msg/s", ("sendRate",), "{:,.0f}"),
           ("e2e p99 ms", ("endToEndLatencyMicros", "p99"), "ms")],
    "S3": [("received msg/s", ("receiveRate",), "{:,.0f}"), ("sent msg/s", ("sendRate",), "{:,.0f}"),
           ("backlog growth msg/s", ("backlogGrowthPerSecond",), "{:+,.0f}")],
    "S4": [("e2e p99 ms", ("endToEndLatencyMicros", "p99"), "ms"), ("e2e p50 ms", ("endToEndLatencyMicros", "p50"), "ms"),
           ("sent msg/s", ("sendRate",), "{:,.0f}")],
}


def get(doc, path):
    for p in path:
        doc = doc.get(p) if isinstance(doc, dict) else None
    return doc


def fmt(v, f):
    if v is None:
        return "–"
    return "{:.2f}".format(v / 1000.0) if f == "ms" else f.format(v)


def main(out):
    runs = {}
    for path in glob.glob(os.path.join(out, "S[1-4]-*-run*.json")):
        m = re.match(r"(S\d)-(.+)-run(\d+)\.json$", os.path.basename(path))
        if not m:
            continue
        with open(path) as f:
            runs.setdefault((m.group(1), m.group(2)), []).append(json.load(f))
    brokers = [b for b in BROKERS if any(k[1] == b for k in runs)]
    peers = [b for b in brokers if b not in OURS]
    ours = [b for b in brokers if b in OURS]
    machine = os.path.join(out, "machine.txt")
    if os.path.exists(machine):
        print("machine: " + open(machine).read().strip() + "\n")
    names = {"rocketjms": "RocketJMS", "rocketjms-fc": "RocketJMS-fc"}
    head = ["scenario", "metric (median)"] + brokers + [names[o] + " ÷ " + p for o in ours for p in peers]
    print("| " + " | ".join(head) + " |")
    print("|" + "---|" * len(head))
    for s, metrics in METRICS.items():
        for i, (label, path, f) in enumerate(metrics):
            vals = {}
            for b in brokers:
                xs = [get(d, path) for d in runs.get((s, b), [])]
                xs = [x for x in xs if x is not None]
                vals[b] = statistics.median(xs) if xs else None
            n = min((len(runs[(s, b)]) for b in brokers if (s, b) in runs), default=0)
            if n == 0:
                continue
            row = [s + " (n=%d)" % n if i == 0 else "", label] + [fmt(vals[b], f) for b in brokers]
            for o in ours:
                for p in peers:
                    r, q = vals.get(o), vals.get(p)
                    row.append("{:.2f}".format(r / q) if i == 0 and r is not None and q else "")
            print("| " + " | ".join(row) + " |")
    s5 = {k: os.path.join(out, "S5-%s.json" % k) for k in ("empty", "fill", "drain")}
    if all(os.path.exists(p) for p in s5.values()):
        d = {k: json.load(open(p)) for k, p in s5.items()}
        print()
        print("S5 (RocketJMS, broker -Xmx512m): fill %s messages at %s msg/s; drain %s msg/s (%s received%s); "
              "empty-queue receive rate %s msg/s; drain ÷ empty = %.2f" % (
                  "{:,}".format(d["fill"]["sent"]), "{:,.0f}".format(d["fill"]["sendRate"]),
                  "{:,.0f}".format(d["drain"]["receiveRate"]), "{:,}".format(d["drain"]["received"]),
                  ", INCOMPLETE" if d["drain"]["incomplete"] or d["fill"]["incomplete"] else "",
                  "{:,.0f}".format(d["empty"]["receiveRate"]),
                  d["drain"]["receiveRate"] / d["empty"]["receiveRate"] if d["empty"]["receiveRate"] else float("nan")))
        heap = os.path.join(out, "S5-heap.txt")
        if os.path.exists(heap):
            print(open(heap).read().strip())


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else ".")
