#!/usr/bin/env python3
"""Reads `perf script -F ip,sym` of a run with call graphs from standard input and prints
where the samples went: each put down to the nearest function of brieflint's own on its
stack (a sample in the allocator, std or a crate goes to the brieflint code that called
it), and, for each name given, the share of the samples with it on their stack.

    perf script -i perf.data -F ip,sym | python3 bench/callers.py [NAME...]
"""
import collections
import sys


def samples(lines):
    """The stacks, leaf first, as lists of function names."""
    stack = []
    for line in lines:
        line = line.strip()
        if not line:
            if stack:
                yield stack
            stack = []
            continue
        # "ip symbol+offset (object)" or "ip symbol (inlined)"
        parts = line.split(" ", 1)
        stack.append(parts[1] if len(parts) > 1 else parts[0])
    if stack:
        yield stack


def main():
    stacks = list(samples(sys.stdin))
    total = len(stacks)
    if total == 0:
        sys.exit("no samples: was perf record run with --call-graph dwarf?")
    own = collections.Counter()
    for stack in stacks:
        mine = next((f for f in stack if "brieflint::" in f), stack[0])
        own[mine.split(" (")[0][:110]] += 1
    print(f"{total} samples; by the nearest brieflint function:")
    for name, n in own.most_common(40):
        print(f"{n:7d} {100 * n / total:5.1f}%  {name}")
    for name in sys.argv[1:]:
        n = sum(1 for stack in stacks if any(name in f for f in stack))
        print(f"{name}: {n} samples, {100 * n / total:.1f}% with its callees")


if __name__ == "__main__":
    main()
