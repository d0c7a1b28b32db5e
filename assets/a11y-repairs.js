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

  // Dash's file upload is a div around a hidden file input: give it a Tab stop, a role
  // and a name, and let Enter or Space open the file chooser.
  function repairUploads(root) {
    root.querySelectorAll(".upload-box").forEach(function (box) {
      if (box.dataset.a11y) { return; }
      box.dataset.a11y = "1";
      box.tabIndex = 0;
      box.setAttribute("role", "button");
      box.setAttribute("aria-label", box.innerText.trim());
      box.addEventListener("keydown", function (event) {
        if (event.key === "Enter" || event.key === " ") {
          event.preventDefault();
          var input = box.querySelector("input[type=file]");
          if (input) { input.click(); }
        }
      });
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
