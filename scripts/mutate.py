#!/usr/bin/env python3
"""Mutation testing: does the suite notice a small wrong change to the source?

usage: scripts/mutate.sh [--count N] [--seed S] [--only K,K,...] [--list]

Finds every place in src/backend/cpu, src/autograd/derivatives, src/ops and src/nn where one of
these mutations applies, and draws a fixed, seeded sample of them (the same one on every run
with the same seed and source), spread evenly over the four folders:
- bound:    an off-by-one bound, `<` <-> `<=` and `>` <-> `>=`;
- compare:  a flipped comparison, `==` <-> `!=`;
- logic:    `&&` <-> `||`;
- arith:    a swapped operator, `+` <-> `-`, `*` -> `/`;
- swap:     swapped operands of `-` or `/` between two plain names (`a - b` -> `b - a`);
- drop:     a dropped term of a sum in a derivative formula (`x + term` -> `x`).
Each mutant is applied alone to the release build's source (the file is restored afterwards,
also on Ctrl-C), the build is brought up to date (ninja rebuilds the one object and relinks the
shared library), and the test binaries of the mutated folder run with --gtest_fail_fast.
A mutant is killed when a test fails, crashes or times out; it is stillborn when it does not
compile (not counted); it survives otherwise. The report lists every survivor with its diff, in
build/mutation/report.md; each needs either a test that kills it or a reason it is equivalent
(docs/testing.md records the score and the survivors).
"""
import argparse
import json
import os
import pathlib
import random
import re
import signal
import subprocess
import sys
import time

ROOT = pathlib.Path(__file__).resolve().parent.parent
BUILD = ROOT / "build" / "release"
OUT = ROOT / "build" / "mutation"
FOLDERS = {
    "src/backend/cpu": ["ember_ops_tests", "ember_autograd_tests"],
    "src/autograd/derivatives": ["ember_autograd_tests", "ember_ops_tests"],
    "src/ops": ["ember_ops_tests", "ember_autograd_tests"],
    "src/nn": ["ember_nn_tests"],
}
# Operators are matched with the spaces clang-format puts around binary operators, which keeps
# template brackets, rvalue references, pointers and unary minus out.
SWAPS = {
    "bound": {" < ": " <= ", " <= ": " < ", " > ": " >= ", " >= ": " > "},
    "compare": {" == ": " != ", " != ": " == "},
    "logic": {" && ": " || ", " || ": " && "},
    "arith": {" + ": " - ", " - ": " + ", " * ": " / "},
}
PLAIN = r"[A-Za-z_][\w.]*(?:\(\))?"
SWAP_OPERANDS = re.compile(rf"(?<![\w.>)\]])({PLAIN}) ([-/]) ({PLAIN})(?![\w(\[.])")


def code_lines(path):
    """(number, line) of the lines that hold code: not comments, preprocessor lines or
    static_asserts."""
    for number, line in enumerate(path.read_text().splitlines(), 1):
        stripped = line.strip()
        if (not stripped or stripped.startswith(("//", "#", "/*", "*")) or
                "static_assert" in stripped):
            continue
        yield number, line


def strip_strings(line):
    """The line with string literals and trailing comments blanked (same length)."""
    line = re.sub(r'"(?:\\.|[^"\\])*"', lambda m: " " * len(m.group()), line)
    at = line.find("//")
    return line if at < 0 else line[:at] + " " * (len(line) - at)


def dropped_term_end(code, start):
    """Where the operand that starts at `start` ends: names, ::, ., ->, calls and subscripts."""
    depth, i = 0, start
    while i < len(code):
        c = code[i]
        if c in "([":
            depth += 1
        elif c in ")]":
            if depth == 0:
                break
            depth -= 1
        elif depth == 0 and not (c.isalnum() or c in "_.:->"):
            break
        elif depth == 0 and c == "-" and code[i:i + 2] != "->":
            break
        i += 1
    return i


def sites():
    """Every mutation that applies: (folder, file, line number, kind, column, old, new)."""
    out = []
    for folder in FOLDERS:
        for path in sorted((ROOT / folder).rglob("*.cpp")) + sorted((ROOT / folder).rglob("*.h")):
            rel = str(path.relative_to(ROOT))
            for number, line in code_lines(path):
                code = strip_strings(line)
                for kind, swaps in SWAPS.items():
                    for old, new in swaps.items():
                        for m in re.finditer(re.escape(old), code):
                            out.append((folder, rel, number, kind, m.start(), old, new))
                for m in SWAP_OPERANDS.finditer(code):
                    a, op, b = m.groups()
                    if a != b and not a[0].isdigit():
                        out.append((folder, rel, number, "swap", m.start(), m.group(),
                                    f"{b} {op} {a}"))
                if folder == "src/autograd/derivatives":
                    for m in re.finditer(r" \+ ", code):
                        end = dropped_term_end(code, m.end())
                        if end > m.end():
                            out.append((folder, rel, number, "drop", m.start(),
                                        line[m.start():end], ""))
    return out


def sample(all_sites, count, seed):
    """`count` sites, as many from each folder, and within a folder as many of each kind as it
    has (round robin over the kinds, each kind's sites in a seeded random order)."""
    rng = random.Random(seed)
    chosen = []
    for i, folder in enumerate(FOLDERS):
        n = count // len(FOLDERS) + (1 if i < count % len(FOLDERS) else 0)
        kinds = {}
        for site in all_sites:
            if site[0] == folder:
                kinds.setdefault(site[3], []).append(site)
        queues = [rng.sample(kinds[k], len(kinds[k])) for k in sorted(kinds)]
        picked = []
        while len(picked) < n and any(queues):
            for queue in queues:
                if queue and len(picked) < n:
                    picked.append(queue.pop())
        chosen += picked
    return chosen


def run(cmd, timeout):
    """(exit status, seconds); a timeout kills the whole process group and reads as 124."""
    begin = time.monotonic()
    proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            start_new_session=True)
    try:
        status = proc.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
        status = 124
    return status, time.monotonic() - begin


def build():
    return run(["cmake", "--build", str(BUILD), "-j2"], timeout=1800)[0] == 0


def test(binaries, timeouts):
    for binary in binaries:
        status, _ = run([str(BUILD / "tests" / binary), "--gtest_fail_fast", "--gtest_brief=1"],
                        timeouts[binary])
        if status != 0:
            return f"killed by {binary}" + (" (timeout)" if status == 124 else "")
    return None


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--count", type=int, default=160)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--only", help="comma-separated mutant numbers to run")
    parser.add_argument("--list", action="store_true", help="print the sample and stop")
    args = parser.parse_args()

    mutants = sample(sites(), args.count, args.seed)
    if args.list:
        for i, (folder, rel, number, kind, col, old, new) in enumerate(mutants):
            print(f"{i:3d} {kind:7s} {rel}:{number}  {old.strip()!r} -> {new.strip()!r}")
        return 0
    OUT.mkdir(parents=True, exist_ok=True)
    if not build():
        sys.exit("the unmutated build fails")
    # Each binary may take ten times its unmutated run before a mutant counts as hanging.
    timeouts = {}
    for binary in sorted({b for bs in FOLDERS.values() for b in bs}):
        status, seconds = run([str(BUILD / "tests" / binary), "--gtest_brief=1"], timeout=3600)
        if status != 0:
            sys.exit(f"{binary} fails without any mutation")
        timeouts[binary] = 10 * seconds + 30
    only = {int(x) for x in args.only.split(",")} if args.only else None
    results = []
    for i, (folder, rel, number, kind, col, old, new) in enumerate(mutants):
        if only is not None and i not in only:
            continue
        path = ROOT / rel
        original = path.read_text()
        lines = original.splitlines(keepends=True)
        line = lines[number - 1]
        mutated_line = line[:col] + new + line[col + len(old):]
        lines[number - 1] = mutated_line
        begin = time.monotonic()
        try:
            path.write_text("".join(lines))
            outcome = test(FOLDERS[folder], timeouts) if build() else "stillborn"
        finally:
            path.write_text(original)
        outcome = outcome or "survived"
        results.append({"n": i, "kind": kind, "file": rel, "line": number,
                        "before": line.strip(), "after": mutated_line.strip(),
                        "outcome": outcome})
        print(f"{i:3d} {kind:7s} {rel}:{number} {outcome} ({time.monotonic() - begin:.0f} s)",
              flush=True)
        (OUT / "results.json").write_text(json.dumps(results, indent=1) + "\n")
    build()  # leave the build matching the restored source

    counted = [r for r in results if r["outcome"] != "stillborn"]
    killed = [r for r in counted if r["outcome"].startswith("killed")]
    score = 100.0 * len(killed) / max(1, len(counted))
    with open(OUT / "report.md", "w") as report:
        report.write(f"# Mutation score: {len(killed)} of {len(counted)} killed ({score:.1f}%), "
                     f"{len(results) - len(counted)} stillborn; seed {args.seed}\n\n")
        for r in counted:
            if r["outcome"] == "survived":
                report.write(f"- #{r['n']} {r['kind']} {r['file']}:{r['line']}\n"
                             f"  - before: `{r['before']}`\n  - after:  `{r['after']}`\n")
    print(f"score: {len(killed)} / {len(counted)} killed ({score:.1f}%); "
          f"report in {OUT / 'report.md'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
