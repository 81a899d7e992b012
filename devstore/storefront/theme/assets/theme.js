/*
 * The dev store theme's product form: when the shopper picks a variant it shows that variant's price, writes
 * ?variant= into the address (as Shopify themes do) and labels the button "Add to cart" or "Sold out". App
 * scripts (the Waitwell app embed) react to the same `change` event and may relabel the button afterwards.
 */
(function () {
  "use strict";
  var select = document.querySelector("[data-variant-select]");
  var data = document.querySelector("[data-product-variants]");
  if (!select || !data) return;
  var config = JSON.parse(data.textContent || "{}");
  var money = new Intl.NumberFormat("en-US", { style: "currency", currency: config.currency || "USD" });
  select.addEventListener("change", function () {
    var variant = config.variants[select.value];
    if (!variant) return;
    var price = document.querySelector("[data-price]");
    if (price) price.textContent = money.format(variant.price / 100);
    var url = new URL(window.location.href);
    url.searchParams.set("variant", select.value);
    window.history.replaceState({}, "", url);
    var button = select.form.querySelector('[type="submit"]');
    if (!button) return;
    button.disabled = !variant.available;
    var label = button.querySelector("span") || button;
    label.textContent = variant.available ? "Add to cart" : "Sold out";
  });
})();
