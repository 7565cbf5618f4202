"""`make closings-repeat`: a scenario played N times in a row, each on a fresh stack, must give N
identical reports (issue 17: consistent closings leave nothing to timing).

Each run is `pacte scenario run FILE --out runs/NN.json --expected FILE.expected.json`; the reports
are then compared byte for byte with the first. Exit status 0 only when every run matched its
expected report and all reports are identical. A summary (durations, digests) goes to
`<out-dir>/summary.json`.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def play(scenario: Path, expected: Path, out: Path) -> dict[str, object]:
    started = time.monotonic()
    done = subprocess.run([sys.executable, "-m", "pacte_cli.main", "scenario", "run", str(scenario), "--out", str(out),
                           "--expected", str(expected)], capture_output=True, text=True, timeout=1800)
    seconds = time.monotonic() - started
    tail = done.stderr.strip().splitlines()[-2:]
    digest = hashlib.sha256(out.read_bytes()).hexdigest() if out.exists() else None
    return {"report": out.name, "exit": done.returncode, "seconds": round(seconds, 1), "sha256": digest,
            "last_lines": tail}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("scenario", type=Path, nargs="?", default=REPO.parent / "shared/scenarios/corrections.jsonl")
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--out-dir", type=Path, default=REPO / "var" / "closings-repeat")
    args = parser.parse_args(argv)
    expected = args.scenario.with_suffix(".expected.json")
    args.out_dir.mkdir(parents=True, exist_ok=True)
    runs = []
    for n in range(1, args.runs + 1):
        run = play(args.scenario, expected, args.out_dir / f"run-{n:02d}.json")
        runs.append(run)
        print(f"run {n}/{args.runs}: exit {run['exit']}, {run['seconds']}s, sha256 {str(run['sha256'])[:16]}; "
              + " | ".join(map(str, run["last_lines"])), flush=True)
    digests = {run["sha256"] for run in runs}
    ok = all(run["exit"] == 0 for run in runs) and len(digests) == 1 and None not in digests
    summary = {"scenario": str(args.scenario), "expected": str(expected), "runs": runs, "identical": len(digests) == 1,
               "all_match_expected": all(run["exit"] == 0 for run in runs), "ok": ok,
               "finished": datetime.now(UTC).isoformat(timespec="seconds")}
    (args.out_dir / "summary.json").write_text(json.dumps(summary, indent=1) + "\n")
    seconds = [float(str(run["seconds"])) for run in runs]
    print(f"{args.runs} runs of {args.scenario.name}: {'identical' if len(digests) == 1 else 'DIFFERENT'} reports "
          f"({len(digests)} distinct), {sum(run['exit'] == 0 for run in runs)} matched the expected report; "
          f"{min(seconds):.0f}-{max(seconds):.0f}s per run; summary in {args.out_dir / 'summary.json'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
