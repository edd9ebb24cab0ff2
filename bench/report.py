"""docs/benchmarks.md from bench/results.json: the figures against the targets, then the notes
(method, what each change bought) kept by hand in bench/notes.md."""

from __future__ import annotations

from pathlib import Path

NOTES = Path(__file__).resolve().parent / "notes.md"

# name, target description, check(figures, results) -> bool
TARGETS = [
    ("match_opportunity_top20_ms", "p95 ≤ 30 ms", lambda f, r: f["p95"] <= 30),
    ("recommend_volunteer_top20_ms", "p95 ≤ 30 ms", lambda f, r: f["p95"] <= 30),
    ("search_opportunities_ms", "p95 ≤ 30 ms", lambda f, r: f["p95"] <= 30),
    ("page_floor_ms", "the floor", lambda f, r: True),
    (
        "page_opportunity_list_ms",
        "p50 ≤ search p50 + 3 × floor",
        lambda f, r: f["p50"] <= r["search_opportunities_ms"]["p50"] + 3 * r["page_floor_ms"]["p50"],
    ),
    ("page_opportunity_detail_ms", "p50 ≤ 3 × floor", lambda f, r: f["p50"] <= 3 * r["page_floor_ms"]["p50"]),
    ("page_dashboard_ms", "p50 ≤ 3 × floor", lambda f, r: f["p50"] <= 3 * r["page_floor_ms"]["p50"]),
]
API_TARGET_RPS = 300


def _mark(ok: bool) -> str:
    return "met" if ok else "**not met**"


def write_report(results: dict, path: Path) -> None:
    lines = [
        "# Benchmarks",
        "",
        "Written by `make bench` from `bench/results.json`; the method and the history of changes are in",
        "`bench/notes.md` (copied below). Figures in milliseconds unless named otherwise.",
        "",
        f"- **Machine:** {results.get('machine', '?')}",
        f"- **Sizes:** {results['sizes']['volunteers']:,} volunteers, {results['sizes']['opportunities']:,} opportunities",
        "",
        "| figure | p50 | p95 | samples | target | |",
        "| --- | ---: | ---: | ---: | --- | --- |",
    ]
    for name, target, check in TARGETS:
        figures = results.get(name)
        if not figures:
            continue
        extra = f" ({figures['ratio_to_floor_p50']} × floor)" if "ratio_to_floor_p50" in figures else ""
        lines.append(
            f"| `{name}` | {figures['p50']}{extra} | {figures['p95']} | {figures.get('n', '')} | {target} | {_mark(check(figures, results))} |"
        )
    fanout = results.get("fanout_100k_s")
    if fanout:
        if results.get("fanout_not_rerun"):
            lines += ["", f"Fan-out: {results['fanout_not_rerun']}."]
        lines += [
            "",
            "| fan-out to the fitting volunteers | seconds | target | |",
            "| --- | ---: | --- | --- |",
            f"| alert rows exist (`rows`) | {fanout['rows']} | ≤ 5 s | {_mark(fanout['rows'] <= 5)} |",
            f"| every e-mail handed to the transport, 1 worker | {fanout['emails_1_worker']} | ≤ 900 s | {_mark(fanout['emails_1_worker'] <= 900)} |",
            f"| every e-mail handed to the transport, 2 workers | {fanout['emails_2_workers']} | ≤ 900 s | {_mark(fanout['emails_2_workers'] <= 900)} |",
            "",
            f"Fitting volunteers whose alert settings accept the opportunity: {results['fitting_volunteers']:,} "
            f"(of {results.get('fitting_before_alert_settings', 0):,} the opportunity fits); alert rows created: "
            f"{results['alerts_created']:,} ({_mark(results['alerts_created'] == results['fitting_volunteers'])}); "
            f"e-mails (volunteers who asked for immediate alerts): {fanout['immediate_alerts']:,}, "
            f"sent {fanout['emails_sent_1_worker']:,} with one worker and {fanout['emails_sent_2_workers']:,} with two.",
        ]
    api = results.get("api_throughput_rps")
    if api:
        latency = api.get("latency_ms", {})
        lines += [
            "",
            f"API throughput, `GET /api/v1/opportunities/` (search with filters) at {api['clients']} concurrent clients for "
            f"{api['seconds']} s: **{api['rps']} requests/s**, {api['errors']} errors "
            f"(latency p50 {latency.get('p50')} ms, p95 {latency.get('p95')} ms); target ≥ {API_TARGET_RPS} requests/s "
            f"with 0 errors: {_mark(api['rps'] >= API_TARGET_RPS and api['errors'] == 0)}.",
        ]
        mix = api.get("mix")
        if mix:
            lines.append(
                f"The mix: {mix['distinct_searches']:,} distinct searches asked with a Zipf skew of {mix['zipf']} "
                f"({mix['distinct_asked']:,} of them asked during the run); the server's shared cache: {results.get('cache', '?')}."
            )
    if NOTES.exists():
        lines += ["", NOTES.read_text().rstrip()]
    path.write_text("\n".join(lines) + "\n")
    print(f"wrote {path}")
