#!/usr/bin/env python3
"""Start-up and whole-run figures on the simulated cloud, from a release build without the SDK.

    cargo build --release --no-default-features
    python3 benches/figures.py [--tipwiz target/release/tipwiz] [--runs 20]

Prints: `plan --backend sim` wall time; a full `apply --backend sim` with no simulated latency
and its peak memory (GNU time); the time from start to the first complete frame of `demo` in a
pseudo-terminal. Median, min and max of each.
"""
import argparse, os, pty, re, select, statistics, subprocess, tempfile, time

def stats(xs, unit="ms", scale=1000):
    return f"median {statistics.median(xs) * scale:.1f} {unit} (min {min(xs) * scale:.1f}, max {max(xs) * scale:.1f}, n={len(xs)})"

def first_frame(binary, state):
    pid, fd = pty.fork()
    if pid == 0:
        os.environ["TERM"] = "xterm-256color"
        os.environ["COLUMNS"], os.environ["LINES"] = "120", "40"
        os.execv(binary, [binary, "demo", "--state", state])
    import fcntl, struct, termios
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 120, 0, 0))
    t0 = time.perf_counter()
    buf = b""
    while True:
        r, _, _ = select.select([fd], [], [], 5)
        if not r:
            raise SystemExit("no frame within 5 s")
        buf += os.read(fd, 65536)
        # The key-hint bar is the last line drawn: its arrival completes the first frame.
        if b"help" in buf and b"quit" in buf:
            elapsed = time.perf_counter() - t0
            break
    os.write(fd, b"q")
    try:
        os.waitpid(pid, 0)
    except ChildProcessError:
        pass
    return elapsed

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--tipwiz", default="target/release/tipwiz")
    ap.add_argument("--runs", type=int, default=20)
    a = ap.parse_args()
    b = a.tipwiz
    plan = []
    for _ in range(a.runs):
        d = tempfile.mkdtemp()
        t0 = time.perf_counter(); subprocess.run([b, "plan", "--backend", "sim", "--state", d], check=True, capture_output=True); plan.append(time.perf_counter() - t0)
    print("plan --backend sim        :", stats(plan))
    apply, mem = [], []
    for _ in range(max(5, a.runs // 2)):
        d = tempfile.mkdtemp()
        t0 = time.perf_counter()
        out = subprocess.run(["/usr/bin/time", "-v", b, "apply", "--backend", "sim", "--state", d, "--yes", "--confirm-manual", "all"],
                             capture_output=True, text=True, env=dict(os.environ, TIPWIZ_SIM_LATENCY_MS="0"))
        apply.append(time.perf_counter() - t0)
        if out.returncode != 0:
            raise SystemExit(out.stdout + out.stderr)
        mem.append(int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", out.stderr).group(1)))
    print("apply --backend sim (all) :", stats(apply))
    print("  peak memory             :", f"median {statistics.median(mem) / 1024:.1f} MB (min {min(mem) / 1024:.1f}, max {max(mem) / 1024:.1f})")
    frames = [first_frame(b, tempfile.mkdtemp()) for _ in range(max(5, a.runs // 2))]
    print("demo, first frame (pty)   :", stats(frames))

if __name__ == "__main__":
    main()
