"""The load test: locust against gunicorn on PostgreSQL with the production settings (see bench/bench_load.py)."""
