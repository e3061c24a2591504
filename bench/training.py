"""Training time of the model from scratch (empty Rasa cache), on this machine.

.venv/bin/python -m bench.training
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time

from launcher.model import build_inputs, rasa_paths
from launcher.settings import ROOT, Settings


def main() -> None:
    domain, data = build_inputs(Settings.from_env())
    with tempfile.TemporaryDirectory() as scratch:
        env = {**os.environ, "RASA_CACHE_DIRECTORY": os.path.join(scratch, "cache")}
        started = time.perf_counter()
        subprocess.run(
            [
                sys.executable,
                "-m",
                "rasa",
                "train",
                *rasa_paths(domain, data),
                "--out",
                scratch,
                "--fixed-model-name",
                "bench",
            ],
            cwd=ROOT,
            env=env,
            check=True,
            capture_output=True,
        )
        seconds = time.perf_counter() - started
    print(f"Training from scratch: {seconds:.0f} s on {os.cpu_count()} cores")


if __name__ == "__main__":
    main()
