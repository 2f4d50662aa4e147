import { lazy, Suspense } from "react";
import { Link, Navigate, NavLink, Route, Routes, useNavigate, useSearchParams } from "react-router-dom";
import { Field, SubmitRow, useForm } from "./forms";
import { isManager, RequireSession, SignOutButton, useSession } from "./session";
import { ErrorBanner, NotFound, useTitle } from "./ui";

// Each area is its own chunk: a handheld at a station never downloads the console's charts.
const StationsApp = lazy(() => import("./stations/StationsApp"));
const ConsoleApp = lazy(() => import("./console/ConsoleApp"));
const AdminApp = lazy(() => import("./admin/AdminApp"));

export function App() {
  return (
    <Suspense fallback={<p className="loading">Loading…</p>}>
      <Routes>
        <Route path="/sign-in" element={<SignIn />} />
        <Route
          path="/stations/*"
          element={
            <RequireSession>
              <StationsApp />
            </RequireSession>
          }
        />
        <Route
          path="/console/*"
          element={
            <RequireSession>
              <Shell>
                <ConsoleApp />
              </Shell>
            </RequireSession>
          }
        />
        <Route
          path="/admin/*"
          element={
            <RequireSession roles={["admin"]}>
              <Shell>
                <AdminApp />
              </Shell>
            </RequireSession>
          }
        />
        <Route path="/" element={<Home />} />
        <Route path="*" element={<NotFound back="/" backText="Back to the start" />} />
      </Routes>
    </Suspense>
  );
}

// Sends each user where their work is: the floor to the stations, managers to the console.
function Home() {
  const { me, loading } = useSession();
  if (loading) return <p className="loading">Loading…</p>;
  if (!me) return <Navigate to="/sign-in" replace />;
  return <Navigate to={isManager(me.role) || me.role === "support" || me.role === "viewer" ? "/console" : "/stations"} replace />;
}

// The console and admin frame: a skip link, the navigation and the signed-in user.
export function Shell({ children }: { children: React.ReactNode }) {
  const { me } = useSession();
  return (
    <div className="shell">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="topbar">
        <Link to="/" className="brand">
          Tally
        </Link>
        <nav aria-label="Main">
          <NavLink to="/console" end>
            Dashboard
          </NavLink>
          <NavLink to="/console/orders">Orders</NavLink>
          <NavLink to="/console/inventory">Inventory</NavLink>
          <NavLink to="/console/products">Products</NavLink>
          <NavLink to="/console/stations">Stations</NavLink>
          {(isManager(me?.role) || me?.role === "support") && <NavLink to="/console/imports">Imports</NavLink>}
          {isManager(me?.role) && <NavLink to="/console/jobs">Jobs</NavLink>}
          <NavLink to="/stations">Scan</NavLink>
          {me?.role === "admin" && <NavLink to="/admin">Admin</NavLink>}
        </nav>
        <div className="who">
          <span>
            {me?.username} ({me?.role})
          </span>
          <SignOutButton />
        </div>
      </header>
      {children}
    </div>
  );
}

function SignIn() {
  useTitle("Sign in");
  const { signIn } = useSession();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const form = useForm({ username: "", password: "" });

  const submit = form.onSubmit(async ({ username, password }) => {
    await signIn(username, password);
    const next = params.get("next");
    navigate(next && next.startsWith("/") ? next : "/", { replace: true });
  });

  return (
    <main className="page sign-in" id="main">
      <h1>Sign in to Tally</h1>
      <form onSubmit={submit} noValidate>
        <ErrorBanner error={form.error} />
        <Field label="User name" autoComplete="username" autoFocus {...form.field("username")} />
        <Field label="Password" type="password" autoComplete="current-password" {...form.field("password")} />
        <SubmitRow text="Sign in" busyText="Signing in…" busy={form.busy} />
      </form>
    </main>
  );
}
