// Filters of the sourcing-kg HTML report: show findings by severity and by rule. No network.
(function () {
  "use strict";
  var boxes = Array.prototype.slice.call(document.querySelectorAll("input[name=severity]"));
  var select = document.getElementById("rule-filter");
  var shown = document.getElementById("shown");
  var findings = Array.prototype.slice.call(document.querySelectorAll("li.finding"));
  function apply() {
    var severities = {};
    boxes.forEach(function (box) { severities[box.value] = box.checked; });
    var rule = select.value;
    var count = 0;
    findings.forEach(function (item) {
      var visible = severities[item.dataset.severity] === true &&
        (rule === "" || item.dataset.rule === rule);
      item.hidden = !visible;
      if (visible) { count += 1; }
    });
    document.querySelectorAll("section.phase").forEach(function (phase) {
      phase.hidden = phase.querySelector("li.finding:not([hidden])") === null;
    });
    document.querySelectorAll("article.dossier").forEach(function (dossier) {
      var any = dossier.querySelector("li.finding") !== null;
      dossier.hidden = any && dossier.querySelector("li.finding:not([hidden])") === null;
    });
    shown.textContent = shown.dataset.template
      .replace("{shown}", String(count)).replace("{total}", shown.dataset.total);
  }
  boxes.forEach(function (box) { box.addEventListener("change", apply); });
  select.addEventListener("change", apply);
  apply();
})();
