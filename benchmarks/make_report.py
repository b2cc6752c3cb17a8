#!/usr/bin/env python3
"""Turns the output of scripts/bench into docs/performance.md.

    make_report.py --machine machine.json --command "scripts/bench" \
        --allocations allocations.txt run-1.json [run-2.json ...]

Each run-N.json is Google Benchmark's JSON output of one run of
usage_session_bench with repetitions (median aggregates); a matching
ajv-N.json beside it, if present, is benchmarks/ajv_bench.js's output
from right after that run. Every ratio is computed inside one run (a line
divided by that run's boost_json_parse/default), then the median over the
runs is reported, as are the medians of the times.
"""

import argparse
import json
import os
import statistics
import sys

BASELINE = "boost_json_parse/default"

# (benchmark name, what it measures). The order is the table's.
LINES = [
    ("boost_json_parse/default", "Boost.JSON 1.81 `parse` of the patch bytes, default allocator (**baseline**)"),
    ("boost_json_parse/monotonic", "same, `monotonic_resource` over a reused stack buffer"),
    ("parse_patch/default", "`parse_patch` (duplicate keys, limits, finite numbers), default allocator"),
    ("parse_patch/monotonic", "`parse_patch`, the same reused `monotonic_resource`"),
    ("validate_patch/standard", "`validate_patch`, pre-parsed valid patch, `schema::standard()`"),
    ("validate_patch/template30", "`validate_patch`, pre-parsed, 30-attribute template schema (data/template.json)"),
    ("validate_patch_bytes/standard", "`validate_patch_bytes`: the patch bytes validated while parsing, no DOM, `schema::standard()`"),
    ("validate_patch_bytes/template30", "`validate_patch_bytes`, 30-attribute template schema"),
    ("peer/rapidjson_schema_validator", "RapidJSON 1.1 schema validator, pre-parsed (ignores `format`)"),
    ("peer/ajv_formats", "Ajv 8 + ajv-formats under node, pre-parsed (own timer, same machine, right after the run)"),
    ("peer/ajv_no_format", "Ajv 8 under node, pre-parsed, `format` not checked"),
    ("peer/valijson_no_format", "valijson 1.0 (Boost.JSON adapter), pre-parsed, schema without `format`"),
    ("peer/valijson_format", "valijson 1.0 (Boost.JSON adapter), pre-parsed, with `format` (a `std::regex` per date-time)"),
    ("merge_patch/copy_and_merge", "`merge_patch`: copy the 2 KB session + RFC 7396 merge, default allocator"),
    ("peer/nlohmann_merge_patch/copy_and_merge", "nlohmann::json 3.11: copy the session + `merge_patch`"),
    ("merge_patch_into/copied_session", "`merge_patch_into` an already-copied 2 KB session"),
    ("peer/nlohmann_merge_patch/copied_session", "nlohmann::json `merge_patch` into an already-copied session"),
    ("apply_update_in_place/session_2KB", "`apply_update_in_place` (validate + cross-field rules of `platform()` + merge), 2 KB session"),
    ("apply_update_in_place/session_200KB", "same patch, 200 KB session: 2,600 custom members at the top level (wide)"),
    ("apply_update_in_place/session_200KB_one_array", "same patch, 200 KB session: the same readings in one array attribute"),
    ("apply_update_in_place/session_2KB/warm", "the 2 KB update again, code, schema and patch warm (one untimed update of another 2 KB copy first)"),
    ("apply_update_in_place/session_200KB_one_array/warm", "the same, 200 KB session, readings in one array"),
    ("apply_update_in_place/session_200KB/warm", "the same, 200 KB session, 2,600 top-level members"),
    ("apply_update_in_place/session_2KB/no_insert_no_delete", "diagnosis: the patch without its new member `_endTime` and its deletion, 2 KB"),
    ("apply_update_in_place/session_200KB/no_insert_no_delete", "diagnosis: the same, 200 KB"),
    ("whole_request/default/hot", "whole request: bytes → `parse_patch` → `apply_update_in_place` (validates), on a 2 KB session copied just before, as a service that has just read it (`steady_clock` around the request)"),
    ("whole_request/moved/hot", "the same, the parsed patch given away: `apply_update_in_place(session, std::move(*patch))` moves the values it adds instead of copying them"),
    ("whole_request/monotonic/hot", "the same, the patch in a reused `monotonic_resource` (its values are copied into the session)"),
    ("whole_request/default", "whole request, on the oldest of a batch of 64 session copies made before (the session colder in cache)"),
    ("whole_request/moved", "the same, the patch given away (`std::move`)"),
    ("whole_request/monotonic", "the same, the patch in a reused `monotonic_resource`"),
    ("pause_overhead/1", "(method) timed part of PauseTiming/ResumeTiming, per batch of 1 — subtracted from batched lines"),
    ("pause_overhead/64", "(method) the same spread over a batch of 64"),
]


def load(path):
    with open(path) as f:
        return json.load(f)


def base_name(entry):
    # "apply_update_in_place/session_200KB/iterations:2000" -> without the
    # iteration count Google Benchmark appends to fixed-iteration lines.
    # "/manual_time" marks the lines that time themselves (see is_manual).
    name = entry.get("run_name", entry["name"])
    parts = [p for p in name.split("/") if not p.startswith("iterations:") and p != "manual_time"]
    return "/".join(parts)


def is_manual(entry):
    # Lines registered with UseManualTime() time only the operation, with
    # std::chrono::steady_clock (bench::on_each_fresh_copy); their CPU time
    # also counts the untimed session copy, so their time is real_time.
    return "/manual_time" in entry.get("run_name", entry["name"])


def to_ns(value, unit):
    return value * {"ns": 1.0, "us": 1e3, "ms": 1e6, "s": 1e9}[unit]


def one_run(path):
    """{name: {"ns": per-op ns, "allocs": per op, "error": msg}} for one run."""
    data = load(path)
    raw = {}
    for b in data["benchmarks"]:
        name = base_name(b)
        if b.get("error_occurred"):
            raw[name] = {"error": b.get("error_message", "skipped")}
            continue
        if b.get("run_type") == "aggregate" and b.get("aggregate_name") != "median":
            continue
        if b.get("run_type") == "iteration" and name in raw:
            continue   # only with --benchmark_repetitions=1
        raw[name] = {
            "cpu_ns": to_ns(b["real_time" if is_manual(b) else "cpu_time"], b["time_unit"]),
            "batch": b.get("batch"),   # only lines timed on fresh copies
            "allocs": b.get("allocs"),
        }
    out = {}
    for name, r in raw.items():
        if "error" in r:
            out[name] = r
            continue
        batch = r["batch"]
        ns = r["cpu_ns"]
        if batch and name.startswith("pause_overhead/"):
            ns = ns / batch
        elif batch:
            pause = raw.get("pause_overhead/%d" % int(batch))
            overhead = pause["cpu_ns"] if pause and "cpu_ns" in pause else 0.0
            ns = max(ns - overhead, 0.0) / batch
        out[name] = {"ns": ns, "allocs": r["allocs"]}
    ajv_path = path.replace("run-", "ajv-")
    if ajv_path != path and os.path.exists(ajv_path):
        ajv = load(ajv_path)
        for key in ("peer/ajv_formats", "peer/ajv_no_format"):
            if key in ajv:
                out[key] = {"ns": ajv[key]["median_ns_per_op"], "allocs": None}
    return out, data.get("context", {})


def median(values):
    values = [v for v in values if v is not None]
    return statistics.median(values) if values else None


def fmt_ns(ns):
    if ns is None:
        return "—"
    if ns >= 100:
        return "{:,.0f}".format(ns)
    return "{:.1f}".format(ns)


def fmt_ratio(r):
    if r is None:
        return "—"
    if r >= 100:
        return "{:,.0f}".format(r)
    if r >= 10:
        return "{:.1f}".format(r)
    if r < 1:
        return "{:.3f}".format(r)   # 0.254 must not read as 0.25 against a 0.25 limit
    return "{:.2f}".format(r)


def fmt_allocs(a):
    if a is None:
        return "—"
    return "{:g}".format(round(a, 1))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--machine", required=True, help="JSON object of machine facts")
    ap.add_argument("--command", required=True, help="the command that reproduces this")
    ap.add_argument("--allocations", help="output of usage_session_allocation_check")
    ap.add_argument("runs", nargs="+")
    args = ap.parse_args()

    machine = load(args.machine)
    runs = [one_run(p) for p in args.runs]
    names = [n for n, _ in LINES]
    extra = sorted({n for r, _ in runs for n in r} - set(names))

    def values(name, key):
        return [r[name][key] for r, _ in runs if name in r and key in r[name]]

    def ratios(name, over):
        out = []
        for r, _ in runs:
            if name in r and over in r and "ns" in r[name] and "ns" in r[over] and r[over]["ns"]:
                out.append(r[name]["ns"] / r[over]["ns"])
        return out

    def errors(name):
        return sorted({r[name]["error"] for r, _ in runs if name in r and "error" in r[name]})

    def stat(name):
        return median(values(name, "ns"))

    def ratio(name, over=BASELINE):
        return median(ratios(name, over))

    o = []
    w = o.append
    w("# Performance")
    w("")
    w("Generated by `scripts/bench` (benchmarks/make_report.py); do not edit by hand.")
    w("The targets are the project's own; the benchmarks are in `benchmarks/`, the sample")
    w("data in `benchmarks/data/`: a typical 571-byte patch (11 members, custom")
    w("attributes at the top level, in `_configuration` and in `_summary`), a")
    w("2 KB stored session, and two 200 KB sessions made from it in code: one")
    w("with 2,600 logged readings appended as top-level custom members (wide),")
    w("one with the same readings in one array attribute. Peers validate against")
    w("`benchmarks/data/patch.schema.json`, the JSON Schema equivalent of")
    w("`schema::standard()` (draft-07 keywords that draft-04 also has; UTC")
    w("date-times by `pattern`, calendar checks by `format`). Every peer is first")
    w("checked to accept the sample patch and to reject seven bad ones.")
    w("")
    w("## Machine")
    w("")
    for key in ("cpu", "cores", "compiler", "boost", "google_benchmark", "node", "ajv", "load", "commit", "date"):
        if key in machine:
            w("- {}: {}".format(key.replace("_", " "), machine[key]))
    w("")
    w("Reproduce with:")
    w("")
    w("```sh")
    w(args.command)
    w("```")
    w("")
    w("## Method")
    w("")
    w("- {} full run(s) of `usage_session_bench` (Release, `-O3`), each with "
      "Google Benchmark repetitions randomly interleaved across all lines (a "
      "change of the machine's load during a run hits every line alike); a "
      "line's time is the median of its repetitions in a run, and the table "
      "gives the median over the runs.".format(len(runs)))
    w("- **Ratios are computed inside one run** (the line over that run's "
      "Boost.JSON parse with the default allocator), then the median over the "
      "runs is shown: the machine is shared, absolute times drift between "
      "runs far more than ratios do. The targets tables also give the lowest "
      "and the highest per-run ratio: where that range straddles a limit, the "
      "machine's noise decides the verdict, and the instruction counts in "
      "\"Where the time goes\", which do not depend on it, are the firmer "
      "evidence.")
    w("- Times are **CPU time** per operation (wall-clock time on a busy "
      "two-core machine also counts the time other processes hold the CPU).")
    w("- Operations that need a fresh session each time (merge into a copied "
      "session, `apply_update_in_place`, the whole request) run on copies made "
      "with the timer paused; the measured timed part of pausing "
      "(`pause_overhead`) is subtracted. The 200 KB lines copy 200 KB per "
      "operation, so they run a fixed 1,000 iterations. A 200 KB copy evicts "
      "the update's code, the schema and the patch from the core's caches and "
      "a 2 KB copy does not; the `warm` lines first run the same update, "
      "untimed, on a throwaway 2 KB copy, as a service under load would have "
      "done, so that both sizes start with the same code and data in cache.")
    w("- The `hot` whole-request lines copy the session right before each "
      "request and time only the request, by two reads of `steady_clock` "
      "around it (Google Benchmark's manual time): no system call between "
      "the copy and the request, so the session is in cache as in a service "
      "that has just read it from storage. Their time is wall-clock, so it "
      "also counts any time another process takes the core, and the clock "
      "reads (some tens of nanoseconds) count against the request. The "
      "batched lines keep the earlier method for comparison: by the time a "
      "request runs on its copy, up to 63 other copies were made after it.")
    w("- Ajv times itself under node (`benchmarks/ajv_bench.js`) right after "
      "each C++ run; its ratio is to that run's baseline, so it is a "
      "cross-process ratio.")
    w("- allocs/op: calls of the global `operator new` per operation (a counting "
      "replacement, `benchmarks/alloc_counter.cpp`), timed part only. Memory "
      "from a `monotonic_resource` over a stack buffer is not counted: it is "
      "not the heap.")
    w("")
    w("## Results")
    w("")
    w("| work | ns/op | × Boost.JSON parse | allocs/op |")
    w("|---|---:|---:|---:|")
    for name, text in LINES + [(n, "`{}`".format(n)) for n in extra]:
        ns = stat(name)
        if ns is None:
            why = errors(name)
            if not why and name.startswith("peer/ajv"):
                why = ["not run (scripts/install-ajv needs node and npm)"]
            if not why:
                why = ["not built (peer package missing)"]
            w("| {} | skipped: {} | — | — |".format(text, "; ".join(why)))
            continue
        w("| {} | {} | {} | {} |".format(text, fmt_ns(ns), fmt_ratio(ratio(name)),
                                       fmt_allocs(median(values(name, "allocs")))))
    w("")

    # The performance targets. `per_run`: the ratio in each run, whose range
    # shows how far the machine's noise moved it.
    def target(label, value, limit, kind, note="", per_run=()):
        if value is None:
            return "| {} | {} | not measured{} | — |".format(label, limit_text(limit, kind), note)
        met = value <= limit if kind == "max" else value >= limit
        if kind == "max":
            by = "" if met else " (by {:.0f} %)".format((value / limit - 1) * 100)
        else:
            by = "" if met else " (by {:.0f} %)".format((1 - value / limit) * 100)
        spread = "{} – {}".format(fmt_ratio(min(per_run)), fmt_ratio(max(per_run))) if len(per_run) > 1 else "—"
        return "| {} | {} | {}: **{}**{}{} | {} |".format(
            label, limit_text(limit, kind), fmt_ratio(value),
            "met" if met else "missed", by, note, spread)

    def limit_text(limit, kind):
        return ("≤ {:g}×" if kind == "max" else "≥ {:g}×").format(limit)

    def zero_allocs(label, name):
        a = median(values(name, "allocs"))
        if a is None:
            why = "; ".join(errors(name)) or "not measured"
            return "| {} | 0 | not measured: {} | — |".format(label, why)
        return "| {} | 0 | {}: **{}** | — |".format(label, fmt_allocs(a), "met" if a == 0 else "missed")

    w("## Performance targets")
    w("")
    w("| target | limit | measured (median of per-run ratios) | lowest – highest run |")
    w("|---|---|---|---|")
    w(target("1. `validate_patch`, standard schema, × Boost.JSON parse", ratio("validate_patch/standard"), 0.25, "max", per_run=ratios("validate_patch/standard", BASELINE)))
    t30 = ratio("validate_patch/template30")
    w(target("1. `validate_patch`, 30-attribute template, × Boost.JSON parse", t30, 0.25, "max",
             "" if t30 is not None else ": " + ("; ".join(errors("validate_patch/template30")) or "skipped"),
             per_run=ratios("validate_patch/template30", BASELINE)))
    w(target("1. RapidJSON validator time ÷ `validate_patch` time", ratio("peer/rapidjson_schema_validator", "validate_patch/standard"), 6, "min", per_run=ratios("peer/rapidjson_schema_validator", "validate_patch/standard")))
    w(target("1. valijson (no format) time ÷ `validate_patch` time", ratio("peer/valijson_no_format", "validate_patch/standard"), 20, "min", per_run=ratios("peer/valijson_no_format", "validate_patch/standard")))
    w(zero_allocs("1. heap allocations of `validate_patch` on a valid patch (standard)", "validate_patch/standard"))
    w(zero_allocs("1. heap allocations of `validate_patch` on a valid patch (template)", "validate_patch/template30"))
    w(target("2. `parse_patch` ÷ `parse`, same `monotonic_resource`", ratio("parse_patch/monotonic", "boost_json_parse/monotonic"), 1.15, "max", per_run=ratios("parse_patch/monotonic", "boost_json_parse/monotonic")))
    w(target("2. `parse_patch` ÷ `parse`, both default allocator", ratio("parse_patch/default", "boost_json_parse/default"), 1.15, "max", per_run=ratios("parse_patch/default", "boost_json_parse/default")))
    w(target("3. `apply_update_in_place`: 200 KB session (readings in one array) ÷ 2 KB session, both warm", ratio("apply_update_in_place/session_200KB_one_array/warm", "apply_update_in_place/session_2KB/warm"), 1.5, "max", per_run=ratios("apply_update_in_place/session_200KB_one_array/warm", "apply_update_in_place/session_2KB/warm")))
    w(target("3. the same, each right after its copy (the 200 KB copy evicts code, schema and patch)", ratio("apply_update_in_place/session_200KB_one_array", "apply_update_in_place/session_2KB"), 1.5, "max", per_run=ratios("apply_update_in_place/session_200KB_one_array", "apply_update_in_place/session_2KB")))
    w(target("3. `apply_update_in_place`: 200 KB session (2,600 top-level members) ÷ 2 KB session, both warm", ratio("apply_update_in_place/session_200KB/warm", "apply_update_in_place/session_2KB/warm"), 1.5, "max", per_run=ratios("apply_update_in_place/session_200KB/warm", "apply_update_in_place/session_2KB/warm")))
    w(target("3. (diagnosis) the same without an insert or a delete", ratio("apply_update_in_place/session_200KB/no_insert_no_delete", "apply_update_in_place/session_2KB/no_insert_no_delete"), 1.5, "max", per_run=ratios("apply_update_in_place/session_200KB/no_insert_no_delete", "apply_update_in_place/session_2KB/no_insert_no_delete")))
    w(target("3. whole request (default allocator) × Boost.JSON parse, session just read", ratio("whole_request/default/hot"), 2, "max", per_run=ratios("whole_request/default/hot", BASELINE)))
    w(target("3. whole request (default allocator, patch given away with `std::move`) × Boost.JSON parse, session just read", ratio("whole_request/moved/hot"), 2, "max", per_run=ratios("whole_request/moved/hot", BASELINE)))
    w(target("3. whole request (patch in a `monotonic_resource`) × Boost.JSON parse, session just read", ratio("whole_request/monotonic/hot"), 2, "max", per_run=ratios("whole_request/monotonic/hot", BASELINE)))
    w(target("3. whole request (default allocator), batch of 64 copies (colder session)", ratio("whole_request/default"), 2, "max", per_run=ratios("whole_request/default", BASELINE)))
    w(target("3. whole request (patch given away with `std::move`), batch of 64 copies (colder session)", ratio("whole_request/moved"), 2, "max", per_run=ratios("whole_request/moved", BASELINE)))
    w(target("3. whole request (patch in a `monotonic_resource`), batch of 64 copies (colder session)", ratio("whole_request/monotonic"), 2, "max", per_run=ratios("whole_request/monotonic", BASELINE)))
    w(target("4. DOM-free `validate_patch_bytes`, standard schema, × Boost.JSON parse", ratio("validate_patch_bytes/standard"), 0.5, "max", per_run=ratios("validate_patch_bytes/standard", BASELINE)))
    b30 = ratio("validate_patch_bytes/template30")
    w(target("4. DOM-free `validate_patch_bytes`, 30-attribute template, × Boost.JSON parse", b30, 0.5, "max",
             "" if b30 is not None else ": " + ("; ".join(errors("validate_patch_bytes/template30")) or "skipped"),
             per_run=ratios("validate_patch_bytes/template30", BASELINE)))
    w(zero_allocs("4. heap allocations of `validate_patch_bytes` on a valid patch (standard)", "validate_patch_bytes/standard"))
    w(zero_allocs("4. heap allocations of `validate_patch_bytes` on a valid patch (template)", "validate_patch_bytes/template30"))
    w("| 5. a whole request out of one fixed stack buffer | test | `tests/allocation.cpp` (CTest `allocation`); heap use outside the buffer below | — |")
    w("")
    w("## Typed-attribute cost target")
    w("")
    w("| target | limit | measured (median of per-run ratios) | lowest – highest run |")
    w("|---|---|---|---|")
    w(target("7. `validate_patch` with the 30-attribute template ÷ the same patch with `schema::standard()`",
             ratio("validate_patch/template30", "validate_patch/standard"), 2, "max",
             per_run=ratios("validate_patch/template30", "validate_patch/standard")))
    w("")

    if args.allocations and os.path.exists(args.allocations):
        w("## Heap allocations of one operation")
        w("")
        w("`usage_session_allocation_check` (CTest `bench_allocations`, which fails")
        w("if `validate_patch` allocates on the valid sample patch):")
        w("")
        w("```text")
        with open(args.allocations) as f:
            for line in f.read().rstrip().splitlines():
                w(line)
        w("```")
        w("")

    notes = os.path.join(os.path.dirname(os.path.abspath(__file__)), "performance_notes.md")
    if os.path.exists(notes):
        with open(notes) as f:
            w(f.read().rstrip())
        w("")

    sys.stdout.write("\n".join(o) + "\n")


if __name__ == "__main__":
    main()
