// The return page waits for Stripe's webhook: poll the payment's status, reload when it is final.
(function () {
  "use strict";
  var box = document.querySelector("[data-status-url]");
  if (!box) return;
  var delay = 1500;
  function poll() {
    fetch(box.getAttribute("data-status-url"), { cache: "no-store" })
      .then(function (response) { return response.json(); })
      .then(function (data) {
        if (data.final || data.status !== box.getAttribute("data-status")) {
          window.location.reload();
        } else {
          delay = Math.min(delay * 1.5, 10000);
          window.setTimeout(poll, delay);
        }
      })
      .catch(function () { window.setTimeout(poll, 5000); });
  }
  window.setTimeout(poll, delay);
})();
