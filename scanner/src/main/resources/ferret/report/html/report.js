(function () {
  "use strict";
  var severity = document.getElementById("f-severity");
  var area = document.getElementById("f-area");
  var text = document.getElementById("f-text");
  var count = document.getElementById("f-count");
  var groups = Array.prototype.slice.call(document.querySelectorAll("details.group"));
  var rows = Array.prototype.slice.call(document.querySelectorAll("tr.finding"));
  rows.forEach(function (row) { row.dataset.text = row.textContent.toLowerCase(); });

  function apply() {
    var minRank = parseInt(severity.value, 10) || 0;
    var wanted = area.value;
    var needle = text.value.trim().toLowerCase();
    var shown = 0;
    groups.forEach(function (group) {
      var visible = 0;
      group.querySelectorAll("tr.finding").forEach(function (row) {
        var ok = parseInt(row.dataset.rank, 10) >= minRank
          && (!wanted || row.dataset.area === wanted)
          && (!needle || row.dataset.text.indexOf(needle) >= 0 || group.querySelector("summary").textContent.toLowerCase().indexOf(needle) >= 0);
        row.classList.toggle("hidden", !ok);
        if (ok) { visible++; }
      });
      group.classList.toggle("hidden", visible === 0);
      if (needle && visible > 0) { group.open = true; }
      shown += visible;
    });
    count.textContent = shown + " shown";
  }
  [severity, area].forEach(function (el) { el.addEventListener("change", apply); });
  text.addEventListener("input", apply);
  document.getElementById("filters").addEventListener("submit", function (e) { e.preventDefault(); });
  apply();
}());
