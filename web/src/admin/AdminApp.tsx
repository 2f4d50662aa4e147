// Admin: users and roles, API tokens, warehouses, bins, dock doors, label printers, box
// types, carriers, shipping rules, routing rules, fulfillment settings and the Shopify shops.
import { Link, Route, Routes } from "react-router-dom";
import { SubNav } from "../console/common";
import { TokensPage, UsersPage } from "./Users";
import { BinsPage, WarehousesPage } from "./Warehouses";
import { PrintersPage } from "./Printers";
import { CarriersPage, ShippingRulesPage } from "./Carriers";
import { DocksPage, FulfillmentSettingsPage } from "./Fulfillment";
import { BoxTypesPage, RoutingPage } from "./Settings";
import { ShopifyPage } from "./Shopify";
import "../console/console.css";

export default function AdminApp() {
  return (
    <main className="page page-wide" id="main">
      <h1 className="admin-title">Admin</h1>
      <SubNav
        label="Admin sections"
        links={[
          { to: "/admin", text: "Users", end: true },
          { to: "/admin/tokens", text: "API tokens" },
          { to: "/admin/warehouses", text: "Warehouses" },
          { to: "/admin/bins", text: "Bins" },
          { to: "/admin/docks", text: "Docks" },
          { to: "/admin/printers", text: "Printers" },
          { to: "/admin/box-types", text: "Box types" },
          { to: "/admin/carriers", text: "Carriers" },
          { to: "/admin/shipping-rules", text: "Shipping rules" },
          { to: "/admin/routing", text: "Routing" },
          { to: "/admin/fulfillment", text: "Fulfillment" },
          { to: "/admin/shopify", text: "Shopify" },
        ]}
      />
      <Routes>
        <Route index element={<UsersPage />} />
        <Route path="users" element={<UsersPage />} />
        <Route path="tokens" element={<TokensPage />} />
        <Route path="warehouses" element={<WarehousesPage />} />
        <Route path="bins" element={<BinsPage />} />
        <Route path="docks" element={<DocksPage />} />
        <Route path="printers" element={<PrintersPage />} />
        <Route path="box-types" element={<BoxTypesPage />} />
        <Route path="carriers" element={<CarriersPage />} />
        <Route path="shipping-rules" element={<ShippingRulesPage />} />
        <Route path="routing" element={<RoutingPage />} />
        <Route path="fulfillment" element={<FulfillmentSettingsPage />} />
        <Route path="shopify" element={<ShopifyPage />} />
        <Route
          path="*"
          element={
            <p>
              There is no such admin page. <Link to="/admin">Back to users</Link>
            </p>
          }
        />
      </Routes>
    </main>
  );
}
