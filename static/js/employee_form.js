// The employee form: birth date and sex are filled from the NIP as it is typed (domain.md §2:
// digits 1-8 are the birth date YYYYMMDD, digit 15 the sex, 1 male / 2 female).
// A field is filled only while it is empty or still holds what this script put there: a value the
// user typed, or the stored one of an existing record, is never overwritten. The server checks the
// NIP against both fields again on save.
(function () {
  "use strict";

  function birthDateOf(digits) {
    if (digits.length < 8) {
      return "";
    }
    const year = Number(digits.slice(0, 4));
    const month = Number(digits.slice(4, 6));
    const day = Number(digits.slice(6, 8));
    const date = new Date(Date.UTC(year, month - 1, day));
    const real =
      year >= 1900 &&
      date.getUTCFullYear() === year &&
      date.getUTCMonth() === month - 1 &&
      date.getUTCDate() === day;
    return real ? digits.slice(0, 4) + "-" + digits.slice(4, 6) + "-" + digits.slice(6, 8) : "";
  }

  function sexOf(digits) {
    if (digits.length < 15) {
      return "";
    }
    return { 1: "L", 2: "P" }[digits.charAt(14)] || "";
  }

  // Ours while it is empty, or while it still holds the value this script set.
  function mayFill(field) {
    return field.value === "" || (field.dataset.nipFilled !== undefined && field.value === field.dataset.nipFilled);
  }

  function fill(field, value) {
    if (!field || !value || !mayFill(field) || field.value === value) {
      return;
    }
    field.value = value;
    field.dataset.nipFilled = value;
    field.dispatchEvent(new Event("change", { bubbles: true }));
  }

  function onNip(nip, birthDate, sex) {
    const raw = nip.value.replace(/[\s.]/g, "");
    if (!/^[0-9]*$/.test(raw)) {
      return;
    }
    fill(birthDate, birthDateOf(raw));
    fill(sex, sexOf(raw));
  }

  document.addEventListener("DOMContentLoaded", function () {
    const nip = document.querySelector("[data-nip-source]");
    if (!nip) {
      return;
    }
    const form = nip.form;
    const birthDate = form.querySelector("[data-nip-birth-date]");
    const sex = form.querySelector("[data-nip-gender]");
    nip.addEventListener("input", function () {
      onNip(nip, birthDate, sex);
    });
  });
})();
