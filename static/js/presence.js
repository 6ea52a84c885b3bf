// Presensi: the big button reads the device's position (Geolocation API), puts it in the form's
// hidden fields and sends the form. The server checks it against the agency's work locations and
// takes the time from its own clock. The button is disabled while the position is read, so a
// double tap sends once (the server also records a check-in only once).
(function () {
  const form = document.querySelector("[data-presence-form]");
  if (!form) {
    return;
  }
  const button = form.querySelector("[data-presence-button]");
  const error = form.querySelector("[data-presence-error]");
  const label = button.textContent;

  function fail(message) {
    if ("locationOptional" in form.dataset) {
      // Flexible location (WFA): the position is recorded when it can be read, not required.
      form.dataset.located = "1";
      form.submit();
      return;
    }
    error.textContent = message;
    error.classList.remove("d-none");
    button.disabled = false;
    button.textContent = label;
  }

  form.addEventListener("submit", function (event) {
    if (form.dataset.located === "1") {
      return; // the position is in: let the form go
    }
    event.preventDefault();
    if (button.disabled) {
      return;
    }
    // A check-out before today's hours end: ask first (one tap too many right after the check-in
    // recorded the day as leaving early). The time left is the server's, counted from the page's load.
    const earlyMs = Number(button.dataset.earlyOutMs || 0);
    if (earlyMs > 0 && performance.now() < earlyMs && !window.confirm(button.dataset.earlyQuestion)) {
      return;
    }
    if (!("geolocation" in navigator)) {
      fail(error.dataset.unsupported);
      return;
    }
    error.classList.add("d-none");
    button.disabled = true;
    button.textContent = button.dataset.busyLabel;
    navigator.geolocation.getCurrentPosition(
      function (position) {
        form.querySelector("[name=latitude]").value = position.coords.latitude.toFixed(6);
        form.querySelector("[name=longitude]").value = position.coords.longitude.toFixed(6);
        form.querySelector("[name=accuracy]").value = Math.round(position.coords.accuracy);
        form.dataset.located = "1";
        form.submit();
      },
      function (problem) {
        if (problem.code === 1) {
          fail(error.dataset.denied);
        } else if (problem.code === 3) {
          fail(error.dataset.timeout);
        } else {
          fail(error.dataset.unavailable);
        }
      },
      { enableHighAccuracy: true, timeout: 20000, maximumAge: 30000 }
    );
  });
})();
