import { createContext, useCallback, useContext, useEffect, useState, type ReactNode } from "react";
import { Navigate, useLocation, useNavigate } from "react-router-dom";
import { api } from "./api";
import { useTitle } from "./ui";

export type Role =
  | "admin"
  | "manager"
  | "picker"
  | "packer"
  | "loader"
  | "receiver"
  | "support"
  | "viewer";

export type Me = { id: number; username: string; role: Role; warehouse: string | null };

type SessionState = {
  me: Me | null;
  loading: boolean;
  signIn: (username: string, password: string) => Promise<Me>;
  signOut: () => Promise<void>;
};

const SessionContext = createContext<SessionState | null>(null);

export function SessionProvider({ children }: { children: ReactNode }) {
  const [me, setMe] = useState<Me | null>(null);
  const [loading, setLoading] = useState(true);

  useEffect(() => {
    api<Me>("/api/v1/me")
      .then(setMe)
      .catch(() => setMe(null))
      .finally(() => setLoading(false));
    const signedOut = () => setMe(null);
    window.addEventListener("tally:signed-out", signedOut);
    return () => window.removeEventListener("tally:signed-out", signedOut);
  }, []);

  const signIn = useCallback(async (username: string, password: string) => {
    await api("/api/v1/sessions", { body: { username, password } });
    const current = await api<Me>("/api/v1/me");
    setMe(current);
    return current;
  }, []);

  const signOut = useCallback(async () => {
    await api("/api/v1/sessions/current", { method: "DELETE" }).catch(() => undefined);
    setMe(null);
  }, []);

  return (
    <SessionContext.Provider value={{ me, loading, signIn, signOut }}>
      {children}
    </SessionContext.Provider>
  );
}

export function useSession(): SessionState {
  const session = useContext(SessionContext);
  if (!session) throw new Error("useSession outside SessionProvider");
  return session;
}

// Ends the session and goes to the sign-in page.
export function SignOutButton() {
  const { signOut } = useSession();
  const navigate = useNavigate();
  return (
    <button
      type="button"
      className="link-button"
      onClick={async () => {
        await signOut();
        navigate("/sign-in");
      }}
    >
      Sign out
    </button>
  );
}

export const isManager = (role: Role | undefined) => role === "admin" || role === "manager";
export const isFloorRole = (role: Role | undefined) =>
  role === "picker" || role === "packer" || role === "loader" || role === "receiver";

// Renders its children for a signed-in user; otherwise sends them to the sign-in page and
// back here afterwards.
export function RequireSession({ children, roles }: { children: ReactNode; roles?: Role[] }) {
  const { me, loading } = useSession();
  const location = useLocation();
  if (loading) return <p className="loading">Loading…</p>;
  if (!me) {
    const next = encodeURIComponent(location.pathname + location.search);
    return <Navigate to={`/sign-in?next=${next}`} replace />;
  }
  if (roles && !roles.includes(me.role)) return <NotForYourRole role={me.role} />;
  return <>{children}</>;
}

function NotForYourRole({ role }: { role: Role }) {
  useTitle("Not for your role");
  return (
    <main className="page" id="main">
      <h1>Not for your role</h1>
      <p>Your role ({role}) cannot open this page.</p>
    </main>
  );
}
