/*
 * Accessibility repairs for Dash 4's dropdown and file upload, applied as the page changes.
 *
 * Dash 4 makes a hidden input (aria-hidden="true") the dropdown's Tab stop and takes the
 * real button out of the tab order, so a screen reader announces nothing on focus, and the
 * button's name leaves out the visible label. Here the button becomes the Tab stop, the
 * hidden input leaves the tab order, and the button is named by its label and its value.
 *
 * Its open list has three more faults axe reports: the popover (role=dialog) and the list
 * (role=listbox) have no name, and each option (a <label role=option>) holds a radio or
 * checkbox input, an interactive element inside another. The popover and list are named
 * by the dropdown's label; the inputs inside options leave the tab order and the
 * accessibility tree (the option itself says aria-selected). The search field shows the
 * page's words (Dash's `labels`, dashboard/components/dropdown.py); its accessible name adds
 * the dropdown's label, from #dropdown-words written by the server in the page's language.
 */
(function () {
  "use strict";

  function repair(root) {
    root.querySelectorAll(".dash-dropdown-wrapper").forEach(function (wrapper) {
      var hidden = wrapper.querySelector(".dash-dropdown-focus-target");
      var button = wrapper.querySelector("button.dash-dropdown");
      if (!button) { return; }
      if (hidden && hidden.tabIndex !== -1) { hidden.tabIndex = -1; }
      if (button.tabIndex !== 0) { button.tabIndex = 0; }
      var label = document.querySelector('label[for="' + button.id + '"]');
      if (label) {
        if (!label.id) { label.id = button.id + "-label"; }
        var named = button.getAttribute("aria-labelledby") || "";
        if (named.split(" ").indexOf(label.id) === -1) {
          button.setAttribute("aria-labelledby", (label.id + " " + named).trim());
        }
      }
    });
  }

  function words() {
    var holder = document.getElementById("dropdown-words");
    return holder ? holder.dataset : {};
  }

  function labelFor(button) {
    var label = button && document.querySelector('label[for="' + button.id + '"]');
    return label ? label.innerText.trim() : "";
  }

  function repairOpenLists(root) {
    var said = words();
    root.querySelectorAll(".dash-dropdown-content").forEach(function (popover) {
      var button = popover.id &&
        document.querySelector('button.dash-dropdown[aria-controls="' + popover.id + '"]');
      var name = labelFor(button) || said.options || "";
      if (name && popover.getAttribute("aria-label") !== name) {
        popover.setAttribute("aria-label", name);
      }
      popover.querySelectorAll('[role="listbox"]').forEach(function (list) {
        if (name && list.getAttribute("aria-label") !== name) {
          list.setAttribute("aria-label", name);
        }
      });
      // Dash focuses the input inside each option when the arrow keys move (and selects
      // by its change event), so the input is the real option: it takes the role, the
      // name and the selected state, and its <label> becomes plain layout.
      popover.querySelectorAll("label.dash-options-list-option").forEach(function (option) {
        var input = option.querySelector("input");
        if (!input) { return; }
        if (option.getAttribute("role") !== "none") { option.setAttribute("role", "none"); }
        var selected = option.classList.contains("selected") ? "true" : "false";
        if (option.hasAttribute("aria-selected")) { option.removeAttribute("aria-selected"); }
        if (input.getAttribute("role") !== "option") { input.setAttribute("role", "option"); }
        if (input.getAttribute("aria-selected") !== selected) {
          input.setAttribute("aria-selected", selected);
        }
        var text = option.innerText.trim();
        if (input.getAttribute("aria-label") !== text) { input.setAttribute("aria-label", text); }
      });
      popover.querySelectorAll("input.dash-dropdown-search").forEach(function (search) {
        var label = said.search ? said.search + (name ? ": " + name : "") : "";
        if (label && search.getAttribute("aria-label") !== label) {
          search.setAttribute("aria-label", label);
        }
      });
      popover.querySelectorAll(".dash-dropdown-clear").forEach(function (clear) {
        if (said.clear && clear.getAttribute("aria-label") !== said.clear) {
          clear.setAttribute("aria-label", said.clear);
        }
      });
    });
  }

  // Dash's file upload hides a real file input over its drop zone: the input is the Tab
  // stop (Enter or Space opens the file chooser), so it gets the zone's text as its name;
  // the focus is shown on the zone by CSS (:focus-within).
  function repairUploads(root) {
    root.querySelectorAll(".upload-box input[type=file]").forEach(function (input) {
      if (!input.getAttribute("aria-label")) {
        input.setAttribute("aria-label", input.parentElement.innerText.trim());
      }
    });
  }

  var scheduled = false;
  function schedule() {
    if (scheduled) { return; }
    scheduled = true;
    window.requestAnimationFrame(function () {
      scheduled = false;
      repair(document);
      repairOpenLists(document);
      repairUploads(document);
    });
  }

  // Paper: a chart drawn at the screen's width is cut at the page edge (the activity
  // chart lost its right axis), so each chart is redrawn at the printable A4 width
  // (210 mm less 2 x 12 mm margins and the panel's padding, assets/print.css), and
  // given back its width after.
  var PRINT_WIDTH_PX = Math.floor(175 / 25.4 * 96);  // less the panels' padding
  // relayout draws at once (Plots.resize waits 100 ms, after the print has begun).
  function fitChartsTo(width) {
    if (!window.Plotly) { return; }
    document.querySelectorAll(".js-plotly-plot").forEach(function (plot) {
      if (width) {
        window.Plotly.relayout(plot, {width: width});
      } else {
        window.Plotly.relayout(plot, {width: null, autosize: true}).then(function () {
          window.Plotly.Plots.resize(plot);
        });
      }
    });
  }
  window.addEventListener("beforeprint", function () { fitChartsTo(PRINT_WIDTH_PX); });
  window.addEventListener("afterprint", function () { fitChartsTo(0); });

  new MutationObserver(schedule).observe(document.documentElement, {
    childList: true, subtree: true, attributes: true, attributeFilter: ["tabindex", "aria-selected"]
  });
  document.addEventListener("DOMContentLoaded", schedule);
})();
