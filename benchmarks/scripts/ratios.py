#!/usr/bin/env python3
"""Pairs the RESULT lines of side-by-side.sh: per scenario and round, Osprey / RocketMQ for throughput and latency.

   benchmarks/scripts/ratios.py /tmp/bench-data/side-by-side.txt

Labels are <broker>-<flush>-<P>x<C>-r<round>. Prints one row per pair and the median of each column per scenario.
"""
import re
import statistics
import sys
from collections import defaultdict

KEYS = ["prod_msg_s", "cons_msg_s", "send_p50_us", "send_p99_us", "e2e_p50_us", "e2e_p99_us"]


def parse(path):
    runs = {}
    for line in open(path):
        if not line.startswith("RESULT"):
            continue
        f = dict(kv.split("=", 1) for kv in line.split()[1:] if "=" in kv)
        m = re.match(r"(osprey|rocketmq)-(\w+)-(\d+x\d+)-(\w+)$", f.get("label", ""))
        if m:
            runs[m.groups()] = f
    return runs


def main(path):
    runs = parse(path)
    pairs = defaultdict(list)
    for (broker, flush, shape, rnd), f in sorted(runs.items()):
        other = runs.get(("rocketmq", flush, shape, rnd))
        if broker == "osprey" and other:
            pairs[(flush, shape)].append((rnd, f, other))
    print("scenario     round  osprey msg/s  rocketmq msg/s  ratio  | e2e p50 ms O/R   | e2e p99 ms O/R   | ok")
    for (flush, shape), rows in sorted(pairs.items()):
        ratios = []
        for rnd, o, r in rows:
            ratio = float(o["prod_msg_s"]) / float(r["prod_msg_s"])
            ratios.append(ratio)
            print(f"{flush:5} {shape:5}  {rnd:5}  {o['prod_msg_s']:>12}  {r['prod_msg_s']:>14}  {ratio:5.2f}  |"
                  f" {int(o['e2e_p50_us'])/1000:6.1f} / {int(r['e2e_p50_us'])/1000:6.1f} |"
                  f" {int(o['e2e_p99_us'])/1000:6.1f} / {int(r['e2e_p99_us'])/1000:6.1f} | {o['ok']}/{r['ok']}")
        med = {k: (statistics.median(float(o[k]) for _, o, _ in rows),
                   statistics.median(float(r[k]) for _, _, r in rows)) for k in KEYS}
        print(f"{flush:5} {shape:5}  median {med['prod_msg_s'][0]:>11.0f}  {med['prod_msg_s'][1]:>14.0f}"
              f"  {statistics.median(ratios):5.2f}  | {med['e2e_p50_us'][0]/1000:6.1f} / {med['e2e_p50_us'][1]/1000:6.1f} |"
              f" {med['e2e_p99_us'][0]/1000:6.1f} / {med['e2e_p99_us'][1]/1000:6.1f} |")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "/tmp/bench-data/side-by-side.txt")
