#!/usr/bin/env python
"""Virtual-clock simulation speed and accuracy: our `simulate(...)` against SimPy and against Erlang.

One voice queue, one skill, agents alike; Poisson arrivals at 200 calls/h, exponential handle time with a
180 s mean (10 Erlangs offered), 14 agents, answer at once, no wrap-up. The same model is run twice in the
same process and timed with the wall clock:

- ours: domain.routing.simulation.simulate — the real routing engine (FIFO by arrival, longest-idle
  agent) driven by the simulation's virtual clock;
- SimPy 4.1.1: the same rules on SimPy primitives — a Store of free agents (FIFO, so the agent free
  longest is taken first) that callers queue on in arrival order; the same distributions and means.

Case 1, Erlang C (infinite patience): calls/s of each, the speed ratio (goal: ours >= 5x SimPy), service
level (answered within 20 s / offered) and ASA of each next to Erlang C's analytic values, with a 95 %
confidence interval for the simulated SL from 20 batch means (in call order).
Case 2, Erlang A (exponential patience, mean 120 s): abandonment share and SL of each next to the
M/M/c+M analytic values, computed exactly from the birth-death chain (abandonment) and the tagged
caller's place in line (SL; transient probabilities by uniformisation) — no scipy needed.

    python bench/simulation.py --quick      # 50,000 calls per run, under a minute
    python bench/simulation.py              # 1,000,000 calls per run, some minutes

Each simulator makes --repeats independent runs (seeds 1, 2, …): calls/s is the median run's (the machine
may be shared, so timings are noisy); SL, ASA and abandonment are pooled over all the runs' calls.
Ends with one `RESULT key=value …` line.
"""

from __future__ import annotations

import argparse
import math
import random
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "src"), str(ROOT)]

import simpy  # noqa: E402

from carecenter.domain.routing.model import Media, QueueConfig  # noqa: E402
from carecenter.domain.routing.simulation import SimAgent, Traffic, simulate  # noqa: E402

PER_HOUR = 200.0
HANDLE_S = 180.0
AGENTS = 14
THRESHOLD_S = 20.0
PATIENCE_S = 120.0
BATCHES = 20
T_975_19 = 2.093  # Student t, 97.5 % quantile, 19 degrees of freedom (20 batches)
GOAL_SPEEDUP = 5.0


@dataclass
class Run:
    engine: str
    offered: int
    answered: int
    answered_within: int
    abandoned: int
    waits: list[float]  # answered calls' waits, in the order they were answered
    seconds: float  # wall time of the run
    calls_per_s: float = 0.0  # median over the repeats, once merged

    @property
    def sl(self) -> float:
        return self.answered_within / self.offered

    @property
    def asa(self) -> float:
        return statistics.fmean(self.waits) if self.waits else 0.0

    @property
    def abandon_share(self) -> float:
        return self.abandoned / self.offered

    def sl_ci(self) -> tuple[float, float]:
        """SL (share of answered calls within the threshold) and the 95 % half-width, by batch means."""
        size = len(self.waits) // BATCHES
        means = [
            sum(1 for w in self.waits[b * size : (b + 1) * size] if w <= THRESHOLD_S) / size for b in range(BATCHES)
        ]
        return statistics.fmean(means), T_975_19 * statistics.stdev(means) / math.sqrt(BATCHES)


# ---- analytic values ---------------------------------------------------------------------------


def erlang_c(agents: int, offered_erlangs: float) -> float:
    """Probability that a call waits (Erlang C), computed with the stable Erlang B recursion."""
    b = 1.0
    for k in range(1, agents + 1):
        b = offered_erlangs * b / (k + offered_erlangs * b)
    rho = offered_erlangs / agents
    return b / (1 - rho + rho * b)


def erlang_c_figures(agents: int, per_hour: float, handle_s: float, threshold_s: float) -> tuple[float, float]:
    """(service level within `threshold_s`, ASA in seconds) for M/M/c."""
    lam, mu = per_hour / 3600, 1 / handle_s
    pw = erlang_c(agents, lam / mu)
    return 1 - pw * math.exp(-(agents * mu - lam) * threshold_s), pw / (agents * mu - lam)


def erlang_a_figures(
    agents: int, per_hour: float, handle_s: float, patience_s: float, threshold_s: float
) -> tuple[float, float]:
    """(share abandoned, share answered within `threshold_s`) of offered calls, for M/M/c+M (Erlang A).

    Calls in the system follow a birth-death chain (death rate min(n, c)·mu + max(n - c, 0)·theta); an
    arriving call sees it in steady state (PASTA). Abandonment: theta·E[queue] / lambda. A call that finds
    n >= c waits behind j = n - c others: its place falls at rate c·mu + j·theta, it is answered from
    place 0 at rate c·mu and gives up at rate theta; P(answered by t) comes from uniformisation.
    """
    lam, mu, theta = per_hour / 3600, 1 / handle_s, 1 / patience_s
    weights = [1.0]
    n = 0
    while True:  # unnormalised p_n until the tail is negligible
        n += 1
        death = min(n, agents) * mu + max(n - agents, 0) * theta
        weights.append(weights[-1] * lam / death)
        if n > agents and weights[-1] < 1e-18 * sum(weights):
            break
    total = sum(weights)
    p = [w / total for w in weights]
    abandoned = theta * sum((k - agents) * pk for k, pk in enumerate(p) if k > agents) / lam
    # Tagged caller: states j = 0..J (callers ahead), plus "answered" (absorbing; abandoned is dropped).
    ahead = [p[agents + j] for j in range(len(p) - agents)]
    rate = agents * mu + len(ahead) * theta + theta  # uniformisation constant >= every exit rate
    vector, answered = ahead[:], 0.0
    poisson = math.exp(-rate * threshold_s)
    cumulative, k = 0.0, 0
    answered_by_t = 0.0
    while cumulative < 1 - 1e-15 and k < 10_000:
        answered_by_t += poisson * answered
        cumulative += poisson
        # one uniformised step
        moved = [0.0] * len(vector)
        answered += vector[0] * agents * mu / rate
        for j, mass in enumerate(vector):
            if mass == 0.0:
                continue
            down = (agents * mu + j * theta) / rate if j > 0 else 0.0
            out = down + (agents * mu / rate if j == 0 else 0.0) + theta / rate
            moved[j] += mass * (1 - out)
            if j > 0:
                moved[j - 1] += mass * down
        vector = moved
        k += 1
        poisson *= rate * threshold_s / k
    answered_at_once = sum(p[:agents])
    return abandoned, answered_at_once + answered_by_t


# ---- the two simulators --------------------------------------------------------------------------


def run_ours(calls: int, patience: float | None, seed: int) -> Run:
    queue = QueueConfig("line", Media.VOICE, "line", wrap_up_s=0.0)
    agents = [SimAgent(i, {"line": 1}, answer_delay_s=0.0, wrap_s=0.0) for i in range(1, AGENTS + 1)]
    traffic = [Traffic("line", PER_HOUR, HANDLE_S, patience_s=patience)]
    t0 = time.perf_counter()
    outcome = simulate([queue], agents, traffic, duration_s=calls / PER_HOUR * 3600, seed=seed)
    seconds = time.perf_counter() - t0
    return Run(
        "ours",
        outcome.offered,
        outcome.answered,
        outcome.answered_in[THRESHOLD_S],
        outcome.abandoned,
        outcome.waits,
        seconds,
        outcome.offered / seconds,
    )


def run_simpy(calls: int, patience: float | None, seed: int) -> Run:
    env = simpy.Environment()
    rng = random.Random(seed)
    free = simpy.Store(env)  # free agents; get() takes the one that has been free longest
    free.items.extend(range(1, AGENTS + 1))
    duration = calls / PER_HOUR * 3600
    rate, handle_rate = PER_HOUR / 3600, 1 / HANDLE_S
    counts = {"offered": 0, "answered": 0, "within": 0, "abandoned": 0}
    waits: list[float] = []

    def caller(env: simpy.Environment) -> object:
        arrived = env.now
        request = free.get()  # requests are served in arrival order
        if patience is None:
            agent = yield request
        else:
            yield request | env.timeout(rng.expovariate(1 / patience))
            if not request.triggered:
                request.cancel()
                counts["abandoned"] += 1
                return
            agent = request.value
        wait = env.now - arrived
        counts["answered"] += 1
        counts["within"] += wait <= THRESHOLD_S
        waits.append(wait)
        yield env.timeout(rng.expovariate(handle_rate))
        yield free.put(agent)

    def arrivals(env: simpy.Environment) -> object:
        while True:
            yield env.timeout(rng.expovariate(rate))
            if env.now > duration:
                return
            counts["offered"] += 1
            env.process(caller(env))

    t0 = time.perf_counter()
    env.process(arrivals(env))
    env.run()
    seconds = time.perf_counter() - t0
    offered = counts["offered"]
    return Run(
        "simpy", offered, counts["answered"], counts["within"], counts["abandoned"], waits, seconds, offered / seconds
    )


def timed(runner: Callable[[int, float | None, int], Run], calls: int, patience: float | None, repeats: int) -> Run:
    """`repeats` independent runs (seeds 1, 2, …): median calls/s, statistics pooled over all the calls."""
    runs = []
    for i in range(repeats):
        run = runner(calls, patience, i + 1)
        print(
            f"  {run.engine:>5} run {i + 1}/{repeats}: {run.offered:,} calls in {run.seconds:.2f} s "
            f"({run.calls_per_s:,.0f} calls/s)",
            flush=True,
        )
        runs.append(run)
    return Run(
        runs[0].engine,
        sum(r.offered for r in runs),
        sum(r.answered for r in runs),
        sum(r.answered_within for r in runs),
        sum(r.abandoned for r in runs),
        [w for r in runs for w in r.waits],
        sum(r.seconds for r in runs),
        statistics.median(r.calls_per_s for r in runs),
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="50,000 calls per run instead of 1,000,000")
    parser.add_argument("--calls", type=int, default=1_000_000)
    parser.add_argument("--repeats", type=int, default=3, help="runs per simulator (median calls/s; statistics pooled)")
    args = parser.parse_args()
    calls = 50_000 if args.quick else args.calls
    started = time.perf_counter()
    erlangs = PER_HOUR * HANDLE_S / 3600
    print(
        f"M/M/{AGENTS}: {PER_HOUR:.0f} calls/h x {HANDLE_S:.0f} s = {erlangs:.0f} Erlangs, {calls:,} calls per "
        f"run (from empty), SL = answered within {THRESHOLD_S:.0f} s / offered; {args.repeats} runs (seeds "
        f"1..{args.repeats}) per simulator: calls/s = the median run's, statistics over all the runs' calls"
    )

    print("\nErlang C (infinite patience):")
    ours = timed(run_ours, calls, None, args.repeats)
    theirs = timed(run_simpy, calls, None, args.repeats)
    sl_c, asa_c = erlang_c_figures(AGENTS, PER_HOUR, HANDLE_S, THRESHOLD_S)
    speedup = ours.calls_per_s / theirs.calls_per_s
    print(f"  {'':>6} {'calls/s':>10} {'SL':>7} {'95% CI (batch means)':>22} {'ASA s':>7}")
    for run in (ours, theirs):
        mean, half = run.sl_ci()
        print(
            f"  {run.engine:>6} {run.calls_per_s:>10,.0f} {run.sl:>7.2%} {mean - half:>10.2%} .. {mean + half:<9.2%} "
            f"{run.asa:>7.2f}"
        )
    print(f"  {'Erl C':>6} {'':>10} {sl_c:>7.2%} {'':>22} {asa_c:>7.2f}")
    inside = [abs(r.sl_ci()[0] - sl_c) <= r.sl_ci()[1] for r in (ours, theirs)]
    print(
        f"  speed: ours {speedup:.2f}x SimPy (goal >= {GOAL_SPEEDUP:.0f}x: "
        f"{'met' if speedup >= GOAL_SPEEDUP else 'missed'}); "
        f"Erlang C's SL inside the 95% CI: ours {'yes' if inside[0] else 'no'}, SimPy {'yes' if inside[1] else 'no'}"
    )

    print(f"\nErlang A (exponential patience, mean {PATIENCE_S:.0f} s):")
    ours_a = timed(run_ours, calls, PATIENCE_S, args.repeats)
    theirs_a = timed(run_simpy, calls, PATIENCE_S, args.repeats)
    abandon_a, sl_a = erlang_a_figures(AGENTS, PER_HOUR, HANDLE_S, PATIENCE_S, THRESHOLD_S)
    print(f"  {'':>6} {'calls/s':>10} {'SL':>7} {'abandoned':>10} {'ASA s':>7}")
    for run in (ours_a, theirs_a):
        print(f"  {run.engine:>6} {run.calls_per_s:>10,.0f} {run.sl:>7.2%} {run.abandon_share:>10.2%} {run.asa:>7.2f}")
    print(f"  {'Erl A':>6} {'':>10} {sl_a:>7.2%} {abandon_a:>10.2%}")
    speedup_a = ours_a.calls_per_s / theirs_a.calls_per_s
    print(f"  speed: ours {speedup_a:.2f}x SimPy; took {time.perf_counter() - started:.0f} s in all")
    print(
        "RESULT "
        + " ".join(
            [
                f"calls={calls}",
                f"runs={args.repeats}",
                f"ours_calls_per_s={ours.calls_per_s:.0f}",
                f"simpy_calls_per_s={theirs.calls_per_s:.0f}",
                f"speedup={speedup:.2f}",
                f"sl_ours={ours.sl:.4f}",
                f"sl_simpy={theirs.sl:.4f}",
                f"sl_erlang_c={sl_c:.4f}",
                f"asa_ours={ours.asa:.2f}",
                f"asa_simpy={theirs.asa:.2f}",
                f"asa_erlang_c={asa_c:.2f}",
                f"abandon_ours={ours_a.abandon_share:.4f}",
                f"abandon_simpy={theirs_a.abandon_share:.4f}",
                f"abandon_erlang_a={abandon_a:.4f}",
                f"sl_a_ours={ours_a.sl:.4f}",
                f"sl_a_simpy={theirs_a.sl:.4f}",
                f"sl_erlang_a={sl_a:.4f}",
                f"speedup_a={speedup_a:.2f}",
            ]
        )
    )


if __name__ == "__main__":
    main()
