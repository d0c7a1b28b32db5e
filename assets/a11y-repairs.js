/*
 * Accessibility repairs for Dash 4's dropdown and file upload, applied as the page changes.
 *
 * Dash 4 makes a hidden input (aria-hidden="true") the dropdown's Tab stop and takes the
 * real button out of the tab order, so a screen reader announces nothing on focus, and the
 * button's name leaves out the visible label. Here the button becomes the Tab stop, the
 * hidden input leaves the tab order, and the button is named by its label and its value.
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
      repairUploads(document);
    });
  }

  new MutationObserver(schedule).observe(document.documentElement, {
    childList: true, subtree: true, attributes: true, attributeFilter: ["tabindex"]
  });
  document.addEventListener("DOMContentLoaded", schedule);
})();
