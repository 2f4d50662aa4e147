// The scanning stations: /stations chooses (or scans) a station, /stations/:code is its
// screen. Lazy-loaded by App.tsx, so the console's code never reaches a handheld.
import { useEffect } from "react";
import { Route, Routes, useParams } from "react-router-dom";
import { useSession } from "../session";
import { Chooser } from "./Chooser";
import { scanQueue } from "./queue";
import { StationScreen } from "./StationScreen";
import "./stations.css";

function StationRoute() {
  const { code = "" } = useParams();
  // A new station is a new screen: nothing of the last one's state carries over.
  return <StationScreen key={code} code={code} />;
}

export default function StationsApp() {
  const { me } = useSession();

  // Queued scans are sent as the user who made them, once they are signed in (and go on
  // being sent when the user opens the console meanwhile).
  useEffect(() => {
    scanQueue.setUser(me?.username ?? null);
  }, [me?.username]);

  return (
    <Routes>
      <Route index element={<Chooser />} />
      <Route path=":code" element={<StationRoute />} />
    </Routes>
  );
}
