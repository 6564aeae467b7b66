-- Argo CD health check of agenttesting.dev/TornadoSession (tornado-operator).
-- Install: deploy/argocd/argocd-cm-patch.yaml (key resource.customizations.health.agenttesting.dev_TornadoSession).
-- Plain Lua 5.1 (Argo CD runs gopher-lua); tested by tests/unit/test_argocd_health.py.
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

local function count(value)
  if type(value) == "number" then
    return string.format("%d", value)
  end
  return "0"
end

local function describe(status)
  local text = status.phase
  if status.totalScenarios ~= nil and status.totalScenarios > 0 then
    text = text .. " (" .. count(status.passedScenarios) .. "/" .. count(status.totalScenarios) .. " passed"
    if status.currentIteration ~= nil and status.currentIteration > 0 then
      text = text .. ", iteration " .. count(status.currentIteration)
      if status.maxIterations ~= nil then
        text = text .. "/" .. count(status.maxIterations)
      end
    end
    text = text .. ")"
  end
  if status.message ~= nil and status.message ~= "" then
    text = text .. ": " .. status.message
  end
  return text
end

if obj.status == nil or obj.status.phase == nil or obj.status.phase == "" then
  hs.status = "Progressing"
  hs.message = "Waiting for the operator to start the session"
  return hs
end

local status = obj.status
local generation = nil
if obj.metadata ~= nil then
  generation = obj.metadata.generation
end
if generation ~= nil and status.observedGeneration ~= nil and status.observedGeneration < generation then
  hs.status = "Progressing"
  hs.message = "Waiting for the operator to observe generation " .. count(generation) .. " (last: " .. describe(status) .. ")"
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
