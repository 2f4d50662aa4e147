// The count station's screen, and the carton count at a pack bench whose lightest unit the
// scale cannot tell: the bin (or carton) in hand, the units counted so far, and the submit
// (CMD-COUNTED). A count station counts blind: the books' quantity is never shown.
import type { Instruction } from "./types";

export const COUNTED_COMMAND = "CMD-COUNTED";

export function CountInstruction({ next }: { next: Instruction }) {
  const action = next.action;
  if (action === "scan_bin") {
    return (
      <section className="instruction instruction-idle" aria-label="Instruction" data-action={action}>
        <p className="headline">{next.bin ? "Go to the bin to count and scan its label" : "Scan a bin to count"}</p>
        {next.bin ? (
          <p className="bin" data-field="bin">
            {next.bin}
          </p>
        ) : (
          <p className="detail">No count task is open in this warehouse.</p>
        )}
      </section>
    );
  }
  return (
    <section className="instruction" aria-label="Instruction" data-action={action}>
      <p className="eyebrow">Count every unit in bin</p>
      <p className="bin" data-field="bin">
        {next.bin} <span className="confirmed"> ✓ confirmed</span>
      </p>
      <p className="detail">
        Scan each unit once (a case or a GS1 label with a count counts its units), then submit the count.
      </p>
    </section>
  );
}

// What has been counted, and the submit. `expected` lines show at a pack bench only.
export function CountPanel({ next, onSubmit }: { next: Instruction; onSubmit: () => void }) {
  const lines = next.counted ?? [];
  return (
    <section className="count-panel" aria-label="Counted">
      <h2>{next.action === "count_carton" ? "Counted in the carton" : "Counted in the bin"}</h2>
      {lines.length === 0 ? (
        <p>Nothing counted yet.</p>
      ) : (
        <ul className="counted-list" data-field="counted">
          {lines.map((line) => (
            <li key={line.sku} data-sku={line.sku}>
              <strong data-field="counted-units">{line.counted}</strong>
              {line.expected !== undefined ? ` of ${line.expected}` : ""} × {line.name || line.sku}{" "}
              <span className="detail">{line.sku}</span>
            </li>
          ))}
        </ul>
      )}
      <button type="button" className="primary" onClick={onSubmit}>
        Submit the count ({COUNTED_COMMAND})
      </button>
    </section>
  );
}
