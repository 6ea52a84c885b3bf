// Scoring runs: poll the progress of each running run and move its bar; reload when it ends.
// Without JavaScript the page shows the progress stored at the time it was loaded.
(function () {
  const POLL_MS = 2000;

  function poll(bar) {
    fetch(bar.dataset.scoringProgress, { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then(function (response) {
        if (!response.ok) {
          throw new Error(response.status);
        }
        return response.json();
      })
      .then(function (run) {
        const inner = bar.querySelector(".progress-bar");
        inner.style.width = run.percent + "%";
        inner.textContent = run.percent + "%";
        bar.setAttribute("aria-valuenow", run.percent);
        const cell = bar.parentElement;
        const processed = cell.querySelector("[data-processed]");
        const total = cell.querySelector("[data-total]");
        if (processed && total) {
          processed.textContent = run.processed;
          total.textContent = run.total;
        }
        if (run.state === "running" && !run.stalled) {
          window.setTimeout(function () { poll(bar); }, POLL_MS);
        } else {
          window.location.reload();
        }
      })
      .catch(function () {
        window.setTimeout(function () { poll(bar); }, POLL_MS * 5);
      });
  }

  document.querySelectorAll("[data-scoring-progress][data-state='running']").forEach(function (bar) {
    window.setTimeout(function () { poll(bar); }, POLL_MS);
  });

  document.addEventListener("change", function (event) {
    if (event.target.matches("select[data-submit-on-change]")) {
      event.target.form.submit();
    }
  });
})();
