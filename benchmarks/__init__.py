"""`make bench`: performance measured side by side in one run; results kept in benchmarks/results/."""
