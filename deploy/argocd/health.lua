-- Argo CD health check of agenttesting.dev/TornadoSession (tornado-operator).
-- Install: deploy/argocd/argocd-cm-patch.yaml (key resource.customizations.health.agenttesting.dev_TornadoSession).
-- Argo CD runs it in gopher-lua (Lua 5.1) WITHOUT the standard libraries (no string, math,
-- io; useOpenLibs stays off): only the base functions (type, tostring) and operators are used.
-- Tested with Argo CD v3.2.12's own code on real sessions (tests/e2e/test_ecosystem_health.py).
--
--   no status / no phase yet           Progressing  (the operator has not picked it up)
--   status.observedGeneration behind   Progressing  (the operator has not seen the latest spec)
--   RUNNING                            Progressing
--   COMPLETED_ALL_PASSED               Healthy
--   CANCELLED                          Suspended    (stopped on purpose: spec.cancel)
--   COMPLETED_PARTIAL, TIMEOUT         Degraded     (finished without every scenario passing)
--   STUCK, ERROR                       Degraded     (no progress possible / bad input or runner)
--   anything else                      Unknown
-- The message is status.message, prefixed with the phase and the scenario counts.

local hs = {}

-- A count as text. JSON numbers arrive as Lua numbers (floats); concatenation prints a
-- whole float without a fraction in gopher-lua and in Lua 5.1.
local function count(value)
  if type(value) == "number" then
    return "" .. value
  end
  return "0"
end

local function describe(status)
  local text = tostring(status.phase)
  if type(status.totalScenarios) == "number" and status.totalScenarios > 0 then
    text = text .. " (" .. count(status.passedScenarios) .. "/" .. count(status.totalScenarios) .. " passed"
    if type(status.currentIteration) == "number" and status.currentIteration > 0 then
      text = text .. ", iteration " .. count(status.currentIteration)
      if type(status.maxIterations) == "number" then
        text = text .. "/" .. count(status.maxIterations)
      end
    end
    text = text .. ")"
  end
  if type(status.message) == "string" and status.message ~= "" then
    text = text .. ": " .. status.message
  end
  return text
end

local status = obj.status
local generation = nil
if obj.metadata ~= nil then
  generation = obj.metadata.generation
end

if status ~= nil and type(generation) == "number" and type(status.observedGeneration) == "number"
    and status.observedGeneration < generation and status.phase ~= nil and status.phase ~= "" then
  hs.status = "Progressing"
  hs.message = "Waiting for the operator to observe generation " .. count(generation) .. " (last: " .. describe(status) .. ")"
  return hs
end

if status == nil or status.phase == nil or status.phase == "" then
  hs.status = "Progressing"
  hs.message = "Waiting for the operator to start the session"
  return hs
end

local phase = status.phase
if phase == "RUNNING" then
  hs.status = "Progressing"
elseif phase == "COMPLETED_ALL_PASSED" then
  hs.status = "Healthy"
elseif phase == "CANCELLED" then
  hs.status = "Suspended"
elseif phase == "COMPLETED_PARTIAL" or phase == "TIMEOUT" or phase == "STUCK" or phase == "ERROR" then
  hs.status = "Degraded"
else
  hs.status = "Unknown"
end
hs.message = describe(status)
return hs
