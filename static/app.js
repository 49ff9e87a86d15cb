// helpportal: progressive enhancement only; every page works without it.
"use strict";
// Lets styles (and the browser tests) tell that scripts run.
document.documentElement.classList.add("js");

// Copy link to this section: a button on each heading of the article body.
// Without JavaScript the heading's own anchor link is the way to copy it.
(function () {
  var body = document.querySelector(".article-body[data-copy-label]");
  if (!body || !navigator.clipboard || !window.isSecureContext) {
    return;
  }
  var label = body.getAttribute("data-copy-label");
  var done = body.getAttribute("data-copied-label");
  var status = document.createElement("span");
  status.className = "visually-hidden";
  status.setAttribute("role", "status");
  body.appendChild(status);
  body.querySelectorAll("h2[id], h3[id], h4[id]").forEach(function (heading) {
    var button = document.createElement("button");
    button.type = "button";
    button.className = "copy-link";
    button.textContent = label;
    button.addEventListener("click", function () {
      var url = location.origin + location.pathname + "#" + encodeURIComponent(heading.id);
      navigator.clipboard.writeText(url).then(function () {
        button.textContent = done;
        status.textContent = done;
        setTimeout(function () {
          button.textContent = label;
          status.textContent = "";
        }, 2000);
      });
    });
    heading.appendChild(button);
  });
})();

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
