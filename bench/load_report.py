"""Print the markdown table of bench/load.py's JSON results (used for load-2026-12-06.md)."""

import json
import sys

for path in sys.argv[1:]:
    with open(path) as f:
        run = json.load(f)
    loads = run["load_average"]
    print(f"### {run['users']} users, sign-ins over {run.get('ramp_s', 0):g} s (`{path.rsplit('/', 1)[-1]}`)\n")
    before = ", ".join(f"{x:.1f}" for x in loads["before"])
    print(f"Load average before: {before} (1, 5, 15 min); during: up to {loads['during (1-min, max sampled)']:.1f}.")
    print(f"All sign-ins done after {run['sign_in_burst_s']} s; then {run['duration_s']:g} s of browsing.\n")
    print("| page | requests | errors | p50 ms | p95 ms | p99 ms |\n|---|---:|---:|---:|---:|---:|")
    for name, row in run["pages"].items():
        if name == "server CPU":
            continue
        print(f"| {name} | {row['requests']} | {row['errors']} | {row['p50_ms']} | {row['p95_ms']} | {row['p99_ms']} |")
    browse = run["pages"]["all pages"]
    print(f"\nRequests/s (browsing): {browse['requests_per_second']}.", end=" ")
    if "server CPU" in run["pages"]:
        cpu = run["pages"]["server CPU"]
        each = cpu["cpu_ms_per_request"]
        print(f"gunicorn's CPU: {cpu['cpu_seconds']} s for {cpu['requests']} requests ({each} ms each).")
    else:
        print()
    if run["error_samples"]:
        print(f"\nErrors (first): {', '.join(sorted(set(e.split(': ')[-1] for e in run['error_samples'])))}.")
    print()
