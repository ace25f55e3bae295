// Outcome choices follow the chosen mission: a select with data-outcomes-for names the outcome
// select whose options are replaced by the chosen mission's outcomes (from the JSON block
// #outcomes-by-mission). Without this script the server offers the chosen mission's outcomes
// after a save attempt and refuses another mission's outcome with a clear message.
(function () {
  "use strict";
  var data = document.getElementById("outcomes-by-mission");
  if (!data) { return; }
  var outcomes = JSON.parse(data.textContent || "{}");
  document.querySelectorAll("select[data-outcomes-for]").forEach(function (mission) {
    var target = document.getElementById(mission.getAttribute("data-outcomes-for"));
    if (!target) { return; }
    var none = target.querySelector("option[value='0']");
    mission.addEventListener("change", function () {
      var kept = none ? none.cloneNode(true) : null;
      target.replaceChildren();
      if (kept) { target.appendChild(kept); }
      (outcomes[mission.value] || []).forEach(function (pair) {
        var option = document.createElement("option");
        option.value = String(pair[0]);
        option.textContent = pair[1];
        target.appendChild(option);
      });
      target.value = "0";
    });
  });
})();
