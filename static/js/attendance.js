// Attendance: "Tandai semua hadir" ticks (or clears) every participant's "hadir" box at once. The
// toggle stays hidden without JavaScript; the "Simpan: semua hadir" button does the same on the server.
(function () {
  const wrapper = document.querySelector("[data-all-present]");
  if (!wrapper) {
    return;
  }
  const toggle = wrapper.querySelector("input[type=checkbox]");
  const boxes = Array.from(document.querySelectorAll("input[data-present]"));
  function reflect() {
    const ticked = boxes.filter(function (box) { return box.checked; }).length;
    toggle.checked = boxes.length > 0 && ticked === boxes.length;
    toggle.indeterminate = ticked > 0 && ticked < boxes.length;
  }
  toggle.addEventListener("change", function () {
    boxes.forEach(function (box) { box.checked = toggle.checked; });
    reflect();
  });
  boxes.forEach(function (box) { box.addEventListener("change", reflect); });
  wrapper.hidden = false;
  reflect();
})();
