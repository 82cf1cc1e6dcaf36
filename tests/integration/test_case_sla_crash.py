"""Kill -9 a server while its SLA job runner is firing, start it again: every timer fires, none twice.

300 cases on a fast policy (around the clock; first response 3 s, resolution 6 s, warnings at half) are
opened with start times spread over the next seconds, so about 1,200 alarms fall due while the server
runs. The server is SIGKILLed once a fair share of them has fired, then restarted with the claims of the
dead process still held (their lease, 4 s here, runs out and the new process takes them over). At the
end every case has exactly one warning and one breach of each target.
"""

from __future__ import annotations

import os
import signal
import subprocess
import time
from collections import Counter
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import Engine, func, select, update

from carecenter.adapters.db import tables
from carecenter.app.commands.cases import open_case
from carecenter.bootstrap import build
from carecenter.config import load_settings
from tests.factories import SYSTEM, make_customer
from tests.serving import UVICORN, free_port, server_env, start_server, stop_server

CASES = 300
SPREAD_S = 0.03  # between two openings: 300 cases over 9 s
ALARMS = 4 * CASES  # warning and breach of the first response and of the resolution
LEASE_S = "4"


@dataclass
class Spread:
    """Opens case n at start + n * SPREAD_S (a clock for the seeding only)."""

    start: datetime
    n: int = -1

    def now(self) -> datetime:
        self.n += 1
        return self.start + timedelta(seconds=self.n * SPREAD_S)


def _alarms(engine: Engine) -> int:
    e = tables.events.c
    query = select(func.count()).where(e.type.in_(["CaseSlaWarning", "CaseSlaBreached"]))
    with engine.connect() as connection:
        return int(connection.execute(query).scalar_one())


def _pending(engine: Engine) -> int:
    c = tables.cases.c
    query = select(func.count()).where((c.sla_next_at.is_not(None)) | (c.claimed_by.is_not(None)))
    with engine.connect() as connection:
        return int(connection.execute(query).scalar_one())


def _serve(db_url: str, data_dir: Path, port: int, log: Path) -> subprocess.Popen[bytes]:
    env = server_env(data_dir, CARECENTER_DATABASE_URL=db_url, CARECENTER_SLA_LEASE_S=LEASE_S)
    return start_server([*UVICORN, "--port", str(port), "--log-level", "warning"], env, port, log)


def test_no_sla_timer_is_lost_or_fired_twice_across_a_sigkill(db_url: str, tmp_path: Path) -> None:
    began = time.monotonic()
    settings = load_settings(data_dir=tmp_path, database_url=db_url)
    container = build(settings, migrate=False, fast_hashing=True)
    with container.engine.begin() as connection:
        connection.execute(
            update(tables.sla_policies)
            .where(tables.sla_policies.c.code == "inquiry.normal")
            .values(calendar_code="24x7", first_response_s=3, resolution_s=6, warn_at=0.5, breach_actions=["notify"])
        )
    customer = make_customer(container.context)
    container.dispose()
    seeding = build(settings, clock=Spread(datetime.now(UTC) + timedelta(seconds=8)), migrate=False)
    for n in range(CASES):
        open_case(seeding.context, SYSTEM, "inquiry", customer, f"Hỏi cước {n}")
    engine = seeding.engine

    port, log = free_port(), tmp_path / "server.log"
    server = _serve(db_url, tmp_path, port, log)
    try:
        deadline = time.monotonic() + 30
        while _alarms(engine) < ALARMS * 0.3 and time.monotonic() < deadline:
            time.sleep(0.05)
        os.kill(server.pid, signal.SIGKILL)  # in the middle of the firing, no warning
        server.wait(timeout=10)
        before = _alarms(engine)
        with engine.connect() as connection:  # claims the dead process still held: taken over after their lease
            held = connection.execute(select(func.count()).where(tables.cases.c.claimed_by.is_not(None))).scalar_one()
        assert 0 < before < ALARMS, f"the kill should catch the runner mid-way, {before} of {ALARMS} fired"

        server = _serve(db_url, tmp_path, port, log)
        deadline = time.monotonic() + 40
        while _pending(engine) and time.monotonic() < deadline:
            time.sleep(0.2)
        assert _pending(engine) == 0, "timers left unfired"
        with engine.connect() as connection:
            e = tables.events.c
            fired = connection.execute(
                select(e.aggregate_id, e.type, e.payload).where(e.type.in_(["CaseSlaWarning", "CaseSlaBreached"]))
            ).all()
            opened = [int(i) for i in connection.execute(select(tables.cases.c.id)).scalars()]
        counts = Counter((int(case_id), kind, payload["target"]) for case_id, kind, payload in fired)
        expected = {
            (case_id, kind, target): 1
            for case_id in opened
            for kind in ("CaseSlaWarning", "CaseSlaBreached")
            for target in ("first_response", "resolution")
        }
        assert len(opened) == CASES
        assert dict(counts) == expected  # none missing, none twice
        print(  # the figures for the report (pytest -s)
            f"\nSLA crash: {CASES} cases, {ALARMS} alarms, {before} fired before the SIGKILL, "
            f"{held} claims left held by the dead process, "
            f"{time.monotonic() - began:.1f} s in all"
        )
    finally:
        stop_server(server)
        engine.dispose()
