import type { ShopState } from "../model/shop-state.js";
import type { CustomerRecord } from "../model/types.js";
import { restTime } from "./format.js";

/** app/uninstalled: the REST Shop resource (Shopify's sample: https://shopify.dev/docs/api/webhooks/2026-07?reference=toml#list-of-topics-app/uninstalled). */
export function shopPayload(s: ShopState): Record<string, unknown> {
  const shop = s.shop;
  const primary = s.primaryLocation();
  const address = primary.address;
  const symbol = shop.currency === "USD" || shop.currency === "CAD" ? "$" : "";
  return {
    id: shop.id,
    name: shop.name,
    email: shop.email,
    domain: shop.domain,
    province: address?.province ?? "",
    country: address?.countryCode ?? "US",
    address1: address?.address1 ?? "",
    zip: address?.zip ?? "",
    city: address?.city ?? "",
    source: null,
    phone: address?.phone ?? "",
    latitude: null,
    longitude: null,
    primary_locale: "en",
    address2: address?.address2 ?? null,
    created_at: restTime(shop.createdAt, shop.ianaTimezone),
    updated_at: restTime(shop.updatedAt, shop.ianaTimezone),
    country_code: address?.countryCode ?? "US",
    country_name: address?.country ?? "United States",
    currency: shop.currency,
    customer_email: shop.email,
    timezone: `(GMT) ${shop.ianaTimezone}`,
    iana_timezone: shop.ianaTimezone,
    shop_owner: shop.name,
    money_format: `${symbol}{{amount}}`,
    money_with_currency_format: `${symbol}{{amount}} ${shop.currency}`,
    weight_unit: "lb",
    province_code: address?.provinceCode ?? "",
    taxes_included: false,
    auto_configure_tax_inclusivity: null,
    tax_shipping: null,
    county_taxes: true,
    plan_display_name: "Development",
    plan_name: "affiliate",
    has_discounts: s.discounts.size > 0,
    has_gift_cards: false,
    myshopify_domain: shop.domain,
    google_apps_domain: null,
    google_apps_login_enabled: null,
    money_in_emails_format: `${symbol}{{amount}}`,
    money_with_currency_in_emails_format: `${symbol}{{amount}} ${shop.currency}`,
    eligible_for_payments: true,
    requires_extra_payments_agreement: false,
    password_enabled: true,
    has_storefront: true,
    finances: true,
    primary_location_id: primary.id,
    checkout_api_supported: true,
    multi_location_enabled: true,
    setup_required: false,
    pre_launch_enabled: false,
    enabled_presentment_currencies: [shop.currency],
    marketing_sms_consent_enabled_at_checkout: false,
    transactional_sms_disabled: false,
  };
}

/** shop/redact, 48 hours after uninstall (https://shopify.dev/docs/apps/build/compliance/privacy-law-compliance). */
export function shopRedactPayload(s: ShopState): Record<string, unknown> {
  return { shop_id: s.shop.id, shop_domain: s.shop.domain };
}

function customerRef(c: CustomerRecord): Record<string, unknown> {
  return { id: c.id, email: c.email, phone: c.phone };
}

export function customersRedactPayload(
  s: ShopState,
  c: CustomerRecord,
  orderIds: number[],
): Record<string, unknown> {
  return {
    shop_id: s.shop.id,
    shop_domain: s.shop.domain,
    customer: customerRef(c),
    orders_to_redact: orderIds,
  };
}

export function customersDataRequestPayload(
  s: ShopState,
  c: CustomerRecord,
  orderIds: number[],
  dataRequestId: number,
): Record<string, unknown> {
  return {
    shop_id: s.shop.id,
    shop_domain: s.shop.domain,
    orders_requested: orderIds,
    customer: customerRef(c),
    data_request: { id: dataRequestId },
  };
}
