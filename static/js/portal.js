// Ask before a destructive action: any form with data-confirm="message".
document.addEventListener("submit", function (event) {
  const form = event.target;
  const message = form.getAttribute("data-confirm");
  if (message && !window.confirm(message)) {
    event.preventDefault();
  }
});

// Sizes that come from the data (progress bars, tree indentation). They are set here, not in
// style="" attributes, because the Content-Security-Policy allows no inline style.
(function () {
  function applyDataSizes() {
    document.querySelectorAll("[data-percent]").forEach(function (element) {
      element.style.width = element.dataset.percent + "%";
    });
    document.querySelectorAll("[data-indent]").forEach(function (element) {
      element.style.paddingLeft = element.dataset.indent + "rem";
    });
    document.querySelectorAll("[data-depth]").forEach(function (element) {
      element.style.setProperty("--depth", element.dataset.depth);
    });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", applyDataSizes);
  } else {
    applyDataSizes();
  }
})();
