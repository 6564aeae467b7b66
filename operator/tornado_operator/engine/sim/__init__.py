"""Simulation: a pathway compiled once (compiled.py), routing as pure functions (routing.py),
the interpreter that plays one scenario (interpreter.py) and what it produces (conversation.py)."""
