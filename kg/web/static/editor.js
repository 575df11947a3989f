// The SPARQL editor (editor.html): YASGUI over this server's /sparql, nothing asked of another
// origin, the canned queries a choice away. Without scripts, the page's plain form is left.
"use strict";

function startEditor() {
  const config = JSON.parse(document.getElementById("editor-config").textContent);
  const here = (path) => new URL(path, window.location.href).href;
  const endpoint = here(config.endpoint);
  const Yasqe = Yasgui.Yasqe;
  // YASGUI looks prefixes up on prefix.cc and classes and properties on the LOV service:
  // prefixes come from this server instead (asked each time, not kept a month), and
  // classes and properties are not completed.
  Yasqe.defaults.prefixCcApi = here(config.prefixes);
  Yasqe.Autocompleters.prefixes.persistenceId = undefined;
  Yasqe.defaults.autocompleters = Yasqe.defaults.autocompleters.filter(
    (name) => name !== "class" && name !== "property");
  const yasgui = new Yasgui(document.getElementById("yasgui"), {
    requestConfig: {endpoint},
    endpointCatalogueOptions: {getData: () => [{endpoint}]},
    copyEndpointOnNewTab: false,
    yasqe: {value: config.query},
  });
  const examples = new Map(config.examples.map((example) => [example.name, example]));
  const chooser = document.getElementById("examples");
  chooser.addEventListener("submit", (event) => {
    event.preventDefault();
    const chosen = examples.get(chooser.elements.example.value);
    yasgui.addTab(true, {name: chosen.name, yasqe: {value: chosen.text}}, {avoidDuplicateTabs: true});
  });
  const root = document.getElementById("yasgui");
  nameControls(root);
  new MutationObserver(() => nameControls(root)).observe(root, {childList: true, subtree: true});
  chooser.hidden = false;
  document.getElementById("sparql-form").hidden = true;
}

// What YASGUI draws for a mouse, made usable by keyboard and screen reader: controls named as
// they appear, its add-tab button (inside the list of tabs) announced as one of them, and
// the editor's scrolling area reachable by Tab, to scroll a long query with the keys.
const CONTROL_NAMES = [
  ["input.autocomplete", "SPARQL endpoint"], [".CodeMirror textarea", "SPARQL query"],
  ["select.tableSizer", "Rows per page"], [".tab input", "Tab name"],
];

function nameControls(root) {
  const unnamed = (css) => root.querySelectorAll(css + ":not([aria-label])");
  for (const [css, name] of CONTROL_NAMES) {
    unnamed(css).forEach((control) => control.setAttribute("aria-label", name));
  }
  unnamed(".selector select").forEach((select) =>
    select.setAttribute("aria-label", select.previousElementSibling.textContent));
  unnamed(".textSetting input").forEach((input) => {
    const setting = input.closest(".textSetting").querySelector("label").textContent;
    const pair = input.parentElement.querySelectorAll("input");
    input.setAttribute("aria-label", pair.length < 2 ? setting : setting + (input === pair[0] ? " name" : " value"));
  });
  root.querySelectorAll("button.addTab:not([role])").forEach((button) => {
    button.setAttribute("role", "tab");
    button.setAttribute("aria-selected", "false");
  });
  root.querySelectorAll(".CodeMirror-scroll[tabindex=\"-1\"]").forEach((area) => area.setAttribute("tabindex", "0"));
}

startEditor();
