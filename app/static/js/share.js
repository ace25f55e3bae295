/* Share boxes: make a site-relative address absolute from this page's own origin (when the site
   has no PUBLIC_BASE_URL, the server writes paths, never an address built from the request), and
   copy a box's text with its button. Without this script the boxes still hold usable text. */
(function () {
  "use strict";
  var origin = window.location.origin;
  Array.prototype.forEach.call(document.querySelectorAll("[data-share-text]"), function (box) {
    box.value = box.value.replace(/(src="|^)\/(?!\/)/, function (_m, lead) { return lead + origin + "/"; });
  });
  Array.prototype.forEach.call(document.querySelectorAll("[data-copy]"), function (button) {
    button.hidden = false;
    button.addEventListener("click", function () {
      var box = document.getElementById(button.getAttribute("data-copy"));
      if (!box) { return; }
      box.select();
      var done = function () {
        var note = document.getElementById(button.getAttribute("data-copy") + "-copied");
        if (note) { note.textContent = note.getAttribute("data-text"); }
      };
      if (navigator.clipboard && navigator.clipboard.writeText) {
        navigator.clipboard.writeText(box.value).then(done, function () {});
      } else {
        try { document.execCommand("copy"); done(); } catch (e) { /* the text stays selected */ }
      }
    });
  });
}());
