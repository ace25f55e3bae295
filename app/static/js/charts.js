/* Render the charts on the page from the figure JSON embedded next to each of them.
   The page works without this script: each chart has a summary or table beside it.

   On public pages (the script tag has data-light) a chart is drawn only when it comes within a
   screen of the viewport, and the reader's collapsed sections open for printing. Staff pages
   draw every chart at once.

   No page shows Plotly's toolbar: it adds six tab stops to every chart and its tooltips are
   English ("Zoom", "Pan", "Autoscale"). Dragging still zooms, a double click zooms back out, and
   every chart has its table. Tick labels and hover text come written in the page's language
   (app/reporting/charts.py), numbers with the page's separators (layout.separators). */
(function () {
  "use strict";
  var script = document.currentScript;
  var light = Boolean(script && script.hasAttribute("data-light"));

  if (light) {
    // Wide screens have room for the details; phones keep them one tap away.
    if (window.matchMedia && window.matchMedia("(min-width: 64rem)").matches) {
      Array.prototype.forEach.call(document.querySelectorAll("details[data-open-wide]"), function (node) {
        node.open = true;
      });
    }
    // Print every section, then put the page back as the reader left it.
    var closed = [];
    window.addEventListener("beforeprint", function () {
      closed = Array.prototype.filter.call(document.querySelectorAll("details"), function (node) {
        return !node.open;
      });
      closed.forEach(function (node) { node.open = true; });
    });
    window.addEventListener("afterprint", function () {
      closed.forEach(function (node) { node.open = false; });
      closed = [];
    });
  }

  if (typeof window.Plotly === "undefined") { return; }
  // showTips off: Plotly's "Double-click to zoom back out" hint is English too.
  var config = { responsive: true, displaylogo: false, displayModeBar: false, showTips: false };

  function draw(node) {
    var source = document.getElementById(node.getAttribute("data-figure"));
    if (!source) { return; }
    var figure;
    try { figure = JSON.parse(source.textContent); } catch (e) { return; }
    var holder = node.closest("figure");
    if (holder) { holder.classList.add("chart-drawn"); }
    window.Plotly.newPlot(node, figure.data, figure.layout, config).then(function () {
      node.classList.add("chart-ready");
    });
  }

  var nodes = Array.prototype.slice.call(document.querySelectorAll("[data-figure]"));
  if (!light || !("IntersectionObserver" in window)) {
    nodes.forEach(draw);
    return;
  }
  // Up to a screen and a half ahead, so a chart is usually drawn before it scrolls in.
  var observer = new IntersectionObserver(function (entries) {
    entries.forEach(function (entry) {
      if (entry.isIntersecting) {
        observer.unobserve(entry.target);
        draw(entry.target);
      }
    });
  }, { rootMargin: "150% 0px" });
  nodes.forEach(function (node) { observer.observe(node); });
}());
