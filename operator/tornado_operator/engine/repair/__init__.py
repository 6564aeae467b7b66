"""Repair: failure analysis (analysis.py), the rule-based fixer (plan.py + strategies/), the LLM
fixer (llm_fixer.py) and applying a plan to a graph (apply.py)."""
