/* Render every chart on the page from the figure JSON embedded next to it.
   The page works without this script: each chart has a table or text alternative. */
(function () {
  "use strict";
  if (typeof window.Plotly === "undefined") { return; }
  var nodes = document.querySelectorAll("[data-figure]");
  Array.prototype.forEach.call(nodes, function (node) {
    var source = document.getElementById(node.getAttribute("data-figure"));
    if (!source) { return; }
    var figure;
    try { figure = JSON.parse(source.textContent); } catch (e) { return; }
    var locale = document.documentElement.lang || "en";
    window.Plotly.newPlot(node, figure.data, figure.layout, {
      responsive: true,
      displaylogo: false,
      locale: locale,
      modeBarButtonsToRemove: ["lasso2d", "select2d", "toImage"]
    });
    node.classList.add("chart-ready");
  });
}());
