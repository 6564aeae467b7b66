"""The drivers of the loop besides the operator: `tornado run` in-process (local.py) and the
iteration Job (job.py). Both call the same engine and loop rules as the operator."""
