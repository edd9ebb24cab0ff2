// The opportunity form: total hours shown live (days × hours per day) and task rows added in place.
// Without this script the server computes the total and the form always offers empty task rows.
(() => {
  const DIGITS = { "٠": "0", "١": "1", "٢": "2", "٣": "3", "٤": "4", "٥": "5", "٦": "6", "٧": "7", "٨": "8", "٩": "9",
    "۰": "0", "۱": "1", "۲": "2", "۳": "3", "۴": "4", "۵": "5", "۶": "6", "۷": "7", "۸": "8", "۹": "9", "٫": "." };
  // As the server reads it (core.forms.decimal_text): a lone comma is a decimal comma, not "1,500".
  const toNumber = (text) => Number(String(text || "").replace(/[٠-٩۰-۹٫]/g, (ch) => DIGITS[ch]).trim()
    .replace(/,(?!\d{3}(?!\d))/, "."));

  function setUpTotal(form) {
    const days = form.querySelector('[name="duration_days"]');
    const perDay = form.querySelector('[name="hours_per_day"]');
    const output = document.getElementById("total-hours");
    if (!days || !perDay || !output) return;
    const update = () => {
      const total = toNumber(days.value) * toNumber(perDay.value);
      output.value = Number.isFinite(total) && total > 0 ? String(Math.round(total * 10) / 10) : "";
    };
    days.addEventListener("input", update);
    perDay.addEventListener("input", update);
    update();
  }

  function setUpTasks() {
    const button = document.getElementById("add-task");
    const template = document.getElementById("task-row-template");
    const rows = document.getElementById("task-rows");
    const total = document.querySelector('[name="tasks-TOTAL_FORMS"]');
    const max = document.querySelector('[name="tasks-MAX_NUM_FORMS"]');
    if (!button || !template || !rows || !total) return;
    button.hidden = false;
    button.addEventListener("click", () => {
      const index = Number(total.value);
      if (max && index >= Number(max.value)) return;
      const html = template.innerHTML.replace(/__prefix__/g, String(index));
      rows.insertAdjacentHTML("beforeend", html);
      total.value = String(index + 1);
      const first = rows.lastElementChild && rows.lastElementChild.querySelector("input");
      if (first) first.focus();
    });
  }

  document.addEventListener("DOMContentLoaded", () => {
    const form = document.getElementById("opportunity-form");
    if (!form) return;
    setUpTotal(form);
    setUpTasks();
  });
})();
