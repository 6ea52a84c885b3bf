// Reports: the "Cetak" button prints the page; choosing another agency drops the unit filter.
document.addEventListener("click", function (event) {
  if (event.target.closest("[data-print]")) {
    event.preventDefault();
    window.print();
  }
});
document.addEventListener("change", function (event) {
  const select = event.target;
  if (select.matches("select[data-resets]")) {
    const other = select.form.querySelector("[name='" + select.dataset.resets + "']");
    if (other) {
      other.value = "";
    }
    select.form.submit();
  }
});
