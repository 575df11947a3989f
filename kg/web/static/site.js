// The explorer's behaviour, on top of pages that work without it: search suggestions while
// typing, and tables that sort by a column, filter by text and narrow by facets.
"use strict";

function suggestAsYouType(input) {
  const list = document.getElementById(input.getAttribute("list"));
  let asked = "";
  input.addEventListener("input", async () => {
    const text = input.value.trim();
    if (text.length < 2 || text === asked) return;
    asked = text;
    const answer = await fetch("/search?" + new URLSearchParams({q: text, format: "json", limit: "10"}));
    if (!answer.ok || asked !== text) return;
    const found = await answer.json();
    list.replaceChildren(...found.results.map((hit) => {
      const option = document.createElement("option");
      option.value = hit.label;
      option.label = hit.kind + (hit.matched !== hit.label ? " · " + hit.matched : "");
      return option;
    }));
  });
}

function sortKey(cell) {
  const text = cell.dataset.sort ?? cell.textContent.trim();
  const number = Number(text.replace(/,/g, ""));
  return text !== "" && !Number.isNaN(number) ? number : text.toLowerCase();
}

function makeSortable(table) {
  const headers = Array.from(table.tHead.rows[0].cells);
  headers.forEach((header, column) => {
    const button = document.createElement("button");
    button.type = "button";
    button.className = "sort";
    button.textContent = header.textContent;
    header.replaceChildren(button);
    button.addEventListener("click", () => {
      const ascending = header.getAttribute("aria-sort") !== "ascending";
      headers.forEach((other) => other.removeAttribute("aria-sort"));
      header.setAttribute("aria-sort", ascending ? "ascending" : "descending");
      const body = table.tBodies[0];
      const rows = Array.from(body.rows);
      rows.sort((a, b) => {
        const x = sortKey(a.cells[column]), y = sortKey(b.cells[column]);
        const order = typeof x === typeof y ? (x < y ? -1 : x > y ? 1 : 0) : (typeof x === "number" ? -1 : 1);
        return ascending ? order : -order;
      });
      body.append(...rows);
    });
  });
}

function makeFilterable(table) {
  const text = document.querySelector(`input[data-filter-for="${table.id}"]`);
  const boxes = Array.from(document.querySelectorAll(`input[data-facet-for="${table.id}"]`));
  const count = document.querySelector(`[data-count-for="${table.id}"]`);
  const apply = () => {
    const words = (text ? text.value : "").toLowerCase().trim();
    const chosen = {};
    boxes.filter((box) => box.checked).forEach((box) => {
      (chosen[box.dataset.facet] ??= new Set()).add(box.value);
    });
    let shown = 0;
    for (const row of table.tBodies[0].rows) {
      const matches = (!words || row.textContent.toLowerCase().includes(words)) &&
        Object.entries(chosen).every(([facet, values]) =>
          (row.dataset[facet] ?? "").split("|").some((value) => values.has(value)));
      row.hidden = !matches;
      shown += matches ? 1 : 0;
    }
    if (count) count.textContent = `${shown} of ${table.tBodies[0].rows.length} rows shown`;
  };
  text?.addEventListener("input", apply);
  boxes.forEach((box) => box.addEventListener("change", apply));
  apply();
}

document.addEventListener("DOMContentLoaded", () => {
  document.querySelectorAll("input[data-suggest]").forEach(suggestAsYouType);
  document.querySelectorAll("table.sortable").forEach(makeSortable);
  document.querySelectorAll("table.filterable").forEach(makeFilterable);
});
