"""Fix strategies of the rule-based fixer, one file each; plan.py decides which to try."""
