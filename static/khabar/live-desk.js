/* The live desk (admin): Ctrl+Enter (or Cmd+Enter) in a composer posts it. */
(function () {
  "use strict";
  document.querySelectorAll("form[data-live-composer] textarea").forEach((area) => {
    area.addEventListener("keydown", (event) => {
      if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
        event.preventDefault();
        area.form.requestSubmit();
      }
    });
  });
})();
