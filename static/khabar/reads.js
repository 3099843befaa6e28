/* "Most read": count one read of the story this page shows, once the page is shown.
   A cookie-less POST to the address in data-beacon (the story's id and token); nothing about the
   reader is sent (no cookie, no referrer, no identifier). Automated browsers stay silent. */
(function () {
  "use strict";
  var script = document.currentScript;
  var url = script && script.getAttribute("data-beacon");
  if (!url || navigator.webdriver || !window.fetch) {
    return;
  }
  var sent = false;

  function send() {
    if (sent || document.visibilityState !== "visible") {
      return;
    }
    sent = true;
    document.removeEventListener("visibilitychange", send);
    fetch(url, {
      method: "POST",
      credentials: "omit",
      referrerPolicy: "no-referrer",
      cache: "no-store",
      keepalive: true
    }).catch(function () {});
  }

  // A page opened in a background tab (or prerendered) is counted when it is first shown.
  document.addEventListener("visibilitychange", send);
  send();
}());
