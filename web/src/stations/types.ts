// The station contract as the server speaks it (GET /api/v1/stations, POST .../scans).

export type StationType = "pick" | "pack" | "load" | "count";

export type Action =
  | "scan_order"
  | "scan_bin"
  | "scan_item"
  | "weigh"
  | "scan_tracking"
  | "scan_trailer"
  | "scan_carton"
  | "count_units"
  | "count_carton"
  | "done";

// tolerance_g: this carton's ± (from the scale's precision and its lightest unit);
// count_required: the scale cannot tell that unit missing, so its contents are counted too.
export type WeightRange = {
  expected_g: number;
  min_g: number;
  max_g: number;
  tolerance_g?: number;
  count_required?: boolean;
};

// A product counted at a count station (blind: no books) or in a carton (with what it holds).
export type CountedLine = { sku: string; name: string; counted: number; expected?: number };

// What to scan next and the facts shown with it.
export type Instruction = {
  action: Action | string;
  order?: number;
  order_barcode?: string;
  tote?: number;
  bin?: string;
  sku?: string;
  name?: string;
  quantity?: number; // still to scan
  lot?: string;
  expiry?: string | null;
  rotation_warning?: boolean;
  fragile?: boolean;
  packing_rules?: string;
  box?: string;
  carton?: number;
  carton_barcode?: string;
  sscc?: string;
  weight?: WeightRange;
  carrier?: string;
  service?: string;
  missing?: string[];
  counted?: CountedLine[];
};

export type Progress = { done: number; total: number; carton?: number; cartons?: number };

export type Station = {
  id: number;
  code: string;
  type: StationType;
  warehouse: string;
  user: string | null;
  step: string;
  orders: number[];
  batch: number | null;
  manifest: number | null;
  next: Instruction;
  progress: Progress;
  updated_at: string;
};

export type ScanAnswer = {
  verdict: string; // "ok" or the refusal
  message: string;
  station: string;
  step: string;
  expected: Instruction;
  progress: Progress;
  next: Instruction;
};

export type Manifest = {
  id: number;
  barcode: string;
  carrier: string;
  warehouse: string;
  status: string;
  created_by: string;
  created_at: string;
  closed_at: string | null;
  loaded: number;
  missing: string[];
};

export type Carrier = { id: number; code: string; name: string; active: boolean };

// Plain words for each refusal, shown above the server's own message.
export const VERDICT_TITLES: Record<string, string> = {
  ok: "OK",
  wrong_item: "Wrong item",
  wrong_bin: "Wrong bin",
  wrong_lot: "Wrong lot",
  expired_lot: "Lot expired",
  wrong_order: "Wrong order",
  over_quantity: "Too many",
  weight_mismatch: "Weight does not match",
  weight_required: "Weight needed",
  unknown_barcode: "Unknown barcode",
  unexpected_barcode: "Not expected here",
  wrong_carrier: "Wrong carrier",
  already_loaded: "Already loaded",
  not_packed: "Not packed",
  manifest_incomplete: "Trailer not complete",
  no_carrier: "No carrier",
  duplicate_tracking: "Tracking number used",
  supervisor_required: "Supervisor needed",
  reason_required: "Reason needed",
  count_short: "Count does not match",
};

// Why a pick is short, as the station offers it (any other words do as well).
export const SHORT_REASONS: Array<{ value: string; label: string }> = [
  { value: "not_found", label: "Not found in the bin" },
  { value: "damaged", label: "Damaged" },
  { value: "wrong_quantity", label: "Fewer units than the books say" },
  { value: "wrong_product", label: "Another product in the bin" },
  { value: "other", label: "Other (say what)" },
];

export const verdictTitle = (verdict: string) =>
  VERDICT_TITLES[verdict] ?? verdict.replace(/_/g, " ");

export const TYPE_NAMES: Record<StationType, string> = { pick: "Pick", pack: "Pack", load: "Load", count: "Count" };
