"""The benchmark's report: the targets each measurement is judged by, and the Markdown written
beside the JSON (bench/run.py)."""

# The performance targets, on the `force` scale.
TARGET_MEDIAN_MS, TARGET_P95_MS, TARGET_RATIO = 150, 300, 2.0
DEFAULT_TARGET = {"median_ms": TARGET_MEDIAN_MS, "p95_ms": TARGET_P95_MS, "ratio": TARGET_RATIO}  # issue 11
# Issue 20, point 7: the risk views, My work and the dashboard; the monthly statistics; the
# suspension manager and referrals pages against their floors.
RISK_TARGET = {"median_ms": 150, "p95_ms": 300}
MONTHLY_TARGET = {"median_ms": 150}
FLOOR_TARGET = {"ratio": 3.0}
# Issue 21, point 5: fairness monitoring over a financial year (six stages, two breakdowns).
FAIRNESS_TARGET = {"median_ms": 300}


def verdict(row):
    if "median_ms" not in row or row.get("group") != "pages":
        return ""
    target = row.get("target") or DEFAULT_TARGET
    ok = row["median_ms"] < target.get("median_ms", float("inf")) and row["p95_ms"] < target.get("p95_ms", float("inf"))
    ok = ok and ("ratio" not in row or row["ratio"] <= target.get("ratio", float("inf")))
    return "meets" if ok else "**misses**"


def target_text(row) -> str:
    target = row.get("target") or DEFAULT_TARGET
    words = {"median_ms": "median < {} ms", "p95_ms": "p95 < {} ms", "ratio": "page/floor <= {}"}
    return "; ".join(words[key].format(value) for key, value in target.items())


def markdown(report):
    f = report["facts"]
    lines = [
        f"# Benchmark: {report['scale']} scale, {report['date']}",
        "",
        f"- machine: {f['machine']}; CPU: {f['cpu']}; load average at start: {f['load_average_at_start']}",
        f"- PostgreSQL {f['postgresql']}; database size {f['database_size']}; commit {f['git_commit']}",
        f"- runs: {report['warmup']} warm-up, then {report['repeat']} measured (median and 95th percentile)",
    ]
    dataset = f.get("dataset") or {}
    if dataset:
        lines.append(
            f"- data set: seed {dataset.get('seed')}, generated in {dataset.get('generation_seconds')} s on "
            f"{dataset.get('generated_at', '')[:10]}"
        )
        lines += ["", "| table | rows |", "|---|---:|"]
        lines += [f"| {table} | {rows:,} |" for table, rows in dataset.get("rows", {}).items()]
    lines += [
        "",
        f"Targets (on `force`): median < {TARGET_MEDIAN_MS} ms, 95th percentile < {TARGET_P95_MS} ms, "
        f"page/floor <= {TARGET_RATIO} (issue 11), unless the row names its own (issue 20, point 7). "
        '"cold": the cached section figures invalidated before every request (a view racing a change); '
        '"cached": as read again within the minute; "after a change, recomputed": invalidated, then '
        "recomputed as the worker does after each change (its time, untimed in the page's, is the "
        "row's worker median).",
        "",
        "| measurement | median ms | p95 ms | queries | floor median ms | floor queries | page/floor "
        "| target | verdict |",
        "|---|---:|---:|---:|---:|---:|---:|---|---|",
    ]
    others = []
    for row in report["results"]:
        if "median_ms" in row:
            name = f"{row['name']} (worker median {row['warm_ms']} ms)" if "warm_ms" in row else row["name"]
            lines.append(
                f"| {name} | {row['median_ms']} | {row['p95_ms']} | {row.get('queries', '')} | "
                f"{row.get('floor_median_ms', '')} | {row.get('floor_queries', '')} | {row.get('ratio', '')} | "
                f"{target_text(row) if row.get('group') == 'pages' else ''} | {verdict(row)} |"
            )
        else:
            others.append(row)
    if others:
        lines += ["", "| measurement | figures |", "|---|---|"]
        for row in others:
            figures = ", ".join(f"{k}: {v}" for k, v in row.items() if k not in ("name", "group"))
            lines.append(f"| {row['name']} | {figures} |")
    return "\n".join(lines) + "\n"
