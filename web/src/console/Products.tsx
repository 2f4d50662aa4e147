// Products: a searchable list, one product with its barcodes drawn as images and its
// stock, and a form to create or change one.
import { useEffect, useState } from "react";
import { Link, useNavigate, useParams } from "react-router-dom";
import { api, ApiError, withQuery } from "../api";
import { Checkbox, ConfirmButton, Field, FilterBar, FormErrors, Notice, Select, SubmitRow, useForm, useQueryForm, useSubmit } from "../forms";
import { isManager, useSession } from "../session";
import { ErrorBanner, formatMoney, formatTime, humanize, useResource, useTitle } from "../ui";
import { LevelsTable, LoadMore, majorUnits, minorUnits, num, numberOrText, Table, usePaged, type Levels } from "./common";

export type Product = {
  id: number;
  sku: string;
  name: string;
  barcodes: string[];
  packagings: Array<{ name: string; gtin: string; quantity: number }>;
  weight_g: number;
  dims_mm: { length: number; width: number; height: number };
  unit_cost: number;
  price: number;
  currency: string;
  hs_code: string | null;
  country_of_origin: string | null;
  lot_tracked: boolean;
  expiry_tracked: boolean;
  fragile: boolean;
  storage_class: string;
  is_kit: boolean;
  components: Array<{ sku: string; quantity: number }>;
  active: boolean;
  created_at: string;
  updated_at: string;
};

const LIST_KEYS = ["q", "sku", "barcode", "include_inactive"] as const;

function flags(p: Product): string[] {
  const out: string[] = [];
  if (p.fragile) out.push("fragile");
  if (p.lot_tracked) out.push("lots");
  if (p.expiry_tracked) out.push("expiry");
  if (p.is_kit) out.push("kit");
  return out;
}

export function ProductsList() {
  useTitle("Products");
  const { me } = useSession();
  const navigate = useNavigate();
  const form = useQueryForm(LIST_KEYS);
  const { applied } = form;
  const list = usePaged<Product>(withQuery("/api/v1/products", { ...applied, limit: 50 }));

  // A link by SKU (from an order line) opens the product itself.
  useEffect(() => {
    if (applied.sku && !applied.q && !applied.barcode && !list.loading && list.items.length === 1) {
      navigate(`/console/products/${list.items[0].id}`, { replace: true });
    }
  }, [applied.sku, applied.q, applied.barcode, list.loading, list.items, navigate]);


  return (
    <main className="page page-wide" id="main">
      <div className="page-head">
        <h1>Products</h1>
        {isManager(me?.role) && (
          <div className="head-tools">
            <Link className="button" to="/console/imports">
              Import CSV
            </Link>
            <Link className="button primary" to="/console/products/new">
              New product
            </Link>
          </div>
        )}
      </div>
      <FilterBar
        label="Find products"
        onSubmit={form.submit}
        submit="Search"
        extra={
          form.filtered && (
            <Link className="button" to="/console/products">
              Clear
            </Link>
          )
        }
      >
        <Field label="Search name or SKU" type="search" {...form.field("q")} error={list.error} />
        <Field label="Exact SKU" {...form.field("sku")} error={list.error} />
        <Field label="Barcode" {...form.field("barcode")} error={list.error} />
        <Checkbox
          label="Include retired products"
          checked={form.draft.include_inactive === "true"}
          onChange={(checked) => form.set("include_inactive")(checked ? "true" : "")}
        />
      </FilterBar>
      <FormErrors error={list.error} fields={LIST_KEYS} />
      <Table
        caption="Products"
        busy={list.loading}
        source={list.shown}
        columns={["SKU", "Name", "Barcode", num("Price"), num("Weight (g)"), "Storage", "Flags"]}
        rows={list.items}
        loading={list.loading}
        empty={form.filtered ? "No products match." : "No products yet."}
        row={(p) => (
          <tr key={p.id}>
            <td>
              <Link to={`/console/products/${p.id}`}>{p.sku}</Link>
            </td>
            <td>
              {p.name}
              {!p.active && <span className="badge badge-neutral">Retired</span>}
            </td>
            <td>
              <code>{p.barcodes[0] ?? "—"}</code>
              {p.barcodes.length > 1 && <span className="muted small"> +{p.barcodes.length - 1}</span>}
            </td>
            <td className="number">{formatMoney(p.price, p.currency)}</td>
            <td className="number">{p.weight_g}</td>
            <td>{humanize(p.storage_class)}</td>
            <td>{flags(p).join(", ") || "—"}</td>
          </tr>
        )}
      />
      <LoadMore list={list} noun="products" />
    </main>
  );
}

// A barcode drawn by the server; when it cannot be drawn the code is still there as text.
export function BarcodeImage({ data, symbology, label }: { data: string; symbology: "code128" | "gs1_128" | "qr"; label: string }) {
  const [failed, setFailed] = useState(false);
  const src = withQuery("/api/v1/barcodes/image", { data, symbology });
  return (
    <figure className="barcode">
      {failed ? (
        <div className="barcode-missing">No image</div>
      ) : (
        <img src={src} alt={`${label}: ${data}`} onError={() => setFailed(true)} loading="lazy" />
      )}
      <figcaption>
        <code>{data}</code> <span className="muted small">{label}</span>
      </figcaption>
    </figure>
  );
}

export function ProductDetail() {
  const { id } = useParams();
  const { me } = useSession();
  const product = useResource<Product>(`/api/v1/products/${encodeURIComponent(id ?? "")}`);
  const p = product.data;
  const stock = useResource<Levels>(p ? withQuery("/api/v1/inventory", { sku: p.sku }) : null);
  const retiring = useSubmit();
  const [notice, setNotice] = useState<string | null>(null);
  useTitle(p ? `${p.sku} ${p.name}` : "Product");

  const retire = (retired: Product) =>
    retiring.run(async () => {
      await api(`/api/v1/products/${retired.id}`, { method: "DELETE" });
      setNotice(`${retired.sku} is retired: it stays in history but cannot be ordered.`);
      product.reload();
    });

  return (
    <main className="page page-wide" id="main">
      <p className="breadcrumbs">
        <Link to="/console/products">Products</Link> /
      </p>
      <ErrorBanner error={product.error} />
      {!p && product.loading && <p className="loading">Loading…</p>}
      {p && (
        <>
          <div className="page-head">
            <h1>
              {p.name} <span className="muted">{p.sku}</span> {!p.active && <span className="badge badge-neutral">Retired</span>}
            </h1>
            {isManager(me?.role) && (
              <div className="button-row">
                <Link className="button" to={`/console/products/${p.id}/edit`}>
                  Edit
                </Link>
                {p.active && <ConfirmButton text="Retire…" confirm={`Yes, retire ${p.sku}`} keep="Keep it" onConfirm={() => retire(p)} />}
              </div>
            )}
          </div>
          <Notice text={notice} />
          <ErrorBanner error={retiring.error} />
          <div className="cards">
            <section className="card" aria-labelledby="product-facts">
              <h2 id="product-facts">Details</h2>
              <dl className="facts">
                <dt>Price</dt>
                <dd>{formatMoney(p.price, p.currency)}</dd>
                <dt>Unit cost</dt>
                <dd>{formatMoney(p.unit_cost, p.currency)}</dd>
                <dt>Weight</dt>
                <dd>{p.weight_g} g</dd>
                <dt>Size</dt>
                <dd>
                  {p.dims_mm.length} × {p.dims_mm.width} × {p.dims_mm.height} mm
                </dd>
                <dt>Storage class</dt>
                <dd>{humanize(p.storage_class)}</dd>
                <dt>Tracking</dt>
                <dd>{[p.lot_tracked && "lots", p.expiry_tracked && "expiry dates"].filter(Boolean).join(" and ") || "none"}</dd>
                <dt>Fragile</dt>
                <dd>{p.fragile ? "yes" : "no"}</dd>
                <dt>HS code</dt>
                <dd>{p.hs_code || "—"}</dd>
                <dt>Origin</dt>
                <dd>{p.country_of_origin || "—"}</dd>
                <dt>Updated</dt>
                <dd>{formatTime(p.updated_at)}</dd>
              </dl>
            </section>
            <section className="card" aria-labelledby="product-stock">
              <h2 id="product-stock">Stock</h2>
              <ErrorBanner error={stock.error} />
              <LevelsTable levels={stock.data} loading={stock.loading && !stock.data} empty="No stock." />
              <p>
                <Link to={withQuery("/console/inventory", { sku: p.sku })}>Bins and lots of {p.sku}</Link>
              </p>
            </section>
          </div>

          <h2>Barcodes</h2>
          <div className="barcodes">
            {p.barcodes.map((code) => (
              <BarcodeImage key={code} data={code} symbology="code128" label="Unit barcode" />
            ))}
            {p.packagings.map((pack) => (
              <BarcodeImage key={pack.gtin} data={`(01)${pack.gtin}`} symbology="gs1_128" label={`${pack.name} (${pack.quantity} units)`} />
            ))}
            <BarcodeImage data={p.sku} symbology="qr" label="SKU" />
          </div>

          {p.packagings.length > 0 && (
            <>
              <h2>Packagings</h2>
              <Table
                columns={["Name", "GTIN", num("Units")]}
                rows={p.packagings}
                row={(pack) => (
                  <tr key={pack.gtin}>
                    <td>{pack.name}</td>
                    <td>
                      <code>{pack.gtin}</code>
                    </td>
                    <td className="number">{pack.quantity}</td>
                  </tr>
                )}
              />
            </>
          )}
          {p.is_kit && (
            <>
              <h2>Kit components</h2>
              <ul>
                {p.components.map((c) => (
                  <li key={c.sku}>
                    {c.quantity} × <Link to={`/console/products?sku=${encodeURIComponent(c.sku)}`}>{c.sku}</Link>
                  </li>
                ))}
              </ul>
            </>
          )}
        </>
      )}
    </main>
  );
}

// "barcodes/2" → "barcodes": the server names list items, the form has one input.
function collapseFields(error: unknown, prefixes: string[]): unknown {
  if (!(error instanceof ApiError) || !error.problem.errors) return error;
  return new ApiError({
    ...error.problem,
    errors: error.problem.errors.map((e) => {
      const prefix = prefixes.find((p) => e.field.startsWith(p + "/"));
      return prefix ? { field: prefix, reason: `${e.field.slice(prefix.length + 1)}: ${e.reason}` } : e;
    }),
  });
}

const STORAGE_CLASSES = ["standard", "bulky", "cold", "hazardous", "high_value"];

const EMPTY_PRODUCT = {
  sku: "",
  name: "",
  barcodes: "",
  price: "",
  unit_cost: "",
  currency: "EUR",
  weight_g: "",
  length: "",
  width: "",
  height: "",
  hs_code: "",
  country_of_origin: "",
  storage_class: "standard",
  lot_tracked: false,
  expiry_tracked: false,
  fragile: false,
};

export function ProductEdit() {
  const { id } = useParams();
  const navigate = useNavigate();
  const editing = id !== undefined;
  const existing = useResource<Product>(editing ? `/api/v1/products/${encodeURIComponent(id)}` : null);
  const form = useForm(EMPTY_PRODUCT, (error) => collapseFields(error, ["barcodes"]));
  const { values, setValues } = form;
  useTitle(editing ? "Edit product" : "New product");

  const p = existing.data;
  useEffect(() => {
    if (!p) return;
    setValues({
      sku: p.sku,
      name: p.name,
      barcodes: p.barcodes.join(" "),
      price: majorUnits(p.price),
      unit_cost: majorUnits(p.unit_cost),
      currency: p.currency,
      weight_g: String(p.weight_g),
      length: String(p.dims_mm.length),
      width: String(p.dims_mm.width),
      height: String(p.dims_mm.height),
      hs_code: p.hs_code ?? "",
      country_of_origin: p.country_of_origin ?? "",
      storage_class: p.storage_class,
      lot_tracked: p.lot_tracked,
      expiry_tracked: p.expiry_tracked,
      fragile: p.fragile,
    });
  }, [p, setValues]);

  const submit = form.onSubmit(async (values) => {
    const body = {
      sku: values.sku.trim(),
      name: values.name.trim(),
      barcodes: values.barcodes.split(/[\s,]+/).filter(Boolean),
      // A PUT replaces the product: keep what this form does not edit.
      packagings: p?.packagings ?? [],
      components: p?.components.map((c) => ({ sku: c.sku, quantity: c.quantity })) ?? [],
      price: minorUnits(values.price),
      unit_cost: minorUnits(values.unit_cost),
      currency: values.currency.trim(),
      weight_g: numberOrText(values.weight_g),
      dims_mm: {
        length: numberOrText(values.length),
        width: numberOrText(values.width),
        height: numberOrText(values.height),
      },
      hs_code: values.hs_code.trim() || undefined,
      country_of_origin: values.country_of_origin.trim() || undefined,
      storage_class: values.storage_class,
      lot_tracked: values.lot_tracked,
      expiry_tracked: values.expiry_tracked,
      fragile: values.fragile,
    };
    const saved = editing
      ? await api<Product>(`/api/v1/products/${p!.id}`, { method: "PUT", body })
      : await api<Product>("/api/v1/products", { body });
    navigate(`/console/products/${saved.id}`);
  });

  return (
    <main className="page" id="main">
      <p className="breadcrumbs">
        <Link to="/console/products">Products</Link> /{" "}
        {p && (
          <>
            <Link to={`/console/products/${p.id}`}>{p.sku}</Link> /
          </>
        )}
      </p>
      <h1>{editing ? `Edit ${p?.sku ?? "product"}` : "New product"}</h1>
      <ErrorBanner error={existing.error} />
      {(!editing || p) && (
        <form className="form-grid" onSubmit={submit} noValidate aria-label={editing ? "Edit product" : "New product"}>
          <div className="form-wide">
            <FormErrors
              error={form.error}
              fields={["sku", "name", "barcodes", "price", "unit_cost", "currency", "weight_g", "dims_mm", "hs_code", "country_of_origin", "storage_class"]}
            />
          </div>
          <Field label="SKU" required {...form.field("sku")} />
          <Field label="Name" required {...form.field("name")} />
          <Field label="Barcodes" hint="GTIN/EAN/UPC codes, separated by spaces" {...form.field("barcodes")} />
          <Field label="Currency" required {...form.field("currency")} />
          <Field label="Price" inputMode="decimal" hint="For example 12.99" {...form.field("price")} />
          <Field label="Unit cost" inputMode="decimal" {...form.field("unit_cost")} />
          <Field label="Weight (g)" inputMode="numeric" {...form.field("weight_g")} />
          <Field label="Length (mm)" inputMode="numeric" {...form.field("length", "dims_mm/length")} />
          <Field label="Width (mm)" inputMode="numeric" {...form.field("width", "dims_mm/width")} />
          <Field label="Height (mm)" inputMode="numeric" {...form.field("height", "dims_mm/height")} />
          <Field label="HS code" {...form.field("hs_code")} />
          <Field label="Country of origin" hint="Two letters, such as PT" {...form.field("country_of_origin")} />
          <Select
            label="Storage class"
            options={(STORAGE_CLASSES.includes(values.storage_class) ? STORAGE_CLASSES : [values.storage_class, ...STORAGE_CLASSES]).map((s) => ({
              value: s,
              label: humanize(s),
            }))}
            {...form.select("storage_class")}
          />
          <fieldset className="checks">
            <legend>Handling</legend>
            <Checkbox label="Fragile" {...form.check("fragile")} />
            <Checkbox label="Lot-tracked" {...form.check("lot_tracked")} />
            <Checkbox label="Expiry-tracked" {...form.check("expiry_tracked")} />
          </fieldset>
          <SubmitRow wide text={editing ? "Save product" : "Create product"} busyText="Saving…" busy={form.busy}>
            <Link className="button" to={p ? `/console/products/${p.id}` : "/console/products"}>
              Cancel
            </Link>
          </SubmitRow>
        </form>
      )}
    </main>
  );
}
