"""Judging: `evaluate(scenario, conversation, judge)`; one checker per assertion type (checks/)."""
