// Unduhan saya: while an export is being built, reload the page every few seconds.
(function () {
  const marker = document.querySelector("[data-reload-while-pending]");
  if (marker) {
    window.setTimeout(function () { window.location.reload(); }, Number(marker.dataset.reloadWhilePending) || 5000);
  }
})();
