import { gid } from "../../model/ids.js";
import type { AddressRecord, CustomerRecord, OrderRecord } from "../../model/types.js";
import { orderTotals } from "../../rest/order.js";
import { listConnection } from "../connection.js";
import type { AdminContext } from "../context.js";
import { HasMetafields } from "./metafields.js";
import { OrderView } from "./order.js";
import { type Args, dateTime, moneyV2, connArgs } from "./scalars.js";

export function mailingAddress(a: AddressRecord | null) {
  if (!a) return null;
  const name = [a.firstName, a.lastName].filter(Boolean).join(" ") || null;
  return {
    __typename: "MailingAddress",
    id: gid("MailingAddress", a.id, { model_name: "Address" }),
    firstName: a.firstName,
    lastName: a.lastName,
    name,
    company: a.company,
    address1: a.address1,
    address2: a.address2,
    city: a.city,
    province: a.province,
    provinceCode: a.provinceCode,
    country: a.country,
    countryCodeV2: a.countryCode,
    zip: a.zip,
    phone: a.phone,
    latitude: null,
    longitude: null,
    coordinatesValidated: false,
    timeZone: null,
    formattedArea: [a.city, a.province, a.country].filter(Boolean).join(", "),
    formatted: (args: Args) =>
      [
        args.withName ? name : null,
        args.withCompany ? a.company : null,
        a.address1,
        a.address2,
        `${a.city} ${a.provinceCode} ${a.zip}`,
        a.country,
      ].filter((x): x is string => typeof x === "string" && x.length > 0),
  };
}

export class CustomerView extends HasMetafields {
  readonly __typename = "Customer";
  constructor(
    private readonly r: CustomerRecord,
    c: AdminContext,
  ) {
    super(c);
  }
  private get orderRecords(): OrderRecord[] {
    return (this.c.s.ordersByCustomer.get(this.r.id) ?? []).map((id) => this.c.s.orders.get(id)!);
  }
  get id() {
    return gid("Customer", this.r.id);
  }
  get legacyResourceId() {
    return String(this.r.id);
  }
  get firstName() {
    return this.r.firstName;
  }
  get lastName() {
    return this.r.lastName;
  }
  get displayName() {
    return [this.r.firstName, this.r.lastName].filter(Boolean).join(" ") || this.r.email;
  }
  get email() {
    return this.r.email;
  }
  get phone() {
    return this.r.phone;
  }
  get tags() {
    return this.r.tags;
  }
  get state() {
    return this.r.state;
  }
  get createdAt() {
    return dateTime(this.r.createdAt);
  }
  get updatedAt() {
    return dateTime(this.r.updatedAt);
  }
  readonly verifiedEmail = true;
  readonly taxExempt = false;
  readonly taxExemptions = [];
  readonly note = null;
  get locale() {
    return this.r.locale;
  }
  readonly multipassIdentifier = null;
  readonly dataSaleOptOut = false;
  get canDelete() {
    return this.orderRecords.length === 0;
  }
  get numberOfOrders() {
    return String(this.orderRecords.length);
  }
  get amountSpent() {
    const cents = this.orderRecords.reduce((n, o) => n + orderTotals(this.c.s, o).currentSubtotalCents, 0);
    return moneyV2(cents, this.c.s.shop.currency);
  }
  get lastOrder() {
    const last = this.orderRecords[this.orderRecords.length - 1];
    return last ? new OrderView(last, this.c) : null;
  }
  get defaultAddress() {
    return mailingAddress(this.r.defaultAddress);
  }
  addresses() {
    return this.r.defaultAddress ? [mailingAddress(this.r.defaultAddress)] : [];
  }
  orders(args: Args) {
    return listConnection(this.orderRecords, connArgs(args), (o) => new OrderView(o, this.c));
  }
}
