/*
 * Waitwell storefront script (theme app extension). Switches the product block's badge / ETA / capacity /
 * substitutes and the app embed's add-to-cart label + "Shipping" line item property when the shopper picks another
 * variant. Everything it shows was rendered by Liquid into JSON on the page: it never calls fetch or XHR.
 * Variant sources, freshest first: a `variant:change` event's detail, the product form's `[name=id]`, `?variant=`,
 * then the variant Liquid rendered as selected.
 */
(function () {
  "use strict";
  if (window.Waitwell) return;
  var FORM = 'form[action*="/cart/add"]';
  var PROPERTY = "properties[Shipping]";

  function parse(el) {
    if (!el) return null;
    try {
      return JSON.parse(el.textContent || "");
    } catch (e) {
      return null;
    }
  }

  function idFromForm() {
    var forms = document.querySelectorAll(FORM);
    for (var i = 0; i < forms.length; i++) {
      var inputs = forms[i].querySelectorAll('[name="id"]');
      for (var j = 0; j < inputs.length; j++) {
        var input = inputs[j];
        if (input.type === "radio" && !input.checked) continue;
        if (input.value) return String(input.value);
      }
    }
    return null;
  }

  function idFromUrl() {
    var match = /[?&]variant=(\d+)/.exec(window.location.search);
    return match ? match[1] : null;
  }

  function currentId(explicit, fallback) {
    return (explicit && String(explicit)) || idFromForm() || idFromUrl() || fallback || null;
  }

  function show(el, text) {
    if (!el) return;
    el.textContent = text || "";
    if (text) el.removeAttribute("hidden");
    else el.setAttribute("hidden", "");
  }

  function updateBlock(root, explicit) {
    var data = parse(root.querySelector("[data-waitwell-variants]")) || {};
    var id = currentId(explicit, root.getAttribute("data-selected-variant"));
    var entry = (id && data[id]) || { state: "none", badge: "", eta: "", capacity: "" };
    root.setAttribute("data-state", entry.state);
    show(root.querySelector("[data-waitwell-badge]"), entry.badge);
    show(root.querySelector("[data-waitwell-eta]"), entry.eta);
    show(root.querySelector("[data-waitwell-capacity]"), entry.capacity);
    var lists = root.querySelectorAll("[data-waitwell-substitutes]");
    for (var i = 0; i < lists.length; i++) {
      if (lists[i].getAttribute("data-waitwell-substitutes") === id) lists[i].removeAttribute("hidden");
      else lists[i].setAttribute("hidden", "");
    }
  }

  function labelTarget(button) {
    var span = button.querySelector("span");
    return span || button;
  }

  function updateForm(form, config, entry) {
    var button = form.querySelector('[type="submit"]');
    var backorder = entry && entry.state === "backorder";
    if (button) {
      var target = labelTarget(button);
      if (backorder) {
        if (!button.hasAttribute("data-waitwell-original")) {
          button.setAttribute("data-waitwell-original", target.textContent);
        }
        target.textContent = config.button;
      } else if (button.hasAttribute("data-waitwell-original")) {
        target.textContent = button.getAttribute("data-waitwell-original");
        button.removeAttribute("data-waitwell-original");
      }
    }
    var line = form.querySelector("[data-waitwell-property]");
    if (backorder && config.property && entry.eta) {
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
        if (button && button.parentNode && form.contains(button))
          button.parentNode.insertBefore(line, button);
        else form.appendChild(line);
      }
      line.querySelector("input").value = entry.eta;
    } else if (line) {
      line.parentNode.removeChild(line);
    }
  }

  function updateEmbed(script, explicit) {
    var config = parse(script);
    if (!config) return;
    var id = currentId(explicit, script.getAttribute("data-selected-variant"));
    var entry = id ? config.variants[id] : null;
    var forms = document.querySelectorAll(FORM);
    for (var i = 0; i < forms.length; i++) {
      if (forms[i].querySelector('[name="id"]')) updateForm(forms[i], config, entry);
    }
  }

  function update(explicit) {
    var blocks = document.querySelectorAll("[data-waitwell-block]");
    for (var i = 0; i < blocks.length; i++) updateBlock(blocks[i], explicit);
    var embeds = document.querySelectorAll("script[data-waitwell-embed]");
    for (var j = 0; j < embeds.length; j++) updateEmbed(embeds[j], explicit);
  }

  document.addEventListener("change", function (event) {
    var target = event.target;
    if (target && target.name === "id" && target.closest && target.closest(FORM)) {
      update(target.value);
    } else {
      // Variant pickers often write the hidden [name=id] after their own change handler: read it afterwards.
      setTimeout(function () {
        update();
      }, 0);
    }
  });
  document.addEventListener("variant:change", function (event) {
    var detail = event.detail || {};
    var id = (detail.variant && detail.variant.id) || detail.variantId || detail.id;
    update(id);
  });
  window.addEventListener("popstate", function () {
    update(idFromUrl());
  });

  window.Waitwell = { update: update };
  if (document.readyState === "loading")
    document.addEventListener("DOMContentLoaded", function () {
      update();
    });
  else update();
})();
