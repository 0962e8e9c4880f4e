#!/usr/bin/env python3
"""Times brieflint on briefs shaped like tables or lists pasted as prose, each at n and 2n
units, and flags those whose time grows more than 3x: work quadratic in a sentence,
clause, paragraph or brief. Not a test (tests/scale.rs holds the fixed shapes); a probe.

    python3 bench/shapes.py [--bin target/release/brieflint] [--n 20000] [--only NAME]
"""
import argparse
import os
import subprocess
import tempfile
import time

# name -> body of a brief of n units (under '# T').
SHAPES = {
    # one sentence
    "dates-and-figures": lambda n: " ".join(f"In May 2024 output rose {k}% and in June 2025 it fell" for k in range(n)) + ".",
    "names": lambda n: " ".join(f"Alpha{k} Beta{k} Gamma{k} met in May 2024 and agreed {k}%" for k in range(n // 4)) + ".",
    "likely": lambda n: "likely or perhaps " * n + "as ever.",
    "clauses": lambda n: "In 2024 output rose 5%" + ", and it rose 6% in 2025" * n + ".",
    "event-dates": lambda n: "The ministry announced the Kyiv Accord on 1 March 2020"
    + "".join(f" and {1 + k % 28} March {2000 + k % 25}" for k in range(n)) + ".",
    "overlapping-ranges": lambda n: " ".join(f"In 2024 output rose by over {k}%." for k in range(n // 2)),
    # one paragraph, one brief
    "one-subject": lambda n: " ".join(f"In 2024 output rose {k}%." for k in range(n)),
    "judgements": lambda n: "\n\n".join(f"**We judge it likely that Iran{k} will expand trade{k}.**" for k in range(n // 4))
    + "\n\n## S\n\n"
    + "\n\n".join(f"Iran{k} expanded trade{k} in 2024." for k in range(n // 4)),
    "acronyms": lambda n: " ".join(f"The A{k:05X}Q met." for k in range(n)) + " " + " ".join(f"Agency {k} (A{k:05X}Q) met." for k in range(n)),
    "footnotes": lambda n: " ".join(f"Claim[^{k}]." for k in range(n)) + "\n\n" + "\n".join(f"[^{k}]: Note {k}." for k in range(n)),
    "nested-list": lambda n: "\n".join("  " * (k % 200) + f"- item {k} in 2024 rose {k}%" for k in range(n)),
    "wide-table": lambda n: "| " + " | ".join(f"c{k}" for k in range(n)) + " |\n|" + "---|" * n + "\n| " + " | ".join(f"{k}%" for k in range(n)) + " |",
}


def timed(binary, path):
    started = time.perf_counter()
    subprocess.run([binary, "check", path, "--format", "json"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=600)
    return time.perf_counter() - started


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", default="target/release/brieflint")
    ap.add_argument("--n", type=int, default=20000)
    ap.add_argument("--only")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as d:
        for name, body in SHAPES.items():
            if args.only and name != args.only:
                continue
            times = []
            for n in (args.n, 2 * args.n):
                path = os.path.join(d, f"{name}-{n}.md")
                with open(path, "w") as f:
                    f.write("# T\n\n" + body(n) + "\n")
                times.append(timed(args.bin, path))
            ratio = times[1] / max(times[0], 1e-3)
            flag = "  <- superlinear" if ratio > 3 and times[1] > 0.5 else ""
            print(f"{name:20} n {times[0]:7.2f} s   2n {times[1]:7.2f} s   x{ratio:4.1f}{flag}")


if __name__ == "__main__":
    main()
