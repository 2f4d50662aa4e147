// An order entered by hand (a phone or counter sale): the customer, where it ships, and its
// lines by SKU or barcode. It is taken in, routed and allocated like any other order.
import { useState } from "react";
import { Link, useNavigate } from "react-router-dom";
import { api } from "../api";
import { Field, FormErrors, Select, SubmitRow, useForm } from "../forms";
import { useSession } from "../session";
import { humanize, useTitle } from "../ui";
import { canTakeOrders, minorUnits, numberOrText } from "./common";

const SERVICE_LEVELS = ["standard", "express", "overnight", "economy", "freight"];
const MAX_LINES = 500;

type Line = { sku: string; quantity: string; unit_price: string };
const EMPTY_LINE: Line = { sku: "", quantity: "1", unit_price: "" };

// One key per order being entered: a submit repeated after a lost answer takes it in once.
function newKey(): string {
  if (typeof crypto !== "undefined" && "randomUUID" in crypto) return crypto.randomUUID();
  return `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`;
}

export function NewOrder() {
  useTitle("New order");
  const { me } = useSession();
  const navigate = useNavigate();
  const [key] = useState(newKey);
  const [lines, setLines] = useState<Line[]>([{ ...EMPTY_LINE }]);
  const form = useForm({
    external_id: `MAN-${new Date().toISOString().slice(0, 10).replace(/-/g, "")}-${Math.floor(Math.random() * 9000 + 1000)}`,
    currency: "EUR",
    service_level: "standard",
    customer_name: "",
    customer_email: "",
    customer_phone: "",
    name: "",
    company: "",
    line1: "",
    line2: "",
    postal_code: "",
    city: "",
    region: "",
    country: "",
    phone: "",
    notes: "",
  });
  const setLine = (i: number, change: Partial<Line>) => setLines((list) => list.map((l, j) => (j === i ? { ...l, ...change } : l)));

  if (!canTakeOrders(me?.role)) {
    return (
      <main className="page" id="main">
        <h1>New order</h1>
        <p>Only admins, managers and support take orders. Your role is {me?.role}.</p>
      </main>
    );
  }

  const submit = form.onSubmit(async (v) => {
    const created = await api<{ id: number }>("/api/v1/orders", {
      headers: { "Idempotency-Key": key },
      body: {
        channel: "api",
        external_id: v.external_id.trim(),
        currency: v.currency.trim().toUpperCase(),
        service_level: v.service_level,
        notes: v.notes.trim(),
        customer: { name: v.customer_name.trim(), email: v.customer_email.trim(), phone: v.customer_phone.trim() },
        ship_to: {
          name: v.name.trim(),
          company: v.company.trim(),
          line1: v.line1.trim(),
          line2: v.line2.trim(),
          postal_code: v.postal_code.trim(),
          city: v.city.trim(),
          region: v.region.trim(),
          country: v.country.trim().toUpperCase(),
          phone: v.phone.trim(),
        },
        lines: lines.map((l) => ({
          sku: l.sku.trim(),
          quantity: numberOrText(l.quantity) ?? "",
          unit_price: minorUnits(l.unit_price) ?? 0,
        })),
      },
    });
    navigate(`/console/orders/${created.id}`);
  });

  return (
    <main className="page page-wide" id="main">
      <p className="breadcrumbs">
        <Link to="/console/orders">Orders</Link> /
      </p>
      <h1>New order</h1>
      <form className="form-grid" onSubmit={submit} noValidate aria-label="New order">
        <div className="form-wide">
          <FormErrors
            error={form.error}
            fields={["external_id", "currency", "service_level", "notes", "customer", "ship_to", "lines"]}
          />
        </div>
        <Field label="Order reference" required hint="Unique, such as a phone order number" {...form.field("external_id")} />
        <Field label="Currency" required {...form.field("currency")} />
        <Select label="Service level" options={SERVICE_LEVELS.map((l) => ({ value: l, label: humanize(l) }))} {...form.select("service_level")} />

        <h2 className="form-wide">Customer</h2>
        <Field label="Customer name" {...form.field("customer_name", "customer/name")} />
        <Field label="Customer email" type="email" {...form.field("customer_email", "customer/email")} />
        <Field label="Customer phone" type="tel" {...form.field("customer_phone", "customer/phone")} />

        <h2 className="form-wide">Ship to</h2>
        <Field label="Recipient" required {...form.field("name", "ship_to/name")} />
        <Field label="Company" {...form.field("company", "ship_to/company")} />
        <Field label="Street and number" required {...form.field("line1", "ship_to/line1")} />
        <Field label="Address line 2" {...form.field("line2", "ship_to/line2")} />
        <Field label="Postal code" {...form.field("postal_code", "ship_to/postal_code")} />
        <Field label="City" required {...form.field("city", "ship_to/city")} />
        <Field label="Region" {...form.field("region", "ship_to/region")} />
        <Field label="Country" required hint="Two letters, such as DE" {...form.field("country", "ship_to/country")} />
        <Field label="Recipient phone" type="tel" {...form.field("phone", "ship_to/phone")} />

        <fieldset className="checks form-wide">
          <legend>Lines</legend>
          {lines.map((l, i) => (
            <div className="line-row" key={i}>
              <Field
                label={`Line ${i + 1} SKU`}
                name={`lines/${i}/sku`}
                value={l.sku}
                error={form.error}
                onChange={(e) => setLine(i, { sku: e.target.value })}
              />
              <Field
                label={`Line ${i + 1} quantity`}
                name={`lines/${i}/quantity`}
                inputMode="numeric"
                value={l.quantity}
                error={form.error}
                onChange={(e) => setLine(i, { quantity: e.target.value })}
              />
              <Field
                label={`Line ${i + 1} unit price`}
                name={`lines/${i}/unit_price`}
                inputMode="decimal"
                value={l.unit_price}
                error={form.error}
                placeholder="0.00"
                onChange={(e) => setLine(i, { unit_price: e.target.value })}
              />
              <button
                type="button"
                className="small-button"
                aria-label={`Remove line ${i + 1}`}
                disabled={lines.length === 1}
                onClick={() => setLines((list) => list.filter((_, j) => j !== i))}
              >
                Remove
              </button>
            </div>
          ))}
          <button type="button" disabled={lines.length >= MAX_LINES} onClick={() => setLines((list) => [...list, { ...EMPTY_LINE }])}>
            Add a line
          </button>
        </fieldset>
        <div className="form-wide field">
          <label htmlFor="order-notes">Notes</label>
          <textarea id="order-notes" name="notes" rows={2} maxLength={4000} value={form.values.notes} onChange={(e) => form.set("notes")(e.target.value)} />
        </div>
        <SubmitRow wide text="Take the order" busyText="Taking it in…" busy={form.busy}>
          <Link className="button" to="/console/orders">
            Cancel
          </Link>
        </SubmitRow>
      </form>
    </main>
  );
}
