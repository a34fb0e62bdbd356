// zinegen serve: keep the page current. Every 700 ms ask the server which build it shows;
// when that changes, fetch the page again and put its new content in place (no reload,
// so the reader keeps their place).
"use strict";
(function () {
  var shown = document.getElementById("main").dataset.version;
  var status = document.getElementById("status");

  function say(text) {
    if (status && status.textContent !== text) status.textContent = text;
  }

  function refresh() {
    return fetch("/", { cache: "no-store" })
      .then(function (response) { return response.text(); })
      .then(function (html) {
        var page = new DOMParser().parseFromString(html, "text/html");
        var main = page.getElementById("main");
        document.getElementById("main").replaceWith(main);
        shown = main.dataset.version;
      });
  }

  function poll() {
    fetch("/_zinegen/state", { cache: "no-store" })
      .then(function (response) { return response.json(); })
      .then(function (state) {
        say(state.status);
        if (state.version !== shown) return refresh();
      })
      .catch(function () { say("zinegen serve has stopped: these are the last PDFs it made."); })
      .then(function () { setTimeout(poll, 700); });
  }

  poll();
})();
