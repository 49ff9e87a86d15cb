// helpportal: progressive enhancement only; every page works without it.
"use strict";

// Search suggestions: while typing in a search box, offer article titles
// from /api/v1/suggest in a <datalist>. Without JavaScript the box is a
// plain form field.
(function () {
  var boxes = document.querySelectorAll('input[type="search"][name="q"]');
  if (!boxes.length || !window.fetch) { return; }
  var lang = (document.documentElement.lang || "nl-NL").toLowerCase();
  boxes.forEach(function (box, n) {
    var list = document.createElement("datalist");
    list.id = "hp-suggest-" + n;
    box.parentNode.appendChild(list);
    box.setAttribute("list", list.id);
    var timer = null;
    var last = "";
    box.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(function () {
        var q = box.value.trim();
        if (q.length < 2 || q === last) { return; }
        last = q;
        fetch("/api/v1/suggest?locale=" + encodeURIComponent(lang) + "&q=" + encodeURIComponent(q))
          .then(function (r) { return r.ok ? r.json() : []; })
          .then(function (items) {
            list.textContent = "";
            items.forEach(function (item) {
              var option = document.createElement("option");
              option.value = item.title;
              list.appendChild(option);
            });
          })
          .catch(function () {});
      }, 150);
    });
  });
})();
