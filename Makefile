# The two commands of the README: `make run` and `make test`.
.PHONY: run test lint format bench

run:
	scripts/setup.sh
	.venv/bin/python -m launcher run

test:
	scripts/setup.sh --test
	scripts/test.sh

lint:
	.venv/bin/ruff check .
	.venv/bin/ruff format --check .

format:
	.venv/bin/ruff format .
	.venv/bin/ruff check --fix .

bench:
	scripts/setup.sh --bench
	.venv/bin/python -m bench.nlu
	.venv/bin/python -m bench.latency
	.venv/bin/python -m bench.turn_cost
	.venv/bin/python -m bench.training
	.venv/bin/python bench/geodata_bench.py
