// Small progressive enhancements; every page works without them.
document.addEventListener("submit", (event) => {
  const form = event.target;
  const question = form.getAttribute("data-confirm");
  if (question && !window.confirm(question)) {
    event.preventDefault();
  }
});

// On a phone the main navigation folds behind a "Menu" button (the CSS folds it only once this
// script has run, so without scripts every link stays in view).
(() => {
  const toggle = document.querySelector(".nav-toggle");
  const nav = document.getElementById("main-nav");
  if (!toggle || !nav) return;
  document.documentElement.classList.add("nav-folds");
  toggle.hidden = false;
  toggle.addEventListener("click", () => {
    const open = toggle.getAttribute("aria-expanded") !== "true";
    toggle.setAttribute("aria-expanded", String(open));
    nav.classList.toggle("is-open", open);
  });
})();

// Date boxes: "Today" and the browser's own calendar fill the box with an ISO date; the hint
// under it (both calendars) then comes from the server as for typing.
document.querySelectorAll(".date-field").forEach((field) => {
  const box = field.querySelector("input[type=text]");
  const tools = field.querySelector(".date-tools");
  const native = field.querySelector(".date-native");
  if (!box || !tools || !native) return;
  tools.hidden = false;
  const fill = (value) => {
    box.value = value;
    box.dispatchEvent(new Event("input", { bubbles: true }));
    box.focus();
  };
  field.querySelector(".date-today").addEventListener("click", (event) => fill(event.currentTarget.dataset.today));
  field.querySelector(".date-pick").addEventListener("click", () => {
    if (/^\d{4}-\d{2}-\d{2}$/.test(box.value)) native.value = box.value;
    if (typeof native.showPicker === "function") native.showPicker(); else native.focus();
  });
  native.addEventListener("change", () => { if (native.value) fill(native.value); });
});

// A table wider than its column (on a phone) scrolls inside its own box instead of widening the
// page; the box takes the keyboard focus so it can be scrolled without a mouse. Only tables that
// overflow are boxed: all widths are read first, then the boxes added, so the page lays out once.
(() => {
  const wide = [...document.querySelectorAll("main table")].filter(
    (table) => !table.closest(".table-wrap, .table-scroll") && table.scrollWidth > table.parentElement.clientWidth + 1
  );
  wide.forEach((table) => {
    const box = document.createElement("div");
    box.className = "table-scroll";
    box.tabIndex = 0;
    const caption = table.querySelector("caption");
    if (caption) {
      box.setAttribute("role", "region");
      box.setAttribute("aria-label", caption.textContent.trim());
    }
    table.parentNode.insertBefore(box, table);
    box.appendChild(table);
  });
})();
