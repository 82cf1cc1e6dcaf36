"""`carecenter simulate`: the offline what-if on a virtual clock, and clear errors for bad options.

Run as real subprocesses, like tests/integration/test_cli.py, so exit codes and messages are exactly what
an operator sees.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[2] / "src"


def carecenter(*args: str, data_dir: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("CARECENTER_", "PORT"))}
    env["CARECENTER_DATA_DIR"] = str(data_dir)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(SRC), env.get("PYTHONPATH", "")) if p)
    return subprocess.run(
        [sys.executable, "-c", "from carecenter.cli import main; main()", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        stdin=subprocess.DEVNULL,
    )


def test_offline_json_figures_are_sane_and_repeatable(tmp_path: Path) -> None:
    args = ("simulate", "--offline", "--hours", "2", "--agents", "8", "--rate", "150", "--seed", "4", "--json")
    result = carecenter(*args, data_dir=tmp_path)
    assert result.returncode == 0, result.stderr
    figures = json.loads(result.stdout)
    assert 200 < figures["offered"] < 400  # 300 expected
    assert 0 <= figures["answered"] <= figures["offered"]
    assert figures["answered"] + figures["abandoned"] <= figures["offered"]
    assert 0.0 <= figures["service_level"] <= 1.0 and 0.0 <= figures["abandon_rate"] <= 1.0
    assert 0.0 < figures["occupancy"] <= 1.0 and figures["asa_s"] >= 0
    assert carecenter(*args, data_dir=tmp_path).stdout == result.stdout  # same seed, same figures

    overloaded = carecenter(*args, "--agents", "2", data_dir=tmp_path)  # the last --agents counts
    assert overloaded.returncode == 0, overloaded.stderr
    worse = json.loads(overloaded.stdout)
    assert worse["service_level"] < figures["service_level"] and worse["abandoned"] > figures["abandoned"]


def test_offline_prints_a_readable_summary(tmp_path: Path) -> None:
    result = carecenter("simulate", "--offline", "--hours", "1", "--agents", "5", "--intraday", data_dir=tmp_path)
    assert result.returncode == 0, result.stderr
    for label in ("offered", "answered", "abandoned", "service level (20 s)", "average speed of answer", "occupancy"):
        assert label in result.stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--offline", "--rate", "-5"), "Invalid value for '--rate'"),
        (("--offline", "--hours", "0"), "Invalid value for '--hours'"),
        (("--offline", "--agents", "many"), "give a number of agents"),
        (("--offline", "--start-hour", "24", "--intraday"), "Invalid value for '--start-hour'"),
        ((), "give either --url"),
        (("--offline", "--url", "http://127.0.0.1:1"), "give either --url"),
        (("--url", "http://127.0.0.1:1", "--agents", "agent9..agent2"), "rising range"),
        (("--url", "http://127.0.0.1:1"), "--token"),
    ],
)
def test_bad_options_give_exit_code_2_and_a_message(tmp_path: Path, args: tuple[str, ...], message: str) -> None:
    result = carecenter("simulate", *args, data_dir=tmp_path)
    assert result.returncode == 2, result.stdout + result.stderr
    assert message in result.stderr
    assert "Traceback" not in result.stderr
