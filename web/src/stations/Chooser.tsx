// /stations: pick the station to work at, or scan its code (e.g. BER-P1).
import { useState } from "react";
import { Link, useNavigate } from "react-router-dom";
import { errorText } from "../api";
import { SignOutButton, useSession } from "../session";
import { useResource, useTitle } from "../ui";
import { ConnectionBanner, useQueue } from "./common";
import { playRefused } from "./sound";
import { ScanBox } from "./ScanBox";
import { TYPE_NAMES, type Station } from "./types";

export function Chooser() {
  useTitle("Stations");
  const { me } = useSession();
  const navigate = useNavigate();
  const queue = useQueue();
  const stations = useResource<{ items: Station[] }>("/api/v1/stations");
  const [problem, setProblem] = useState<string | null>(null);

  const mine = (stations.data?.items ?? []).filter((s) => !me?.warehouse || s.warehouse === me.warehouse);
  const byWarehouse = new Map<string, Station[]>();
  for (const station of mine) {
    byWarehouse.set(station.warehouse, [...(byWarehouse.get(station.warehouse) ?? []), station]);
  }

  const open = (code: string) => {
    const wanted = code.trim();
    const known = stations.data?.items;
    if (!known) {
      // The list did not load (offline?): let the station screen say what it finds.
      navigate(`/stations/${encodeURIComponent(wanted.toUpperCase())}`);
      return;
    }
    const station = known.find((s) => s.code.toLowerCase() === wanted.toLowerCase());
    if (!station) {
      setProblem(`There is no station ${wanted}. Scan a station's code, e.g. ${known[0]?.code ?? "BER-P1"}.`);
      playRefused();
      return;
    }
    setProblem(null);
    navigate(`/stations/${encodeURIComponent(station.code)}`);
  };

  return (
    <main className="station-page chooser" id="main">
      <StationHeader title="Choose a station" />
      <ConnectionBanner pending={queue.items.length} />
      <ScanBox label="Scan the station's code" hint="Or choose it below." onScan={open} />
      {problem && (
        <div className="verdict verdict-bad" role="alert" data-verdict="unknown_station">
          <p className="verdict-title">Unknown station</p>
          <p>{problem}</p>
        </div>
      )}
      {stations.error ? (
        <div className="banner banner-error" role="alert">
          The stations could not be loaded: {errorText(stations.error)}{" "}
          <button type="button" onClick={stations.reload}>
            Try again
          </button>
        </div>
      ) : null}
      {stations.loading && !stations.data && <p className="loading">Loading stations…</p>}
      {stations.data && mine.length === 0 && <p>No stations are set up{me?.warehouse ? ` in ${me.warehouse}` : ""} yet.</p>}
      {[...byWarehouse.entries()].map(([warehouse, list]) => (
        <section key={warehouse} aria-labelledby={`wh-${warehouse}`}>
          <h2 id={`wh-${warehouse}`}>{warehouse}</h2>
          <ul className="station-list">
            {list.map((s) => (
              <li key={s.code}>
                <Link to={encodeURIComponent(s.code)} className={`station-link station-${s.type}`}>
                  <span className="station-code">{s.code}</span>
                  <span className="station-type">{TYPE_NAMES[s.type] ?? s.type}</span>
                  <span className="station-user">
                    {s.next.action !== "scan_order" && s.next.action !== "scan_trailer"
                      ? `Job in progress${s.user ? ` (${s.user})` : ""}`
                      : "Free"}
                  </span>
                </Link>
              </li>
            ))}
          </ul>
        </section>
      ))}
    </main>
  );
}

// The station pages' slim top bar: where you are, who you are, a way back and out.
export function StationHeader({ title, children }: { title: React.ReactNode; children?: React.ReactNode }) {
  const { me } = useSession();
  return (
    <header className="station-header">
      <div className="station-title">
        <Link to="/stations" className="brand">
          Tally
        </Link>
        <h1>{title}</h1>
      </div>
      <div className="station-tools">
        {children}
        <span className="who">{me?.username}</span>
        <SignOutButton />
      </div>
    </header>
  );
}
