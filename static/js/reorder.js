// Drag-and-drop for a priority list. The table's rows carry data-need-id and a priority input
// tied (form="…") to the reorder form; dropping a row renumbers them 1..n and submits that form,
// the same request as typing the numbers and pressing "Save". Without script, the numbers do it.
(function () {
  "use strict";

  function setUp(form) {
    const table = document.getElementById(form.getAttribute("data-reorder"));
    if (!table || table.dataset.reorderReady) {
      return;
    }
    table.dataset.reorderReady = "1";
    const body = table.tBodies[0];
    let dragged = null;

    body.addEventListener("dragstart", (event) => {
      const row = event.target.closest && event.target.closest("tr[data-need-id]");
      if (!row) {
        return;
      }
      dragged = row;
      row.classList.add("is-dragging");
      event.dataTransfer.effectAllowed = "move";
      event.dataTransfer.setData("text/plain", row.dataset.needId);
    });

    body.addEventListener("dragover", (event) => {
      const row = event.target.closest && event.target.closest("tr[data-need-id]");
      if (!dragged || !row || row === dragged) {
        return;
      }
      event.preventDefault();
      const box = row.getBoundingClientRect();
      const after = event.clientY > box.top + box.height / 2;
      body.insertBefore(dragged, after ? row.nextSibling : row);
    });

    body.addEventListener("drop", (event) => {
      if (!dragged) {
        return;
      }
      event.preventDefault();
      dragged.classList.remove("is-dragging");
      dragged = null;
      body.querySelectorAll("input[data-priority]").forEach((input, index) => {
        input.value = String(index + 1);
      });
      if (form.requestSubmit) {
        form.requestSubmit();
      } else {
        form.submit();
      }
    });

    body.addEventListener("dragend", () => {
      if (dragged) {
        dragged.classList.remove("is-dragging");
        dragged = null;
      }
    });
  }

  function setUpAll() {
    document.querySelectorAll("form[data-reorder]").forEach(setUp);
  }

  document.addEventListener("DOMContentLoaded", setUpAll);
  // The list is replaced after htmx swaps (an added or edited need): wire the new one.
  document.addEventListener("htmx:afterSettle", setUpAll);
})();
