/*
 * Waitwell storefront script (theme app extension). Switches the product block's badge / ETA / capacity /
 * substitutes and the app embed's add-to-cart label + "Shipping" line item property when the shopper picks another
 * variant. Everything it shows was rendered by Liquid into JSON on the page: it never calls fetch or XHR.
 *
 * Themes announce a variant change in different ways, so every source is read and the first id that belongs to this
 * product wins (a quick-add form for another product on the same page is ignored): a `variant:change` (Dawn-era
 * themes) or `variant:update` (Horizon) event's detail, the product form's `[name=id]`, `?variant=`, then the variant
 * Liquid rendered as selected. Themes that re-render the form or the button after their own change handler (Dawn
 * re-renders from the section API) are caught by a MutationObserver: every write below is skipped when the value is
 * already right, so the observer settles after one pass.
 */
(function () {
  "use strict";
  if (window.Waitwell) return;
  var FORM = 'form[action*="/cart/add"]';
  var PROPERTY = "properties[Shipping]";
  // The id an event or a change of [name=id] announced; dropped when a form's id changes without one.
  var explicitId = null;
  var lastFormIds = "";

  function parse(el) {
    if (!el) return null;
    var text = el.textContent || "";
    if (el.waitwellText !== text) {
      el.waitwellText = text;
      try {
        el.waitwellData = JSON.parse(text);
      } catch (e) {
        el.waitwellData = null;
      }
    }
    return el.waitwellData;
  }

  function formId(form) {
    var inputs = form.querySelectorAll('[name="id"]');
    for (var i = 0; i < inputs.length; i++) {
      var input = inputs[i];
      if (input.type === "radio" && !input.checked) continue;
      if (input.value) return String(input.value);
    }
    return null;
  }

  function formIds() {
    var forms = document.querySelectorAll(FORM);
    var ids = [];
    for (var i = 0; i < forms.length; i++) ids.push(formId(forms[i]));
    return ids;
  }

  function idFromUrl() {
    var match = /[?&]variant=(\d+)/.exec(window.location.search);
    return match ? match[1] : null;
  }

  /** The freshest id that is one of `variants`' keys. */
  function pick(variants, fallback) {
    var ids = [explicitId].concat(formIds(), [idFromUrl(), fallback]);
    for (var j = 0; j < ids.length; j++) {
      if (ids[j] && Object.prototype.hasOwnProperty.call(variants, ids[j])) return ids[j];
    }
    return null;
  }

  function setText(el, text) {
    if (el.textContent !== text) el.textContent = text;
  }

  function setHidden(el, hidden) {
    if (hidden && !el.hasAttribute("hidden")) el.setAttribute("hidden", "");
    if (!hidden && el.hasAttribute("hidden")) el.removeAttribute("hidden");
  }

  function show(el, text) {
    if (!el) return;
    setText(el, text || "");
    setHidden(el, !text);
  }

  function setAttr(el, name, value) {
    if (el.getAttribute(name) !== value) el.setAttribute(name, value);
  }

  function updateBlock(root) {
    var data = parse(root.querySelector("[data-waitwell-variants]")) || {};
    var id = pick(data, root.getAttribute("data-selected-variant"));
    var entry = (id && data[id]) || { state: "none", badge: "", eta: "", capacity: "" };
    setAttr(root, "data-state", entry.state);
    show(root.querySelector("[data-waitwell-badge]"), entry.badge);
    show(root.querySelector("[data-waitwell-eta]"), entry.eta);
    show(root.querySelector("[data-waitwell-capacity]"), entry.capacity);
    var lists = root.querySelectorAll("[data-waitwell-substitutes]");
    for (var i = 0; i < lists.length; i++) {
      setHidden(lists[i], lists[i].getAttribute("data-waitwell-substitutes") !== id);
    }
  }

  function labelTarget(button) {
    return button.querySelector("span") || button;
  }

  function updateButton(button, label, backorder) {
    var target = labelTarget(button);
    var ours = button.hasAttribute("data-waitwell-original");
    if (backorder) {
      // Remember the theme's own text, unless the theme has not touched our label since we set it.
      if (!ours || target.textContent !== label)
        button.setAttribute("data-waitwell-original", target.textContent);
      setText(target, label);
    } else if (ours) {
      // Restore only our own change: if the theme has relabelled the button since ("Sold out"), its text stands.
      if (target.textContent === label) setText(target, button.getAttribute("data-waitwell-original"));
      button.removeAttribute("data-waitwell-original");
    }
  }

  function updateProperty(form, button, config, entry, backorder) {
    var line = form.querySelector("[data-waitwell-property]");
    if (!(backorder && config.property && entry.eta)) {
      if (line) line.parentNode.removeChild(line);
      return;
    }
    if (!line) {
      line = document.createElement("p");
      line.className = "waitwell-property";
      line.setAttribute("data-waitwell-property", "");
      var label = document.createElement("label");
      label.textContent = (config.label || "Shipping") + " ";
      var input = document.createElement("input");
      input.type = "text";
      input.name = PROPERTY;
      input.readOnly = true;
      label.appendChild(input);
      line.appendChild(label);
      if (button && button.parentNode && form.contains(button)) button.parentNode.insertBefore(line, button);
      else form.appendChild(line);
    }
    var field = line.querySelector("input");
    if (field.value !== entry.eta) field.value = entry.eta;
  }

  function updateEmbed(script) {
    var config = parse(script);
    if (!config || !config.variants) return;
    var forms = document.querySelectorAll(FORM);
    for (var i = 0; i < forms.length; i++) {
      var own = formId(forms[i]);
      // Only this product's forms: a quick-add for another product keeps its own button and properties.
      if (!own || !Object.prototype.hasOwnProperty.call(config.variants, own)) continue;
      var entry = config.variants[explicitId && config.variants[explicitId] ? explicitId : own];
      var backorder = entry.state === "backorder";
      var button = forms[i].querySelector('[type="submit"]');
      if (button) updateButton(button, config.button, backorder);
      updateProperty(forms[i], button, config, entry, backorder);
    }
  }

  var observer = null;
  function update(id) {
    var seen = formIds().join(",");
    if (id !== undefined && id !== null && id !== "") explicitId = String(id);
    else if (seen !== lastFormIds) explicitId = null;
    lastFormIds = seen;
    var blocks = document.querySelectorAll("[data-waitwell-block]");
    for (var i = 0; i < blocks.length; i++) updateBlock(blocks[i]);
    var embeds = document.querySelectorAll("script[data-waitwell-embed]");
    for (var j = 0; j < embeds.length; j++) updateEmbed(embeds[j]);
    // Our own writes are not a reason to run again.
    if (observer) observer.takeRecords();
  }

  var scheduled = false;
  function later() {
    if (scheduled) return;
    scheduled = true;
    setTimeout(function () {
      scheduled = false;
      update();
    }, 0);
  }

  document.addEventListener("change", function (event) {
    var target = event.target;
    if (target && target.name === "id" && target.closest && target.closest(FORM)) update(target.value);
    // Variant pickers often write the hidden [name=id] after their own change handler: read it again afterwards.
    later();
  });
  function fromEvent(event) {
    var detail = event.detail || {};
    var variant = detail.variant || detail.resource || {};
    update(variant.id || detail.variantId || detail.id);
  }
  document.addEventListener("variant:change", fromEvent);
  document.addEventListener("variant:update", fromEvent);
  window.addEventListener("popstate", function () {
    explicitId = null;
    update(idFromUrl());
  });
  if (window.MutationObserver) {
    observer = new MutationObserver(later);
    observer.observe(document.documentElement, { childList: true, subtree: true, characterData: true });
  }

  window.Waitwell = { update: update };
  if (document.readyState === "loading")
    document.addEventListener("DOMContentLoaded", function () {
      update();
    });
  else update();
})();
