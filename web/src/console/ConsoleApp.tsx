// The operations console: dashboard, orders (with manual entry and pick lists), inventory,
// products, stations, CSV imports and jobs.
import { lazy, Suspense } from "react";
import { Route, Routes } from "react-router-dom";
import { RequireSession } from "../session";
import { NotFound } from "../ui";
import { OrderDetail, OrdersList } from "./Orders";
import { NewOrder } from "./NewOrder";
import { BatchPickList, OrderPickList, QueuePickLists } from "./PickList";
import { ImportsPage } from "./Imports";
import { InventoryApp } from "./Inventory";
import { ProductDetail, ProductEdit, ProductsList } from "./Products";
import { StationsPage } from "./Stations";
import { JobsPage } from "./Jobs";
import "./console.css";

// The dashboard carries Chart.js: its own chunk, fetched only when it is opened.
const Dashboard = lazy(() => import("./Dashboard"));

export default function ConsoleApp() {
  return (
    <Suspense fallback={<p className="loading">Loading…</p>}>
      <Routes>
        <Route index element={<Dashboard />} />
        <Route path="orders" element={<OrdersList />} />
        <Route path="orders/new" element={<NewOrder />} />
        <Route path="orders/:id" element={<OrderDetail />} />
        <Route path="orders/:id/pick-list" element={<OrderPickList />} />
        <Route path="pick-lists" element={<QueuePickLists />} />
        <Route path="pick-batches/:id/pick-list" element={<BatchPickList />} />
        <Route path="imports" element={<ImportsPage />} />
        <Route path="inventory/*" element={<InventoryApp />} />
        <Route path="products" element={<ProductsList />} />
        <Route path="products/new" element={<ProductEdit />} />
        <Route path="products/:id" element={<ProductDetail />} />
        <Route path="products/:id/edit" element={<ProductEdit />} />
        <Route path="stations" element={<StationsPage />} />
        <Route
          path="jobs"
          element={
            <RequireSession roles={["admin", "manager"]}>
              <JobsPage />
            </RequireSession>
          }
        />
        <Route path="*" element={<NotFound back="/console" backText="Back to the dashboard" />} />
      </Routes>
    </Suspense>
  );
}
