"""The source's Python handler against the null engine: the twin of the bench's OwnCost (Java), same windows.

    own_cost.py BASELINE_DIR ENDPOINT BATCHES_JSON OUT_JSONL BATCH_SIZE

Imports the handler from BASELINE_DIR (the source document's, unchanged; nothing of it is copied here), points it at
ENDPOINT, and calls it on each captured event, timing the calling thread's CPU (time.thread_time_ns) and the wall.
Appends one JSON line: CPU and wall per 1,000 records over records 400 to 1,400 (early) and from 1,400 on (steady).
"""
import contextlib
import io
import json
import os
import sys
import time

EARLY_FROM, STEADY_FROM = 400, 1_400


def main(baseline_dir, endpoint, batches_file, out_file, batch_size):
    os.environ.update(AWS_ENDPOINT_URL=endpoint, AWS_DEFAULT_REGION="us-east-1", AWS_ACCESS_KEY_ID="x",
                      AWS_SECRET_ACCESS_KEY="x", tabla_pedidos="orders", tabla_totales="totals")
    sys.path.insert(0, baseline_dir)
    started = time.perf_counter_ns()
    with contextlib.redirect_stdout(io.StringIO()):
        import seed_handler
    init_ms = (time.perf_counter_ns() - started) / 1e6
    events = json.load(open(batches_file))
    windows = {"early": [0, 0, 0], "steady": [0, 0, 0]}
    records, first_batch_ms, sink = 0, None, io.StringIO()
    for event in events:
        cpu, wall = time.thread_time_ns(), time.perf_counter_ns()
        with contextlib.redirect_stdout(sink):  # its print() per record would otherwise time the terminal
            seed_handler.lambda_handler(event, None)
        wall, cpu = time.perf_counter_ns() - wall, time.thread_time_ns() - cpu
        sink.seek(0)
        sink.truncate()
        if records == 0:
            first_batch_ms = wall / 1e6
        size = len(event["Records"])
        window = "steady" if records >= STEADY_FROM else "early" if records >= EARLY_FROM else None
        if window:
            totals = windows[window]
            totals[0] += size
            totals[1] += cpu
            totals[2] += wall
        records += size
    line = {"side": "python", "batch_size": int(batch_size), "records": records, "init_ms": init_ms,
            "first_batch_ms": first_batch_ms}
    for name, (count, cpu, wall) in windows.items():
        line[name + "_records"] = count
        line[name + "_cpu_ms_per_1000"] = cpu / 1e6 * 1000 / count if count else None
        line[name + "_wall_ms_per_1000"] = wall / 1e6 * 1000 / count if count else None
    with open(out_file, "a") as out:
        out.write(json.dumps(line) + "\n")


if __name__ == "__main__":
    main(*sys.argv[1:])
