/* Progressive enhancement only; every page works without JavaScript. */
(function () {
  "use strict";
  // Move keyboard focus to the first field with an error, so keyboard and screen reader users land on it.
  document.addEventListener("DOMContentLoaded", function () {
    var invalid = document.querySelector("[aria-invalid='true']");
    if (invalid && typeof invalid.focus === "function") { invalid.focus(); }
  });
})();
