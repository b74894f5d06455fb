#!/usr/bin/env python3
"""tipwiz against the AWS CLI, on the same emulator, for the steps moto emulates end to end.

Starts moto_server on a free loopback port, then, several times: runs `tipwiz apply` for the
steps, resets the emulator, runs the AWS CLI script that `tipwiz export --format shell` writes
for the same steps (same endpoint, same answers), resets again. Prints both medians, their
spread and the ratio. Needs moto_server and the aws CLI (pip install 'moto[server]' awscli).

    python3 benches/compare_cli.py [--runs 5] [--tipwiz target/debug/tipwiz]
"""
import argparse, os, re, socket, statistics, subprocess, sys, tempfile, time, urllib.request

STEPS = ["alice.kms-key", "alice.kms-replica"]
# Found first and not timed: moto lacks DescribeInstance, whose server errors the SDK retries
# with backoff for seconds, which says nothing about either tool.
SETUP = ["alice.preflight"]

def free_port():
    s = socket.socket(); s.bind(("127.0.0.1", 0)); p = s.getsockname()[1]; s.close(); return p

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--tipwiz", default="target/debug/tipwiz")
    args = ap.parse_args()
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    moto = subprocess.Popen(["moto_server", "-H", "127.0.0.1", "-p", str(port)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(url + "/moto-api/"); break
            except Exception:
                time.sleep(0.2)
        env = dict(os.environ, AWS_ACCESS_KEY_ID="testing", AWS_SECRET_ACCESS_KEY="testing", AWS_DEFAULT_REGION="us-east-1",
                   AWS_ENDPOINT_URL=url, AWS_PAGER="", AWS_PROFILE="")
        env.pop("AWS_PROFILE")
        work = tempfile.mkdtemp(prefix="tipwiz-compare-")
        answers = os.path.join(work, "answers.toml")
        with open(answers, "w") as f:
            f.write('[alice]\nmanagement_account_id = "123456789012"\nmanagement_profile = ""\n'
                    '[bob]\nanalytics_account_id = "123456789012"\nanalytics_profile = ""\nsame_account = true\n'
                    'admin_role_arn = "arn:aws:iam::123456789012:role/Admin"\n')
        script = subprocess.run([args.tipwiz, "export", "--format", "shell", "--answers", answers, "--state", work],
                                check=True, capture_output=True, text=True, env=env).stdout
        # Keep the header and the sections of the chosen steps.
        head, *sections = re.split(r"(?m)^(?=# --- )", script)
        chosen = [s for s in sections if any(s.startswith(f"# --- {st}:") for st in STEPS)]
        cli_script = os.path.join(work, "steps.sh")
        with open(cli_script, "w") as f:
            f.write(head.split("# =====")[0] + "".join(chosen))
        cli_calls = sum(1 for l in "".join(chosen).splitlines() if "aws " in l and not l.startswith("#"))

        def reset():
            urllib.request.urlopen(urllib.request.Request(url + "/moto-api/reset", method="POST"))

        tipwiz_times, cli_times, tipwiz_calls = [], [], 0
        for i in range(args.runs):
            state = tempfile.mkdtemp(prefix="tipwiz-state-")
            subprocess.run([args.tipwiz, "apply", "--backend", "aws", "--endpoint-url", url, "--answers", answers,
                            "--state", state, "--yes", "--only", ",".join(SETUP)], capture_output=True, text=True, env=env, check=True)
            t0 = time.perf_counter()
            out = subprocess.run([args.tipwiz, "apply", "--backend", "aws", "--endpoint-url", url, "--answers", answers,
                                  "--state", state, "--yes", "--only", ",".join(STEPS)], capture_output=True, text=True, env=env)
            tipwiz_times.append(time.perf_counter() - t0)
            if out.returncode != 0:
                sys.exit(f"tipwiz failed:\n{out.stdout}\n{out.stderr}")
            tipwiz_calls = sum(1 for l in out.stdout.splitlines() if re.search(r"\s\d+ ms$", l))
            reset()
            t0 = time.perf_counter()
            out = subprocess.run(["bash", cli_script], capture_output=True, text=True, env=env)
            cli_times.append(time.perf_counter() - t0)
            if out.returncode != 0:
                sys.exit(f"the AWS CLI script failed:\n{out.stderr}")
            reset()
        tm, cm = statistics.median(tipwiz_times), statistics.median(cli_times)
        print(f"steps: {', '.join(STEPS)} on moto_server ({args.runs} runs each)")
        print(f"tipwiz apply : median {tm:.3f} s (min {min(tipwiz_times):.3f}, max {max(tipwiz_times):.3f}), {tipwiz_calls} calls")
        print(f"AWS CLI      : median {cm:.3f} s (min {min(cli_times):.3f}, max {max(cli_times):.3f}), {cli_calls} commands")
        print(f"ratio        : tipwiz is {cm / tm:.1f} times faster")
    finally:
        moto.terminate(); moto.wait()

if __name__ == "__main__":
    main()
