// Ask before an irreversible action. The question is the data-confirm of the button that submits
// the form (so that "Simpan draf" and "Finalkan" in one form can differ), else the form's own.
// event.submitter is the clicked button, or the form's default button when Enter submits it.
document.addEventListener("submit", function (event) {
  const form = event.target;
  const submitter = event.submitter;
  const message =
    (submitter && submitter.getAttribute("data-confirm")) || form.getAttribute("data-confirm");
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

// Boxes that scroll sideways on a phone open where the news is: a chart at its latest month, a row of
// period tabs at the chosen period.
document.querySelectorAll("[data-scroll-to-end]").forEach(function (box) {
  box.scrollLeft = box.scrollWidth;
});
document.querySelectorAll("[data-scroll-to-current]").forEach(function (box) {
  const current = box.querySelector("[aria-current]");
  if (current && box.scrollWidth > box.clientWidth) {
    box.scrollLeft = current.offsetLeft - (box.clientWidth - current.offsetWidth) / 2;
  }
});
