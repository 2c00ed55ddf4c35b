// The web desk's only script (the CSP allows no inline script). Every page works without it;
// it links a record and its evidence in the article text: pointing at one lights the other,
// and a click on a record scrolls its evidence into view.
"use strict";
(function () {
  function markOf(el) {
    var id = el.getAttribute("data-ev");
    return id ? document.getElementById(id) : null;
  }
  function recordsOf(mark) {
    var keys = (mark.getAttribute("data-records") || "").split(" ");
    return keys.map(function (k) { return document.getElementById("rec-" + k); })
      .filter(function (el) { return el !== null; });
  }
  function light(target, on) {
    var record = target.closest ? target.closest("[data-ev]") : null;
    if (record) {
      var mark = markOf(record);
      if (mark) { mark.classList.toggle("active", on); }
      record.classList.toggle("active", on);
      return;
    }
    var m = target.closest ? target.closest("mark.ev") : null;
    if (m) {
      recordsOf(m).forEach(function (el) { el.classList.toggle("active", on); });
      m.classList.toggle("active", on);
    }
  }
  document.addEventListener("mouseover", function (e) { light(e.target, true); });
  document.addEventListener("mouseout", function (e) { light(e.target, false); });
  document.addEventListener("click", function (e) {
    var record = e.target.closest ? e.target.closest("[data-ev]") : null;
    if (!record) { return; }
    var mark = markOf(record);
    if (!mark) { return; }
    e.preventDefault();
    mark.scrollIntoView({ block: "center", behavior: "smooth" });
    if (history.replaceState) { history.replaceState(null, "", "#" + mark.id); }
  });
})();
