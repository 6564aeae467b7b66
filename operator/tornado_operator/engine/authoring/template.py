"""`tornado init NAME`: a small, commented pathway, two scenarios and a session to start from.
It passes `tornado validate` and ends COMPLETED_ALL_PASSED under `tornado run` (tested), so a
user changes something that works instead of starting from a blank file."""

from __future__ import annotations

import re

from tornado_operator.api.pathway import DNS_LABEL_PATTERN

PATHWAY = """\
# The {title} pathway: a dialogue graph of nodes (what the agent says) and edges (when the
# conversation moves on). Check it with `tornado validate {name}`; run the loop on it with
# `tornado run {name}`; every key: `kubectl explain pathway.spec` once the CRDs are installed.
apiVersion: agenttesting.dev/v1alpha1
kind: Pathway
metadata:
  name: {name}                  # the pathwayId scenarios and sessions refer to
spec:
  description: {title} line.
  globalPrompt: You are a friendly, concise assistant for {title}.
  nodes:
    - id: greeting
      isStart: true             # the conversation starts here
      text: Thanks for calling {title}. Are you calling about an order, or something else?
      prompt: Greet the caller and find out what they need.

    - id: order-number
      name: Order number
      text: Happy to help with your order. What's your 6-digit order number?
      extractVars:              # variables captured from the caller's turns on this node
        - name: order_number
          pattern: "\\\\b(\\\\d{{6}})\\\\b"   # the first group becomes the value
          description: The caller's 6-digit order number.
      config:
        retryThreshold: 2       # after 2 turns that match no edge...
        fallbackNodeId: person  # ...the call goes to a person

    - id: order-status
      name: Order status
      text: Thanks, order {{{{order_number}}}} is on its way. Is there anything else I can help with?

    - id: goodbye
      type: end_call            # the agent ends the call
      text: Thanks for calling {title}. Goodbye!

    - id: person
      name: A person
      type: transfer            # the call is transferred
      isGlobal: true            # reachable from any node when globalMatch matches
      globalLabel: the caller asks for a person
      globalMatch:
        keywords: [a person, someone, human, agent]
      transfer:
        target: front-desk
      text: Of course, let me connect you with someone right away.

  edges:
    - id: greeting-order
      source: greeting
      target: order-number
      match:
        keywords: [order, package, delivery]   # case-insensitive phrases
    - id: greeting-other
      source: greeting
      target: person
      match:
        keywords: [something else]
    - id: order-given
      source: order-number
      target: order-status
      match:
        patterns: ["\\\\b\\\\d{{6}}\\\\b"]   # regular expressions, searched case-insensitively
    - id: order-done
      source: order-status
      target: goodbye
      match:
        keywords: ["no", that's all, bye, thanks]   # quoted: YAML reads a bare no as false
"""

SCENARIOS = """\
# Test scenarios of the {title} pathway: what the caller says (inputMessages) and what must
# happen (assertions). Every assertion type, its keys and an example: docs/assertions.md, or
# `kubectl explain testscenario.spec.assertions.config`.
apiVersion: agenttesting.dev/v1alpha1
kind: TestScenario
metadata:
  name: {name}-order-status
spec:
  name: Caller checks an order
  category: HAPPY_PATH
  scenarioType: REPLAY          # replays inputMessages, one per caller turn
  pathwayId: {name}
  maxTurns: 6
  inputMessages:
    - Hi, I'm calling about my order.
    - It's 482913.
    - No, that's all, thanks.
  assertions:
    - name: order path          # reports name an assertion by its name
      type: NODES_VISITED
      config: {{nodeIds: [greeting, order-number, order-status], inOrder: true}}
    - name: order number
      type: VARIABLE_EXTRACTED
      config: {{variableName: order_number, expectedValue: "482913"}}   # quoted: compared as text
    - name: reads it back
      type: REGEX_MATCH
      config: {{pattern: "order 482913", speaker: agent}}
    - name: hangs up politely
      type: CALL_ENDED_BY_AGENT
      config: {{expected: true}}
---
apiVersion: agenttesting.dev/v1alpha1
kind: TestScenario
metadata:
  name: {name}-asks-for-a-person
spec:
  name: Caller asks for a person
  category: EDGE_CASE
  pathwayId: {name}
  maxTurns: 4
  inputMessages:
    - Can I talk to a person please?
  assertions:
    - name: to the front desk
      type: TRANSFERRED
      config: {{expected: true, target: front-desk, maxTurn: 1}}
    - name: reaches a person
      type: NODE_REACHED
      config: {{nodeId: person}}
"""

SESSION = """\
# A tornado session: runs every enabled scenario of the pathway, fixes what fails as a new
# PathwayVersion and retests. `tornado run {name}` runs it locally; `kubectl apply -f {name}/`
# runs it on a cluster with the operator.
apiVersion: agenttesting.dev/v1alpha1
kind: TornadoSession
metadata:
  name: {name}-tornado
spec:
  pathwayId: {name}
  maxIterations: 5              # 1..20
  timeoutMs: 300000             # 1000..86400000
"""


class TemplateError(ValueError):
    """A name the template cannot use, with the rule it breaks."""


def template_files(name: str) -> dict[str, str]:
    """File name -> text of the starting files for a pathway called `name`."""
    if not re.fullmatch(DNS_LABEL_PATTERN, name):
        raise TemplateError(
            f'"{name}": the name is the pathwayId, a DNS-1123 label: lower-case letters, digits and "-", '
            "starting and ending with a letter or digit, at most 63 characters"
        )
    if len(name) > 50:  # scenario names add a suffix of up to 13 characters and must stay labels
        raise TemplateError(f'"{name}": at most 50 characters (scenario names add a suffix to it)')
    title = " ".join(part.capitalize() for part in name.split("-"))
    values = {"name": name, "title": title}
    return {
        "pathway.yaml": PATHWAY.format(**values),
        "scenarios.yaml": SCENARIOS.format(**values),
        "session.yaml": SESSION.format(**values),
    }
