#!/usr/bin/env python
"""Routing engine speed: decisions/s and latency per call, fast `Router` against its brute-force twin.

A realistic event stream is generated once per size and replayed, untouched, into the engines:

- small: 1,000 agents / 50 skills; large: 7,500 agents / 200 skills. One queue per skill (voice, chat and
  email queues), relaxation schedules, overflow chains, a VIP boost, both policies (longest idle, least
  loaded), chat capacity 3, offer timeouts (some offers are left ringing), wrap-up timers (some agents
  are slower than the queue's wrap-up), rejects, abandons, breaks, log-out/log-in churn.
- The stream is what a service would send: every input (`handle(event, now)`) and every timer wake-up
  (`advance(now)` at `next_due()`). It is recorded from a driver that reacts to the engine's decisions
  (agents accept what they are offered), so replaying it into an engine that decides identically is valid.
- `Router` replays it all; after a warm-up (virtual time, until queues and agents are in steady state) each
  call is timed with perf_counter_ns. Decisions = `Offered` decisions; decisions/s = decisions / time
  spent inside the calls. A tail of the stream is then run under cProfile.
- `ReferenceRouter` (sort every waiting contact, scan every agent, per decision) is far too slow for the
  whole stream, so it gets a bounded prefix: the log-ins, then the first K calls after them, timed the
  same way, with `Router` timed on the same K calls for the speed ratio, and the decisions of every call
  compared (ok/MISMATCH). The prefix is the ramp-up (agents mostly free), where the reference is at its
  cheapest (one agent scan per decision): its steady-state cost is higher still. A whole stream at a tiny
  size (40 agents / 12 skills), long enough for every timer kind to fire, is also compared.

    python bench/routing.py --quick     # under a minute on 2 cores
    python bench/routing.py             # a few minutes

Ends with one `RESULT key=value …` line. Figures are for this machine (noisy when it is shared); the goal
(>= 1,000,000 decisions/s and p99 <= 10 µs per call) is printed next to them.
"""

from __future__ import annotations

import argparse
import cProfile
import gc
import heapq
import io
import pstats
import random
import statistics
import sys
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "src"), str(ROOT)]

from carecenter.cli.progress import progress_bar  # noqa: E402
from carecenter.domain.errors import DomainError  # noqa: E402
from carecenter.domain.routing import events as ev  # noqa: E402
from carecenter.domain.routing.engine import Router  # noqa: E402
from carecenter.domain.routing.model import Capacity, Media, Policy, QueueConfig  # noqa: E402
from carecenter.domain.routing.reference import ReferenceRouter  # noqa: E402
from carecenter.domain.routing.state import Stage  # noqa: E402

GOAL_DECISIONS_PER_S = 1_000_000
GOAL_P99_US = 10.0

Step = tuple[ev.RoutingInput | None, float]  # (input, now); None: a timer wake-up, advance(now)

HANDLE_S = {Media.VOICE: 180.0, Media.CHAT: 360.0, Media.EMAIL: 300.0}  # mean, exponential
PATIENCE_S = {Media.VOICE: 120.0, Media.CHAT: 300.0, Media.EMAIL: None}
WRAP_UP_S = {Media.VOICE: 30.0, Media.CHAT: 15.0, Media.EMAIL: 60.0}  # the queue's wrap-up timer
OFFER_TIMEOUT_S = {Media.VOICE: 15.0, Media.CHAT: 30.0, Media.EMAIL: 30.0}
# Agent-seconds one contact costs (talk + wrap, shared by the concurrent slots), for sizing the traffic.
COST_S = {Media.VOICE: 200.0, Media.CHAT: 125.0, Media.EMAIL: 170.0}
RELAX = (((0.0, 7), (15.0, 4), (40.0, 1)), ((0.0, 5), (30.0, 1)), ((0.0, 1),))
CAPACITY = Capacity(voice=1, chat=3, email=2)
VIP_SHARE = 0.1
MISS_SHARE, REJECT_SHARE = 0.01, 0.01
BREAK_EVERY_S, BREAK_S, CHURN_SHARE = 3600.0, 300.0, 0.2
WARM_S = 900.0  # virtual seconds before timing starts: every agent busy, queues at their steady length


@dataclass(frozen=True)
class Size:
    name: str
    agents: int
    skills: int
    # Offered work against COST_S (a rough guess: agents do more, chats overlap): 1.3 keeps every agent
    # busy, some hundreds of contacts waiting at 7,500 agents, relaxation and some overflow in play.
    load: float = 1.3


def media_of(k: int) -> Media:
    return Media.VOICE if k % 10 < 6 else Media.CHAT if k % 10 < 9 else Media.EMAIL


def make_queues(skills: int) -> list[QueueConfig]:
    queues = []
    for k in range(skills):
        media = media_of(k)
        overflow = k % 3 == 0 and k + 10 < skills  # k -> k+10 (same media); chains where k+10 overflows too
        queues.append(
            QueueConfig(
                code=f"q{k:03d}",
                media=media,
                skill=f"s{k:03d}",
                relax=RELAX[k % len(RELAX)],
                policy=Policy.LONGEST_IDLE if k % 2 == 0 else Policy.LEAST_LOADED,
                offer_timeout_s=OFFER_TIMEOUT_S[media],
                wrap_up_s=WRAP_UP_S[media],
                overflow_to=f"q{k + 10:03d}" if overflow else None,
                overflow_after_s=(30.0 if media is Media.VOICE else 60.0) if overflow else None,
                priority_boost={"vip": 5} if k % 4 != 3 else {},
            )
        )
    return queues


class Driver:
    """Customers and agents reacting to the engine's decisions; records every call it makes."""

    def __init__(self, size: Size, seed: int) -> None:
        self.rng = random.Random(seed)
        self.size = size
        self.queues = make_queues(size.skills)
        self.router = Router(self.queues)
        self.steps: list[Step] = []
        self.decisions: Counter[str] = Counter()
        self.actions: list[tuple[float, int, str, int, int]] = []  # (time, seq, what, contact, agent)
        self.seq = 0
        self.next_contact = 1
        self.on_break: set[int] = set()
        self.popularity = [1.0 / (k + 1) ** 0.7 for k in range(size.skills)]
        self.skill_sets = {a: self.draw_skills() for a in range(1, size.agents + 1)}

    def draw_skills(self) -> dict[str, int]:
        count = min(self.rng.randint(3, 8), self.size.skills)
        chosen: set[int] = set()
        while len(chosen) < count:
            chosen.add(self.rng.choices(range(self.size.skills), self.popularity)[0])
        return {f"s{k:03d}": min(10, max(1, round(self.rng.triangular(1, 10, 6)))) for k in sorted(chosen)}

    def later(self, at: float, what: str, contact: int = 0, agent: int = 0) -> None:
        self.seq += 1
        heapq.heappush(self.actions, (at, self.seq, what, contact, agent))

    def feed(self, event: ev.RoutingInput | None, now: float) -> None:
        self.steps.append((event, now))
        out = self.router.advance(now) if event is None else self.router.handle(event, now)
        for d in out:
            name = type(d).__name__
            self.decisions[name if not isinstance(d, ev.OfferRevoked) else f"{name}:{d.reason.value}"] += 1
            if isinstance(d, ev.Offered):
                roll = self.rng.random()
                if roll < MISS_SHARE:
                    continue  # left ringing: the offer timeout takes it back
                what = "reject" if roll < MISS_SHARE + REJECT_SHARE else "accept"
                self.later(d.at + self.rng.uniform(1.0, 4.0), what, d.contact, d.agent)
            elif isinstance(d, ev.PresenceForced):
                self.later(d.at + 30.0, "ready", 0, d.agent)

    def log_in(self, agent: int, now: float) -> None:
        self.feed(ev.AgentLoggedIn(agent, self.skill_sets[agent], CAPACITY, ready=True), now)

    def start(self) -> None:
        for agent in self.skill_sets:
            self.log_in(agent, 0.0)
            self.later(self.rng.expovariate(1 / BREAK_EVERY_S), "break", 0, agent)
        supply = [0.0] * self.size.skills  # agent-seconds per second each skill gets, shared evenly
        for skills in self.skill_sets.values():
            for name in skills:
                supply[int(name[1:])] += 1 / len(skills)
        availability = 1 - BREAK_S / BREAK_EVERY_S
        self.rates = [self.size.load * availability * supply[k] / COST_S[media_of(k)] for k in range(self.size.skills)]
        for k, rate in enumerate(self.rates):
            if rate > 0:
                self.later(self.rng.expovariate(rate), "arrive", 0, k)

    def run(self, calls: int, progress: object = None) -> None:
        """Play on until `calls` calls (inputs and timer wake-ups) are recorded in all."""
        router, rng, steps = self.router, self.rng, self.steps
        report = len(steps)
        while len(steps) < calls:
            at, _, what, contact, agent = heapq.heappop(self.actions)
            due = router.next_due()
            while due is not None and due <= at:
                self.feed(None, due)
                due = router.next_due()
            if progress is not None and len(steps) >= report:
                progress(len(steps))  # type: ignore[operator]
                report += 10_000
            if what == "arrive":
                k = agent
                queue = self.queues[k]
                contact, self.next_contact = self.next_contact, self.next_contact + 1
                segment = "vip" if rng.random() < VIP_SHARE else None
                self.feed(ev.ContactArrived(contact, queue.code, 0, segment), at)
                patience = PATIENCE_S[queue.media]
                if patience is not None:
                    self.later(at + rng.expovariate(1 / patience), "abandon", contact)
                self.later(at + rng.expovariate(self.rates[k]), "arrive", 0, k)
                continue
            if what in ("break", "break_end", "ready"):
                self.agent_action(what, agent, at)
                continue
            view = router.contact(contact)
            if view is None:
                continue
            stage = view.stage.name
            if what in ("accept", "reject") and stage == "OFFERED" and view.agent == agent:
                if what == "reject":
                    self.feed(ev.OfferRejected(contact, agent), at)
                    continue
                self.feed(ev.OfferAccepted(contact, agent), at)
                media = router.queues[view.queue].media
                self.later(at + rng.expovariate(1 / HANDLE_S[media]), "end", contact, agent)
            elif what == "abandon" and stage in ("WAITING", "OFFERED"):
                self.feed(ev.ContactAbandoned(contact), at)
            elif what == "end" and stage == "CONNECTED":
                wrap_up = router.queues[view.queue].wrap_up_s
                self.feed(ev.ContactEnded(contact), at)
                # Agents take half the queue's wrap-up on average: about one in seven is timed out.
                self.later(at + rng.expovariate(2 / wrap_up), "wrap", contact, agent)
            elif what == "wrap" and stage == "WRAP_UP":
                self.feed(ev.WrapUpDone(contact), at)

    def agent_action(self, what: str, agent: int, at: float) -> None:
        router = self.router
        if what == "ready":
            a = router.agent(agent)
            if agent not in self.on_break and a is not None and a.presence.value == "not_ready":
                self.feed(ev.PresenceChanged(agent, True), at)
        elif what == "break":
            self.on_break.add(agent)
            self.feed(ev.PresenceChanged(agent, False, "break"), at)
            self.later(at + BREAK_S, "break_end", 0, agent)
        else:
            self.on_break.discard(agent)
            if not router.held_by(agent) and self.rng.random() < CHURN_SHARE:
                self.feed(ev.AgentLoggedOut(agent), at)
                self.skill_sets[agent] = self.draw_skills()
                self.log_in(agent, at)
            else:
                self.feed(ev.PresenceChanged(agent, True), at)
            self.later(at + self.rng.expovariate(1 / BREAK_EVERY_S), "break", 0, agent)


def record(size: Size, warm_s: float, measured: int, seed: int = 7) -> tuple[Driver, int]:
    """The stream: log-ins, a warm-up of `warm_s` virtual seconds, then `measured` more calls."""
    driver = Driver(size, seed)
    started = time.perf_counter()
    driver.start()
    with progress_bar(f"{size.name}: warming up ({warm_s:,.0f} s virtual)", 1) as advance:
        while not driver.steps or driver.steps[-1][1] < warm_s:
            driver.run(len(driver.steps) + 1024)
        advance(1)
    warm = len(driver.steps)
    total = warm + measured
    with progress_bar(f"{size.name}: recording the stream", total) as advance:
        driver.run(total, advance)
    del driver.steps[total:]
    elapsed = time.perf_counter() - started
    virtual = driver.steps[-1][1]
    inputs = sum(1 for e, _ in driver.steps if e is not None)
    print(
        f"{size.name}: stream of {len(driver.steps):,} calls ({inputs:,} inputs, "
        f"{len(driver.steps) - inputs:,} timer wake-ups) over {virtual:,.0f} s virtual, "
        f"{driver.next_contact - 1:,} contacts, {sum(driver.rates) * 3600:,.0f} contacts/h offered; "
        f"warm-up {warm:,} calls; recorded in {elapsed:.1f} s"
    )
    return driver, warm


def replay(router: object, steps: list[Step], start: int, stop: int) -> list[list[ev.Decision]]:
    """Untimed replay of steps[start:stop]; returns each call's decisions."""
    handle, advance = router.handle, router.advance  # type: ignore[attr-defined]
    return [advance(now) if event is None else handle(event, now) for event, now in steps[start:stop]]


def timed(
    router: object, steps: list[Step], start: int, stop: int, keep: bool = True
) -> tuple[list[int], int, list[object]]:
    """Replay steps[start:stop] timing each call (ns); returns latencies, Offered count, outputs (if `keep`)."""
    handle, advance = router.handle, router.advance  # type: ignore[attr-defined]
    clock = time.perf_counter_ns
    latencies: list[int] = []
    outputs: list[object] = []
    offered = 0
    for event, now in steps[start:stop]:
        try:
            if event is None:
                t0 = clock()
                out = advance(now)
                t1 = clock()
            else:
                t0 = clock()
                out = handle(event, now)
                t1 = clock()
        except DomainError as error:  # only if the two engines have parted ways
            t1 = clock()
            out = [f"{type(error).__name__}: {error}"]
        latencies.append(t1 - t0)
        if keep:
            outputs.append(out)
        offered += sum(1 for d in out if isinstance(d, ev.Offered))
    return latencies, offered, outputs


@dataclass
class Figures:
    calls: int
    decisions: int
    seconds: float
    p50_us: float
    p99_us: float
    max_us: float
    mean_us: float

    @property
    def decisions_per_s(self) -> float:
        return self.decisions / self.seconds

    @property
    def calls_per_s(self) -> float:
        return self.calls / self.seconds

    def line(self) -> str:
        return (
            f"{self.decisions_per_s:>11,.0f} decisions/s, {self.calls_per_s:>9,.0f} calls/s; per call "
            f"p50 {self.p50_us:.1f} µs, p99 {self.p99_us:.1f} µs, max {self.max_us:,.0f} µs "
            f"(mean {self.mean_us:.1f} µs; {self.decisions:,} decisions in {self.calls:,} calls)"
        )


def figures(latencies: list[int], decisions: int) -> Figures:
    ordered = sorted(latencies)
    n = len(ordered)
    total = sum(ordered)
    return Figures(
        calls=n,
        decisions=decisions,
        seconds=total / 1e9,
        p50_us=ordered[n // 2] / 1e3,
        p99_us=ordered[min(n - 1, int(n * 0.99))] / 1e3,
        max_us=ordered[-1] / 1e3,
        mean_us=total / n / 1e3,
    )


def compare(a: list[object], b: list[object]) -> tuple[bool, int]:
    """(identical, index of the first call that differs or -1)."""
    for i, (x, y) in enumerate(zip(a, b, strict=True)):
        if x != y:
            return False, i
    return True, -1


def run_size(size: Size, warm_s: float, measured: int, profiled: int, ref_calls: int, repeats: int) -> dict[str, float]:
    print(f"\n== {size.name}: {size.agents:,} agents, {size.skills} skills/queues ==")
    driver, warm = record(size, warm_s, measured + profiled)
    steps = driver.steps
    queues = driver.queues
    print(
        f"{size.name}: decisions in the stream: " + ", ".join(f"{k} {v:,}" for k, v in sorted(driver.decisions.items()))
    )
    del driver.router
    logins = size.agents

    # The reference on a prefix, Router timed on the same calls, decisions compared call by call.
    gc.collect()
    gc.freeze()  # the recorded stream is millions of objects: keep the collector from walking it
    fast, ref = Router(queues), ReferenceRouter(queues)
    ok_logins = replay(fast, steps, 0, logins) == replay(ref, steps, 0, logins)
    lat_f, dec_f, out_f = timed(fast, steps, logins, logins + ref_calls)
    t0 = time.perf_counter()
    lat_r, dec_r, out_r = timed(ref, steps, logins, logins + ref_calls)
    ref_wall = time.perf_counter() - t0
    same, first_diff = compare(out_f, out_r)
    pf, pr = figures(lat_f, dec_f), figures(lat_r, dec_r)
    speedup = pr.mean_us / pf.mean_us
    print(
        f"{size.name}: reference prefix = the {logins:,} log-ins + the next {ref_calls:,} calls "
        f"({steps[logins + ref_calls - 1][1]:,.0f} s virtual; ramp-up, agents mostly free; {ref_wall:.1f} s):"
    )
    print(f"  Router          {pf.line()}")
    print(f"  ReferenceRouter {pr.line()}")
    print(
        f"  same calls: Router {speedup:,.0f}x faster per call (mean), p99 {pr.p99_us / pf.p99_us:,.0f}x; "
        f"decisions identical on the prefix: "
        + ("ok" if same and ok_logins else f"MISMATCH (first at call {logins + max(first_diff, 0):,})")
    )
    del fast, ref, out_f, out_r

    # Router on the whole stream: warm-up untimed, then timed (median of `repeats` fresh replays), then a
    # profiled tail on the last one.
    runs: list[Figures] = []
    for repeat in range(repeats):
        router = Router(queues)
        t0 = time.perf_counter()
        replay(router, steps, 0, warm)
        warm_wall = time.perf_counter() - t0
        latencies, decisions, _ = timed(router, steps, warm, warm + measured, keep=False)
        runs.append(figures(latencies, decisions))
        print(f"  run {repeat + 1}/{repeats}: {runs[-1].line()}", flush=True)
    f = Figures(
        calls=measured,
        decisions=decisions,
        seconds=statistics.median(r.seconds for r in runs),
        p50_us=statistics.median(r.p50_us for r in runs),
        p99_us=statistics.median(r.p99_us for r in runs),
        max_us=statistics.median(r.max_us for r in runs),
        mean_us=statistics.median(r.mean_us for r in runs),
    )
    inputs = sorted(lat for lat, step in zip(latencies, steps[warm:], strict=False) if step[0] is not None)
    waiting = sum(1 for i in router.contact_ids() if router.contact(i).stage is Stage.WAITING)  # type: ignore[union-attr]
    print(
        f"{size.name}: Router, steady state: {measured:,} calls after a {warm:,}-call warm-up "
        f"(replayed untimed in {warm_wall:.1f} s); {waiting:,} contacts waiting, "
        f"{len(router.contact_ids()):,} in routing at the end; median of {repeats}:"
    )
    print(f"  Router          {f.line()}")
    print(
        f"  handle() calls only (last run): p50 {inputs[len(inputs) // 2] / 1e3:.1f} µs, "
        f"p99 {inputs[int(len(inputs) * 0.99)] / 1e3:.1f} µs ({len(inputs):,} calls; the rest are advance())"
    )
    met = f.decisions_per_s >= GOAL_DECISIONS_PER_S and f.p99_us <= GOAL_P99_US
    print(
        f"  goal >= {GOAL_DECISIONS_PER_S:,} decisions/s and p99 <= {GOAL_P99_US:.0f} µs: "
        + ("met" if met else f"missed ({f.decisions_per_s / GOAL_DECISIONS_PER_S:.1%} of the rate)")
    )
    if not met and profiled:
        profile = cProfile.Profile()
        profile.enable()
        replay(router, steps, warm + measured, len(steps))
        profile.disable()
        text = io.StringIO()
        pstats.Stats(profile, stream=text).strip_dirs().sort_stats("cumulative").print_stats(20)
        lines = [ln for ln in text.getvalue().splitlines() if ln.strip() and "routing.py:" not in ln]  # not ours
        start = next(i for i, ln in enumerate(lines) if ln.lstrip().startswith("ncalls"))
        print(f"  cProfile, Router on the last {profiled:,} calls, top 15 by cumulative time (engine only):")
        for ln in lines[start : start + 16]:
            print("    " + ln)
    gc.unfreeze()
    return {
        "decisions_per_s": f.decisions_per_s,
        "calls_per_s": f.calls_per_s,
        "p50_us": f.p50_us,
        "p99_us": f.p99_us,
        "max_us": f.max_us,
        "ref_p99_us": pr.p99_us,
        "ref_mean_us": pr.mean_us,
        "speedup": speedup,
        "same": float(same and ok_logins),
    }


def tiny_check(calls: int) -> bool:
    """A whole stream at 40 agents / 12 skills, long enough for every timer kind: both engines must agree."""
    size = Size("tiny", 40, 12)
    driver = Driver(size, seed=3)
    driver.start()
    driver.run(calls)
    steps, queues = driver.steps, driver.queues
    fast, ref = Router(queues), ReferenceRouter(queues)
    _, _, out_f = timed(fast, steps, 0, len(steps))
    _, _, out_r = timed(ref, steps, 0, len(steps))
    same, first = compare(out_f, out_r)
    kinds = ", ".join(f"{k} {v:,}" for k, v in sorted(driver.decisions.items()))
    print(
        f"tiny (40 agents, 12 skills): whole stream of {len(steps):,} calls ({steps[-1][1]:,.0f} s virtual) on "
        f"both engines: " + ("ok" if same else f"MISMATCH at call {first:,}") + f" — decisions: {kinds}"
    )
    return same


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="fewer calls: under a minute")
    parser.add_argument("--repeats", type=int, default=3, help="timed replays of each stream (median reported)")
    args = parser.parse_args()
    if args.quick:
        plan = {"small": (100_000, 20_000, 2_000), "large": (150_000, 20_000, 2_000)}
        tiny_calls = 8_000
    else:
        plan = {"small": (1_000_000, 50_000, 5_000), "large": (1_500_000, 50_000, 10_000)}
        tiny_calls = 50_000
    print(
        "Decisions = Offered decisions; calls = handle() inputs + advance() timer wake-ups; latency per call, "
        "perf_counter_ns around each. The reference is O(agents x waiting) per decision, so it only gets a "
        "bounded prefix of each stream (per-call figures)."
    )
    started = time.perf_counter()
    tiny_ok = tiny_check(tiny_calls)
    results = {}
    for name, (agents, skills) in (("small", (1_000, 50)), ("large", (7_500, 200))):
        measured, profiled, ref_calls = plan[name]
        results[name] = run_size(Size(name, agents, skills), WARM_S, measured, profiled, ref_calls, args.repeats)
    agree = tiny_ok and all(r["same"] for r in results.values())
    print(f"\nengines agree: {'ok' if agree else 'MISMATCH'}; bench took {time.perf_counter() - started:.0f} s")
    s, lg = results["small"], results["large"]
    print(
        "RESULT "
        + " ".join(
            [
                f"small_decisions_per_s={s['decisions_per_s']:.0f}",
                f"small_p50_us={s['p50_us']:.1f}",
                f"small_p99_us={s['p99_us']:.1f}",
                f"large_decisions_per_s={lg['decisions_per_s']:.0f}",
                f"large_calls_per_s={lg['calls_per_s']:.0f}",
                f"large_p50_us={lg['p50_us']:.1f}",
                f"large_p99_us={lg['p99_us']:.1f}",
                f"large_max_us={lg['max_us']:.0f}",
                f"ref_large_p99_us={lg['ref_p99_us']:.0f}",
                f"speedup_small={s['speedup']:.0f}",
                f"speedup_large={lg['speedup']:.0f}",
                f"agree={'ok' if agree else 'MISMATCH'}",
            ]
        )
    )


if __name__ == "__main__":
    main()
