/* The media library's focal point: click the picture to set the point every crop keeps in view.
   A static file (the admin's Content-Security-Policy allows no inline script). */
(function () {
  "use strict";
  function setUp(picker) {
    var image = picker.querySelector("[data-focal-image]");
    var mark = picker.querySelector("[data-focal-mark]");
    var form = picker.closest("form");
    var x = form && form.querySelector("[data-focal=x]");
    var y = form && form.querySelector("[data-focal=y]");
    if (!image || !mark || !x || !y) return;
    function show() {
      mark.hidden = false;
      mark.style.left = (parseFloat(x.value || "0.5") * 100) + "%";
      mark.style.top = (parseFloat(y.value || "0.5") * 100) + "%";
    }
    function choose(event) {
      var box = image.getBoundingClientRect();
      var fx = Math.min(1, Math.max(0, (event.clientX - box.left) / box.width));
      var fy = Math.min(1, Math.max(0, (event.clientY - box.top) / box.height));
      x.value = fx.toFixed(2);
      y.value = fy.toFixed(2);
      show();
    }
    image.addEventListener("click", choose);
    x.addEventListener("input", show);
    y.addEventListener("input", show);
    show();
  }
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll(".focal-picker").forEach(setUp);
  });
})();
