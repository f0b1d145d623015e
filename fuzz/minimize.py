#!/usr/bin/env python3
"""Folds a fuzzing run's corpus into the small seed corpus kept in the repository.

    fuzz/minimize.py NAME RUN_DIR [MAX_FILES [MAX_BYTES]]

Runs build/fuzz/fuzz_NAME once in libFuzzer's merge mode, with a copy of
fuzz/corpus/NAME as the initial corpus and RUN_DIR as the new inputs. The merge
control file says, for each input in the order libFuzzer ran them (the kept seeds
first, then the rest smallest first), which edges it reached that no earlier input
had (its COV line). Inputs are then picked greedily: every kept seed, then repeatedly
the input adding the most edges (ties: the smaller), until every edge is covered or
MAX_FILES (300) / MAX_BYTES (2 MB) is reached.
New picks are copied into fuzz/corpus/NAME named by their SHA-1, as libFuzzer does.
Prints how many edges the kept corpus covered before and after.
"""
import hashlib
import os
import shutil
import subprocess
import sys
import tempfile

top = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
name, run = sys.argv[1], sys.argv[2]
max_files = int(sys.argv[3]) if len(sys.argv) > 3 else 300
max_bytes = int(sys.argv[4]) if len(sys.argv) > 4 else 2 * 1024 * 1024
keep = os.path.join(top, "fuzz", "corpus", name)
harness = os.path.join(top, "build", "fuzz", "fuzz_" + name)
os.makedirs(keep, exist_ok=True)

with tempfile.TemporaryDirectory() as tmp:
    ctl = os.path.join(tmp, "ctl")
    out = os.path.join(tmp, "out")
    shutil.copytree(keep, out)
    subprocess.run([harness, "-merge=1", "-merge_control_file=" + ctl, out, run],
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    lines = open(ctl).read().split("\n")
    n = int(lines[0])
    files = lines[2:2 + n]
    cov = {}
    for l in lines[2 + n:]:
        p = l.split()
        if len(p) >= 2 and p[0] == "COV":
            cov[files[int(p[1])]] = set(p[2:])

seeds = [f for f in files if os.path.dirname(f) == out]
covered = set().union(*(cov.get(f, set()) for f in seeds)) if seeds else set()
before = len(covered)
every = set().union(*cov.values()) if cov else set()
left = {f for f in cov if os.path.dirname(f) != out}
count = len(os.listdir(keep))
size = sum(os.path.getsize(os.path.join(keep, f)) for f in os.listdir(keep))
added = 0
while left and covered != every and count < max_files:
    best = max(left, key=lambda f: (len(cov[f] - covered), -os.path.getsize(f)))
    gain = cov[best] - covered
    left.discard(best)
    if not gain:
        break
    if size + os.path.getsize(best) > max_bytes:
        continue
    data = open(best, "rb").read()
    dst = os.path.join(keep, hashlib.sha1(data).hexdigest())
    if not os.path.exists(dst):
        shutil.copyfile(best, dst)
        count += 1
        size += len(data)
        added += 1
    covered |= gain
print(f"{name}: kept corpus {before} -> {len(covered)} of {len(every)} edges; "
      f"{added} inputs added, {count} files, {size} bytes")
