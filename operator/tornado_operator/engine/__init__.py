"""The conversation engine (no Kubernetes here).

compiled      a PathwayGraph prepared for simulation (regexes compiled once, matching order)
interpreter   simulate(graph, scenario) -> Conversation (offline routing, node types, retries)
backend       the Backend protocol (agent turn, tester turn, judge, fixer) and OfflineBackend
assertions    evaluate(scenario, conversation) -> per-assertion results and weighted score
analysis      analyse(...) -> root cause and stable root-cause signature of a failed scenario
fixer         plan_fixes(...) -> FixPlan + patches; apply_fixes(graph, planned) -> new graph
iteration     run_iteration(...) -> IterationResult (what an iteration Job stores)
local         run_local(...): the whole loop in-process (`tornado run`)
manifests     load_manifests(paths): YAML manifests with one-line, file-and-field errors
bench         python -m tornado_operator.engine.bench
"""
