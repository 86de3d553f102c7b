"""`fancoins bench`: the benchmarks of the gift path and the simulation's, which only the CLI
may run."""

from fancoins.bench.cli import bench_app
from fancoins.cli.simulate import bench as bench_simulate

bench_app.command("simulate")(bench_simulate)

__all__ = ["bench_app"]
