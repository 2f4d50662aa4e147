// Products: a searchable list, one product with its barcodes drawn as images and its
// stock, and a form to create or change one.
import { useEffect, useState, type FormEvent } from "react";
import { Link, useNavigate, useParams, useSearchParams } from "react-router-dom";
import { api, ApiError, withQuery } from "../api";
import { isManager, useSession } from "../session";
import { ErrorBanner, Field, formatMoney, formatTime, Select, useResource } from "../ui";
import {
  Checkbox,
  EmptyRow,
  FormErrors,
  humanize,
  LoadMore,
  majorUnits,
  minorUnits,
  Notice,
  numberOrText,
  usePaged,
  useTitle,
} from "./common";

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
  const [params, setParams] = useSearchParams();
  const applied = Object.fromEntries(LIST_KEYS.map((k) => [k, params.get(k) ?? ""])) as Record<(typeof LIST_KEYS)[number], string>;
  const key = params.toString();
  const [draft, setDraft] = useState(applied);
  useEffect(() => setDraft(applied), [key]); // eslint-disable-line react-hooks/exhaustive-deps
  const list = usePaged<Product>(withQuery("/api/v1/products", { ...applied, limit: 50 }));

  // A link by SKU (from an order line) opens the product itself.
  useEffect(() => {
    if (applied.sku && !applied.q && !applied.barcode && !list.loading && list.items.length === 1) {
      navigate(`/console/products/${list.items[0].id}`, { replace: true });
    }
  }, [applied.sku, applied.q, applied.barcode, list.loading, list.items, navigate]);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const next = new URLSearchParams();
    for (const k of LIST_KEYS) if (draft[k].trim()) next.set(k, draft[k].trim());
    setParams(next);
  };
  const filtered = LIST_KEYS.some((k) => applied[k]);

  return (
    <main className="page page-wide" id="main">
      <div className="page-head">
        <h1>Products</h1>
        {isManager(me?.role) && (
          <Link className="button primary" to="/console/products/new">
            New product
          </Link>
        )}
      </div>
      <form className="filters" onSubmit={submit} role="search" aria-label="Find products">
        <Field
          label="Search name or SKU"
          name="q"
          type="search"
          value={draft.q}
          onChange={(e) => setDraft((d) => ({ ...d, q: e.target.value }))}
          error={list.error}
        />
        <Field label="Exact SKU" name="sku" value={draft.sku} onChange={(e) => setDraft((d) => ({ ...d, sku: e.target.value }))} error={list.error} />
        <Field
          label="Barcode"
          name="barcode"
          value={draft.barcode}
          onChange={(e) => setDraft((d) => ({ ...d, barcode: e.target.value }))}
          error={list.error}
        />
        <Checkbox
          label="Include retired products"
          checked={draft.include_inactive === "true"}
          onChange={(checked) => setDraft((d) => ({ ...d, include_inactive: checked ? "true" : "" }))}
        />
        <div className="filter-actions">
          <button type="submit" className="primary">
            Search
          </button>
          {filtered && (
            <Link className="button" to="/console/products">
              Clear
            </Link>
          )}
        </div>
      </form>
      <FormErrors error={list.error} fields={[...LIST_KEYS]} />
      <table aria-busy={list.loading}>
        <caption className="visually-hidden">Products</caption>
        <thead>
          <tr>
            <th scope="col">SKU</th>
            <th scope="col">Name</th>
            <th scope="col">Barcode</th>
            <th scope="col" className="number">
              Price
            </th>
            <th scope="col" className="number">
              Weight (g)
            </th>
            <th scope="col">Storage</th>
            <th scope="col">Flags</th>
          </tr>
        </thead>
        <tbody>
          {list.items.length === 0 ? (
            <EmptyRow columns={7} loading={list.loading}>
              {filtered ? "No products match." : "No products yet."}
            </EmptyRow>
          ) : (
            list.items.map((p) => (
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
            ))
          )}
        </tbody>
      </table>
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

type Levels = { items: Array<{ warehouse: string; on_hand: number; reserved: number; available: number }> };

export function ProductDetail() {
  const { id } = useParams();
  const { me } = useSession();
  const product = useResource<Product>(`/api/v1/products/${encodeURIComponent(id ?? "")}`);
  const p = product.data;
  const stock = useResource<Levels>(p ? withQuery("/api/v1/inventory", { sku: p.sku }) : null);
  const [error, setError] = useState<unknown>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [confirming, setConfirming] = useState(false);
  useTitle(p ? `${p.sku} ${p.name}` : "Product");

  const retire = async () => {
    setError(null);
    try {
      await api(`/api/v1/products/${p!.id}`, { method: "DELETE" });
      setNotice(`${p!.sku} is retired: it stays in history but cannot be ordered.`);
      setConfirming(false);
      product.reload();
    } catch (e) {
      setError(e);
    }
  };

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
                {p.active &&
                  (confirming ? (
                    <>
                      <button type="button" className="danger" onClick={retire}>
                        Yes, retire {p.sku}
                      </button>
                      <button type="button" onClick={() => setConfirming(false)}>
                        Keep it
                      </button>
                    </>
                  ) : (
                    <button type="button" onClick={() => setConfirming(true)}>
                      Retire…
                    </button>
                  ))}
              </div>
            )}
          </div>
          <Notice text={notice} />
          <ErrorBanner error={error} />
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
              <table>
                <thead>
                  <tr>
                    <th scope="col">Warehouse</th>
                    <th scope="col" className="number">
                      On hand
                    </th>
                    <th scope="col" className="number">
                      Reserved
                    </th>
                    <th scope="col" className="number">
                      Available
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {(stock.data?.items ?? []).length === 0 ? (
                    <EmptyRow columns={4} loading={stock.loading && !stock.data}>
                      No stock.
                    </EmptyRow>
                  ) : (
                    stock.data!.items.map((l) => (
                      <tr key={l.warehouse}>
                        <td>{l.warehouse}</td>
                        <td className="number">{l.on_hand}</td>
                        <td className="number">{l.reserved}</td>
                        <td className="number">{l.available}</td>
                      </tr>
                    ))
                  )}
                </tbody>
              </table>
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
              <table>
                <thead>
                  <tr>
                    <th scope="col">Name</th>
                    <th scope="col">GTIN</th>
                    <th scope="col" className="number">
                      Units
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {p.packagings.map((pack) => (
                    <tr key={pack.gtin}>
                      <td>{pack.name}</td>
                      <td>
                        <code>{pack.gtin}</code>
                      </td>
                      <td className="number">{pack.quantity}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
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

export function ProductEdit() {
  const { id } = useParams();
  const navigate = useNavigate();
  const editing = id !== undefined;
  const existing = useResource<Product>(editing ? `/api/v1/products/${encodeURIComponent(id)}` : null);
  const [values, setValues] = useState({
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
  });
  const [checks, setChecks] = useState({ lot_tracked: false, expiry_tracked: false, fragile: false });
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
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
    });
    setChecks({ lot_tracked: p.lot_tracked, expiry_tracked: p.expiry_tracked, fragile: p.fragile });
  }, [p]);

  const set = (key: keyof typeof values) => (value: string) => setValues((v) => ({ ...v, [key]: value }));
  const shown = collapseFields(error, ["barcodes"]);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
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
      ...checks,
    };
    try {
      const saved = editing
        ? await api<Product>(`/api/v1/products/${p!.id}`, { method: "PUT", body })
        : await api<Product>("/api/v1/products", { body });
      navigate(`/console/products/${saved.id}`);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

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
              error={shown}
              fields={["sku", "name", "barcodes", "price", "unit_cost", "currency", "weight_g", "dims_mm", "hs_code", "country_of_origin", "storage_class"]}
            />
          </div>
          <Field label="SKU" name="sku" value={values.sku} onChange={(e) => set("sku")(e.target.value)} error={shown} required />
          <Field label="Name" name="name" value={values.name} onChange={(e) => set("name")(e.target.value)} error={shown} required />
          <Field
            label="Barcodes"
            name="barcodes"
            value={values.barcodes}
            onChange={(e) => set("barcodes")(e.target.value)}
            error={shown}
            hint="GTIN/EAN/UPC codes, separated by spaces"
          />
          <Field label="Currency" name="currency" value={values.currency} onChange={(e) => set("currency")(e.target.value)} error={shown} required />
          <Field label="Price" name="price" inputMode="decimal" value={values.price} onChange={(e) => set("price")(e.target.value)} error={shown} hint="For example 12.99" />
          <Field label="Unit cost" name="unit_cost" inputMode="decimal" value={values.unit_cost} onChange={(e) => set("unit_cost")(e.target.value)} error={shown} />
          <Field label="Weight (g)" name="weight_g" inputMode="numeric" value={values.weight_g} onChange={(e) => set("weight_g")(e.target.value)} error={shown} />
          <Field label="Length (mm)" name="dims_mm/length" inputMode="numeric" value={values.length} onChange={(e) => set("length")(e.target.value)} error={shown} />
          <Field label="Width (mm)" name="dims_mm/width" inputMode="numeric" value={values.width} onChange={(e) => set("width")(e.target.value)} error={shown} />
          <Field label="Height (mm)" name="dims_mm/height" inputMode="numeric" value={values.height} onChange={(e) => set("height")(e.target.value)} error={shown} />
          <Field label="HS code" name="hs_code" value={values.hs_code} onChange={(e) => set("hs_code")(e.target.value)} error={shown} />
          <Field
            label="Country of origin"
            name="country_of_origin"
            value={values.country_of_origin}
            onChange={(e) => set("country_of_origin")(e.target.value)}
            error={shown}
            hint="Two letters, such as PT"
          />
          <Select
            label="Storage class"
            name="storage_class"
            value={values.storage_class}
            onChange={set("storage_class")}
            options={(STORAGE_CLASSES.includes(values.storage_class) ? STORAGE_CLASSES : [values.storage_class, ...STORAGE_CLASSES]).map((s) => ({
              value: s,
              label: humanize(s),
            }))}
            error={shown}
          />
          <fieldset className="checks">
            <legend>Handling</legend>
            <Checkbox label="Fragile" checked={checks.fragile} onChange={(v) => setChecks((c) => ({ ...c, fragile: v }))} />
            <Checkbox label="Lot-tracked" checked={checks.lot_tracked} onChange={(v) => setChecks((c) => ({ ...c, lot_tracked: v }))} />
            <Checkbox label="Expiry-tracked" checked={checks.expiry_tracked} onChange={(v) => setChecks((c) => ({ ...c, expiry_tracked: v }))} />
          </fieldset>
          <div className="form-wide button-row">
            <button type="submit" className="primary" disabled={busy}>
              {busy ? "Saving…" : editing ? "Save product" : "Create product"}
            </button>
            <Link className="button" to={p ? `/console/products/${p.id}` : "/console/products"}>
              Cancel
            </Link>
          </div>
        </form>
      )}
    </main>
  );
}
