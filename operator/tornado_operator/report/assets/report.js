// The report's clicks: a matrix cell or a scenario shows its transcript, a graph node what went wrong there.
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("report-data").textContent);
  var panel = document.getElementById("panel-body");

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (key) {
      if (key === "text") { node.textContent = attrs[key]; } else { node.setAttribute(key, attrs[key]); }
    });
    (children || []).forEach(function (child) { if (child) { node.appendChild(child); } });
    return node;
  }

  function clearSelection() {
    document.querySelectorAll(".selected").forEach(function (item) { item.classList.remove("selected"); });
  }

  function fixLink(key) {
    var fix = data.fixes[key];
    return el("a", { href: "#fix-" + key, text: fix ? fix.label : key });
  }

  function showRun(scenarioId, iteration) {
    var key = scenarioId + "@" + iteration;
    var run = data.runs[key];
    var cell = data.cells[key];
    clearSelection();
    var td = document.getElementById("cell-" + data.cellIds[key]);
    if (td) { td.classList.add("selected"); }
    panel.textContent = "";
    panel.appendChild(el("h2", { text: scenarioId + " · iteration " + iteration }));
    if (cell) {
      panel.appendChild(el("div", { text: cell.state + (cell.failedNode ? " · went wrong at node " + cell.failedNode : "") }));
      if (cell.signature) {
        panel.appendChild(el("div", { "class": "cause" }, [
          el("div", {}, [el("code", { text: cell.signature })]),
          el("div", { text: cell.summary || "" })
        ]));
      }
    }
    if (!run) {
      panel.appendChild(el("p", { "class": "hint", text: "No transcript was kept for this run (only the status's record)." }));
      return;
    }
    var failed = run.failed;
    if (failed.length) {
      panel.appendChild(el("div", { text: "Failed assertions:" }));
      panel.appendChild(el("ul", { "class": "failed-list" }, failed.map(function (item) {
        return el("li", { text: item.label + ": " + item.detail });
      })));
    }
    var marks = {};
    failed.forEach(function (item) {
      item.turns.forEach(function (index) { (marks[index] = marks[index] || []).push(item.label + ": " + item.detail); });
    });
    var list = el("ol", { "class": "turns" });
    run.turns.forEach(function (turn, index) {
      var li = el("li", { "class": "turn " + turn.speaker, id: "turn-" + index }, [
        el("div", { "class": "who", text: (turn.speaker === "agent" ? "agent" : "caller") + " · node " + turn.node }),
        el("div", { text: turn.text })
      ]);
      if (index === run.unmatchedIndex) {
        li.appendChild(el("div", { "class": "mark unmatched", text: "⚠ nothing matched this caller turn" }));
        li.classList.add("marked");
      }
      (marks[index] || []).forEach(function (text) {
        li.appendChild(el("div", { "class": "mark", text: "✗ " + text }));
        li.classList.add("marked");
      });
      list.appendChild(li);
    });
    panel.appendChild(el("div", { "class": "hint", text: run.turns.length + " turns · ended: " + run.endedBy + (run.truncated ? " · transcript cut to fit" : "") }));
    panel.appendChild(list);
    var whole = failed.filter(function (item) { return !item.turns.length; });
    if (whole.length) {
      panel.appendChild(el("div", { "class": "end-marks" }, [el("div", { text: "Over the whole call:" })].concat(
        whole.map(function (item) { return el("div", { "class": "mark", text: "✗ " + item.label + ": " + item.detail }); })
      )));
    }
  }

  function showNode(nodeId) {
    var info = data.nodes[nodeId] || { failing: [], fixes: [] };
    clearSelection();
    var g = document.getElementById(data.nodeDomIds[nodeId]);
    if (g) { g.classList.add("selected"); }
    panel.textContent = "";
    panel.appendChild(el("h2", { text: "node " + nodeId }));
    if (info.failing.length) {
      panel.appendChild(el("div", { text: "Went wrong here in the last iteration:" }));
      panel.appendChild(el("ul", {}, info.failing.map(function (sid) {
        var link = el("a", { href: "#", text: sid });
        link.addEventListener("click", function (event) { event.preventDefault(); showRun(sid, data.lastIteration); });
        return el("li", {}, [link]);
      })));
    } else {
      panel.appendChild(el("p", { "class": "hint", text: "No failing scenario went wrong here in the last iteration." }));
    }
    if (info.fixes.length) {
      panel.appendChild(el("div", { text: "Changed by:" }));
      panel.appendChild(el("ul", {}, info.fixes.map(function (key) {
        return el("li", {}, [fixLink(key), document.createTextNode(" " + data.fixes[key].description)]);
      })));
      info.fixes.forEach(function (key) {
        var section = document.getElementById("fix-" + key);
        if (section) { section.classList.add("selected"); }
      });
    }
  }

  document.querySelectorAll("td.cell[data-run]").forEach(function (td) {
    td.addEventListener("click", function () { showRun(td.getAttribute("data-scenario"), Number(td.getAttribute("data-iteration"))); });
  });
  document.querySelectorAll("th.scenario[data-scenario]").forEach(function (th) {
    th.addEventListener("click", function () {
      var sid = th.getAttribute("data-scenario");
      var last = data.lastRun[sid];
      if (last) { showRun(sid, last); }
    });
  });
  Object.keys(data.nodeDomIds).forEach(function (nodeId) {
    var g = document.getElementById(data.nodeDomIds[nodeId]);
    if (g) { g.addEventListener("click", function () { showNode(nodeId); }); }
  });
  document.querySelectorAll("a.node-link[data-node]").forEach(function (link) {
    link.addEventListener("click", function (event) { event.preventDefault(); showNode(link.getAttribute("data-node")); });
  });
  document.body.setAttribute("data-ready", "true");
})();
