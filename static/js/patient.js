/* Patient pages: progressive help only. Everything works without this file; the server is the authority. */
(function () {
  "use strict";
  document.documentElement.classList.add("js");

  function focusFirst(selector) {
    var element = document.querySelector(selector);
    if (element) { element.focus(); return true; }
    return false;
  }

  /* --- show_if: the same rule as prep/questionnaires/conditions.py ---------------------------------------- */
  var form = document.getElementById("section-form");
  var savedElement = document.getElementById("saved-answers");
  var saved = savedElement ? JSON.parse(savedElement.textContent) : {};

  function isAnswered(value) {
    return !(value === null || value === undefined || value === "" || (Array.isArray(value) && value.length === 0));
  }

  function valueOnPage(key) {
    var inputs = form.querySelectorAll('[name="' + key + '"]');
    if (!inputs.length) { return undefined; }
    var values = [];
    inputs.forEach(function (input) {
      if (input.type === "radio" || input.type === "checkbox") {
        if (input.checked) { values.push(input.value); }
      } else if (input.value.trim() !== "") {
        values.push(input.value.trim());
      }
    });
    if (inputs[0].type === "checkbox") { return values; }
    return values.length ? values[0] : null;
  }

  function holds(condition, answers) {
    var answer = answers[condition.question];
    if (condition.op === "answered") { return isAnswered(answer); }
    if (!isAnswered(answer)) { return condition.op === "ne"; }
    var given = (Array.isArray(answer) ? answer : [answer]).map(String);
    if (condition.op === "eq") { return given.indexOf(String(condition.value)) !== -1; }
    if (condition.op === "ne") { return given.indexOf(String(condition.value)) === -1; }
    if (condition.op === "in") {
      return condition.value.some(function (item) { return given.indexOf(String(item)) !== -1; });
    }
    var number = parseFloat(answer), limit = parseFloat(condition.value);
    if (isNaN(number) || isNaN(limit)) { return false; }
    return condition.op === "gt" ? number > limit : number >= limit;
  }

  function applyConditions() {
    var answers = Object.assign({}, saved);
    form.querySelectorAll(".question[id^='question-'], .question[data-group]").forEach(function (block) {
      var key = block.dataset.group || block.id.replace("question-", "");
      var condition = block.dataset.showIf ? JSON.parse(block.dataset.showIf) : null;
      var shown = !condition || holds(condition, answers);
      block.hidden = !shown;
      if (shown) {
        var value = valueOnPage(key);
        if (value !== undefined) { answers[key] = value; }
      } else {
        delete answers[key];
      }
    });
  }

  if (form) {
    applyConditions();
    form.addEventListener("change", applyConditions);
    form.addEventListener("input", applyConditions);
  }

  /* --- repeating groups: add and remove rows without a page load -------------------------------------------- */
  function renumber(group) {
    var visible = 0;
    group.querySelectorAll(".group-rows [data-row]").forEach(function (row) {
      if (row.hidden) { return; }
      visible += 1;
      row.querySelectorAll("[data-number]").forEach(function (number) { number.textContent = visible; });
    });
    return visible;
  }

  /* An entry's folded line, as the server writes it (questionnaires/markup.entry_gist): its first answers. */
  function gist(row) {
    var words = [];
    row.querySelectorAll(".entry-fields .row > div").forEach(function (block) {
      var box = block.querySelector("input:not([type=radio]):not([type=checkbox]):not([type=hidden]), textarea");
      var checked = block.querySelector("input[type=radio]:checked");
      var label = checked && block.querySelector('label[for="' + checked.id + '"]');
      if (box && box.value.trim()) {
        var unit = (label && label.textContent) || block.dataset.gistUnit;
        words.push(box.value.trim() + (unit ? " " + unit : ""));
      } else if (!box && label) {
        words.push(label.textContent);
      }
    });
    return words.slice(0, 3).join(" · ");
  }

  /* An entry folded by hand (its summary clicked) shows what it now holds. */
  document.addEventListener("toggle", function (event) {
    var row = event.target;
    if (!row.matches || !row.matches("details[data-row]") || row.open) { return; }
    row.querySelector("[data-gist]").textContent = gist(row);
  }, true);

  function foldEntries(group) {
    group.querySelectorAll(".group-rows details[data-row][open]").forEach(function (row) {
      var words = gist(row);
      if (!words) { return; }
      row.querySelector("[data-gist]").textContent = words;
      row.open = false;
    });
  }

  function addRow(group) {
    var key = group.dataset.group;
    var total = group.querySelector('input[name="' + key + '-TOTAL_FORMS"]');
    var index = parseInt(total.value, 10);
    if (renumber(group) >= parseInt(group.dataset.maxRows, 10)) { return; }
    var template = group.querySelector("template.group-row-template");
    var html = template.innerHTML.replace(/__prefix__/g, index).replace(/__number__/g, index + 1);
    var holder = document.createElement("div");
    holder.innerHTML = html.trim();
    var row = holder.firstElementChild;
    foldEntries(group);
    group.querySelector(".group-rows").appendChild(row);
    total.value = index + 1;
    renumber(group);
    var first = row.querySelector("input, select, textarea");
    if (first) { first.focus(); }
  }

  function removeRow(group, row) {
    var deleteInput = row.querySelector('input[name$="-DELETE"]');
    if (deleteInput) { deleteInput.value = "on"; }
    row.hidden = true;
    renumber(group);
    group.querySelector("[data-add-row]").focus();
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-add-row], [data-remove-row]");
    if (!button) { return; }
    var group = button.closest("[data-group]");
    event.preventDefault();
    if (button.hasAttribute("data-add-row")) { addRow(group); } else { removeRow(group, button.closest("[data-row]")); }
  });

  /* --- "Answer them" on the blank-questions notice: focus the first blank question, not only scroll to it ----- */
  document.addEventListener("click", function (event) {
    var link = event.target.closest("[data-focus-target]");
    var target = link && document.getElementById(link.dataset.focusTarget);
    if (!target) { return; }
    event.preventDefault();
    target.focus();
  });

  /* --- the copy of the answers after sending: a Print button (hidden without this script) -------------------- */
  document.querySelectorAll("[data-print]").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () { window.print(); });
  });

  /* --- after a failed Next, focus the list of problems; after a safety answer, the crisis box; then blanks ---- */
  if (!focusFirst("#error-summary") && !focusFirst("#crisis-box")) { focusFirst("#blank-notice"); }
})();
